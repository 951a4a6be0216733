"""The grader's desk (issue 25): what a county grader needs beside the grades — files skipped,
units that have not submitted, overrides, duplicates, the workbook and the county page."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from checker.commands.cli import main
from checker.render import FORMATS

from . import views
from .conftest import ROOT

REPORTS = ROOT / "reports"
UNSUPPORTED = ("石桥镇报告.rtf", "汇总.xls", "西河镇报告.zip")


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two samples, three files fazhi cannot read, and what a folder also holds unseen."""
    tmp_path = tmp_path / "来件"
    tmp_path.mkdir()
    for name in ("qinghe-2024-strong.txt", "county-justice-bureau-2024.txt"):
        shutil.copy(REPORTS / name, tmp_path / name)
    for name in (*UNSUPPORTED, ".DS_Store", "~$草稿.docx"):
        (tmp_path / name).write_bytes(b"PK\x03\x04")
    return tmp_path


def rendered(view, fmt: str) -> str:
    out = io.StringIO()
    FORMATS[fmt](view, out)
    return unquote(out.getvalue()) if fmt == "sarif" else out.getvalue()  # SARIF's URIs are percent-encoded


# ---------------------------------------------------------------- files skipped


def test_unsupported_files_are_listed_as_skipped_and_do_not_fail_the_run(folder, capsys):
    code, out, _ = run(["batch", str(folder), "--format", "json", "--no-progress"], capsys)
    doc = json.loads(out)
    assert code == 0 and doc["passed"] is True  # both samples pass; a county's own spreadsheet fails nothing
    assert [Path(s["path"]).name for s in doc["skipped"]] == sorted(UNSUPPORTED)
    assert {s["reason"] for s in doc["skipped"]} == {"跳过（格式不支持）"}
    code, out, _ = run(["batch", str(folder), "--no-progress"], capsys)
    assert code == 0 and all(f"跳过（格式不支持）：{name}" in out for name in UNSUPPORTED)
    assert ".DS_Store" not in out and "~$" not in out


@pytest.mark.parametrize("fmt", ["terminal", "json", "html", "markdown", "csv", "junit", "sarif", "github"])
def test_every_format_names_each_skipped_file(fmt):
    view = dataclasses.replace(views.run(views.report((views.item(),)), batch=True),
                               skipped=("来件/石桥镇报告.rtf", "来件/汇总.xls"))
    text = rendered(view, fmt)
    assert "石桥镇报告.rtf" in text and "汇总.xls" in text
    if fmt not in ("json", "sarif", "junit"):
        assert "跳过（格式不支持）" in text or "跳过（格式不支持）".encode("unicode_escape").decode() in text


# ---------------------------------------------------------------- the roster


def test_a_unit_on_the_roster_without_a_report_fails_the_run(folder, tmp_path, capsys):
    roster = tmp_path / "名单.txt"
    roster.write_text("# 应交单位\n青禾镇\n\n临川县司法局\n西河镇\n石桥镇人民政府\n", encoding="utf-8")
    code, out, err = run(["batch", str(folder), "--roster", str(roster), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1 and doc["passed"] is False
    assert doc["not_submitted"] == ["西河镇", "石桥镇人民政府"]
    assert doc["why"] == ["应交未交 2 个单位：西河镇、石桥镇人民政府"]
    roster.write_text("青禾镇人民政府\n临川县司法局\n", encoding="utf-8")  # the formal name matches the short one
    code, out, err = run(["batch", str(folder), "--roster", str(roster), "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["not_submitted"] == []
    roster.write_text("青禾镇\n", encoding="utf-8")
    code, _, err = run(["batch", str(folder), "--roster", str(roster), "--no-progress"], capsys)
    assert code == 0 and "报告单位 临川县司法局 不在应交名单中" in err


def test_a_bad_roster_is_refused_with_its_line(tmp_path, capsys):
    roster = tmp_path / "名单.txt"
    roster.write_text("青禾镇\n白云镇 程庄镇\n", encoding="utf-8")
    code, _, err = run(["batch", str(REPORTS), "--roster", str(roster)], capsys)
    assert code == 2 and f"{roster}:2: 应交名单每行写一个单位名称" in err


@pytest.mark.parametrize("fmt", ["terminal", "json", "html", "markdown", "csv", "junit", "sarif", "github"])
def test_every_format_names_the_units_that_have_not_submitted(fmt):
    base = views.run(views.report((views.item(),), unit="青禾镇"), batch=True)
    view = dataclasses.replace(base, roster=("青禾镇", "西河镇"), not_submitted=("西河镇",),
                               why=base.gate.run_reasons(0, ("西河镇",)))
    assert not view.passed
    text = rendered(view, fmt)
    assert "西河镇" in text or "西河镇".encode("unicode_escape").decode() in text
    if fmt in ("terminal", "html", "markdown", "csv"):
        assert "应交未交" in text
