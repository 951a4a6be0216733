"""Stage 2 — normalise: one canonical text to match against, with a map back to the original.

- full-width digits and letters become half-width; half-width punctuation in Chinese text
  becomes the Chinese form (`,` → `，`), so one pattern fits both;
- stray spaces inside words and numbers go (`2 0 2 2 年` → `2022年`);
- page-number lines (`— 1 —`, `第3页`, `3/12`) go;
- traditional characters become simplified (OpenCC), one for one;
- physical lines broken inside a sentence are joined into one logical line;
- a top-level heading numbered `一.` `一．` `一，` `一 ` gets the marker `一、` (one character for one).

Every change keeps or shortens the text, so each logical `Line` carries spans that map
its characters back to the original: evidence is quoted and located as written.
"""

from __future__ import annotations

import re
from itertools import accumulate

from ..checklist.canonical import (
    HALF_MARK,
    HALF_PUNCT,
    HALF_PUNCT_TO,
    HAS_INVISIBLE,
    INVISIBLE,
    INVISIBLE_BMP,
    NEEDS_WIDTH,
    SPACES,
    WIDTH,
    beyond_bmp,
    keep_space,
    to_simplified,
)
from ..models import Document, Line, Source

# Heading markers, shared with the parser: 一、 （一） 1、 1. （1） ① 一是 第一部分
HEADING_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|\d{1,2}(?:、|\.(?!\d)|．)"
    r"|（\d{1,2}）|[①②③④⑤⑥⑦⑧⑨⑩]|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,3}(?:部分|章|节)[、：\s]?)"
)

# Top-level markers a writer types instead of `一、`: taken as one where the line is a heading
NUMERALS = [*"一二三四五六七八九十", *(f"十{d}" for d in "一二三四五六七八九"), "二十"]
ORDINALS = {n: i for i, n in enumerate(NUMERALS, 1)}
TOP_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})、")
VARIANT_HEADING = re.compile(
    r"^([一二三四五六七八九十]{1,3})([.．，,\s\u3000])[\s\u3000]*([\u4e00-\u9fff0-9０-９（《“].*)$"
)
NOT_HEADING_WORD = re.compile(r"^[是年些个次项种直方定切般旦起样批类名位份件]")  # 一 年来, 一，是…: words, not titles
SENTENCE_END = re.compile(r"[。！？；]")
RAW_END = "。！？；：…!?;:.．"  # a raw line's end marks (before `.` after Chinese text becomes 。)
HEADING_VARIANT_MAX = 32  # characters: a longer text after the number is a statement
SHORT_LINE = 20  # characters: a line this short ends where it ends (a wrapped line is longer)

PAUSE = re.compile(r"[，。；：、]")
SELF_OPENING = re.compile(r"[我本](?:镇|乡|街道|街|局|委|办|区|县|市|单位|部门)")
# a character one of the three searches below may find: most lines hold none, and are scanned once
MAY_CHANGE = re.compile(f"[{INVISIBLE}{NEEDS_WIDTH.pattern[1:-1]}{HALF_MARK.pattern[1:-1]}]")
# The same for a text of the Basic Multilingual Plane only (nearly every one: canonical.beyond_bmp)
MAY_CHANGE_BMP = re.compile(f"[{INVISIBLE_BMP}{NEEDS_WIDTH.pattern[1:-1]}{HALF_MARK.pattern[1:-1]}]")

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
PAGE_NUMBER_MAX = 30  # characters: a longer line is never a page number (and is not matched against it)
DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日$"
)  # the signature's date: a line of its own, never joined to the sentence before


def normalise(source: Source) -> Document:
    text = to_simplified(source.text)  # one for one: every offset still points at the original
    split = text.split("\n")
    starts = [0, *accumulate(len(raw) + 1 for raw in split[:-1])]  # where each line starts in the original
    may_change = MAY_CHANGE if beyond_bmp(text) else MAY_CHANGE_BMP
    physical = [clean(raw, start, may_change) for raw, start in zip(mark_headings(split), starts, strict=True)]
    lines = join_broken([p for p in physical if p is not None])
    return Document(source=source, lines=tuple(lines), line_starts=tuple(starts))


def mark_headings(raws: list[str]) -> list[str]:
    """`一.` `一．` `一，` `一 ` `一　` opening a heading line become `一、`, one character for one.

    Only where the line is a heading: its words short and without a sentence end (or, after `.`,
    a short run-in title then its body), the line before it ended (a sentence end or a short line),
    a line of text after it, and its number the next of the report's top-level sequence (`一` or
    the one after the last top-level heading): `一，` inside a wrapped sentence is never one.
    The line before ended when it ends with a sentence mark, is short, or is a heading or title.
    """
    out = list(raws)
    last = 0  # ordinal of the last top-level heading seen, `一、` or a variant taken as one
    previous = ""  # the last non-blank line before the one looked at
    for i, raw in enumerate(raws):
        text = raw.strip()
        if not text:
            continue
        if (m := TOP_HEADING.match(text)) is not None:
            last = ORDINALS.get(m.group(1), last)
        elif (m := VARIANT_HEADING.match(text)) is not None:
            number = ORDINALS.get(m.group(1), 0)
            if number in (1, last + 1) and _variant_is_heading(m, previous, _text_follows(raws, i)):
                cut = raw.index(text) + m.start(2)
                out[i] = raw[:cut] + "、" + raw[cut + 1 :]
                last = number
        previous = text
    return out


