"""PDF (PDFium, through pypdfium2): the text layer, page by page, in the order it was written.

PDFium is Chrome's PDF engine: it decodes the CJK (CID) fonts of WPS and Word exports and
returns each page's text with its line breaks, ten times faster than a layout analysis in
Python. What stays to be mended — lines broken inside a sentence, page-number lines
(`— 3 —`, `第3页`), the spaced digits of WPS (`2 0 2 2 年`) — is the normaliser's job, as
for any text. A running header or footer (the same line at the top or the foot of most pages,
page numbers aside) is page furniture, not the report: it is dropped here, where pages are known.

Before PDFium parses anything, one linear pass inflates the compressed streams that are not
pictures, with a budget: a content stream that would inflate past it (a PDF bomb) is refused.
A PDF whose text comes out as codes — `(cid:2594)`, replacement or private-use characters,
control codes — has no readable text (an encoded font without a Unicode map) and is refused too.

`Source.places` keeps the line each page starts on, so a location reads 第N页. A page without a
text layer that holds a picture (a scan) is read by OCR when the `ocr` extra is installed (ocr.py).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

from ..models import FazhiError, Finding, Places, Source
from . import ocr

MAX_PAGES = 300
MAX_INFLATED = 64 * 1024 * 1024  # bytes of compressed non-picture streams, inflated (README "Limits")
STREAM = re.compile(rb"stream\r?\n")
# what an unreadable font gives: pdfminer's (cid:N), PDFium's U+FFFD / U+FFFE, private-use
# characters, control codes other than the line breaks
UNREADABLE = re.compile("\\(cid:\\d+\\)|[\ufffd\ufffe\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f]")
FURNITURE_PAGES = 3  # a header repeated on fewer pages than this is not told from the text
DIGITS = re.compile(r"\d+")


def read(path: Path) -> Source:
    data = path.read_bytes()
    _check_streams(path, data)
    document = open_document(path, data)
    try:
        pages = [_page(document[i]) for i in range(len(document))]
        scans = [i for i, (text, pictures) in enumerate(pages) if pictures and not text.strip()]
        texts = [text for text, _ in pages]
        recognised: dict[int, ocr.Page] = {}
        if scans and (ocr.available() or not any(t.strip() for t in texts)):
            read_pages = ocr.recognise(path, [partial(_render, document, i) for i in scans])
            recognised = dict(zip(scans, read_pages, strict=True))
    finally:
        document.close()
    for i, page in recognised.items():
        texts[i] = "\n".join(line for line, _ in page)
    texts, tops = _drop_furniture(texts)
    text = "\n".join(texts)
    if not text.strip():
        raise FazhiError(f"{path}: PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或提供 Word/文字版 PDF")
    check_readable(path, text)
    starts = page_starts(texts)
    doubtful = frozenset(starts[i] + k - tops[i] for i, page in recognised.items()
                         for k, (_, score) in enumerate(page) if score < ocr.LOW_CONFIDENCE and k >= tops[i])
    findings = _scan_findings(scans, recognised, len(doubtful))
    return Source(path=str(path), text=text + "\n", encoding="pdf+ocr" if recognised else "pdf", format="pdf",
                  places=Places("页", starts), findings=findings, doubtful=doubtful)


def _scan_findings(scans: list[int], recognised: dict[int, ocr.Page], doubtful: int) -> tuple[Finding, ...]:
    if recognised:
        return (ocr.finding([i + 1 for i in recognised], doubtful),)
    if scans:  # some pages are pictures, and nothing here can read them
        where = "、".join(f"第{i + 1}页" for i in scans[:10])
        return (Finding("ocr", 0, f"{where}是扫描图像，未读取其中的文字（{ocr.INSTALL}）"),)
    return ()


def open_document(path: Path, data: bytes) -> Any:
    """The PDFium document, or the reason it cannot be opened; at most MAX_PAGES pages."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise FazhiError(f"{path}: PDF 已加密，请提供未加密的版本") from exc
        raise FazhiError(f"{path}: 不是有效的 PDF 文件或文件已损坏（{exc}）") from exc
    if len(document) > MAX_PAGES:
        count = len(document)
        document.close()
        raise FazhiError(f"{path}: PDF 页数过多（{count} 页，上限 {MAX_PAGES} 页）")
    return document


def _page(page: Any) -> tuple[str, bool]:
    """A page's text (its lines separated by \n, no trailing blanks), and whether it holds pictures."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        pictures = not text.strip() and any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]))
    finally:
        textpage.close()
        page.close()
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip(), pictures


def _render(document: Any, index: int) -> Any:
    """A page as pixels for OCR (BGR), at most ocr.MAX_PIXELS however large the page claims to be."""
    page = document[index]
    try:
        width, height = page.get_size()
        scale = min(ocr.SCALE, (ocr.MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
        return page.render(scale=scale).to_numpy()
    finally:
        page.close()


def check_readable(path: Path, text: str) -> None:
    codes = sum(len(m.group()) for m in UNREADABLE.finditer(text))
    if codes > len(text.strip()) // 4:
        raise FazhiError(f"{path}: PDF 的文字无法读出（字体编码缺失或文件加密），请提供可以复制文字的 PDF 或 Word 文件")


def page_starts(pages: list[str]) -> tuple[int, ...]:
    """The 1-based line each page starts on in "\\n".join(pages)."""
    starts, line = [], 1
    for page in pages:
        starts.append(line)
        line += page.count("\n") + 1
    return tuple(starts)


def _drop_furniture(pages: list[str]) -> tuple[list[str], list[int]]:
    """The pages without their running header and footer: a first or last line that recurs, digits
    aside, on at least half the pages (and FURNITURE_PAGES of them). Each page keeps its place;
    beside them, how many lines each page lost at its top."""
    tops = [0] * len(pages)
    if len(pages) < FURNITURE_PAGES:
        return pages, tops
    split = [page.split("\n") for page in pages]
    ends: Counter[str] = Counter()
    for lines in split:
        ends.update({_key(line) for line in (lines[0], lines[-1]) if line.strip()})
    enough = max(FURNITURE_PAGES, (len(pages) + 1) // 2)
    furniture = {key for key, count in ends.items() if count >= enough}
    if not furniture:
        return pages, tops
    out = []
    for n, lines in enumerate(split):
        if len(lines) > 1 and _key(lines[-1]) in furniture:
            lines = lines[:-1]
        if len(lines) > 1 and _key(lines[0]) in furniture:
            lines, tops[n] = lines[1:], 1
        out.append("\n".join(lines))
    return out, tops


def _key(line: str) -> str:
    return DIGITS.sub("#", "".join(line.split()))


def _check_streams(path: Path, data: bytes) -> None:
    """Inflate each FlateDecode stream that is not a picture, within one budget for the file."""
    budget = MAX_INFLATED
    for m in STREAM.finditer(data):
        head = data[max(0, m.start() - 512) : m.start()]
        head = head[head.rfind(b"<<") :]
        if b"FlateDecode" not in head or b"/Image" in head:
            continue
        end = data.find(b"endstream", m.end())
        inflater = zlib.decompressobj()
        try:
            budget -= len(inflater.decompress(data[m.end() : end if end > 0 else len(data)], budget + 1))
        except zlib.error:
            continue  # PDFium decides what a broken stream means
        if budget < 0:
            limit = f"超过 {MAX_INFLATED // 1024 // 1024} MB"
            raise FazhiError(f"{path}: PDF 内容流解压后过大（{limit}），疑似压缩炸弹，已拒绝读取")
