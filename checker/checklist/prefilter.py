"""What lets the engine skip text: found on a pattern's parse tree, never by running it.

- **required ways** — the ways a match can be made, each as sets of words it holds one of (as
  RE2's prefilter finds them): the anchor scanner looks for all items' words with one automaton
  and hands an item only the sentences that hold a word of every set of one way;
- **required literals** — one set of words every match holds one of (the ways, made one): a
  sentence with none of a reading concept's words is not read clause by clause;
- **part implies whole** — a pattern whose match inside a clause implies one in the whole sentence:
  a sentence it misses is skipped for every clause at once;
- **first characters** — the characters a match can begin with: `compile_pattern` puts them in
  front as a guard, so that the engine passes over every other position at once;
- **looks before** — whether a match may depend on the text before it starts: one that never does
  is matched in place at a clause, without cutting the clause out.

PASS (a guard): ``\\d+次|《[^》]+》`` → ``(?=[\\d《])(?:…)``  ·  none needed: ``法律顾问``, ``[镇乡]长``
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from re import _compiler as sre_compiler  # type: ignore[attr-defined]
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

from .regexes import REPEATS, Analysis, sub_patterns

# ---------------------------------------------------------------- literals every match contains

MAX_CHOICES = 40  # texts an exact stretch may join into (宣[传讲] → 2); more are left as they are


@lru_cache(maxsize=4096)
def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` contains, or None when there are none to find (a
    match may be all digits, or the pattern ignores case): of each way it can match, the set most
    telling. A sentence with none of a reading concept's words is not read clause by clause."""
    ways = required_ways(pattern)
    return None if ways is None else tuple(sorted(_one_way([list(way) for way in ways])[0]))


def literal_gate(patterns: list[re.Pattern[str] | None]) -> re.Pattern[str] | None:
    """One pattern for the words that every match of any of `patterns` contains: text it misses,
    and every slice of that text, none of them matches. None when some pattern has no such words."""
    return _gate(tuple(p.pattern if p is not None else None for p in patterns))


@lru_cache(maxsize=1024)
def _gate(patterns: tuple[str | None, ...]) -> re.Pattern[str] | None:
    """`literal_gate` by the patterns' text: a reader is made for every report, with the same gates."""
    words: set[str] = set()
    for pattern in patterns:
        found = required_literals(pattern) if pattern is not None else ()
        if found is None:
            return None
        words.update(found)
    return re.compile("|".join(re.escape(w) for w in sorted(words))) if words else None


# ---------------------------------------------------------------- ways a match can be made

MAX_WAYS = 8  # more ways to match are looked for as one (`_one_way`)
Way = tuple[frozenset[str], ...]  # a match made this way contains a word of every set


@lru_cache(maxsize=4096)
def required_ways(pattern: str) -> tuple[Way, ...] | None:
    """The ways a match of `pattern` can be made, each as the sets of words it contains one of, or
    None when a match may contain no word at all. Finer than `required_literals`, which keeps one
    set: ``(执法|检查)…(普法|释法)|以案释法`` needs 执法/检查 *and* 普法/释法, or 以案释法 — a sentence
    with 执法 alone is passed over. A set of single characters is dropped beside longer words (any
    set may be dropped: what is left is still needed, only less telling)."""
    tree = sre.parse(pattern)
    if tree.state.flags & sre_constants.SRE_FLAG_IGNORECASE:
        return None
    ways = _ways(list(tree))
    if not all(ways):
        return None
    return tuple(dict.fromkeys(telling(way) for way in ways))


def _ways(nodes: list) -> list[list[frozenset[str]]]:
    """A sequence: every element is needed, so each way takes one way of each element (one way in
    all when they would multiply beyond MAX_WAYS). Elements that match one of a few exact texts join into words
    (宣[传讲] → 宣传 or 宣讲: the parser factors 宣传|宣讲 so)."""
    ways: list[list[frozenset[str]]] = [[]]
    run = {""}  # the texts the elements since the last set match exactly
    for op, av in [*nodes, (None, None)]:
        exact = _exact(op, av)
        if exact is not None and len(run) * len(exact) <= MAX_CHOICES:
            run = {a + b for a in run for b in exact}
            continue
        if "" not in run:  # a run that may match nothing needs no word
            ways = [[*way, frozenset(run)] for way in ways]
        run = {""}
        if exact is not None:
            run = exact
            continue
        element = _element_ways(op, av)
        if element != [[]]:
            product = [[*way, *more] for way in ways for more in element]
            ways = product if len(product) <= MAX_WAYS else [[*_one_way(ways), *_one_way(element)]]
    return ways


