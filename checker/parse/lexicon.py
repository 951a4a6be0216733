"""Is a word a name? jieba's dictionary, looked up in place (no segmenter loaded).

A clause that opens with "白云镇…" in 湾坡乡's report tells another township's work; one that opens
with "组织乡干部…" or "代理镇政府…" opens with a verb and the kind of a unit. What comes before
镇/乡/街道 tells them apart: a word of the language that is no name (组织 v, 代理 n, 通过 p) makes no
place name; a word the dictionary does not know (湾坡, 云溪) or knows as a name (石桥 ns, 白云 nr)
may be one. The dictionary ships with jieba (a dependency); its file (5 MB) is mapped, not read, and
a word is found by halving its sorted lines (a few microseconds), only when a clause that opens with
such a candidate holds an item. Without the file nothing is taken for a name.
"""

from __future__ import annotations

import importlib.util
import mmap
from functools import cache
from pathlib import Path

NAME_TAGS = frozenset({"nr", "ns", "nz", "nt", "nrt", "nrfg"})  # person, place, other proper names, organisations
ABSENT = ""  # the tag of a word the dictionary does not hold
NOUN = "n"


@cache
def _dictionary() -> mmap.mmap | None:
    """jieba's dictionary (lines "word frequency tag"), mapped; None when it is not installed."""
    spec = importlib.util.find_spec("jieba")  # (finds the package without importing it)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).with_name("dict.txt")
    try:
        with path.open("rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


@cache
def tag(word: str) -> str | None:
    """The dictionary's part of speech for `word` (ABSENT when it has none), None without a dictionary."""
    found = _dictionary()
    if found is None:
        return None
    return (_search if _sorted() else _scan)(found, word.encode())


@cache
def _sorted() -> bool:
    """Whether the dictionary's Chinese words are in order (jieba's are, after a few Latin lines): then a
    word is found by halving (twenty steps), not by reading 5 MB. Checked on lines taken all through
    the file, and on a word it must hold."""
    found = _dictionary()
    if found is None:
        return False
    words = []
    for k in range(1, SAMPLES):
        start = found.find(b"\n", len(found) * k // SAMPLES) + 1
        word = found[start : found.find(b" ", start)]
        if word[:1] >= HAN_FIRST:  # (the Latin lines at the start are in no order)
            words.append(word)
    return words == sorted(words) and _search(found, "组织".encode()) != ABSENT


SAMPLES = 256  # lines looked at to tell that the dictionary is in order
HAN_FIRST = "一".encode()[:1]  # the first byte of a Chinese character's UTF-8 (and of none before it)


def _search(found: mmap.mmap, word: bytes) -> str:
    """`word`'s tag found by halving the lines (in the order of their words' bytes, UTF-8's order of
    characters)."""
    lo, hi = 0, len(found)
    while lo < hi:
        start = found.rfind(b"\n", 0, (lo + hi) // 2) + 1
        start = max(start, lo)
        end = found.find(b"\n", start)
        end = len(found) if end < 0 else end
        line = found[start:end]
        here = line.split(b" ", 1)[0]
        if here == word:
            return _tag_of(line)
        if here < word:
            lo = end + 1
        else:
            hi = start
    return ABSENT


def _scan(found: mmap.mmap, word: bytes) -> str:
    """`word`'s tag, the file read through (a dictionary out of order)."""
    at = found.find(b"\n" + word + b" ")
    if at < 0:
        return ABSENT
    end = found.find(b"\n", at + 1)
    return _tag_of(found[at + 1 : end if end >= 0 else len(found)])


def _tag_of(line: bytes) -> str:
    fields = line.split()
    return fields[2].decode() if len(fields) == 3 else ABSENT


def may_be_name(name: str, nouns: bool = False) -> bool:
    """Whether the characters before 镇/乡/街道 may be a place's name: no word of them — the whole, and
    for three characters its first and last two (建立起, 再提交) — is a word of the language that is no
    name; with `nouns`, a common noun may be one (石门 n: a township of another kind than the report's
    own, 石门乡 in a 镇's report, is named, where a verb the dictionary calls a noun, 代理 n, opens
    "代理镇政府…" only in a 镇's own report). False without a dictionary."""
    pieces = [name] if len(name) < 3 else [name, name[:2], name[-2:]]
    for piece in pieces:
        found = tag(piece)
        if found is None or (found != ABSENT and found not in NAME_TAGS and not (nouns and found == NOUN)):
            return False
    return True
