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


# ---------------------------------------------------------------- overrides


OVERRIDES = """\
overrides:
  - unit: 柳溪乡
    item: C1
    status: met
    by: 张三
    date: 2025-03-02
    note: 附件显示已签订法律顾问合同
  - file: nanhu-2023-gaps.txt
    item: A4
    status: 部分
    by: 李四
    date: 2025-03-03
    note: 述法材料另行报送
"""


def _items(doc: dict, unit: str) -> dict[str, dict]:
    return {i["id"]: i for r in doc["reports"] if r["unit"] == unit for i in r["items"]}


def test_an_override_sets_the_final_status_and_score_and_keeps_the_tools(tmp_path, capsys):
    path = tmp_path / "改判.yaml"
    path.write_text(OVERRIDES, encoding="utf-8")
    _, plain, _ = run(["batch", str(REPORTS), "--format", "json"], capsys)
    code, out, err = run(["batch", str(REPORTS), "--format", "json", "--overrides", str(path)], capsys)
    before, after = json.loads(plain), json.loads(out)
    assert code == 1  # 柳溪乡 still fails
    for unit, item, final in (("柳溪乡", "C1", "met"), ("南湖街道", "A4", "partial")):
        was, now = _items(before, unit)[item], _items(after, unit)[item]
        assert now["status"] == final and now["computed"] == was["status"] != final
        assert now["override"]["by"] in ("张三", "李四") and now["override"]["date"].startswith("2025-03-0")
        assert now["earned"] > was["earned"]
        score = {r["unit"]: r["score"] for r in after["reports"]}[unit]
        assert score > {r["unit"]: r["score"] for r in before["reports"]}[unit]
    untouched = _items(after, "青禾镇")["C1"]
    assert untouched["override"] is None and untouched["computed"] == untouched["status"]
    assert err == ""


def test_an_override_of_an_unknown_unit_or_item_is_a_warning(tmp_path, capsys):
    path = tmp_path / "改判.yaml"
    path.write_text(OVERRIDES.replace("柳溪乡", "白云镇").replace("item: A4", "item: Z9"), encoding="utf-8")
    code, _, err = run(["batch", str(REPORTS), "--overrides", str(path), "--no-progress"], capsys)
    assert code == 1  # two samples fail, as without the file
    assert "改判的单位 白云镇（C1）不在本次评查的报告中" in err
    assert "改判的检查项 Z9（nanhu-2023-gaps.txt）不在核查清单中" in err


def test_a_bad_overrides_file_is_refused_with_lines(tmp_path, capsys):
    path = tmp_path / "改判.yaml"
    path.write_text(OVERRIDES.replace("status: met", "status: done").replace("    note: 述法材料另行报送\n", ""),
                    encoding="utf-8")
    code, _, err = run(["check", str(REPORTS), "--overrides", str(path)], capsys)
    assert code == 2
    assert f"{path}:4: overrides.0.status: 取值不在允许范围内" in err
    assert f"{path}:8: overrides.1.note: 缺少必填的键" in err
    path.write_text(OVERRIDES.replace("  - file: nanhu", "  - unit: 南湖街道\n    file: nanhu"), encoding="utf-8")
    code, _, err = run(["check", str(REPORTS), "--overrides", str(path)], capsys)
    assert code == 2 and f"{path}:8: overrides.1: unit（单位）和 file（文件名）须写且只写一个" in err


def test_overrides_come_from_the_projects_settings_and_show_in_diff(tmp_path, capsys, monkeypatch):
    (tmp_path / "改判.yaml").write_text(OVERRIDES, encoding="utf-8")
    (tmp_path / "fazhi.toml").write_text('overrides = "改判.yaml"\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["check", str(REPORTS / "liuxi-2024-plans.txt"), "--format", "json"], capsys)
    assert _items(json.loads(out), "柳溪乡")["C1"]["status"] == "met"
    earlier = tmp_path / "liuxi-2023.txt"
    earlier.write_text((REPORTS / "liuxi-2024-plans.txt").read_text(encoding="utf-8").replace("2024", "2023"),
                       encoding="utf-8")
    argv = ["diff", str(earlier), str(REPORTS / "liuxi-2024-plans.txt"), "--overrides", "改判.yaml"]
    code, out, _ = run(argv, capsys)
    assert code == 0 and "人工改判：2 项" in out and "本年 C1" in out and "张三" in out
    code, out, _ = run([*argv, "--format", "json"], capsys)
    assert [(o["report"], o["id"], o["status"]) for o in json.loads(out)["overrides"]] == [
        ("old", "C1", "met"), ("new", "C1", "met")]


@pytest.mark.parametrize("fmt", ["terminal", "json", "html", "markdown", "csv", "junit", "sarif", "github"])
def test_every_format_shows_the_tools_status_the_final_one_and_who_decided(fmt):
    from datetime import date

    from checker.models import Decision, Status

    decided = views.item("C1", Status.MET, title="配备政府法律顾问", review="边界")._replace(
        computed=Status.MISSING, decision=Decision("张三", date(2025, 3, 2), "附件显示已聘请"))
    other = views.item("A1", Status.MISSING)
    report = views.report((other, decided), unit="白云镇")
    assert report.to_review == ()  # the grader has decided: nothing left to review
    for view in (views.run(report), views.run(report, batch=True)):
        text = rendered(view, fmt)
        if fmt == "json":
            item = next(i for i in json.loads(text)["reports"][0]["items"] if i["id"] == "C1")
            assert (item["status"], item["computed"], item["override"]) == (
                "met", "missing", {"by": "张三", "date": "2025-03-02", "note": "附件显示已聘请"})
        elif fmt == "csv":
            assert "达标（改判）" in text
        elif fmt in ("github", "sarif"):  # they show the items to add: the override of an item still to add
            pass
        else:
            assert "张三" in text and "缺失" in text and "达标" in text, fmt


# ---------------------------------------------------------------- settings from fazhi.toml


def test_a_setting_from_fazhi_toml_is_named_by_its_file_not_by_a_flag(tmp_path, capsys, monkeypatch):
    (tmp_path / "fazhi.toml").write_text('fail_on = "planned"\nmin_score = 70\n', encoding="utf-8")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["check", str(REPORTS / "liuxi-2024-plans.txt"), "--format", "json"], capsys)
    why = json.loads(out)["reports"][0]["why"]
    assert code == 1 and any("fazhi.toml 中的 min_score 70" in w for w in why)
    assert any("fazhi.toml 中 fail_on = planned" in w for w in why) and not any("--fail-on" in w for w in why)
    code, out, _ = run(["check", str(REPORTS / "liuxi-2024-plans.txt"), "--fail-on", "missing", "--format", "json"],
                       capsys)
    assert not any("fazhi.toml 中 fail_on" in w for w in json.loads(out)["reports"][0]["why"])
