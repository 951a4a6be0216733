"""The engine of copy detection (copies.py says how it works): hashing, winnowing, pairing
and extending over all reports at once, in numpy arrays. A module of its own so that numpy is
imported only when a command looks for copies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from ..models import CopyDoc, CopyGroup, Place

Array = np.ndarray

BASE = 0x9E3779B97F4A7C15  # odd, so it has an inverse mod 2^64
BASE_INV = pow(BASE, -1, 1 << 64)
SEPARATOR = 0x110000  # above every Unicode code point: line breaks never match text
CHUNK = 1 << 20  # positions hashed at a time, to bound the temporary arrays
SMALL = 16  # fingerprints held this few times: every two holders are compared
NEIGHBOURS = 64  # … up to this many: each holder also meets one that goes on with the same 2k characters
SLICE = 1 << 20  # pairs extended at a time: their reports' text stays in the processor's cache
SHORTLIST = 4  # complete the holders of this many times max_groups passages when there are too many
MAX_CANDIDATES = 20_000_000  # … i.e. when checking all of them would cost more than this many lookups


@dataclass(frozen=True)
class _Matches:
    """Common passages found between pairs of reports, one per entry of the arrays."""

    start_a: Array
    start_b: Array
    length: Array
    doc_a: Array
    doc_b: Array

    @staticmethod
    def join(parts: list[_Matches]) -> _Matches:
        if not parts:
            return _Matches(*(np.zeros(0, dtype=np.int64) for _ in range(5)))
        return _Matches(*(np.concatenate([getattr(m, f) for m in parts]) for f in _Matches.__dataclass_fields__))


def detect(docs: Sequence[CopyDoc], min_chars: int, max_groups: int | None) -> list[CopyGroup]:
    if min_chars < 1:
        raise ValueError("min_chars must be at least 1")
    if len(docs) < 2 or (max_groups is not None and max_groups < 1):
        return []
    k = max(1, min_chars * 2 // 3)  # longer k-grams: fewer stock-phrase fingerprints
    w = min_chars - k + 1
    # In path order, so that the same reports give the same groups in whatever order they come.
    corpus = _Corpus(sorted(docs, key=lambda d: d.path), pad=2 * k + 1)
    prints = _Fingerprints(corpus, k, w)
    if not len(prints.pos):
        return []
    matches = _extend_chains(corpus, prints, *_pairs(corpus, prints), min_chars)
    if not len(matches.length):
        return []
    texts = _distinct_texts(corpus, matches)
    texts = _shortlist(prints, texts, max_groups)
    holders = _holders(corpus, prints, *texts)
    return _groups(corpus, texts[0], texts[1], holders, max_groups)


class _Corpus:
    """All lines of all reports end to end, each preceded by a separator, with a prefix hash to compare them."""

    def __init__(self, docs: Sequence[CopyDoc], pad: int) -> None:
        self.docs = list(docs)
        texts = [doc.text for doc in docs if doc.numbers]  # a report with no line takes no room
        self.line_no = [number for doc in docs for number in doc.numbers]
        counts = [len(doc.numbers) for doc in docs]
        self.line_doc = np.repeat(np.arange(len(docs), dtype=np.int32), counts)
        lengths = np.fromiter((len(line) + 1 for text in texts for line in text.split("\n")), dtype=np.int64,
                              count=len(self.line_no))
        self.line_start = pad + np.cumsum(lengths) - lengths + 1  # after each line's separator
        self.line_end = self.line_start + lengths - 1
        firsts = np.cumsum([0, *counts])
        # A report starts at its first separator; an empty one takes no room.
        bounds = np.concatenate([self.line_start, [pad + int(lengths.sum()) + 1]]) - 1
        self.doc_start = bounds[firsts]
        self.text = "\n" * pad + "\n".join(["", *texts, ""]) + "\n" * pad
        self.prefix = _prefix_hash(self.text)
        self.inv_tables = _power_tables(BASE_INV)
        self.pow_tables = _power_tables(BASE)
        self._places: dict[int, Place] = {}

    def doc_of(self, pos: Array) -> Array:
        return np.searchsorted(self.doc_start, pos, side="right") - 1

    def places(self, positions: list[int]) -> list[Place]:
        """The report and line of each position; one Place object per line, however many groups use it."""
        found = []
        for line in self.line_of(np.array(positions, dtype=np.int64)).tolist():
            place = self._places.get(line)
            if place is None:
                doc = self.docs[int(self.line_doc[line])]
                place = self._places[line] = Place(doc.path, doc.unit, self.line_no[line])
            found.append(place)
        return found

    def line_of(self, pos: Array) -> Array:
        return np.searchsorted(self.line_start, pos, side="right") - 1

    def hash(self, start: Array, length: Array | int) -> Array:
        """The hash of text[start:start + length], the same wherever that text sits."""
        return (self.prefix[start + length] - self.prefix[start]) * _power(self.inv_tables, start)


def _powers(base: int, start: int, stop: int) -> Array:
    """base ** i mod 2^64 for i in range(start, stop)."""
    out = np.full(stop - start, base, dtype=np.uint64)
    if len(out):
        out[0] = pow(base, start, 1 << 64)
        np.cumprod(out, out=out)
    return out


def _power_tables(base: int) -> tuple[Array, Array]:
    return _powers(base, 0, 1 << 16), _powers(pow(base, 1 << 16, 1 << 64), 0, 1 << 16)


def _power(tables: tuple[Array, Array], exponent: Array) -> Array:
    """base ** exponent mod 2^64 from the tables of _power_tables, for exponents below 2^32."""
    exponent = exponent.astype(np.uint64)
    return tables[0][exponent & np.uint64(0xFFFF)] * tables[1][exponent >> np.uint64(16)]


def _prefix_hash(text: str) -> Array:
    """prefix[i] = Σ code(j)·BASE^j for j < i, mod 2^64, where a line break's code is its own.

    The code of a character is its code point; a line break at j gets SEPARATOR + j, above
    every code point and unlike any other, so no match runs over the end of a line.
    """
    prefix = np.zeros(len(text) + 1, dtype=np.uint64)
    carry = np.uint64(0)
    for start in range(0, len(text), CHUNK):
        stop = min(start + CHUNK, len(text))
        codes = np.frombuffer(text[start:stop].encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        breaks = np.flatnonzero(codes == 10)
        codes[breaks] = SEPARATOR + start + breaks
        part = np.cumsum(codes * _powers(BASE, start, stop), dtype=np.uint64)
        part += carry
        prefix[start + 1 : stop + 1] = part
        carry = part[-1]
    return prefix


class _Fingerprints:
    """The winnowed k-grams held more than once ("holders"), sorted by hash, then by position.

    A fingerprint held once can be no copy's anchor, so it is dropped straight away.
    """

    def __init__(self, corpus: _Corpus, k: int, w: int) -> None:
        self.k, self.w = k, w
        positions, hashes = _winnow(corpus, k, w)
        order = np.argsort(hashes, kind="stable")  # within a hash, by position
        hashes, positions = hashes[order], positions[order]
        del order
        first = np.concatenate([[True], hashes[1:] != hashes[:-1]])
        sizes = np.diff(np.append(np.flatnonzero(first), len(hashes)))
        shared = np.repeat(sizes > 1, sizes)
        self.hash = hashes[shared]  # searchsorted finds a hash's holders
        self.pos = positions[shared]
        del hashes, positions, shared
        self.line = corpus.line_of(self.pos).astype(np.int32)
        self.doc = corpus.line_doc[self.line]
        self.by_pos = np.argsort(self.pos, kind="stable")
        self.sorted_pos = self.pos[self.by_pos]  # searchsorted finds the holders near a place

    def holders(self, hashes: Array) -> tuple[Array, Array]:
        """Where each hash's holders start in the arrays, and how many there are."""
        lo = np.searchsorted(self.hash, hashes)
        return lo, np.searchsorted(self.hash, hashes, side="right") - lo