def _exact(op: Any, av: Any) -> set[str] | None:
    """The few texts an element matches, when it matches nothing else (a word, a class of
    characters, a choice of words); None otherwise."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN and av and all(kind is sre.LITERAL for kind, _ in av) and len(av) <= MAX_CHOICES:
        return {chr(value) for _, value in av}
    if op is sre.SUBPATTERN and not av[1] and not av[2]:
        return _exact_sequence(list(av[3]))
    if op in REPEATS and av[0] in (0, 1) and av[1] == 1:  # X? (or X{1}): X, or nothing
        body = _exact_sequence(list(av[2]))
        return None if body is None else body | ({""} if av[0] == 0 else set())
    if op is sre.BRANCH:
        texts: set[str] = set()
        for alternative in av[1]:
            more = _exact_sequence(list(alternative))
            if more is None:
                return None
            texts |= more
        return texts if len(texts) <= MAX_CHOICES else None
    return None


def _exact_sequence(nodes: list) -> set[str] | None:
    texts = {""}
    for op, av in nodes:
        more = _exact(op, av)
        if more is None or len(texts) * len(more) > MAX_CHOICES:
            return None
        texts = {a + b for a in texts for b in more}
    return texts


def _element_ways(op: Any, av: Any) -> list[list[frozenset[str]]]:
    """An element's ways; [[]] when it needs no word (., [^…], a look-around, an optional part)."""
    if op is sre.SUBPATTERN:
        return [[]] if av[1] & sre_constants.SRE_FLAG_IGNORECASE else _ways(list(av[3]))
    if op is sre.ATOMIC_GROUP:
        return _ways(list(av))
    if op in (*REPEATS, sre.POSSESSIVE_REPEAT):
        return _ways(list(av[2])) if av[0] >= 1 else [[]]
    if op is not sre.BRANCH:
        return [[]]
    out: list[list[frozenset[str]]] = []
    for alternative in av[1]:
        ways = _ways(list(alternative))
        if not all(ways):
            return [[]]  # one alternative needs no word, so the choice needs none
        out += ways
    # the alternatives of one set each are one set: a word of any of them
    single = [way[0] for way in out if len(way) == 1]
    out = ([[frozenset().union(*single)]] if single else []) + [way for way in out if len(way) > 1]
    return out if len(out) <= MAX_WAYS else [_one_way(out)]


def _one_way(ways: list[list[frozenset[str]]]) -> list[frozenset[str]]:
    """Ways as one: a word of each way's most telling set (longest shortest word, then fewest
    words), whichever way a match takes; no set when some way needs no word."""
    if not ways or not all(ways):
        return []
    return [frozenset().union(*(max(way, key=lambda words: (min(map(len, words)), -len(words))) for way in ways))]


def telling(way: Iterable[frozenset[str]]) -> Way:
    """The sets of a way worth looking for: those of longer words; when every set holds a single
    character (a character a report writes on every line), only the smallest. Any set may be left
    out — what is left is still needed, only less telling. In a fixed order."""
    sets = {_shortest(words) for words in way}
    longer = [words for words in sets if min(map(len, words)) > 1]
    chosen = longer or [min(sets, key=lambda words: (len(words), sorted(words)))] if sets else []
    return tuple(sorted(chosen, key=sorted))


def _shortest(words: frozenset[str]) -> frozenset[str]:
    """The set without words that hold another of its words (主要负责人 holds 负责人): text with one
    of those holds one of the rest, and each would be one more hit of the automaton."""
    if len(words) > MAX_CHOICES * 5:  # a concept of hundreds of words: not worth the quadratic look
        return words
    return frozenset(w for w in words if not any(v != w and v in w for v in words))


# ---------------------------------------------------------------- matching in place


@lru_cache(maxsize=4096)
def looks_before(pattern: str) -> bool:
    """Whether a match may depend on the text before where it starts (a look-behind, ^, \\b). A
    pattern that never does matches at `pos` exactly as on the text cut there, without the cut."""
    return _looks_before(list(sre.parse(pattern)))


def _looks_before(nodes: list) -> bool:
    for op, av in nodes:
        if op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] < 0:
            return True
        if op is sre.AT and av not in (sre.AT_END, sre.AT_END_STRING, sre.AT_END_LINE):
            return True
        if any(_looks_before(sub) for sub in sub_patterns(op, av)):
            return True
    return False


# ---------------------------------------------------------------- searching a part as the whole

SEPARATORS = frozenset(map(ord, "，；：,。！？；"))  # what follows a clause or a sentence
EDGES = {sre.AT_END, sre.AT_END_STRING, sre.AT_END_LINE, sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY,
         sre.AT_UNI_BOUNDARY, sre.AT_UNI_NON_BOUNDARY, sre.AT_LOC_BOUNDARY, sre.AT_LOC_NON_BOUNDARY}


@lru_cache(maxsize=4096)
def part_matches_imply_whole(pattern: str) -> bool:
    """True when a match inside a clause (`search(text, a, b)`) implies a match in the whole
    sentence: the pattern tests no end or word boundary, and no negative lookahead of it can begin
    with what follows a clause (，；：。…). Then a sentence the pattern misses is skipped for every
    clause of it at once."""
    nodes = list(sre.parse(pattern))
    return _monotone(nodes, Analysis(nodes))


def _monotone(nodes: list, analysis: Analysis) -> bool:
    for op, av in nodes:
        if op is sre.AT and av in EDGES:
            return False
        if op is sre.ASSERT_NOT and av[0] == 1:  # a negative lookahead
            body = analysis.sequence(list(av[1]))
            if body.nullable or body.first & SEPARATORS or not body.first:
                return False
        if op is sre.GROUPREF_EXISTS:
            return False
        if not all(_monotone(sub, analysis) for sub in sub_patterns(op, av)):
            return False
    return True


