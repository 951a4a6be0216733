"""PDF (pdfplumber): the text layer, page by page, in reading order.

pdfplumber (on pdfminer.six) groups characters into lines by their position, which keeps
the reading order of WPS and Word exports and decodes their CJK (CID) fonts. What stays
to be mended — lines broken inside a sentence, page-number lines (`— 3 —`, `第3页`), the
spaced digits of WPS (`2 0 2 2 年`) — is the normaliser's job, as for any text.
"""

from __future__ import annotations

from pathlib import Path

from ..models import FazhiError, Source

MAX_PAGES = 300


def read(path: Path) -> Source:
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
    return Source(path=str(path), text=text + "\n", encoding="pdf", format="pdf")
