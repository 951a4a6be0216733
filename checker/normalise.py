"""Stage 2 — normalise: one canonical text to match against, with a map back to the original.

- full-width digits and letters become half-width; half-width punctuation in Chinese text
  becomes the Chinese form (`,` → `，`), so one pattern fits both;
- stray spaces inside words and numbers go (`2 0 2 2 年` → `2022年`);
- page-number lines (`— 1 —`, `第3页`, `3/12`) go;
- traditional characters become simplified (OpenCC), one for one;
- physical lines broken inside a sentence are joined into one logical line.

Every change keeps or shortens the text, so each logical `Line` carries spans that map
its characters back to the original: evidence is quoted and located as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from .models import Document, Line, Source

# Heading markers, shared with the parser: 一、 （一） 1、 1. （1） ① 一是 第一部分
HEADING_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}(?:、|\.(?!\d)|．)"
    r"|（\d{1,2}）|[①②③④⑤⑥⑦⑧⑨⑩]|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,3}(?:部分|章|节)[、：\s]?)"
)

_WIDE = {0xFF0E: ".", 0xFF05: "%", 0xFF0B: "+", 0xFF0D: "-", 0xFF0F: "/", 0x3000: " ", 0xA0: " "}
_WIDE.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})  # ０-９
_WIDE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
WIDTH = str.maketrans({**_WIDE, "(": "（", ")": "）"})
# str.translate is slow: only lines with a character it changes go through it
NEEDS_WIDTH = re.compile("[\uff05\uff0b\uff0d-\uff0f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\xa0()]")

CJK = r"\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》"
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
HALF_PUNCT = re.compile(rf"(?<=[{CJK}])[,;:?!](?!\d)|[,;:?!](?=[{CJK}])|(?<=[\u4e00-\u9fff”’）》])\.(?![\d.])")
SPACES = re.compile(r"\s+")
ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# Characters common in traditional-script reports and absent from simplified text.
TRADITIONAL = re.compile(
    "[們國這會於為與時來對說進發開關爲據執組織領導記錄審議決務規範體據請顧問黨鎮縣區鄉員號實績經濟權責稱設傳]"
)
PAGE_NUMBER = re.compile(
    r"^\s*(?:[—\-–－~～_]*\s*\d{1,3}\s*[—\-–－~～_]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?"
    r"|\d+\s*/\s*\d+|共\s*\d+\s*页\s*第\s*\d+\s*页|-\s*\d+\s*-|page\s*\d+(\s*of\s*\d+)?)\s*$",
    re.IGNORECASE,
)
END_PUNCT = "。！？；：…!?;:"
CLOSERS = "”’」』\"'"
TITLE_END = re.compile(r"(报告|汇报|情况|总结|通知|请示)$")
FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{2,8}[：:][^，。；！？]{0,50}$")  # a "label：value" line
WRAP = 20  # a line at least this long that stops mid-sentence was wrapped, not ended


def normalise(source: Source) -> Document:
    starts = [0] + [m.end() for m in re.finditer("\n", source.text)]
    simplify = to_simplified if TRADITIONAL.search(source.text) else None
    physical = [clean(raw, start, simplify) for raw, start in zip(source.text.split("\n"), starts, strict=True)]
    lines = join_broken([p for p in physical if p is not None])
    return Document(source=source, lines=tuple(lines), line_starts=tuple(starts))


def clean(raw: str, offset: int, simplify: Callable[[str], str] | None = None) -> Line | None:
    """One physical line, canonical; None for blank and page-number lines."""
    if not raw.strip() or PAGE_NUMBER.match(raw):
        return None
    text = raw.translate(WIDTH) if NEEDS_WIDTH.search(raw) else raw
    if simplify is not None:
        text = simplify(text)
    text = HALF_PUNCT.sub(lambda m: _HALF_PUNCT[m.group()], text)
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = length = 0
    for m in SPACES.finditer(text):
        if _keep_space(text, m.start(), m.end()):
            continue
        if m.start() > pos:
            spans.append((length, offset + pos))
            pieces.append(text[pos : m.start()])
            length += m.start() - pos
        pos = m.end()
    if pos < len(text):
        spans.append((length, offset + pos))
        pieces.append(text[pos:])
    return Line("".join(pieces), tuple(spans))


def to_simplified(text: str) -> str:
    """Traditional to simplified characters, one for one, so offsets still hold (OpenCC t2s)."""
    converted = _opencc().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _opencc().convert(ch)) == 1 else ch for ch in text)


@cache
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def _keep_space(text: str, start: int, end: int) -> bool:
    """Spaces between two Latin words stay ("open data"); all others are stray."""
    if start == 0 or end == len(text):
        return False
    left, right = text[start - 1], text[end]
    return bool(ASCII_WORD.match(left) and ASCII_WORD.match(right)) and not (left.isdigit() and right.isdigit())


def join_broken(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for line in lines:
        if out and _continues(out[-1].text, line.text):
            out[-1] = _concat(out[-1], line)
        else:
            out.append(line)
    return out


def _continues(prev: str, nxt: str) -> bool:
    """Is `nxt` the rest of a sentence that `prev` left unfinished?"""
    if HEADING_MARKER.match(nxt) or prev.rstrip(CLOSERS)[-1:] in END_PUNCT or TITLE_END.search(prev):
        return False
    if FIELD_LINE.match(prev) or FIELD_LINE.match(nxt):
        return False  # 索引号：… / 发布机构：… are fields of a page, each on its own line
    if HEADING_MARKER.match(prev) and "。" not in prev:
        # a heading wrapped onto a short second line
        return len(prev) >= WRAP and len(nxt) <= 15 and not re.search(r"[，。；：、]", nxt)
    return len(prev) >= WRAP or prev[-1] in "，、"


def _concat(a: Line, b: Line) -> Line:
    shift = len(a.text)
    return Line(a.text + b.text, a.spans + tuple((n + shift, o) for n, o in b.spans))
