"""Stage 1 — read: a file (or stdin) to its text as written, or a clear reason why not.

Each format has its reader; all return a `Source`. Anything that cannot be read raises
`FazhiError` with a Chinese message that names the file and says what to do.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

from ..models import FazhiError, Source
from . import text

MAX_BYTES = 50 * 1024 * 1024  # a file, or standard input (README "Limits")
MAX_CHARS = 2_000_000  # characters of text read from it: a year's report has tens of thousands
# suffix → (module, function). A reader's module is imported when a file of its kind comes: a
# batch of .txt files never pays for the others (XML, zip, subprocess; compiled from source at
# every start where no bytecode is kept).
READERS = {
    ".txt": ("text", "read"),
    ".md": ("text", "read"),
    ".docx": ("word", "read"),
    ".pdf": ("pdf", "read"),
    ".doc": ("office", "read_legacy"),
    ".wps": ("office", "read_legacy"),
    ".ofd": ("ofd", "read"),
    ".jpg": ("ocr", "read_image"),  # a photo or scan of a one-page report, read with the `ocr` extra
    ".jpeg": ("ocr", "read_image"),
    ".png": ("ocr", "read_image"),
}
SUPPORTED = tuple(READERS)


def read(path: str) -> Source:
    try:
        source = _read(path)
    except FazhiError:
        raise
    except Exception as exc:  # a library failing on a file no one should write: this file, not the run
        raise FazhiError(f"{path}: 无法读取（{type(exc).__name__}），文件可能已损坏，请重新另存后再评查") from exc
    if len(source.text) > MAX_CHARS:
        chars = f"{len(source.text) // 10_000} 万字，上限 {MAX_CHARS // 10_000} 万字"
        raise FazhiError(f"{source.path}: 文字过多（{chars}），不像一份年度报告")
    return source


def _read(path: str) -> Source:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise FazhiError(f"<stdin>: 输入过大（上限 {MAX_BYTES // 1024 // 1024} MB）")
        return text.decode("<stdin>", data)
    p = Path(path)
    if not p.is_file():
        raise FazhiError(f"{path}: 文件不存在")
    where = READERS.get(p.suffix.lower())
    if where is None:
        supported = "、".join(SUPPORTED)
        raise FazhiError(f"{path}: 不支持 {p.suffix or '无扩展名'} 格式（支持：{supported}）")
    size = p.stat().st_size
    if size == 0:
        raise FazhiError(f"{path}: 文件为空")
    if size > MAX_BYTES:
        raise FazhiError(f"{path}: 文件过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    module, function = where
    reader = getattr(import_module(f"{__name__}.{module}"), function)
    try:
        return reader(p)
    except OSError as exc:
        raise FazhiError(f"{path}: 无法读取（{exc.strerror or exc}）") from exc