def _winnow(corpus: _Corpus, k: int, w: int) -> tuple[Array, Array]:
    """Positions and hashes of k-grams whose hash is the smallest of some window of w consecutive k-grams.

    A position is picked when it equals the largest of the minima of the windows holding it
    (ties pick every smallest one, which keeps the rightmost smallest too). Done a slice at a time.
    """
    grams = len(corpus.prefix) - k
    picked, picked_hashes = [], []
    for start in range(0, grams, CHUNK):
        stop = min(start + CHUNK, grams)
        lo, hi = max(0, start - w + 1), min(grams, stop + w - 1)  # every window holding start … stop - 1
        span = np.arange(lo, hi)
        hashes = (corpus.prefix[span + k] - corpus.prefix[span]) * _powers(BASE_INV, lo, hi)
        minima = _sliding(hashes, w, np.minimum)  # of the windows starting at lo …
        none = np.zeros(w - 1, dtype=np.uint64)  # no window: neutral for the maximum
        best = _sliding(np.concatenate([none, minima, none]), w, np.maximum)  # [i]: over windows holding lo + i
        inside = slice(start - lo, stop - lo)
        chosen = np.flatnonzero(hashes[inside] == best[inside])
        picked.append(start + chosen)
        picked_hashes.append(hashes[inside][chosen])
    if not picked:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate(picked), np.concatenate(picked_hashes)


