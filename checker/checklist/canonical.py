"""The canonical form of text: what normalising does to each character of a report line, and what
a checklist's words must already read like (a word normalising would change could never match,
so the checklist refuses it: vocabulary.py). normalise/ applies it to whole reports, keeping the
map back to the original.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from .prefilter import compile_pattern
from .traditional import listed

if TYPE_CHECKING:
    from opencc import OpenCC

_WIDE: dict[int, str] = {0xFF0E: ".", 0xFF05: "%", 0xFF0B: "+", 0xFF0D: "-", 0xFF0F: "/", 0x3000: " ", 0xA0: " "}
_WIDE.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})  # ０-９
_WIDE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
WIDTH = str.maketrans({**_WIDE, ord("("): "（", ord(")"): "）"})
# str.translate is slow: only lines with a character it changes go through it
NEEDS_WIDTH = re.compile("[\uff05\uff0b\uff0d-\uff0f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\xa0()]")

CJK = r"\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》"
HALF_PUNCT_TO = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
HALF_MARK = re.compile(r"[,;:?!.]")
HALF_PUNCT = compile_pattern(rf"(?<=[{CJK}])[,;:?!](?!\d)|[,;:?!](?=[{CJK}])|(?<=[\u4e00-\u9fff”’）》])\.(?![\d.])")
# Characters that show nothing: Unicode's default-ignorable code points (zero-width spaces and
# joiners, soft hyphen, BOM, direction marks, variation selectors, tag characters…), removed like
# stray spaces so that none can hide a heading marker or split a word; and control characters (a
# terminal escape, a bell), which show nothing either and must never reach an output.
INVISIBLE_BMP = (
    "\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
)
INVISIBLE = INVISIBLE_BMP + "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
SPACES = re.compile(f"[\\s{INVISIBLE}]+")
HAS_INVISIBLE = re.compile(f"[{INVISIBLE}]")
ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def canonical(text: str) -> str:
    """A short text (a checklist's word) as it reads once normalised like a report line: a word
    that normalisation changes could never match, so the checklist refuses it."""
    text = to_simplified(text).translate(WIDTH)
    text = HALF_PUNCT.sub(lambda m: HALF_PUNCT_TO[m.group()], text)
    return SPACES.sub(lambda m: m.group() if keep_space(text, m.start(), m.end()) else "", text)


def to_simplified(text: str) -> str:
    """Traditional to simplified characters, one for one, so offsets still hold (OpenCC t2s)."""
    converter, may_change = _opencc()
    if may_change is not None and not beyond_bmp(text) and not _changes(text, *may_change):
        return text  # (nothing the conversion could change: it would give the text back)
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)


def _changes(text: str, pattern: re.Pattern[str], phrases: dict[str, list[tuple[str, int]]]) -> bool:
    """Whether the conversion would change something in `text`: a character it changes, or a phrase
    (回覆) where its changed character (覆, found by `pattern` too) is."""
    for m in pattern.finditer(text):
        found = phrases.get(m.group())
        if found is None:
            return True
        at = m.start()
        if any(at >= offset and text.startswith(phrase, at - offset) for phrase, offset in found):
            return True
    return False


@cache
def _opencc() -> tuple[OpenCC, tuple[re.Pattern[str], dict[str, list[tuple[str, int]]]] | None]:
    """The converter, and what it may change (traditional.py): a pattern of the characters it changes
    and of those it changes in a phrase only, and the phrases by that character (with where it is
    in each); None when they were not listed for this version of OpenCC (every text is converted).
    A text beyond the BMP is always converted: what is beyond it is left out."""
    import opencc

    version, chars, by_char = listed()
    if version != opencc.__version__:
        return opencc.OpenCC("t2s"), None
    phrases = {char: [(p, p.index(char)) for p in found if max(p) <= "\uffff"] for char, found in by_char.items()}
    bmp = "".join(c for c in [*chars, *phrases] if c <= "\uffff")
    return opencc.OpenCC("t2s"), (re.compile(f"[{bmp}]"), phrases)


def beyond_bmp(text: str) -> bool:
    """Whether the text holds a character beyond the Basic Multilingual Plane (its UTF-16 form is
    longer than two bytes a character): re looks a character up in a set of BMP characters at once,
    but tries one beyond it against each range of the set in turn."""
    return len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)


def keep_space(text: str, start: int, end: int) -> bool:
    """Spaces between two Latin words stay ("open data"); all others, and invisible characters, go."""
    if start == 0 or end == len(text) or HAS_INVISIBLE.search(text, start, end):
        return False
    left, right = text[start - 1], text[end]
    return bool(ASCII_WORD.match(left) and ASCII_WORD.match(right)) and not (left.isdigit() and right.isdigit())
