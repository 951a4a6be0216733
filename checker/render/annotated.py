"""`fazhi annotate`: the report as a Word document with a grader's comments (批注) in the margin.

One comment per item to add (not met, not waived), on the paragraph that decided it or where the
report speaks of it; an item the report never mentions goes on the heading of the part where it
belongs, else on the title. Each holds the status and why, the advice and the legal basis. A
summary comment on the title gives the score, grade and verdict, the gaps and the items to review.

A .docx keeps its text and formatting: only comments are added (python-docx ≥ 1.2). Any other
input (.txt, .pdf, .doc) becomes a plain .docx of its lines, as written. Like every format this
lays out the view; it decides nothing.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..models import Source
from ..view.view import ItemView, ReportView
from . import replacing

AUTHOR = "fazhi 法治报告核查"
INITIALS = "FZ"


def write_annotated(report: ReportView, source: Source, out: str) -> None:
    """Write `out`: the source document with one comment per item to add and a summary."""
    import docx

    if source.format == "docx":
        document = docx.Document(source.path)
        paragraphs = _docx_lines(document)
    else:
        document = docx.Document()
        paragraphs = _plain_lines(document, source.text)
    anchor = _Anchors(document, paragraphs)
    anchor.comment(report.title_line, summary(report))
    for item in report.items:
        if item.to_add:
            anchor.comment(item.line if item.shown else item.home or report.title_line, item_comment(item))
    with replacing(out) as temp:
        document.save(temp)


def summary(report: ReportView) -> str:
    verdict = "通过" if report.passed else "未通过（" + "；".join(report.why) + "）"
    lines = [f"fazhi 评查：{report.score:g} 分，{report.grade}，{verdict}"]
    if report.edition is not None:
        lines.append(f"核查清单：{report.checklist_name}")
    gaps = report.to_add
    lines.append(f"需要补充 {len(gaps)} 项：" + "、".join(f"{i.id} {i.title}（{i.word}）" for i in gaps) if gaps
                 else "全部检查项达标或已豁免")
    if report.to_review:
        lines.append("待复核：" + "、".join(f"{i.id}（{i.review}）" for i in report.to_review))
    lines += [f"{report.where(f.line)}：{f.message}" if f.line else f.message for f in report.findings]
    return "\n".join(lines)


def item_comment(item: ItemView) -> str:
    why = item.shown.reason if item.shown else "报告中未见相关表述"
    lines = [f"【{item.id}】{item.title}：{item.word}——{why}", f"建议：{item.advice}", f"依据：{item.basis}"]
    if item.shown:  # where the sentence is in the file as received: the page of a PDF, the paragraph of a .docx
        lines.append(f"位置：原文{item.shown.where}")
    if item.review:
        lines.append(f"待复核：{item.review}")
    return "\n".join(lines)


# ---------------------------------------------------------------- where a comment goes


def _docx_lines(document: Any) -> list[Any]:
    """The paragraph each line of the read text came from (the reader's own order of blocks)."""
    from docx.text.paragraph import Paragraph

    from ..read.word import body_blocks

    out: list[Any] = []
    for element, text, _ in body_blocks(document):
        first = element if element.tag.endswith("}p") else next(element.iter(element.tag[:-2] + "p"), None)
        paragraph = Paragraph(first, document._body) if first is not None else None
        out += [paragraph] * (text.count("\n") + 1)
    return out


def _plain_lines(document: Any, text: str) -> list[Any]:
    """A paragraph per line of a text that was not a .docx, as written (blank lines kept).

    Made as one piece of XML, parsed once: `Document.add_paragraph` looks for the section
    properties among all the body's children each time (40,000 lines took hours), and even a run
    added through python-docx costs a dozen XPath queries a line."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.text.paragraph import Paragraph
    from lxml import etree

    body = document.element.body
    end = "".join(etree.tostring(e, encoding="unicode") for e in body if e.tag == qn("w:sectPr"))
    paragraphs = "".join(_paragraph_xml(line) for line in text.rstrip("\n").split("\n"))
    made = parse_xml(f"<w:body {nsdecls('w')}>{paragraphs}{end}</w:body>")
    document.element.replace(body, made)  # a new document's body holds only its section properties
    container = document._body  # (made on first use: after the swap, so it holds the new body)
    return [Paragraph(element, container) for element in made if element.tag == qn("w:p")]


def _paragraph_xml(line: str) -> str:
    """One line as a paragraph of one run (a tab as Word's tab)."""
    if not line:
        return "<w:p/>"
    pieces = [f'<w:t xml:space="preserve">{escape(piece)}</w:t>' if piece else "" for piece in line.split("\t")]
    return f"<w:p><w:r>{'<w:tab/>'.join(pieces)}</w:r></w:p>"


class _Anchors:
    """Comments on paragraphs by the line number of the read text."""

    def __init__(self, document: Any, paragraphs: list[Any]) -> None:
        self.document = document
        self.paragraphs = paragraphs

    def comment(self, line: int, text: str) -> None:
        paragraph = self._paragraph(line)
        if paragraph is None:
            return
        runs = [r for r in paragraph.runs if r.text] or [paragraph.add_run("")]
        self.document.add_comment(runs=[runs[0], runs[-1]], text=text, author=AUTHOR, initials=INITIALS)

    def _paragraph(self, line: int) -> Any:
        """The line's paragraph, else the nearest one after it that has text, else the first
        (looked for lazily: reading every later paragraph's text for each comment was quadratic)."""
        after = (p for p in itertools.islice(self.paragraphs, max(line, 1) - 1, None) if p is not None)
        found = next((p for p in after if p.text.strip()), None)
        if found is not None:
            return found
        return next((p for p in self.paragraphs if p is not None), None)


def annotated_name(path: str, folder: str, taken: set[str]) -> str:
    """`报告.docx` → `FOLDER/报告-批注.docx`; a second report of the same name gets `-2`."""
    stem = Path(path).stem if path != "-" else "stdin"
    name, n = f"{stem}-批注.docx", 1
    while name in taken:
        n += 1
        name = f"{stem}-批注-{n}.docx"
    taken.add(name)
    return str(Path(folder) / name)
