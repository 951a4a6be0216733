"""`fazhi check THIS --previous LAST`: last year's shortcomings followed up in this year's report,
on small reports written for these tests."""

from __future__ import annotations

import json

import pytest

from checker.checklist import loading
from checker.commands.cli import main
from checker.models import Role

from .conftest import parsed

LAST = """\
示例镇2024年法治政府建设情况报告
一、主要举措和成效
全年开展普法活动5场。
二、存在的问题
一是执法记录仪配备不足，部分执法现场没有全程记录。二是重大行政决策事项目录未向社会公布。三是村级法律明白人培训覆盖面窄。四是领导干部学法形式单一。
三、2025年工作打算
继续开展普法宣传。
示例镇人民政府
2025年1月10日
"""

THIS = """\
示例镇2025年法治政府建设情况报告
一、上一年度问题整改“回头看”情况
为综合执法队新配备执法记录仪6台，现场执法实现全程记录。
二、主要举措和成效
编制重大行政决策事项目录并在镇政府网站公布，共3项。
三、存在的不足和原因
领导干部学法形式仍较单一，以集中学习为主。
四、2026年工作打算
扩大法律明白人培训覆盖面，每村至少培训5名。
示例镇人民政府
2026年1月12日
"""


@pytest.fixture()
def pair(tmp_path):
    last, this = tmp_path / "last.txt", tmp_path / "this.txt"
    last.write_text(LAST, encoding="utf-8")
    this.write_text(THIS, encoding="utf-8")
    return str(this), str(last)


