"""An item's rules compiled against the checklist's vocabulary, once per checklist.

The YAML says ``all: [[$leader], [主持召开, 听取]]``; the evidence stage needs one regular
expression per condition, with each ``$concept`` replaced by the concept's words. It also needs
the item's anchors: words (or patterns) one of which every match contains, so that a sentence
without any of them is skipped without a look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .checklist import CountRule, Item, Rule
from .vocabulary import Vocabulary

Pattern = re.Pattern[str]


@dataclass(frozen=True)
class RuleMatcher:
    """A rule: every pattern must match inside one scope (a sentence or a clause)."""

    patterns: tuple[Pattern, ...]
    scope: str
    review: str = ""  # why a status this rule decides is borderline
    concrete: Pattern | None = None  # details that count when this rule matched, beside the item's


@dataclass(frozen=True)
class CountMatcher:
    need: int
    context: Pattern | None
    elements: dict[str, Pattern]


@dataclass(frozen=True)
class ItemMatcher:
    match: tuple[RuleMatcher, ...]
    weak: tuple[RuleMatcher, ...]
    exclude: Pattern | None = None
    concrete: Pattern | None = None
    count: CountMatcher | None = None
    heading: Pattern | None = None  # section items: words of the part's heading
    anchor_words: tuple[str, ...] = ()
    anchor_pattern: Pattern | None = None


def compile_item(item: Item, words: Vocabulary) -> ItemMatcher:
    rules = [*item.match, *item.weak]
    anchor_words: list[str] = []
    anchor_regexes: list[str] = []
    for rule in rules:
        found, regexes = _rule_anchors(rule, words)
        anchor_words += found
        anchor_regexes += regexes
    if item.count is not None:
        for terms in item.count.of.values():
            for term in terms:
                found, regexes = words.anchors(term)
                anchor_words += found
                anchor_regexes += regexes
    return ItemMatcher(
        match=tuple(_rule(r, words) for r in item.match),
        weak=tuple(_rule(r, words) for r in item.weak),
        exclude=_alternatives([words.expand(r) for r in item.exclude]),
        concrete=_alternatives([words.expand(r) for r in item.concrete]),
        count=_count(item.count, words) if item.count is not None else None,
        heading=_alternatives([words.terms(item.section.heading)]) if item.section and item.section.heading else None,
        anchor_words=tuple(dict.fromkeys(anchor_words)),
        anchor_pattern=_alternatives(list(dict.fromkeys(anchor_regexes))),
    )


def _rule(rule: Rule, words: Vocabulary) -> RuleMatcher:
    """One compiled pattern per condition: all of them must match."""
    patterns = []
    if rule.any:
        patterns.append(re.compile(words.terms(rule.any)))
    patterns.extend(re.compile(words.terms(group)) for group in rule.all)
    if rule.regex:
        patterns.append(re.compile(words.expand(rule.regex)))
    concrete = _alternatives([words.expand(r) for r in rule.concrete])
    return RuleMatcher(tuple(patterns), rule.scope, rule.review, concrete)


def _rule_anchors(rule: Rule, words: Vocabulary) -> tuple[list[str], list[str]]:
    """What every match of the rule contains: a word of `any`, or of the `all` group with the
    fewest words (a group without regexes when there is one); the regex itself otherwise."""
    if rule.regex:
        return [], [f"(?:{words.expand(rule.regex)})"]
    groups = [rule.any] if rule.any else rule.all
    if rule.scope == "subject" and not rule.any and len(groups) > 1:
        groups = groups[1:]  # the actor (the first group) may be implied by the sentence before
    options = [_group_anchors(g, words) for g in groups]
    return min(options, key=lambda o: (bool(o[1]), len(o[0]) + len(o[1])))


def _group_anchors(terms: list[str], words: Vocabulary) -> tuple[list[str], list[str]]:
    found: list[str] = []
    regexes: list[str] = []
    for term in terms:
        more, more_re = words.anchors(term)
        found += more
        regexes += more_re
    return found, regexes


def _count(rule: CountRule, words: Vocabulary) -> CountMatcher:
    return CountMatcher(
        need=rule.need,
        context=re.compile(words.terms(rule.context)) if rule.context else None,
        elements={name: re.compile(words.terms(terms)) for name, terms in rule.of.items()},
    )


def _alternatives(regexes: list[str]) -> Pattern | None:
    regexes = [r for r in regexes if r]
    return re.compile("|".join(regexes)) if regexes else None