def _sliding(values: Array, w: int, op: np.ufunc) -> Array:
    """op over every w consecutive values (len(values) − w + 1 of them), by doubling spans."""
    out, span = values, 1
    while span * 2 <= w:
        out = op(out[:-span], out[span:])
        span *= 2
    if span < w:
        count = len(values) - w + 1
        out = op(out[:count], out[w - span : w - span + count])
    return out


def _pairs(corpus: _Corpus, prints: _Fingerprints) -> tuple[Array, Array]:
    """Pairs of holders (a, b) of the same fingerprint, a after b and in another report.

    Where a fingerprint has few holders (SMALL), every two are paired: exact. Where it has
    more, each holder is paired with the first holder, and (up to NEIGHBOURS holders) with its
    neighbour when they are ordered by the 2k characters that follow, so that reports going
    on alike meet. A stock phrase held by thousands of reports thus costs thousands of pairs,
    not millions; a close copy between two reports is still found through the fingerprints
    of its own details, which few reports hold.
    """
    hashes, pos, k = prints.hash, prints.pos, prints.k
    first = np.concatenate([[True], hashes[1:] != hashes[:-1]])
    bucket = (np.cumsum(first) - 1).astype(np.int32)  # 32-bit indices: these arrays are the largest
    starts = np.flatnonzero(first).astype(np.int32)
    del first
    size = np.diff(np.append(starts, len(pos)))[bucket]
    rank = np.arange(len(pos), dtype=np.int32) - starts[bucket]  # holders of a fingerprint are in text order
    small = size <= SMALL
    a_parts, b_parts = [], []
    for t in range(1, SMALL):
        i = np.flatnonzero(small & (rank >= t)).astype(np.int32)
        a_parts.append(i)
        b_parts.append(i - t)
    i = np.flatnonzero(~small & (rank > 0)).astype(np.int32)
    a_parts.append(i)
    b_parts.append(starts[bucket[i]])
    near = np.flatnonzero(~small & (size <= NEIGHBOURS)).astype(np.int32)
    del rank, size, small
    after = pos[near] + k
    near = near[np.lexsort((corpus.hash(after + k, k), corpus.hash(after, k), bucket[near]))]
    same = bucket[near[1:]] == bucket[near[:-1]]
    x, y = near[1:][same], near[:-1][same]
    a_parts.append(np.maximum(x, y))  # within a fingerprint, the later holder has the larger index
    b_parts.append(np.minimum(x, y))
    del bucket, near, after, same, x, y
    a, b = np.concatenate(a_parts), np.concatenate(b_parts)
    del a_parts, b_parts
    other = prints.doc[a] != prints.doc[b]
    return a[other], b[other]


def _extend_chains(corpus: _Corpus, prints: _Fingerprints, a: Array, b: Array, min_chars: int) -> _Matches:
    """The maximal common passages around the pairs of holders (indices a and b).

    Pairs on the same diagonal and close together are one chain: its first pair is extended,
    the pairs the passage covers are done, and the first one left over starts the next round.
    The pairs go a slice at a time, in text order, so their text stays in the processor's cache.
    """
    order = np.argsort(prints.pos[a], kind="stable")
    found: list[_Matches] = []
    for start in range(0, len(order), SLICE):
        part = order[start : start + SLICE]
        found.append(_extend_slice(corpus, prints, a[part], b[part], min_chars))
    return _Matches.join(found)


