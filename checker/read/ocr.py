"""Text recognition (OCR) for scans and photos: the `ocr` extra, `pip install "fazhi[ocr]"`.

A PDF page without a text layer is rendered by PDFium and read by RapidOCR (the PP-OCR Chinese
models, shipped inside the `rapidocr-onnxruntime` wheel: offline, on the CPU); a .jpg/.png is read
as one page. RapidOCR finds boxes of text; the boxes are put back into lines (by their vertical
middle, then left to right), and a line any of whose boxes was recognised with a confidence below
LOW_CONFIDENCE is kept in `Source.doubtful`: the sentences read from it are flagged 待复核.

Recognition takes seconds a page: a progress bar (on standard error, only on a terminal) shows
each page, and a report of more than MAX_PAGES scanned pages is refused rather than read for minutes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..models import FazhiError, Finding, Source

MAX_PAGES = 30  # pages recognised in one report: a scanned annual report has five to fifteen
MAX_PIXELS = 40_000_000  # of an image file: a 40-megapixel photo is already more than a page needs
SCALE = 2.0  # PDF points to pixels (144 dpi): 12-point text is 24 pixels high, what the models read best
LOW_CONFIDENCE = 0.85  # a line recognised below this is worth checking against the paper
INSTALL = '安装文字识别组件后可自动识别：pip install "fazhi[ocr]"'

Page = list[tuple[str, float]]  # a page's lines: text and the lowest confidence of its boxes


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def missing(path: Path | str, what: str) -> FazhiError:
    """The error for a scan read without the extra: what to install, or what else to provide."""
    return FazhiError(f"{path}: {what}，需要文字识别（OCR）。{INSTALL}；或提供 Word/文字版 PDF")


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def recognise(path: Path | str, images: Sequence[Callable[[], Any]]) -> list[Page]:
    """Each image (made when its turn comes: a rendered page is a few MB) read into lines."""
    if len(images) > MAX_PAGES:
        raise FazhiError(f"{path}: 需要文字识别的扫描页过多（{len(images)} 页，上限 {MAX_PAGES} 页）")
    if not available():
        raise missing(path, "文件是扫描图像，没有文字层")
    engine = _engine()
    pages: list[Page] = []
    with _progress(path, len(images)) as advance:
        for make in images:
            boxes, _ = engine(make(), use_cls=False)
            pages.append(lines(boxes or []))
            advance()
    return pages


def lines(boxes: list[Any]) -> Page:
    """RapidOCR's boxes ([4 corners], text, score) as lines: a box whose vertical middle lies within
    the first box of the line's height joins it; each line's boxes left to right."""
    placed = []
    for corners, text, score in boxes:
        ys = [p[1] for p in corners]
        placed.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(p[0] for p in corners), text, float(score)))
    placed.sort()
    rows: list[list[tuple[float, float, float, str, float]]] = []
    for box in placed:
        if rows and abs(box[0] - rows[-1][0][0]) <= rows[-1][0][1] / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    out = []
    for row in rows:
        row.sort(key=lambda b: b[2])
        out.append((" ".join(b[3] for b in row), min(b[4] for b in row)))
    return out


def joined(pages: list[Page], first_line: int = 1) -> tuple[list[str], frozenset[int]]:
    """The pages' texts and the 1-based lines (counted from `first_line`) of low confidence."""
    texts: list[str] = []
    doubtful: set[int] = set()
    line = first_line
    for page in pages:
        texts.append("\n".join(text for text, _ in page))
        doubtful.update(line + k for k, (_, score) in enumerate(page) if score < LOW_CONFIDENCE)
        line += max(len(page), 1)
    return texts, frozenset(doubtful)


def finding(pages: Sequence[int], doubtful: int) -> Finding:
    where = "、".join(f"第{n}页" for n in pages[:10]) + ("等" if len(pages) > 10 else "")
    review = f"，其中 {doubtful} 行识别置信度较低，相关句子标为待复核" if doubtful else ""
    return Finding("ocr", 0, f"{where}是扫描图像，文字由文字识别（OCR）读出，可能有误{review}；请核对原件")


def image_page(path: Path) -> Any:
    """An image file as the array RapidOCR reads (its pixels counted before they are decoded)."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise FazhiError(f"{path}: 图片过大（{width}×{height} 像素，上限 {MAX_PIXELS // 1_000_000} 百万像素）")
            import numpy

            return numpy.asarray(image.convert("RGB"))[:, :, ::-1]  # RGB → BGR, as OpenCV (RapidOCR) reads
    except FazhiError:
        raise
    except Exception as exc:  # Pillow's many errors on a broken picture
        raise FazhiError(f"{path}: 图片无法打开（{type(exc).__name__}），文件可能已损坏") from exc


class _progress:
    """A bar per page on standard error when it is a terminal; nothing otherwise (a pipe, a log)."""

    def __init__(self, path: Path | str, total: int) -> None:
        self.path, self.total = path, total
        self.bar: Any = None

    def __enter__(self) -> Callable[[], None]:
        if not sys.stderr.isatty():
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("文字识别 {task.description}"), BarColumn(), MofNCompleteColumn(),
                       TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        bar.start()
        task = bar.add_task(Path(self.path).name, total=self.total)
        self.bar = bar
        return lambda: bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def read_image(path: Path) -> Source:
    """A photo or scan of a page (.jpg, .png), read by OCR."""
    if not available():
        raise missing(path, "图片中的文字")
    page = recognise(path, [lambda: image_page(path)])[0]
    texts, doubtful = joined([page])
    if not texts[0].strip():
        raise FazhiError(f"{path}: 图片中没有识别出文字，请提供清晰的扫描件或 Word/文字版 PDF")
    return Source(path=str(path), text=texts[0] + "\n", encoding="ocr", format=path.suffix.lower().lstrip("."),
                  findings=(finding([1], len(doubtful)),), doubtful=doubtful)
