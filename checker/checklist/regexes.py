"""Regular expressions written in checklists are judged before they are used.

Every rule's regex is joined with others and run over every sentence of every report, so a
pattern must

- compile, and not match empty text (every sentence would count);
- stand alone: no global flag such as ``(?i)`` (write ``(?i:…)``), no named group, no back-reference
  — once patterns are joined these change meaning or fail;
- never backtrack catastrophically on a hostile report. Four shapes are refused, found on the
  parse tree: an unbounded quantifier inside a repeated group (``(a+)+``); a long repetition of
  alternatives that can begin alike (``(a|b?a)+``); variable-length pieces in a row that can match
  the same characters, whose ways of splitting multiply past ``LIMIT`` (``\\d+\\d+``,
  ``[^。]*执法[^。]*``); a repeated group whose repetitions can split the text in ever more ways
  (``(a?a)+``, ``(a{1,1000}){1,1000}``). With sentences capped in length (parse.py), every accepted
  pattern costs at most ``LIMIT`` steps per starting position.

PASS: ``公示[^。]{0,20}执法``, ``\\d+(?:\\.\\d+)?``    FAIL: ``(法+)+``, ``(?:法|法治)+``, ``a*``, ``\\d+\\d+x``
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from re import _constants as sre_constants  # type: ignore[attr-defined]  # (not in typeshed)
from re import _parser as sre  # type: ignore[attr-defined]  # the stdlib's regex parser: risky shapes are found on its tree
from typing import Annotated, Any

from pydantic import AfterValidator

REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
LIMIT = 1000  # ways one starting position may be split: the product of overlapping pieces' lengths
BUDGET = 2 * LIMIT  # the most all the regexes of one checklist file may cost together (see `cost`)
LONG = 10  # a group repeated more often than this multiplies any ambiguity past LIMIT
INF = float("inf")
NESTED = "被重复的分组内又有无上限的量词（+、*、{n,}），如 (a+)+；请改用有上限的 {0,n}，或去掉一层重复"
OVERLAP = "重复的分组中有开头可能相同的分支，如 (?:x|xy)+、(a|b?a)+；请合并分支，或改用有上限的 {1,n}"
ADJACENT = (
    "相连的几段可长可短的重复能匹配相同的字，如 \\d+\\d+、[^。]*执法[^。]*：拆分方式成倍增长；"
    f"请合并为一段，或用有上限的 {{0,n}}（各段长度之积不超过 {LIMIT}）"
)
ITERATED = (
    "被重复的分组每次可长可短，前后两次又能匹配相同的字，如 (a?a)+、(a{1,1000}){1,1000}：拆分方式按次数成倍增长；"
    "请让每次重复以固定的字结尾，或去掉一层重复"
)
GLOBAL_FLAG = "不支持全局标志（如 (?i)）：规则会被拼接使用；请改用只作用于一段的 (?i:…)"
NAMED = "不支持命名分组 (?P<名称>…)：规则会被拼接使用；请改用 (?:…)"
BACKREF = "不支持反向引用（\\1、(?P=名称)、(?(1)…)）：规则会被拼接使用，分组编号会变"
ALLOWED_FLAGS = sre_constants.SRE_FLAG_UNICODE


def compile_regex(pattern: str) -> re.Pattern[str]:
    """The compiled pattern, or a ValueError with a Chinese reason: invalid, matches empty text,
    not self-contained, or may backtrack catastrophically."""
    try:
        compiled = re.compile(pattern)
        tree = sre.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise ValueError(f"正则表达式无效：'{pattern}'（{exc}）") from exc
    if compiled.fullmatch(""):
        raise ValueError(f"正则表达式会匹配空文本（任何句子都算命中）：'{pattern}'")
    problem = _not_self_contained(tree) or backtracking_risk(pattern)
    if problem:
        kind = "可能灾难性回溯" if problem in (NESTED, OVERLAP, ADJACENT, ITERATED) else "不能使用"
        raise ValueError(f"正则表达式{kind}：'{pattern}'（{problem}）")
    return compiled


def _not_self_contained(tree: Any) -> str | None:
    if tree.state.flags & ~ALLOWED_FLAGS:
        return GLOBAL_FLAG
    if tree.state.groupdict:
        return NAMED
    if _has_reference(list(tree)):
        return BACKREF
    return None


def _has_reference(nodes: list) -> bool:
    for op, av in nodes:
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return True
        if any(_has_reference(sub) for sub in sub_patterns(op, av)):
            return True
    return False


@lru_cache(maxsize=4096)  # a concept's pattern is judged again inside every rule that names it
def backtracking_risk(pattern: str) -> str | None:
    """Why a valid pattern may backtrack catastrophically, or None (see the module docstring)."""
    nodes = list(sre.parse(pattern))
    return _nested(nodes, repeated=False) or Analysis(nodes).risk(nodes)


@lru_cache(maxsize=4096)
def cost(pattern: str) -> float:
    """Steps a safe pattern may take at every starting position of a text: the ways the
    variable-length pieces it starts with may split the text, up to its first piece of fixed
    words (`(?:制定|印发)`, `《`). What follows such words is tried only where they stand, so a
    pattern that starts with words costs 1. Each pattern is within LIMIT, but a file of many
    costly ones multiplies a report's time by their number: a checklist file's total is held to
    BUDGET (checks.py)."""
    nodes = list(sre.parse(pattern))
    analysis = Analysis(nodes)
    shapes = [analysis.shape(n) for n in nodes]
    lead = next((i for i, s in enumerate(shapes) if _fixed_words(s)), len(shapes))
    return max(_ways_in_a_row(shapes[:lead]), 1)


def _fixed_words(shape: Shape) -> bool:
    """A piece that must match and can start only with the pattern's own characters (not with
    any of the characters that stand for whole classes: a literal or a choice of words)."""
    return shape.low > 0 and not shape.nullable and not (shape.first & {ord(c) for c in SAMPLES})


def _nested(nodes: list, repeated: bool) -> str | None:
    """An unbounded quantifier inside a repeated group: (a+)+, (\\d*)*, (.+)*."""
    for op, av in nodes:
        if op in REPEATS:
            _, high, body = av
            if repeated and high == sre.MAXREPEAT:
                return NESTED
            found = _nested(list(body), repeated or high > 1)
        else:
            found = next((r for sub in _children(op, av) if (r := _nested(sub, repeated))), None)
        if found:
            return found
    return None


def _children(op: Any, av: Any) -> list[list]:
    """The sub-patterns of one node that can backtrack (none inside atomic groups and possessive
    repeats, whose choices are never revisited)."""
    if op is sre.SUBPATTERN:
        return [list(av[3])]
    if op is sre.BRANCH:
        return [list(alt) for alt in av[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op is sre.GROUPREF_EXISTS:
        return [list(p) for p in av[1:] if p is not None]
    if op in REPEATS:
        return [list(av[2])]
    return []


def sub_patterns(op: Any, av: Any) -> list[list]:
    """Every sub-pattern of one node, atomic groups and possessive repeats included: for checks
    that look at what a pattern contains rather than how it backtracks."""
    if op is sre.ATOMIC_GROUP:
        return [list(av)]
    if op is sre.POSSESSIVE_REPEAT:
        return [list(av[2])]
    return _children(op, av)


@dataclass(frozen=True)
class Shape:
    """What a piece of pattern can match: the characters it may start with, all the characters it
    may consume (both as sets of representative characters), and its shortest and longest length."""

    first: frozenset[int]
    chars: frozenset[int]
    low: float
    high: float
    fixed: bool = False  # atomic or possessive: it never gives characters back

    @property
    def ways(self) -> float:
        """How many lengths backtracking may try for this piece."""
        return 1 if self.fixed else self.high - self.low + 1

    @property
    def nullable(self) -> bool:
        return self.low == 0


EMPTY = Shape(frozenset(), frozenset(), 0, 0)
# Characters that stand for whole classes when two classes are compared: two classes built of
# literals, ranges and categories share a character only if they share one of these or one of
# the pattern's own literals and range ends.
SAMPLES = "05a_Z中。，、 \n٣\ue000-."


class Analysis:
    """Shapes of a parsed pattern's pieces, and the catastrophic shapes among them."""

    def __init__(self, nodes: list) -> None:
        found: set[int] = {ord(c) for c in SAMPLES}
        _collect(nodes, found)
        self.universe = frozenset(found)
        self._shapes: dict[int, Shape] = {}  # by id of a node of this parse tree (alive as long as we are)

    def risk(self, nodes: list) -> str | None:
        """The first risky shape in this sequence or anything inside it."""
        if _ways_in_a_row([self.shape(n) for n in nodes]) > LIMIT:
            return ADJACENT
        for op, av in nodes:
            found = self._repeat_risk(av) if op in REPEATS else None
            found = found or next((r for sub in _children(op, av) if (r := self.risk(sub))), None)
            if found:
                return found
        return None

    def _repeat_risk(self, av: Any) -> str | None:
        _, high, body = av
        if high <= 1:
            return None
        times = INF if high == sre.MAXREPEAT else high
        alternatives = self._alternatives(list(body))
        if times > LONG and alternatives and _first_overlap(alternatives):
            return OVERLAP
        shapes = [self.shape(n) for n in body]
        ways = _ways_in_a_row(shapes + shapes)  # the end of one repetition against the next one's start
        if ways > 1 and ways ** min(times - 1, 8) > LIMIT:
            return ITERATED
        return None

    def _alternatives(self, nodes: list) -> list[Shape]:
        """The alternatives of a group's top-level branch (a group of one branch)."""
        while len(nodes) == 1 and nodes[0][0] is sre.SUBPATTERN:
            nodes = list(nodes[0][1][3])
        for op, av in nodes:
            if op is sre.BRANCH:
                return [self.sequence([*alt, *nodes[nodes.index((op, av)) + 1 :]]) for alt in av[1]]
        return []

    def shape(self, node: tuple) -> Shape:
        found = self._shapes.get(id(node))
        if found is None:
            found = self._shapes[id(node)] = self._shape(node)
        return found

    def _shape(self, node: tuple) -> Shape:
        op, av = node
        if op in REPEATS:
            low, high, body = av
            inner = self.sequence(list(body))
            top = INF if high == sre.MAXREPEAT else high
            return Shape(inner.first if top else frozenset(), inner.chars, low * inner.low, top * inner.high)
        if op is sre.POSSESSIVE_REPEAT:
            inner = self._shape((sre.MAX_REPEAT, av))  # a tuple of our own: never cached by id
            return Shape(inner.first, inner.chars, inner.low, inner.high, fixed=True)
        if op is sre.ATOMIC_GROUP:
            inner = self.sequence(list(av))
            return Shape(inner.first, inner.chars, inner.low, inner.high, fixed=True)
        if op is sre.SUBPATTERN:
            return self.sequence(list(av[3]))
        if op is sre.BRANCH:
            alts = [self.sequence(list(alt)) for alt in av[1]]
            first = frozenset().union(*(a.first for a in alts))
            chars = frozenset().union(*(a.chars for a in alts))
            return Shape(first, chars, min(a.low for a in alts), max(a.high for a in alts))
        matched = self._one_char(op, av)
        if matched is None:  # anchors, assertions, references: consume nothing we track
            return EMPTY
        return Shape(matched, matched, 1, 1)

    def sequence(self, nodes: list) -> Shape:
        first: set[int] = set()
        chars: set[int] = set()
        low = high = 0.0
        starting = True
        for node in nodes:
            s = self.shape(node)
            if starting:
                first |= s.first
                starting = s.nullable
            chars |= s.chars
            low, high = low + s.low, high + s.high
        return Shape(frozenset(first), frozenset(chars), low, high)

    def _one_char(self, op: Any, av: Any) -> frozenset[int] | None:
        if op is sre.LITERAL:
            return frozenset({av})
        if op is sre.NOT_LITERAL:
            return self.universe - {av}
        if op is sre.ANY:
            return self.universe - {ord("\n")}
        if op is sre.IN:
            return frozenset(c for c in self.universe if _in_class(c, av))
        return None


