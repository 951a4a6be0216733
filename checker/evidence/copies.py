"""Copy detection for the supervisor batch mode: passages that two or more reports share.

A passage is a maximal common substring of at least `min_chars` characters of the normalised
text, shared by two or more different reports; passages never span lines, and repeats within
one report do not count. Identical passages form one group with every report that holds them;
a passage inside a longer one held by the very same reports is left out.

The work stays near-linear in the size of the batch, not quadratic in the number of reports:

1. All lines of all reports are laid end to end, and a prefix-sum array gives the hash of any
   substring (polynomial, mod 2^64 by uint64 wraparound). Each line break gets a code of its
   own, so no match ever runs across a line or into another report.
2. Winnowing picks fingerprints: the smallest k-gram hash of every window of w consecutive
   k-grams, with w + k − 1 = min_chars. Two reports sharing a passage of min_chars characters
   share a fingerprint at the same place inside it.
3. Holders of a fingerprint are paired: all against all when there are few; otherwise each
   with the first holder and with the holder whose following text is alike, so a stock phrase
   held by thousands of reports costs thousands of pairs, not millions.
4. Pairs on the same diagonal are chained, and each chain is extended once (binary search on
   substring hashes) to a maximal passage.
5. For each distinct passage, every report holding it is found through its anchor, the
   fingerprint every copy of it holds, and each place is checked on the actual text: hash
   collisions never produce a false passage.

This module holds what the rest of fazhi calls (`copy_doc`, `find_copies`, `find_reuse`; the types
are models.py's); the numpy engine is `passages.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import CopyDoc, CopyGroup, Document, Overlap, short_unit


def copy_doc(path: str, unit: str, doc: Document) -> CopyDoc:
    """A normalised report as copy detection reads it: its logical lines and where they start."""
    return CopyDoc.of(path, unit, ((doc.line_number(line.source_offset(0)), line.text) for line in doc.lines))


def find_copies(docs: Sequence[CopyDoc], min_chars: int = 30, max_groups: int = 200) -> list[CopyGroup]:
    """Passages of ≥ min_chars characters shared by two or more of the reports, most widely shared first.

    Exact as long as no fingerprint is held more than passages.SMALL times; past that, passages are
    found through a bounded sample of pairs (see passages._pairs), but each one found lists every
    report holding it.
    """
    from .passages import detect  # numpy, imported only when copies are looked for

    return detect(docs, min_chars, max_groups)


def find_reuse(current: CopyDoc, previous: CopyDoc, min_chars: int = 30) -> list[CopyGroup]:
    """Passages of ≥ min_chars characters the current report takes from the unit's previous one."""
    from .passages import detect

    return detect([current, previous], min_chars, None)


def unit_key(unit: str, path: str) -> str:
    """Who a report is from, to compare: its unit's short name, else (no unit read) its file."""
    return short_unit(unit) if unit else path


def between_units(groups: Sequence[CopyGroup]) -> list[CopyGroup]:
    """The passages shared by two or more units: a unit that submitted the same report twice
    (.txt and .docx) shares its text with itself, which is no copying."""
    return [g for g in groups if len({unit_key(p.unit, p.path) for p in g.places}) > 1]


def overlaps(docs: Sequence[CopyDoc], groups: Sequence[CopyGroup]) -> list[Overlap]:
    """For every two reports of different units that share a passage: the characters of each
    report's text inside the passages both hold (each counted once, however many cover it)."""
    by_path = {doc.path: doc for doc in docs}
    starts = {doc.path: _line_starts(doc) for doc in docs}
    covered: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for group in groups:
        spans = {}
        for p in group.places:
            span = _span(by_path.get(p.path), starts.get(p.path, {}), p.line, group.text)
            if span is not None:
                spans[p.path] = (span, unit_key(p.unit, p.path))
        for path, (span, unit) in spans.items():
            for other, (_, other_unit) in spans.items():
                if other_unit != unit:
                    covered.setdefault((path, other), []).append(span)
    out = []
    for (path, other), found in sorted(covered.items()):
        doc = by_path[path]
        out.append(Overlap(path, other, _union(found), len(doc.text) - doc.text.count("\n")))
    return out


def _line_starts(doc: CopyDoc) -> dict[int, list[int]]:
    """Original line number → offsets in `doc.text` of the normalised lines that start on it."""
    found: dict[int, list[int]] = {}
    at = 0
    for number, line in zip(doc.numbers, doc.text.split("\n"), strict=True):
        found.setdefault(number, []).append(at)
        at += len(line) + 1
    return found


def _span(doc: CopyDoc | None, starts: dict[int, list[int]], line: int, text: str) -> tuple[int, int] | None:
    """Where a passage said to start on `line` of the original sits in the report's normalised text."""
    if doc is None:
        return None
    for start in starts.get(line, ()):
        end = doc.text.find("\n", start)
        at = doc.text.find(text, start, len(doc.text) if end < 0 else end)
        if at >= 0:
            return at, at + len(text)
    return None


def _union(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def duplicate_units(results: Sequence[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """(unit, path) of each report → for each path whose unit submitted more than one report, the
    other paths of that unit."""
    by_unit: dict[str, list[str]] = {}
    for unit, path in results:
        if unit:
            by_unit.setdefault(short_unit(unit), []).append(path)
    return {path: tuple(p for p in paths if p != path)
            for paths in by_unit.values() if len(paths) > 1 for path in paths}
