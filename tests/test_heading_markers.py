"""Top-level markers typed as `一.` `一．` `一，` `一 ` `一　` parse like `一、` where the line is a heading."""

import re

import pytest

from checker.models import Source
from checker.normalise.normalise import normalise

from .conftest import ROOT, grade, parsed

SEPARATORS = [".", "．", "，", " ", "\u3000"]

REPORT = """
    青禾镇2024年度法治政府建设情况报告
    2024年，我镇坚持依法行政。
    一、主要举措和成效
    党委书记主持召开法治建设专题会议3次。
    二、存在的问题
    执法人员数量不足，培训不够。
    三、2025年工作计划
    编制重大行政决策事项目录。落实普法责任清单。
"""


def variant(text: str, separator: str) -> str:
    return re.sub(r"(?m)^(\s*[一二三四五六七八九十])、", lambda m: m.group(1) + separator, text)


def outline(text: str) -> list[tuple[str, str]]:
    return [(p.heading, p.role.value) for p in parsed(text).root.children]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_variant_markers_give_the_same_parts_and_roles(separator):
    assert outline(variant(REPORT, separator)) == outline(REPORT)


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_sample_graded_with_variant_markers_keeps_every_status(separator):
    text = (ROOT / "reports" / "qinghe-2024-strong.txt").read_text(encoding="utf-8")
    expected = {i.id: i.status for i in grade(text).items}
    assert {i.id: i.status for i in grade(variant(text, separator)).items} == expected


def test_a_run_in_title_after_a_dot_is_a_heading():
    text = REPORT.replace("一、主要举措和成效\n    党委", "一.主要举措和成效。党委")
    assert outline(text) == outline(REPORT)


def test_the_marker_keeps_the_original_text_quotable():
    doc = normalise(Source("t.txt", "标题\n一．主要举措\n全年学法12次。\n"))
    heading = doc.lines[1]
    assert heading.text == "一、主要举措"
    assert doc.source.text[heading.source_offset(0) : heading.source_offset(0) + 2] == "一．"


def lines(text: str) -> list[str]:
    return [line.text for line in normalise(Source("t.txt", text)).lines]


def test_a_number_out_of_sequence_in_body_text_is_no_heading():
    text = "2024年，我镇开展了三项工作。\n三，年内建成调解室2个\n调解纠纷40件。\n"
    assert not any(t.startswith("三、") for t in lines(text))


def test_a_statement_after_a_comma_is_no_heading():
    text = "标题\n一，我镇全年开展普法活动12场，覆盖群众3000余人次。\n二，调解纠纷40件。\n"
    assert not any(t[1:2] == "、" for t in lines(text))


def test_a_line_wrapped_inside_a_sentence_is_no_heading():
    text = "我镇依法行政工作取得较好成效，主要体现在以下几个方面的工作中的第\n一，依法决策\n调解纠纷40件。\n"
    assert not any(t.startswith("一、") for t in lines(text))