# ---------------------------------------------------------------- characters a match may hold

MAX_RANGE = 200  # characters of a class range (一-十 …) listed one by one; a wider one may be almost any


@lru_cache(maxsize=256)
def consumed_characters(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` may consume, but for digits (\\d) and spaces (\\s); None
    when it may consume almost any (., [^…], \\w, \\D, a wide range) or a flag changes case. What a
    look-around reads is not consumed. Text that holds many characters outside these keeps them
    once every match is taken out: a telegram (执法公示5条) is read only where that is short."""
    tree = sre.parse(pattern)
    if tree.state.flags & sre_constants.SRE_FLAG_IGNORECASE:
        return None
    found: set[str] = set()
    return frozenset(found) if _consumed(list(tree), found) else None


def _consumed(nodes: list, found: set[str]) -> bool:
    """Add the characters `nodes` may consume to `found`; False when that may be almost any."""
    for op, av in nodes:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # reads, consumes nothing
        if op is sre.LITERAL:
            found.add(chr(av))
        elif op is sre.IN:
            if not _class_characters(av, found):
                return False
        elif op in (sre.SUBPATTERN, sre.BRANCH, sre.ATOMIC_GROUP, *REPEATS, sre.POSSESSIVE_REPEAT):
            if op is sre.SUBPATTERN and (av[1] or av[2]):
                return False  # (?i:…) and the like
            if not all(_consumed(sub, found) for sub in sub_patterns(op, av)):
                return False
        else:
            return False  # ., [^…] as NOT_LITERAL, a group reference …
    return True


def _class_characters(items: list, found: set[str]) -> bool:
    for op, av in items:
        if op is sre.LITERAL:
            found.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MAX_RANGE:
            found.update(map(chr, range(av[0], av[1] + 1)))
        elif not (op is sre.CATEGORY and av in (sre.CATEGORY_DIGIT, sre.CATEGORY_SPACE)):
            return False  # a negated class, \w, \D, a wide range …
    return True


# ---------------------------------------------------------------- first characters


def compile_pattern(regex: str) -> re.Pattern[str]:
    """`re.compile`, with a guard in front naming the characters a match can begin with, where the
    engine has no such guard of its own. Python's engine skips ahead by itself only when a pattern
    opens with a word or a character class; the concrete details (一名|(?<![第届])\\d+…次|《…》|…)
    open with a look-behind, so every alternative was tried at every character (3× slower). The
    guard changes no match: it names only characters that every match begins with."""
    tree = sre.parse(regex)
    if tree.state.flags != sre_constants.SRE_FLAG_UNICODE or _engine_skips(tree, tree.state.flags):
        return re.compile(regex)
    if list(tree[:1]) in ([(sre.AT, sre.AT_BEGINNING)], [(sre.AT, sre.AT_BEGINNING_STRING)]):
        return re.compile(regex)  # ^…: the engine tries the start only, where a guard would try every character
    first = _first_chars(list(tree))
    if first is None or first[1]:  # unknown, or the pattern can match empty text
        return re.compile(regex)
    return re.compile(f"(?=[{''.join(sorted(first[0]))}])(?:{regex})")


def _engine_skips(tree: Any, flags: int) -> bool:
    """The engine's own guard: a literal prefix, or a set of first characters (re._compiler)."""
    return bool(sre_compiler._get_literal_prefix(tree, flags)[0] or sre_compiler._get_charset_prefix(tree, flags))


def _first_chars(nodes: list) -> tuple[set[str], bool] | None:
    """(the class items a match of `nodes` can begin with, whether it can be empty); None when a
    match may begin with almost anything (., [^…], \\D …) or a flag changes case."""
    out: set[str] = set()
    for i, (op, av) in enumerate(nodes):
        rest = list(nodes[i + 1 :])
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: the first character comes after it
        if op is sre.LITERAL:
            return out | {re.escape(chr(av))}, False
        if op is sre.IN:
            items = _class_items(av)
            return None if items is None else (out | items, False)
        if op is sre.BRANCH or op is sre.SUBPATTERN:
            if op is sre.SUBPATTERN and (av[1] or av[2]):
                return None  # (?i:…) and the like
            alternatives = av[1] if op is sre.BRANCH else [av[3]]
            empty = False
            for alt in alternatives:
                found = _first_chars([*alt, *rest])
                if found is None:
                    return None
                out |= found[0]
                empty = empty or found[1]
            return out, empty
        if op in (*REPEATS, sre.POSSESSIVE_REPEAT):
            found = _first_chars(list(av[2]))
            if found is None:
                return None
            out |= found[0]
            if av[0] >= 1 and not found[1]:
                return out, False
            continue  # may be absent: what follows may begin the match too
        return None  # ., [^…], a group reference, an atomic group …
    return out, True


CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_SPACE: r"\s"}


def _class_items(items: list) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in CATEGORIES:
            out.add(CATEGORIES[av])
        else:
            return None  # a negated class, \D, \W, \S …
    return out
