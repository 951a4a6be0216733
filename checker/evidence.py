"""Stage 4 — find evidence: every sentence that mentions an item, with what a grader reads in it.

For each sentence that a rule of an item matches, a `Mention` records the matched words and
four signals the judge decides on:

- role — the part's role (work/problems/plans); within a work part a sentence that speaks
  of the future (下一步/将进一步/拟/next year) counts as a plan, and one that states a
  shortcoming or a negation (未/尚未/没有/有待/存在…问题) counts as a problem;
- strength — `match` (a rule of full evidence) or `weak` (a generic claim);
- concrete — the concrete details in the sentence: numbers with a measure word, 《named
  documents》, dates, channels and tools (门户网站, 执法记录仪), acts of a named leader, and
  the item's own signals;
- elements — for "at least k of" rules, which elements the sentence names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from .checklist import Checklist, Item
from .matchers import ItemMatcher, RuleMatcher
from .models import ParsedReport, Part, Role, Sentence
from .vocabulary import Vocabulary

CLAUSE_END = re.compile(r"[，；：,]")


@dataclass(frozen=True)
class Mention:
    sentence: Sentence
    role: Role  # effective role of the sentence
    strength: str  # "match" | "weak"
    terms: tuple[str, ...]
    concrete: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    negation: str = ""
    future: str = ""


@dataclass(frozen=True)
class SectionHit:
    """A part that a section item looks for."""

    path: str
    line: int
    role: Role
    has_body: bool


@dataclass
class ItemEvidence:
    item: Item
    mentions: list[Mention] = field(default_factory=list)
    sections: list[SectionHit] = field(default_factory=list)


def find_evidence(report: ParsedReport, checklist: Checklist) -> list[ItemEvidence]:
    signals = Signals(checklist, _future_pattern(checklist.words, report.year))
    # One pass of each item's prefilter over the whole text finds the sentences worth a look.
    text = "。".join(s.text for s in report.sentences)  # 。 stops every gap, so no match spans two
    starts = list(accumulate((len(s.text) + 1 for s in report.sentences[:-1]), initial=0))
    found = []
    for item in checklist.items:
        ev = ItemEvidence(item)
        matcher = checklist.matchers[item.id]
        if item.check == "section" and item.section is not None:
            ev.sections = _sections(report.root, item, matcher)
        if item.check != "signature":
            for i in _candidates(matcher, text, starts):
                mention = _mention(report.sentences[i], item, matcher, signals)
                if mention is not None:
                    ev.mentions.append(mention)
        found.append(ev)
    return found


def _candidates(matcher: ItemMatcher, text: str, starts: list[int]) -> list[int]:
    """Indexes of the sentences that hold one of the item's anchors (str.find is fast)."""
    words, pattern = matcher.anchor_words, matcher.anchor_pattern
    positions: set[int] = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            positions.add(at)
            at = text.find(word, at + 1)
    if pattern is not None:
        positions.update(m.start() for m in pattern.finditer(text))
    return sorted({bisect_right(starts, p) - 1 for p in positions})


@dataclass(frozen=True)
class Signals:
    """What the evidence stage reads sentences with: the checklist's signals and grammar."""

    checklist: Checklist
    future: re.Pattern[str]

    @property
    def negation(self) -> re.Pattern[str]:
        return self.checklist.words.regex("negation")


def _future_pattern(words: Vocabulary, year: int | None) -> re.Pattern[str]:
    if year is None:
        return words.regex("future")
    later = "|".join(str(y) for y in range(year + 1, year + 4))
    return words.regex("future", suffix=f"|(?:{later})年")


def _sections(root: Part, item: Item, matcher: ItemMatcher) -> list[SectionHit]:
    rule = item.section
    assert rule is not None
    hits = []
    for part in root.walk():
        if not part.rank:
            continue
        by_role = rule.role is not None and (
            (part.role == rule.role and (part.own_role or part.parent is root))
            or (part.mixed and not part.children and rule.role in (Role.PROBLEMS, Role.PLANS))
        )
        by_heading = part.titled and matcher.heading is not None and bool(matcher.heading.search(part.heading))
        if by_role or by_heading:
            hits.append(SectionHit(part.path, part.line, part.role, part.has_body()))
    return hits


