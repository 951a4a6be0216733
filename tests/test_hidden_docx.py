"""Only what a reader sees (.docx): hidden, moved-away, white and tiny text earn nothing; content
controls are read."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.shared import Pt, RGBColor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.pipeline import grade_source
from checker.read.word import read

from .conftest import ROOT

WEAK = (ROOT / "reports" / "liuxi-2024-plans.txt").read_text(encoding="utf-8").splitlines()
STRONG = [line for line in (ROOT / "reports" / "qinghe-2024-strong.txt").read_text(encoding="utf-8").splitlines()
          if line.strip()][3:23]  # twenty paragraphs of a strong report's work part


def build(path: Path, lines: list[str], extra: list[str] = (), how: str = "") -> Path:
    """A .docx of `lines`, with `extra` inserted after the third paragraph, made unseen by `how`."""
    document = docx.Document()
    if how == "style":
        document.styles.add_style("Hidden", WD_STYLE_TYPE.PARAGRAPH).font.hidden = True
    for n, line in enumerate(lines):
        document.add_paragraph(line)
        if n == 2:
            for text in extra:
                _extra(document, text, how)
    document.save(str(path))
    return path


def _extra(document, text: str, how: str) -> None:
    p = document.add_paragraph(style="Hidden" if how == "style" else None)
    run = p.add_run(text)
    if how == "vanish":
        run.font.hidden = True
    elif how == "white":
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    elif how == "tiny":
        run.font.size = Pt(1)
    elif how == "moveFrom":
        moved = OxmlElement("w:moveFrom")
        p._p.replace(run._r, moved)
        moved.append(run._r)


def score(path: Path, checklist) -> float:
    return grade_source(read(path), checklist).score


def _same_as_without(tmp_path, township, how):
    base = score(build(tmp_path / "base.docx", WEAK), township)
    assert score(build(tmp_path / f"{how}.docx", WEAK, STRONG, how), township) == base


def test_text_hidden_on_its_runs_earns_nothing(tmp_path, township):
    _same_as_without(tmp_path, township, "vanish")


def test_text_hidden_by_its_paragraph_style_earns_nothing(tmp_path, township):
    _same_as_without(tmp_path, township, "style")


def test_white_text_earns_nothing(tmp_path, township):
    _same_as_without(tmp_path, township, "white")


def test_one_point_text_earns_nothing(tmp_path, township):
    _same_as_without(tmp_path, township, "tiny")


def test_text_moved_away_in_tracked_changes_earns_nothing(tmp_path, township):
    _same_as_without(tmp_path, township, "moveFrom")


def test_the_strong_text_shown_does_earn(tmp_path, township):
    """The cases above are not vacuous: the same paragraphs, visible, raise the score."""
    base = score(build(tmp_path / "base.docx", WEAK), township)
    assert score(build(tmp_path / "shown.docx", WEAK, STRONG), township) > base


def test_white_and_tiny_text_are_reported_with_their_paragraph(tmp_path):
    source = read(build(tmp_path / "w.docx", ["标题", "正文一。", "正文二。"], ["白字。"], "white"))
    assert [(f.kind, f.message) for f in source.findings] == [
        ("hidden_text", "第4段有读者看不见的文字（白色文字），不作为证据")
    ]
    assert "白字" not in source.text


def test_hidden_text_is_reported_by_grading(tmp_path, township):
    result = grade_source(read(build(tmp_path / "t.docx", WEAK, ["小字。"], "tiny")), township)
    assert "hidden_text" in [f.kind for f in result.findings]


def test_a_style_based_on_a_hidden_style_hides(tmp_path):
    document = docx.Document()
    document.styles.add_style("Hidden", WD_STYLE_TYPE.CHARACTER).font.hidden = True
    child = document.styles.add_style("Child", WD_STYLE_TYPE.CHARACTER)
    child.base_style = document.styles["Hidden"]
    document.add_paragraph("看得见。")
    document.add_paragraph().add_run("看不见。", style="Child")
    document.save(str(tmp_path / "b.docx"))
    assert read(tmp_path / "b.docx").text == "看得见。\n"


def test_a_body_in_a_content_control_is_read(tmp_path):
    path = build(tmp_path / "sdt.docx", ["镇政府法治政府建设情况报告", "一、主要举措", "全年开展普法活动12场。"])
    document = docx.Document(str(path))
    body = document.element.body
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    paragraphs = list(body.iterchildren("{*}p"))
    body.insert(0, sdt)
    for p in paragraphs:
        content.append(p)
    document.save(str(path))
    assert read(path).text.splitlines() == ["镇政府法治政府建设情况报告", "一、主要举措", "全年开展普法活动12场。"]


def test_runs_in_a_run_level_content_control_are_read(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("开展普法")
    run = p.add_run("活动12场。")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    p._p.replace(run._r, sdt)
    sdt.append(content)
    content.append(run._r)
    document.save(str(tmp_path / "r.docx"))
    assert read(tmp_path / "r.docx").text == "开展普法活动12场。\n"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=len(WEAK) - 1))
def test_hiding_a_paragraph_never_raises_the_score(tmp_path, township, n):
    lines = [*WEAK[:3], *STRONG[:6], *WEAK[3:]]
    path = build(tmp_path / "all.docx", lines)
    before = score(path, township)
    document = docx.Document(str(path))
    paragraph = document.paragraphs[n % len(document.paragraphs)]
    for run in paragraph.runs:
        run.font.hidden = True
    document.save(str(tmp_path / "hid.docx"))
    assert score(tmp_path / "hid.docx", township) <= before


def test_a_hidden_paragraph_mark_joins_its_visible_text_to_the_next_paragraph(tmp_path):
    # Word hides only the mark: the paragraph's visible runs run on into the next paragraph
    document = docx.Document()
    first = document.add_paragraph("全年开展普法")
    mark = OxmlElement("w:rPr")
    mark.append(OxmlElement("w:vanish"))
    first._p.get_or_add_pPr().append(mark)
    document.add_paragraph("活动12场。")
    document.save(str(tmp_path / "m.docx"))
    assert read(tmp_path / "m.docx").text == "全年开展普法活动12场。\n"