def _text_follows(raws: list[str], i: int) -> bool:
    """Whether a line of text comes after line i (no slice of the rest: a hostile file of many
    `一.` lines would copy it once a candidate)."""
    return any(raws[j].strip() for j in range(i + 1, len(raws)))


def _variant_is_heading(m: re.Match[str], previous: str, text_follows: bool) -> bool:
    rest = m.group(3)
    if NOT_HEADING_WORD.match(rest):
        return False
    ended = (
        not previous or previous.rstrip(CLOSERS)[-1:] in RAW_END or len(previous) <= SHORT_LINE
        or bool(HEADING_MARKER.match(previous) or TITLE_END.search(previous))
    )
    if not ended:
        return False
    if not SENTENCE_END.search(rest):  # a title on its own line, over a body that follows
        return len(rest) <= HEADING_VARIANT_MAX and text_follows
    first, _, body = rest.partition("。")
    # a run-in title after a dot: `一.加强组织领导。全年…`; after a comma or space a sentence is no title
    return m.group(2) in ".．" and len(first) <= HEADING_VARIANT_MAX and bool(body.strip()) and "，" not in first


def clean(raw: str, offset: int, may_change: re.Pattern[str] = MAY_CHANGE) -> Line | None:
    """One physical line, canonical; None for blank and page-number lines (`may_change`: MAY_CHANGE,
    or MAY_CHANGE_BMP for a line of a text without characters beyond the BMP)."""
    odd = may_change.search(raw) is not None
    invisible = odd and HAS_INVISIBLE.search(raw) is not None
    bare = SPACES.sub("", raw) if invisible else raw.strip()
    if not bare or (len(bare) <= PAGE_NUMBER_MAX and PAGE_NUMBER.match(bare)):
        return None
    text = raw.translate(WIDTH) if odd and NEEDS_WIDTH.search(raw) else raw
    if odd and HALF_MARK.search(text):  # HALF_PUNCT is tried at every position: only where it may change something
        text = HALF_PUNCT.sub(lambda m: HALF_PUNCT_TO[m.group()], text)
    if not invisible and len(bare.split(maxsplit=1)) == 1:  # spaces at the ends at most: most lines
        start = len(text) - len(text.lstrip())  # (neither change above makes or takes a space)
        return Line(text.strip(), ((0, offset + start),))
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = length = 0
    for m in SPACES.finditer(text):
        if keep_space(text, m.start(), m.end()):
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


def join_broken(lines: list[Line]) -> list[Line]:
    """Physical lines joined into logical ones, each run joined once (linear in the text)."""
    signature = _signature_lines(lines)
    runs: list[list[Line]] = []
    run = _Run()
    for i, line in enumerate(lines):
        if runs and i not in signature and run.continues_with(line.text):
            runs[-1].append(line)
        else:
            runs.append([line])
            run = _Run(line.text)
        run.extend(line.text)
    return [_concat(run_lines) for run_lines in runs]


def _signature_lines(lines: list[Line]) -> set[int]:
    """A date on its own line, and the issuer's short line just above it: they end the body."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if DATE_LINE.match(line.text):
            found.add(i)
            if i > 0 and len(lines[i - 1].text) <= 25:
                found.add(i - 1)
    return found


class _Run:
    """What joining needs to know of the logical line built so far: its length, whether it is a
    heading without 。, and its last characters (never the whole text again)."""

    def __init__(self, first: str = "") -> None:
        self.length = 0
        self.heading = bool(HEADING_MARKER.match(first))
        self.full_stop = False
        self.tail = ""
        self.field = bool(FIELD_LINE.match(first))

    def extend(self, text: str) -> None:
        self.length += len(text)
        self.full_stop = self.full_stop or "。" in text
        self.tail = (self.tail + text)[-8:]

    def continues_with(self, nxt: str) -> bool:
        """Is `nxt` the rest of a sentence the run left unfinished?"""
        if HEADING_MARKER.match(nxt) or self.tail.rstrip(CLOSERS)[-1:] in END_PUNCT or TITLE_END.search(self.tail):
            return False
        if self.field or FIELD_LINE.match(nxt):
            return False  # 索引号：… / 发布机构：… are fields of a page, each on its own line
        if self.heading and not self.full_stop:
            # a heading wrapped onto a short second line; a line that opens with the unit's own
            # name (我镇…, 本局…) starts the body, however short (an opening cut off after a heading)
            return self.length >= WRAP and len(nxt) <= 15 and not PAUSE.search(nxt) and not SELF_OPENING.match(nxt)
        return self.length >= WRAP or self.tail[-1:] in ("，", "、")


def _concat(lines: list[Line]) -> Line:
    if len(lines) == 1:
        return lines[0]
    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    shift = 0
    for line in lines:
        texts.append(line.text)
        spans.extend((n + shift, o) for n, o in line.spans)
        shift += len(line.text)
    return Line("".join(texts), tuple(spans))
