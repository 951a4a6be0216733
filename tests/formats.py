"""Build one report in every input format a grader receives, for the reader tests.

- .txt in UTF-8 and in GBK;
- .docx whose headings are numbered by Word list numbering (一、 （一） 1.), so the markers
  are not in the paragraph text, with a table and a footer page number;
- .pdf made from what the .docx shows, as WPS exports it: lines wrapped mid-sentence,
  `— N —` page numbers, spaced digits in the title (reportlab, Adobe's built-in CJK font);
- .txt in traditional characters.
"""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MARKERS = [(re.compile(r"^[一二三四五六七八九十]+、"), 0), (re.compile(r"^（[一二三四五六七八九十]+）"), 1),
           (re.compile(r"^\d+[.、]"), 2)]
NUMBERING = f"""
<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def write_all(text: str, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "utf8": folder / "report-utf8.txt",
        "gbk": folder / "report-gbk.txt",
        "docx": folder / "report.docx",
        "pdf": folder / "report.pdf",
        "traditional": folder / "report-traditional.txt",
    }
    paths["utf8"].write_text(text, encoding="utf-8")
    paths["gbk"].write_bytes(text.encode("gbk"))
    write_docx(text, paths["docx"])
    write_pdf(shown_lines(paths["docx"]), paths["pdf"])
    import opencc

    paths["traditional"].write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    return paths


def write_docx(text: str, path: Path) -> None:
    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    doc.sections[0].footer.paragraphs[0].text = "— 1 —"
    for line in text.splitlines():
        if not line.strip():
            continue
        level, body = _heading(line)
        if line.startswith("表："):  # a table row: cells of a two-column table
            cells = line.removeprefix("表：").split("|")
            table = doc.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
            continue
        p = doc.add_paragraph(body, style=f"Heading {level + 1}" if level is not None else None)
        if level is not None:
            pPr = p._p.get_or_add_pPr()
            pPr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    doc.save(str(path))


def _heading(line: str) -> tuple[int | None, str]:
    for pattern, level in MARKERS:
        m = pattern.match(line)
        if m and ("。" not in line or level < 2):
            return level, line[m.end():]
    return None, line


def shown_lines(docx_path: Path) -> list[str]:
    """The lines as Word shows them, numbering included (what a PDF export prints)."""
    from checker.read import word

    return word.read(docx_path).text.splitlines()


def write_pdf(lines: list[str], path: Path, width: int = 30, per_page: int = 34, header: str = "") -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    wrapped: list[str] = []
    for i, line in enumerate(lines):
        if i == 0:
            line = re.sub(r"(\d)(?=\d)", r"\1 ", line).replace("年", " 年")  # WPS: "2 0 2 4 年"
        wrapped += [line[k : k + width] for k in range(0, len(line), width)] or [""]
    pdf = canvas.Canvas(str(path))
    for page_no, start in enumerate(range(0, len(wrapped), per_page), 1):
        pdf.setFont("STSong-Light", 12)
        if header:  # a running header, as a government office's template prints on every page
            pdf.drawString(60, 815, header)
        for row, line in enumerate(wrapped[start : start + per_page]):
            pdf.drawString(60, 790 - row * 21, line)
        pdf.drawString(280, 40, f"— {page_no} —")
        pdf.showPage()
    pdf.save()


def write_pdf_bomb(path: Path, lines: int) -> None:
    """A one-page PDF whose compressed content stream inflates to 23 bytes × `lines` (a PDF bomb)."""
    stream = zlib.compress(b"BT /F1 12 Tf (x) Tj ET\n" * lines, 9)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
    out.write(b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n")
    out.write(b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n")
    out.write(b"4 0 obj << /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream)
    out.write(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    path.write_bytes(out.getvalue())


OFD_NS = "http://www.ofdspec.org/2016"


def write_ofd(lines: list[str], path: Path, width: int = 30, per_page: int = 34, per_char: bool = False,
              template: str = "", signed: bool = False) -> None:
    """An OFD package as converters write it: lines wrapped at `width`, `per_page` lines a page, a
    `— N —` page number; one text object a line, or (`per_char`) one a character, written in an
    order other than the reading order (bottom line first) so that the reader must sort by position;
    `template`: a line on a template page every page uses (the red header of a 文件 page)."""
    import zipfile

    wrapped: list[str] = []
    for line in lines:
        wrapped += [line[k : k + width] for k in range(0, len(line), width)] or [""]
    pages = [wrapped[k : k + per_page] for k in range(0, len(wrapped), per_page)] or [[]]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" '
                   'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>'
                   "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        tpl = '<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
        page_refs = "".join(f'<ofd:Page ID="{n + 10}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                            for n in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
                   f"<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>{tpl}</ofd:CommonData>"
                   f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
        if template:
            z.writestr("Doc_0/Tpls/Tpl_0/Content.xml", _ofd_page([_ofd_line(template, 20, per_char)], ""))
        for n, page in enumerate(pages):
            objects = [_ofd_line(line, 30 + row * 7.4, per_char) for row, line in enumerate(page)]
            objects.append(_ofd_line(f"— {n + 1} —", 280, per_char))
            ref = '<ofd:Template TemplateID="9" ZOrder="Background"/>' if template else ""
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", _ofd_page(objects[::-1], ref))
        if signed:
            z.writestr("Doc_0/Signs/Signatures.xml", f'<ofd:Signatures xmlns:ofd="{OFD_NS}"/>')


def _ofd_page(objects: list[str], template_ref: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}">{template_ref}<ofd:Content>'
            f'<ofd:Layer ID="1">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def _ofd_line(line: str, y: float, per_char: bool, size: float = 4.2) -> str:
    from xml.sax.saxutils import escape

    if not per_char:  # one object, its TextCode at the baseline with a DeltaX per character
        deltas = " ".join(["4.2"] * max(len(line) - 1, 0))
        return (f'<ofd:TextObject ID="1" Boundary="25 {y - 5} 160 6" Font="1" Size="{size}">'
                f'<ofd:TextCode X="0" Y="5" DeltaX="{deltas}">{escape(line)}</ofd:TextCode></ofd:TextObject>')
    return "".join(f'<ofd:TextObject ID="1" Boundary="{25 + k * size:.2f} {y - 5} 5 6" Font="1" Size="{size}">'
                   f'<ofd:TextCode X="0" Y="{5 + (k % 2) * 0.3:.1f}">{escape(ch)}</ofd:TextCode></ofd:TextObject>'
                   for k, ch in enumerate(line) if ch.strip())


def write_scanned_pdf(lines: list[str], path: Path, width: int = 30, per_page: int = 34, dpi: int = 150) -> None:
    """A scan: the lines printed (a CJK TrueType font, page numbers) and each page kept only as a
    picture — an image-only PDF, no text layer, as a copier makes of the signed paper."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("wqy", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))
    printed = io.BytesIO()
    wrapped: list[str] = []
    for line in lines:
        wrapped += [line[k : k + width] for k in range(0, len(line), width)] or [""]
    pdf = canvas.Canvas(printed)
    for page_no, start in enumerate(range(0, len(wrapped), per_page), 1):
        pdf.setFont("wqy", 12)
        for row, line in enumerate(wrapped[start : start + per_page]):
            pdf.drawString(60, 790 - row * 21, line)
        pdf.drawString(280, 40, f"— {page_no} —")
        pdf.showPage()
    pdf.save()
    scan = canvas.Canvas(str(path))
    for page in pdfium.PdfDocument(printed.getvalue()):
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        scan.drawImage(ImageReader(image), 0, 0, *page.get_size())
        scan.showPage()
    scan.save()