def _ways_in_a_row(shapes: list[Shape]) -> float:
    """The most ways a run of variable-length pieces may split the same text: pieces count
    together while each can take characters the ones before it could also have taken."""
    worst: float = 1
    run: list[Shape] = []  # pieces whose end is still in doubt
    for s in shapes:
        if s.high == 0:
            continue
        touching = [a for a in run if a.chars & s.first]
        if s.ways > 1 and touching:
            worst = max(worst, _product([s, *touching]))
        run = [a for a in run if s.nullable or (a in touching and s.chars <= a.chars)]
        if s.ways > 1:
            run.append(s)
    return worst


def _product(pieces: list[Shape]) -> float:
    """Ways to split text among pieces that compete for it. One unbounded piece costs the length of
    the sentence, as any lone ``\\d+`` does (and sentences are capped); two cost its square."""
    unbounded = [p for p in pieces if p.ways == INF]
    if len(unbounded) > 1:
        return INF
    product: float = 1
    for p in pieces:
        product *= 1 if p.ways == INF else p.ways
    return product


def _first_overlap(alternatives: list[Shape]) -> bool:
    """Two alternatives that can begin with the same character (or one that can be empty)."""
    if any(a.high == 0 or a.nullable for a in alternatives):
        return True
    seen: set[int] = set()
    for a in alternatives:
        if seen & a.first:
            return True
        seen |= a.first
    return False


