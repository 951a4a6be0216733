"""Regular expressions written in checklists are judged before they are used.

A pattern must compile, must not match empty text (every sentence would count), and must not
nest an unbounded quantifier inside a repeated group (``(a+)+``) or repeat alternatives that
begin alike (``(?:x|xy)+``): both can backtrack catastrophically on a hostile report.

PASS: ``公示[^。]{0,20}执法``    FAIL: ``(法+)+``, ``(?:法|法治)+``, ``a*``
"""

from __future__ import annotations

import re
from re import _parser as sre  # the stdlib's own regex parser: risky shapes are found on its tree
from typing import Annotated, Any

from pydantic import AfterValidator

REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
NESTED = "被重复的分组内又有无上限的量词（+、*、{n,}），如 (a+)+；请改用有上限的 {0,n}，或去掉一层重复"
OVERLAP = "无上限重复的分组中有开头相同的分支，如 (?:x|xy)+；请合并分支，或改用有上限的 {1,n}"


def compile_regex(pattern: str) -> re.Pattern[str]:
    """The compiled pattern, or a ValueError with a Chinese reason: invalid, matches empty text,
    or may backtrack catastrophically."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"正则表达式无效：'{pattern}'（{exc}）") from exc
    if compiled.fullmatch(""):
        raise ValueError(f"正则表达式会匹配空文本（任何句子都算命中）：'{pattern}'")
    risk = backtracking_risk(pattern)
    if risk:
        raise ValueError(f"正则表达式可能灾难性回溯：'{pattern}'（{risk}）")
    return compiled


def backtracking_risk(pattern: str) -> str | None:
    """Why a valid pattern may backtrack catastrophically, or None.

    Two shapes, found on the parse tree: a repeated group whose body holds an unbounded
    quantifier ((a+)+, (\\d*)*, (.+)*), and an unbounded repetition of alternatives that begin
    alike ((?:x|xy)+, (a|aa)+). Atomic groups and possessive quantifiers never backtrack."""
    return _risk(list(sre.parse(pattern)), repeated=False)


def _risk(nodes: list, repeated: bool) -> str | None:
    for op, av in nodes:
        if op in REPEATS:
            _, high, body = av
            if repeated and high == sre.MAXREPEAT:
                return NESTED
            if high == sre.MAXREPEAT and _alternatives_overlap(list(body)):
                return OVERLAP
            found = _risk(list(body), repeated or high > 1)
        else:
            found = next((r for sub in _children(op, av) if (r := _risk(sub, repeated))), None)
        if found:
            return found
    return None


def _children(op: Any, av: Any) -> list[list]:
    """The sub-patterns of one node (none inside atomic groups and possessive repeats)."""
    if op is sre.SUBPATTERN:
        return [list(av[3])]
    if op is sre.BRANCH:
        return [list(alt) for alt in av[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op is sre.GROUPREF_EXISTS:
        return [list(p) for p in av[1:] if p is not None]
    return []


def _alternatives_overlap(nodes: list) -> bool:
    """A branch (outside nested repeats) whose alternatives can begin with the same character.
    The parser factors a shared literal prefix out, so (?:x|xy) arrives as x(?:|y)."""
    for op, av in nodes:
        if op is sre.BRANCH:
            alts = [list(alt) for alt in av[1]]
            if any(not alt for alt in alts) or _first_overlap([alt[0] for alt in alts]):
                return True
        if op not in REPEATS and any(_alternatives_overlap(c) for c in _children(op, av)):
            return True
    return False


def _first_overlap(firsts: list[tuple]) -> bool:
    seen: list[tuple[str, set[int] | None]] = []
    for node in firsts:
        key, chars = repr(node), _literal_chars(node)
        if any(key == k or (chars and c and chars & c) for k, c in seen):
            return True
        seen.append((key, chars))
    return False


def _literal_chars(node: tuple) -> set[int] | None:
    op, av = node
    if op is sre.LITERAL:
        return {av}
    if op is sre.IN and all(o is sre.LITERAL for o, _ in av):
        return {v for _, v in av}
    return None


REFERENCE = re.compile(r"\$\{([a-z][a-z0-9_]{0,39})\}")  # ${concept} inside a checklist regex


def _checked(pattern: str) -> str:
    """A checklist regex as written; concept references are judged once expanded."""
    compile_regex(REFERENCE.sub("x", pattern))
    return pattern


Regex = Annotated[str, AfterValidator(_checked)]