def _extend_slice(corpus: _Corpus, prints: _Fingerprints, a: Array, b: Array, min_chars: int) -> _Matches:
    """_extend_chains for one slice of the pairs."""
    pos_a, pos_b = prints.pos[a], prints.pos[b]
    diag = pos_a - pos_b
    order = np.lexsort((pos_a, diag))
    a, b, pos_a, pos_b, diag = a[order], b[order], pos_a[order], pos_b[order], diag[order]
    gap = np.diff(pos_a) > 4 * min_chars
    chain = np.cumsum(np.concatenate([[True], (diag[1:] != diag[:-1]) | gap]))
    found: list[_Matches] = []
    while len(a):
        head = np.concatenate([[True], chain[1:] != chain[:-1]])
        ha, hb = a[head], b[head]
        at_a, at_b = pos_a[head], pos_b[head]
        left, right = _extend(corpus, at_a, at_b, prints.line[ha], prints.line[hb])
        long = left + right >= min_chars
        found.append(
            _Matches(
                (at_a - left)[long],
                (at_b - left)[long],
                (left + right)[long],
                prints.doc[ha][long],
                prints.doc[hb][long],
            )
        )
        end = (at_a + right)[np.cumsum(head) - 1]  # where each chain's passage ends, on a's side
        rest = ~head & (pos_a + prints.k > end)
        a, b, pos_a, pos_b, chain = a[rest], b[rest], pos_a[rest], pos_b[rest], chain[rest]
    return _Matches.join(found)


def _extend(corpus: _Corpus, a: Array, b: Array, line_a: Array, line_b: Array) -> tuple[Array, Array]:
    """How far the text at a and at b agrees to the left of them and from them on, within their lines.

    Binary search on substring hashes: text[a-n:a] equals text[b-n:b] exactly when their
    prefix-sum differences agree up to the factor BASE^(a−b), the same for every n.
    """
    prefix = corpus.prefix
    factor = _power(corpus.pow_tables, a - b)
    here_a, here_b = prefix[a], prefix[b]

    def agree_left(i: Array, n: Array) -> Array:
        return here_a[i] - prefix[a[i] - n] == (here_b[i] - prefix[b[i] - n]) * factor[i]

    def agree_right(i: Array, n: Array) -> Array:
        return prefix[a[i] + n] - here_a[i] == (prefix[b[i] + n] - here_b[i]) * factor[i]

    left = np.minimum(a - corpus.line_start[line_a], b - corpus.line_start[line_b])
    right = np.minimum(corpus.line_end[line_a] - a, corpus.line_end[line_b] - b)
    return _longest(agree_left, left), _longest(agree_right, right)


def _longest(agree: Callable[[Array, Array], Array], limit: Array) -> Array:
    """For each item, the largest n ≤ limit with agree(item, n), where agreeing is monotone in n."""
    lo, hi = np.zeros(len(limit), dtype=np.int64), limit.astype(np.int64)
    open_ = np.flatnonzero(lo < hi)
    while len(open_):
        mid = (lo[open_] + hi[open_] + 1) // 2
        ok = agree(open_, mid)
        lo[open_] = np.where(ok, mid, lo[open_])
        hi[open_] = np.where(ok, hi[open_], mid - 1)
        open_ = open_[lo[open_] < hi[open_]]
    return lo