def _collect(nodes: list, found: set[int]) -> None:
    """Every literal and range end of the pattern: the characters its classes are told apart by."""
    for op, av in nodes:
        if op in (sre.LITERAL, sre.NOT_LITERAL):
            found.add(av)
        elif op is sre.IN:
            for kind, value in av:
                if kind is sre.LITERAL:
                    found.add(value)
                elif kind is sre.RANGE:
                    found.update(value)
        for sub in sub_patterns(op, av):
            _collect(sub, found)


CATEGORIES = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _in_class(code: int, items: list) -> bool:
    char = chr(code)
    negate = bool(items) and items[0][0] is sre.NEGATE
    hit = False
    for kind, value in items[1:] if negate else items:
        if kind is sre.LITERAL:
            hit = code == value
        elif kind is sre.RANGE:
            hit = value[0] <= code <= value[1]
        elif kind is sre.CATEGORY:
            hit = CATEGORIES.get(value, lambda c: True)(char)
        if hit:
            break
    return hit != negate


REFERENCE = re.compile(r"\$\{([a-z][a-z0-9_]{0,39})\}")  # ${concept} inside a checklist regex


def _checked(pattern: str) -> str:
    """A checklist regex as written; concept references are judged once expanded."""
    compile_regex(REFERENCE.sub("x", pattern))
    return pattern


Regex = Annotated[str, AfterValidator(_checked)]
