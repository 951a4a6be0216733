from pathlib import Path

import opencc
import pytest

from checker.checklist import canonical, traditional
from checker.models import Source
from checker.normalise.normalise import normalise


def lines(text: str) -> list[str]:
    return [line.text for line in normalise(Source("t.txt", text)).lines]


def test_full_width_digits_and_letters_become_half_width():
    assert lines("配备执法记录仪１２台，ＡＰＰ上线。\n") == ["配备执法记录仪12台，APP上线。"]


def test_half_width_punctuation_in_chinese_becomes_chinese():
    assert lines("开展普法活动6次,发放资料300份;效果良好.\n") == ["开展普法活动6次，发放资料300份；效果良好。"]


def test_numbers_keep_their_own_punctuation():
    assert lines("增长12.5%，共1,400份，时间10:30。\n") == ["增长12.5%，共1,400份，时间10:30。"]


def test_stray_spaces_inside_numbers_and_words_go():
    assert lines("2 0 2 2 年 ，我镇 查扣 挖掘机 28 台。\n") == ["2022年，我镇查扣挖掘机28台。"]


def test_spaces_between_latin_words_stay():
    assert lines("推广 open data 平台。\n") == ["推广open data平台。"]


def test_page_number_lines_are_dropped():
    text = "第一段正文内容。\n— 1 —\n第二段正文内容。\n- 2 -\n第3页\n3/12\n第三段。\n"
    assert lines(text) == ["第一段正文内容。", "第二段正文内容。", "第三段。"]


def test_line_broken_inside_a_sentence_is_joined_even_across_a_page_break():
    text = "我镇认真落实行政执法全过程记录制度，为综合执法队配备\n\n— 2 —\n\n执法记录仪6台。\n"
    assert lines(text) == ["我镇认真落实行政执法全过程记录制度，为综合执法队配备执法记录仪6台。"]


def test_headings_titles_and_short_lines_are_not_joined():
    text = "青禾镇2024年法治政府建设情况报告\n一、主要举措和成效\n（一）加强组织领导\n镇党委召开专题会议。\n"
    assert lines(text) == [
        "青禾镇2024年法治政府建设情况报告", "一、主要举措和成效", "（一）加强组织领导", "镇党委召开专题会议。"
    ]


def test_wrapped_heading_is_joined_with_its_short_tail():
    text = "三、2024年度党政主要负责人履行推进法治建设第一\n责任人职责情况\n正文。\n"
    assert lines(text)[0] == "三、2024年度党政主要负责人履行推进法治建设第一责任人职责情况"


def test_offsets_map_back_to_the_original_lines_and_words():
    text = "标题\n\n配备执法记录仪 ５ 台，\n— 1 —\n全部投入使用。\n"
    doc = normalise(Source("t.txt", text))
    line = doc.lines[1]
    assert line.text == "配备执法记录仪5台，全部投入使用。"
    at = line.text.index("全部")
    assert doc.line_number(line.source_offset(at)) == 5
    assert doc.line_number(line.source_offset(0)) == 3
    assert doc.quote(line, 0, line.text.index("台") + 1) == "配备执法记录仪 ５ 台"


def test_a_line_spaced_only_at_its_ends_maps_back_past_its_indent():
    """Most lines: an indent (full-width or not) and trailing spaces go, one stretch maps back."""
    doc = normalise(Source("t.txt", "标题\n　　开展普法活动６次。 \t\n  \u3000依法决策。\n"))
    assert [(line.text, line.spans) for line in doc.lines[1:]] == [
        ("开展普法活动6次。", ((0, 5),)), ("依法决策。", ((0, 20),))
    ]
    assert doc.quote(doc.lines[2], 0, 2) == "依法"


# Texts that only OpenCC's phrases change (回覆 → 回复, and its quirk 打坏 → 打坯), traditional text, and
# simplified text it leaves alone: converted the same whether the list of what it may change
# (checklist/traditional.py) lets a text skip the conversion or not.
CONVERTED = ["全年回覆群众来信12件。", "不慎打坏了设备。", "乾燥的天氣，反覆覆蓋。", "全面覆盖，简体中文。",
             "𠮷野家開業。"]


def test_a_text_skips_the_conversion_only_when_it_would_come_back_unchanged():
    converter, may_change = canonical._opencc()
    assert may_change is not None  # the list was made from the OpenCC installed
    for text in CONVERTED:
        assert canonical.to_simplified(text) == converter.convert(text)
    assert canonical.to_simplified("不慎打坏了设备。") == "不慎打坯了设备。"  # (OpenCC's, kept as it is)


def test_the_list_of_what_the_conversion_may_change_is_the_installed_opencc_s():
    if not (Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict").exists():
        pytest.skip("OpenCC's opencc_dict program is not installed")
    version, chars, phrases = traditional.listed()
    if version != opencc.__version__:
        pytest.skip(f"the list is OpenCC {version}'s, this is {opencc.__version__} (every text is converted)")
    assert (chars, phrases) == traditional.made()
