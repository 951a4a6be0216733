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

from ..models import CopyDoc, CopyGroup, Document


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
