"""Plain text and Markdown: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5, detected."""

from __future__ import annotations

import re
from pathlib import Path

from ..models import FazhiError, Source

CANDIDATES = ["gb18030", "big5", "utf_16"]  # what Chinese text that is not UTF-8 is written in
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # controls other than \t \n \f \r


def read(path: Path) -> Source:
    return decode(str(path), path.read_bytes(), "md" if path.suffix.lower() == ".md" else "txt")


def decode(name: str, data: bytes, fmt: str = "txt") -> Source:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return checked(name, data.decode("utf-16"), "utf-16", fmt)
        except UnicodeDecodeError as exc:  # an odd byte count, a lone surrogate
            raise FazhiError(f"{name}: UTF-16 文本已损坏（{exc.reason}），请另存为 UTF-8 后再评查") from exc
    if b"\x00" in data[:4096]:
        raise FazhiError(f"{name}: 不是文本文件（含二进制内容）")
    try:
        return checked(name, data.decode("utf-8-sig"), "utf-8", fmt)  # strict, exact and cheap
    except UnicodeDecodeError:
        return checked(name, *_detect(name, data), fmt)


def _detect(name: str, data: bytes) -> tuple[str, str]:
    """GB18030 decodes almost any bytes, so let charset-normalizer weigh it against Big5."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is None:
        raise FazhiError(f"{name}: 无法识别文本编码（请另存为 UTF-8 后再评查）")
    return str(best), best.encoding


def checked(name: str, text: str, encoding: str, fmt: str = "txt") -> Source:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise FazhiError(f"{name}: 文件为空")
    sample = text[:4096]
    if len(CONTROL.findall(sample)) > len(sample) // 100 + 2:
        raise FazhiError(f"{name}: 不是文本文件（含大量控制字符）")
    return Source(path=name, text=text, encoding=encoding, format=fmt)