def _distinct_texts(corpus: _Corpus, matches: _Matches) -> tuple[Array, Array, Array]:
    """One occurrence (start, length) per distinct passage, and how many reports are known to hold it."""
    # The hash and the length in one key: a collision only merges two candidates, which the
    # holders' check then tells apart by their text.
    lengths = matches.length
    keys = corpus.hash(matches.start_a, lengths) ^ (lengths.astype(np.uint64) * np.uint64(BASE))
    _, first, ids = np.unique(keys, return_index=True, return_inverse=True)
    ids = ids.reshape(-1)
    # Reports known to hold each passage: both sides of every pair that found it.
    docs = len(corpus.docs)
    known = np.unique(np.concatenate([ids * docs + matches.doc_a, ids * docs + matches.doc_b]))
    counts = np.bincount(known // docs, minlength=len(first))
    return matches.start_a[first], lengths[first], counts


def _shortlist(prints: _Fingerprints, texts: tuple[Array, Array, Array], max_groups: int | None) -> tuple[Array, Array]:
    """The passages whose holders are worth finding: all of them, unless checking them would cost too much.

    Then (in huge batches of alike reports) only the SHORTLIST × max_groups passages already
    known in most reports, and the longest, are kept: the others are unlikely to make the
    first max_groups groups.
    """
    starts, lengths, known = texts
    cost = int(prints.holders(_anchors(prints, starts)[1])[1].sum())
    if max_groups is None or cost <= MAX_CANDIDATES or len(starts) <= SHORTLIST * max_groups:
        return starts, lengths
    keep = np.lexsort((-lengths, -known))[: SHORTLIST * max_groups]
    return starts[keep], lengths[keep]


def _anchors(prints: _Fingerprints, starts: Array) -> tuple[Array, Array]:
    """For each passage start, its anchor: the fingerprint every copy of it holds (offset, hash).

    That is the rightmost smallest k-gram hash of the passage's first window, which winnowing
    picks wherever the passage occurs. Every other fingerprint in that window hashes higher
    (or is the same k-gram further left), so it is the rightmost smallest holder there.
    """
    lo = np.searchsorted(prints.sorted_pos, starts)
    hi = np.searchsorted(prints.sorted_pos, starts + prints.w - 1, side="right")
    best = prints.by_pos[np.minimum(lo, len(prints.by_pos) - 1)]  # none there (a hash collision): checked later
    for t in range(1, prints.w):
        i = prints.by_pos[np.minimum(lo + t, len(prints.by_pos) - 1)]
        better = (lo + t < hi) & (prints.hash[i] <= prints.hash[best])
        best = np.where(better, i, best)
    return prints.pos[best] - starts, prints.hash[best]


def _holders(corpus: _Corpus, prints: _Fingerprints, starts: Array, lengths: Array) -> tuple[Array, Array]:
    """Where each passage occurs, one start per report (its first there), sorted by passage and report."""
    offsets, hashes = _anchors(prints, starts)
    lo, sizes = prints.holders(hashes)
    found_id, found_at = [], []
    for first, last in _batches(sizes, CHUNK):  # a slice of passages at a time: the candidate arrays stay small
        counts = sizes[first:last]
        ids = np.repeat(np.arange(first, last), counts)
        within = np.arange(len(ids)) - np.repeat(np.cumsum(counts) - counts, counts)
        at = prints.pos[lo[ids] + within] - offsets[ids]
        fits = at + lengths[ids] < len(corpus.prefix)  # near the end of the batch a long passage has no room
        ids, at = ids[fits], at[fits]
        same = corpus.hash(at, lengths[ids]) == corpus.hash(starts[ids], lengths[ids])
        found_id.append(ids[same])
        found_at.append(at[same])
    ids, at = np.concatenate(found_id), np.concatenate(found_at)
    docs = corpus.doc_of(at)
    order = np.lexsort((at, docs, ids))
    ids, at, docs = ids[order], at[order], docs[order]
    first = np.concatenate([[True], (ids[1:] != ids[:-1]) | (docs[1:] != docs[:-1])])
    return ids[first], at[first]


def _batches(sizes: Array, limit: int) -> list[tuple[int, int]]:
    """Consecutive ranges of items whose sizes add up to about `limit` each (one big item goes alone)."""
    ends = np.cumsum(sizes)
    cuts = np.searchsorted(ends, np.arange(limit, int(ends[-1]) if len(ends) else 0, limit), side="right")
    edges = np.unique(np.concatenate([[0], cuts, [len(sizes)]])).tolist()
    return list(pairwise(edges))


def _groups(
    corpus: _Corpus, starts: Array, lengths: Array, holders: tuple[Array, Array], max_groups: int | None
) -> list[CopyGroup]:
    """The groups in order: most reports, longest, text.

    A passage inside a longer one held by the very same reports is left out: the longer one
    comes first in that order (same count, longer), so it is always seen before.
    """
    ids, at = holders
    bounds = np.flatnonzero(np.concatenate([[True], ids[1:] != ids[:-1], [True]])).tolist()
    held = {int(ids[lo]): (lo, hi) for lo, hi in pairwise(bounds) if hi - lo >= 2}
    text, starts_, lengths_ = corpus.text, starts.tolist(), lengths.tolist()

    def passage(i: int) -> str:
        return text[starts_[i] : starts_[i] + lengths_[i]]

    order = sorted(held, key=lambda i: (held[i][0] - held[i][1], -lengths_[i], passage(i)))
    groups: list[CopyGroup] = []
    seen: dict[tuple[int, ...], list[str]] = {}  # passages already taken, by the reports holding them
    for i in order:
        words = passage(i)
        lo, hi = held[i]
        places = [p for p in at[lo:hi].tolist() if text[p : p + len(words)] == words]  # hashes can collide
        docs = tuple(corpus.doc_of(np.array(places, dtype=np.int64)).tolist())
        if len(docs) < 2 or "\n" in words:  # (a line break only by a hash collision)
            continue
        taken = seen.setdefault(docs, [])
        if any(words in longer for longer in taken):
            continue
        taken.append(words)
        groups.append(CopyGroup(words, tuple(sorted(corpus.places(places), key=_by_path))))
        if max_groups is not None and len(groups) >= max_groups:
            break
    return groups


def _by_path(place: Place) -> tuple[str, int]:
    return place.path, place.line
