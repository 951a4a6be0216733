"""Is it a report at all? Plans, notices, news, another field's summary and a README get a
`not_a_report` finding and do not pass, in every format; no real report gets it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.commands.cli import main
from checker.models import Source, Status
from checker.pipeline import grade_source

from .conftest import ROOT, SHARED

NOT_REPORTS = sorted((ROOT / "tests" / "data" / "not_reports").iterdir())
FORMATS = ["json", "markdown", "junit", "sarif", "github", "html", "csv", "terminal"]


def run(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def kinds(path: Path, township) -> list[str]:
    source = Source(str(path), path.read_text(encoding="utf-8"))
    return [f.kind for f in grade_source(source, township).findings]


@pytest.mark.parametrize("path", NOT_REPORTS, ids=lambda p: p.name)
def test_a_document_that_is_not_a_report_fails_with_the_reason(path, capsys):
    code, out = run(["check", str(path), "--format", "json", "--no-config"], capsys)
    report = json.loads(out)["reports"][0]
    assert code == 1 and not report["passed"]
    finding = next(f for f in report["findings"] if f["kind"] == "not_a_report")
    assert finding["message"] in report["why"] and "不是" in finding["message"]


def test_this_projects_readme_is_not_a_report(township):
    assert "not_a_report" in kinds(ROOT / "README.md", township)


def test_in_a_plan_document_items_are_planned_at_most(township):
    path = ROOT / "tests" / "data" / "not_reports" / "plan-2024-key-points.txt"
    result = grade_source(Source(str(path), path.read_text(encoding="utf-8")), township)
    assert {i.status for i in result.items} <= {Status.PLANNED, Status.MISSING}
    planned = [i for i in result.items if i.status is Status.PLANNED]
    # (a plan document's or a sentence's own reason: 文件是工作计划…, 写的是要求（要）…至多算计划)
    assert planned and all("计划" in i.evidence[0].reason for i in planned)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_tells_it(fmt, capsys):
    path = ROOT / "tests" / "data" / "not_reports" / "safety-summary-2024.txt"
    code, out = run(["check", str(path), "--format", fmt, "--no-config"], capsys)
    assert code == 1
    assert any(mark in out for mark in ("未通过", "failure", '"error"', "::error", '"passed": false'))
    if fmt not in ("junit", "sarif", "github"):
        assert "不是法治政府建设年度报告" in out


def test_the_workbook_tells_it_beside_the_verdict(tmp_path, capsys):
    from openpyxl import load_workbook

    path = ROOT / "tests" / "data" / "not_reports" / "safety-summary-2024.txt"
    xlsx = tmp_path / "评查结果.xlsx"
    code, _ = run(["batch", str(path), "--xlsx", str(xlsx), "--format", "json", "--no-config"], capsys)
    assert code == 1
    rows = list(load_workbook(xlsx)["汇总"].values)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["结论"] == "未通过" and "不是法治政府建设年度报告" in row["未通过原因"]


def test_samples_and_devset_are_reports(township):
    paths = [*sorted((ROOT / "reports").glob("*.txt")), *sorted((ROOT / "tests" / "data" / "devset").glob("*.txt"))]
    assert paths and not [p.name for p in paths if "not_a_report" in kinds(p, township)]


@pytest.mark.skipif(not (SHARED / "real").is_dir(), reason="../shared is not here")
def test_no_seed_and_no_real_report_is_called_no_report(township):
    paths = [*sorted((SHARED / "seeds").glob("*.txt")), *sorted((SHARED / "real").glob("*.txt"))]
    assert paths and not [p.name for p in paths if "not_a_report" in kinds(p, township)]
