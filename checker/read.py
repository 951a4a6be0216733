"""Stage 1 — read: a file (or stdin) to its text, or a clear reason why not."""

from __future__ import annotations

import sys
from pathlib import Path

from .models import FazhiError, Source

SUPPORTED = (".txt", ".md")
MAX_BYTES = 20 * 1024 * 1024
ENCODINGS = ("utf-8-sig", "gb18030")


def read(path: str) -> Source:
    if path == "-":
        return decode("<stdin>", sys.stdin.buffer.read())
    p = Path(path)
    if not p.is_file():
        raise FazhiError(f"{path}: 文件不存在")
    if p.suffix.lower() not in SUPPORTED:
        raise FazhiError(f"{path}: 暂不支持 {p.suffix or '无扩展名'} 格式（支持：{'、'.join(SUPPORTED)}）")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise FazhiError(f"{path}: 文件过大（{size // 1024 // 1024} MB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FazhiError(f"{path}: 无法读取（{exc.strerror}）") from exc
    return decode(path, data)


def decode(name: str, data: bytes) -> Source:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(name, data.decode("utf-16"), "utf-16")
    if b"\x00" in data[:4096]:
        raise FazhiError(f"{name}: 不是文本文件（含二进制内容）")
    for encoding in ENCODINGS:
        try:
            return _checked(name, data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    raise FazhiError(f"{name}: 无法识别文本编码（请另存为 UTF-8）")


def _checked(name: str, text: str, encoding: str) -> Source:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FazhiError(f"{name}: 文件为空")
    return Source(path=name, text=text, encoding=encoding)
