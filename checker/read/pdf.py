"""PDF (pdfplumber): the text layer, page by page, in reading order.

pdfplumber (on pdfminer.six) groups characters into lines by their position, which keeps
the reading order of WPS and Word exports and decodes their CJK (CID) fonts. What stays
to be mended — lines broken inside a sentence, page-number lines (`— 3 —`, `第3页`), the
spaced digits of WPS (`2 0 2 2 年`) — is the normaliser's job, as for any text.

Before pdfminer parses anything, one linear pass inflates the compressed streams that are not
pictures, with a budget: a content stream that would inflate past it (a PDF bomb) is refused.
A PDF whose text comes out as font codes — `(cid:2594)` — has no readable text (an encoded font
without a Unicode map, or an owner-password encryption) and is refused too.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from ..models import FazhiError, Source

MAX_PAGES = 300
MAX_INFLATED = 64 * 1024 * 1024  # bytes of compressed non-picture streams, inflated (README "Limits")
STREAM = re.compile(rb"stream\r?\n")
CID = re.compile(r"\(cid:\d+\)")


def read(path: Path) -> Source:
    _check_streams(path, path.read_bytes())
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise FazhiError(f"{path}: PDF 页数过多（{len(pdf.pages)} 页，上限 {MAX_PAGES} 页）")
            pages = [page.extract_text() or "" for page in pdf.pages]
    except FazhiError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's many errors; the cause says which
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise FazhiError(f"{path}: PDF 已加密，请提供未加密的版本") from exc
        raise FazhiError(f"{path}: 不是有效的 PDF 文件或文件已损坏（{type(cause).__name__}）") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise FazhiError(f"{path}: PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）或提供 Word/文字版 PDF")
    codes = sum(len(m.group()) for m in CID.finditer(text))
    if codes > len(text.strip()) // 4:
        raise FazhiError(f"{path}: PDF 的文字无法读出（字体编码缺失或文件加密），请提供可以复制文字的 PDF 或 Word 文件")
    return Source(path=str(path), text=text + "\n", encoding="pdf", format="pdf")


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
            continue  # pdfminer decides what a broken stream means
        if budget < 0:
            limit = f"超过 {MAX_INFLATED // 1024 // 1024} MB"
            raise FazhiError(f"{path}: PDF 内容流解压后过大（{limit}），疑似压缩炸弹，已拒绝读取")