def check(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(capsys, this: str, last: str) -> list[dict]:
    _, out, _ = check(capsys, this, "--previous", last, "--format", "json")
    return json.loads(out)["reports"][0]["followup"]


def test_each_shortcoming_is_addressed_planned_again_or_not_mentioned(pair, capsys):
    got = [(r["outcome"], r["found_line"]) for r in rows(capsys, *pair)]
    assert got == [("addressed", 3), ("addressed", 5), ("planned", 9), ("absent", 0)]


def test_a_problem_named_two_years_running_is_a_finding(pair, capsys):
    _, out, _ = check(capsys, pair[0], "--previous", pair[1], "--format", "json")
    report = json.loads(out)["reports"][0]
    assert [(r["repeated"], r["repeated_line"]) for r in report["followup"]][-1] == (True, 7)
    assert [(f["kind"], f["line"]) for f in report["findings"] if f["kind"] == "repeated_problem"] == [
        ("repeated_problem", 7)
    ]
    assert not any(r["repeated"] for r in report["followup"][:3])


def test_a_fix_stated_as_not_done_is_no_fix(tmp_path, capsys):
    this = tmp_path / "this.txt"
    this.write_text(THIS.replace("为综合执法队新配备执法记录仪6台，现场执法实现全程记录。",
                                 "执法记录仪仍未配齐，现场全程记录尚未实现。"), encoding="utf-8")
    last = tmp_path / "last.txt"
    last.write_text(LAST, encoding="utf-8")
    assert rows(capsys, str(this), str(last))[0]["outcome"] == "absent"


def test_a_heading_on_last_years_fixes_is_a_work_part():
    report = parsed(THIS)
    roles = {p.heading: p.role for p in report.root.walk() if p.rank}
    assert roles["上一年度问题整改“回头看”情况"] is Role.WORK
    assert roles["存在的不足和原因"] is Role.PROBLEMS
    review = parsed("示例镇2025年法治政府建设情况报告\n一、上年度存在问题回头看\n已配备执法记录仪6台。\n")
    assert [p.role for p in review.root.walk() if p.rank] == [Role.WORK]


@pytest.mark.parametrize(("fmt", "marks"), [
    ("terminal", ["上年问题整改跟踪", "已整改", "仅再次列入计划", "未提及", "连续两年列为问题"]),
    ("markdown", ["## 上年问题整改跟踪", "| 上年行 | 上年列出的问题 | 本年情况 |", "| 仅再次列入计划 |"]),
    ("html", ['<table class="followup">', 'class="outcome-planned"', "连续两年列为问题"]),
    ("github", ["title=上年问题：仅再次列入计划", "title=上年问题：连续两年列为问题"]),
])
def test_every_format_shows_the_table(fmt, marks, pair, capsys):
    code, out, _ = check(capsys, pair[0], "--previous", pair[1], "--format", fmt)
    assert code in (0, 1)
    for mark in marks:
        assert mark in out, mark


def test_the_table_is_the_same_bytes_every_run(pair, capsys):
    first = check(capsys, pair[0], "--previous", pair[1], "--format", "json")[1]
    assert check(capsys, pair[0], "--previous", pair[1], "--format", "json")[1] == first


def test_without_previous_there_is_no_table(pair, capsys):
    _, out, _ = check(capsys, pair[0], "--format", "json")
    assert "followup" not in json.loads(out)["reports"][0]


def test_previous_takes_one_report_and_a_readable_last_year(pair, tmp_path, capsys):
    code, out, err = check(capsys, pair[0], pair[1], "--previous", pair[1])
    assert (code, out) == (2, "") and "--previous 只能与一份报告一起使用" in err
    missing = str(tmp_path / "none.txt")
    code, out, err = check(capsys, pair[0], "--previous", missing)
    assert (code, out) == (2, "") and missing in err
    code, out, err = check(capsys, pair[0], "--previous", str(tmp_path))
    assert (code, out) == (2, "") and "是目录" in err


def test_key_terms_leave_out_the_words_that_only_say_something_fell_short():
    from checker.evidence.followup import key_terms

    terms = key_terms("二是重大行政决策事项目录未向社会公布，工作有待进一步加强。", loading.load("township-annual"))
    assert "决策事项目录" in terms
    assert not {"有待", "进一步", "加强", "二是", "未向"} & set(terms)


def test_words_both_reports_use_throughout_take_up_no_shortcoming(tmp_path, capsys):
    """法治政府 and 宣传 in most sentences say nothing about the one shortcoming that names them."""
    filler = "".join(f"推进法治政府建设宣传工作第{n}项，营造良好氛围。" for n in range(6))
    last = tmp_path / "last.txt"
    last.write_text(f"示例镇2024年法治政府建设情况报告\n一、主要举措和成效\n{filler}\n二、存在的问题\n"
                    "法治政府建设宣传的覆盖面窄，农村留守老人知晓率低。\n", encoding="utf-8")
    this = tmp_path / "this.txt"
    this.write_text(f"示例镇2025年法治政府建设情况报告\n一、主要举措和成效\n{filler}\n", encoding="utf-8")
    (row,) = rows(capsys, str(this), str(last))
    assert "法治政府" not in row["terms"] and "宣传" not in row["terms"]
    assert row["outcome"] == "absent"


def test_shortcomings_under_sub_headings_each_with_its_body(tmp_path, capsys):
    last = tmp_path / "last.txt"
    last.write_text(
        "示例街道2024年法治政府建设情况报告\n一、主要举措和成效\n全年开展普法活动5场。\n二、存在的问题和不足\n"
        "（一）执法力量薄弱。综合执法队仅有执法人员4名，难以满足执法需要。\n"
        "（二）普法针对性不强。面向新业态从业人员的普法活动较少。\n"
        "三、下一步工作打算\n充实执法力量。\n", encoding="utf-8")
    this = tmp_path / "this.txt"
    this.write_text(
        "示例街道2025年法治政府建设情况报告\n一、2024年存在问题整改情况\n"
        "（一）充实执法力量。综合执法队新增执法人员3名，现有执法人员7名。\n"
        "二、2026年工作计划\n组织新业态从业人员专场普法活动。\n", encoding="utf-8")
    got = rows(capsys, str(this), str(last))
    assert [(r["line"], r["outcome"], r["found_line"]) for r in got] == [(5, "addressed", 3), (6, "planned", 5)]
    assert got[0]["text"].startswith("执法力量薄弱。综合执法队")


def test_a_report_against_itself_repeats_every_shortcoming(pair, capsys):
    got = rows(capsys, pair[1], pair[1])
    assert len(got) == 4 and all(r["repeated"] for r in got)
