"""`--checklist auto`: a county department's report is graded by `county-department`, a township's or
a street office's by `township-annual`, decided from the unit the report names (never its file name),
and each report says which and why."""

from __future__ import annotations

import json

import pytest

from checker.checklist.loading import load_editions
from checker.commands.cli import main

from .conftest import grade, source

BODY = """
    一、主要举措和成效
    主要负责人主持召开会议专题研究法治建设3次。
    二、存在的不足和原因
    执法人员数量不足，执法文书不够规范。
    三、2025年工作安排
    修订权责清单，组织执法人员参加民法典专题培训。
    {unit}
    2025年1月20日
"""


def report(unit: str, title: str = "") -> str:
    return f"{title or unit}2024年度法治政府建设情况报告\n" + BODY.format(unit=unit)


@pytest.fixture(scope="module")
def auto():
    return load_editions("auto")


@pytest.mark.parametrize(("unit", "expected"), [
    ("临江县市场监督管理局", "county-department"),
    ("临江县发展和改革委员会", "county-department"),
    ("临江县人民政府办公室", "county-department"),
    ("临江县政务服务中心", "county-department"),
    ("临江县乡村振兴局", "county-department"),  # 乡村 is no township
    ("临江县白云镇人民政府", "township-annual"),
    ("柳溪乡人民政府", "township-annual"),
    ("南湖街道办事处", "township-annual"),
])
def test_the_unit_decides_the_checklist(auto, unit, expected):
    result = grade(report(unit), auto)
    assert result.edition is not None and result.edition.id == expected
    assert "单位“" in result.edition.why and "报告年度为 2024 年" in result.edition.why


def test_a_department_says_why_by_its_suffix(auto):
    why = grade(report("临江县司法局"), auto).edition.why
    assert "以“局”结尾" in why and "县级部门" in why


def test_a_township_office_is_no_county_department(auto):
    assert grade(report("白云镇综治办"), auto).edition.id == "township-annual"


def test_the_file_name_does_not_decide(auto):
    from checker.pipeline import grade_source

    text = report("临江县司法局")
    named_like_a_town = grade_source(source(text, path="白云镇报告.txt"), auto)
    assert named_like_a_town.edition.id == "county-department"


def test_a_report_without_a_unit_is_graded_as_a_township(auto):
    result = grade("全年开展普法活动5场，审核合同12份。", auto)
    assert result.edition.id == "township-annual" and "未认出报告单位" in result.edition.why


def test_batch_json_and_check_terminal_name_the_checklist_and_why(tmp_path, capsys):
    (tmp_path / "司法局.txt").write_text(report("临江县司法局"), encoding="utf-8")
    (tmp_path / "白云镇.txt").write_text(report("白云镇人民政府", "临江县白云镇人民政府关于"), encoding="utf-8")
    main(["batch", str(tmp_path), "--checklist", "auto", "--format", "json", "--no-copies"])
    reports = {r["unit"]: r["checklist"] for r in json.loads(capsys.readouterr().out)["reports"]}
    assert reports["临江县司法局"]["id"] == "county-department"
    assert reports["白云镇"]["id"] == "township-annual"
    assert all(r["why"] for r in reports.values())
    main(["check", str(tmp_path / "司法局.txt"), "--checklist", "auto"])
    header = capsys.readouterr().out.split("文件：")[1]
    assert "county-department" in header and "县级部门" in header


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "csv", "html", "json"])
def test_each_format_of_a_batch_names_each_reports_checklist_and_why(fmt, tmp_path, capsys):
    (tmp_path / "司法局.txt").write_text(report("临江县司法局"), encoding="utf-8")
    (tmp_path / "白云镇.txt").write_text(report("白云镇人民政府", "临江县白云镇人民政府关于"), encoding="utf-8")
    main(["batch", str(tmp_path), "--checklist", "auto", "--format", fmt, "--no-copies", "--no-progress"])
    out = capsys.readouterr().out
    assert "county-department" in out and "township-annual" in out
    assert "以“局”结尾，属县级部门" in out and "单位“白云镇”属乡镇（街道）" in out