def _mention(sentence: Sentence, item: Item, matcher: ItemMatcher, signals: Signals) -> Mention | None:
    text = _masked(sentence.text, matcher)
    strength, hit = "match", _first_hit(matcher.match, text)
    elements = _elements(matcher, text, sentence.part)
    if hit is None and not elements:
        strength, hit = "weak", _first_hit(matcher.weak, text)
        if hit is None:
            return None
    terms, pos = hit if hit is not None else (tuple(elements), 0)
    clause_end = _clause_end(text, pos)
    neg = signals.negation.search(text, _clause_start(text, pos), clause_end)
    # Only what comes before a future marker is reported as done: "…，拟聘请1名律师" is a plan.
    fut = signals.future.search(text)
    head = text[: fut.start()] if fut else text
    context = _masked(sentence.context, matcher)  # a heading's details are in its body
    context_fut = signals.future.search(context)
    detail_text = head + (context[: context_fut.start()] if context_fut else context)
    concrete = _concrete(detail_text, item, matcher, signals.checklist)
    is_future = fut is not None and (
        fut.start() < clause_end or (not concrete and _mentions(matcher, text[fut.end() :], sentence.part))
    )
    return Mention(
        sentence=sentence,
        role=_effective_role(sentence, is_future, bool(neg)),
        strength=strength,
        terms=terms,
        concrete=concrete,
        elements=tuple(elements),
        negation=neg.group() if neg else "",
        future=fut.group() if is_future and fut else ("下一步" if sentence.plan_context else ""),
    )


def _concrete(text: str, item: Item, matcher: ItemMatcher, checklist: Checklist) -> tuple[str, ...]:
    found = list(_found(checklist.concrete_regex, text)) if item.global_concrete else []
    if matcher.concrete is not None:
        found += _found(matcher.concrete, text)
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)
def _found(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """Cached: a sentence that several items mention is searched for details once."""
    return tuple(m.group() for m in pattern.finditer(text))


def _mentions(matcher: ItemMatcher, text: str, part: str) -> bool:
    return bool(_first_hit(matcher.match, text) or _first_hit(matcher.weak, text) or _elements(matcher, text, part))


def _masked(text: str, matcher: ItemMatcher) -> str:
    """The sentence with excluded phrases blanked out (same length, so positions hold)."""
    if matcher.exclude is None:
        return text
    return matcher.exclude.sub(lambda m: "□" * len(m.group()), text)


def _first_hit(rules: tuple[RuleMatcher, ...], text: str) -> tuple[tuple[str, ...], int] | None:
    for rule in rules:
        hit = _rule_hit(rule, text)
        if hit is not None:
            return hit
    return None


def _rule_hit(rule: RuleMatcher, text: str) -> tuple[tuple[str, ...], int] | None:
    scopes = [text] if rule.scope == "sentence" else CLAUSE_END.split(text)
    offset = 0
    for scope in scopes:
        matches = [p.search(scope) for p in rule.patterns]
        if all(matches):
            found = [m for m in matches if m is not None]
            return tuple(dict.fromkeys(m.group() for m in found)), offset + found[0].start()
        offset += len(scope) + 1
    return None


def _elements(matcher: ItemMatcher, text: str, part: str) -> list[str]:
    """Elements named in a sentence whose own words or part headings give the context."""
    rule = matcher.count
    if rule is None:
        return []
    if rule.context is not None and not rule.context.search(text + part):
        return []
    return [name for name, pattern in rule.elements.items() if pattern.search(text)]


def _clause_start(text: str, pos: int) -> int:
    starts = [m.end() for m in CLAUSE_END.finditer(text, 0, pos)]
    return starts[-1] if starts else 0


def _clause_end(text: str, pos: int) -> int:
    m = CLAUSE_END.search(text, pos)
    return m.start() if m else len(text)


def _effective_role(sentence: Sentence, future: bool, negated: bool) -> Role:
    if sentence.role is not Role.WORK:
        return sentence.role
    if future or sentence.plan_context:
        return Role.PLANS
    if negated:
        return Role.PROBLEMS
    return Role.WORK
