"""An item's rules compiled against the checklist's vocabulary, once per checklist.

The YAML says ``all: [[$leader], [主持召开, 听取]]``; the evidence stage needs one regular
expression per condition, with each ``$concept`` replaced by the concept's words. It also needs
the item's anchors: words (or patterns) one of which every match contains, so that a sentence
without any of them is skipped without a look.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .checklist import CountRule, Item, Rule
from .prefilter import compile_pattern, part_matches_imply_whole, required_literals
from .vocabulary import Vocabulary

Pattern = re.Pattern[str]


@dataclass(frozen=True)
class RuleMatcher:
    """A rule: every pattern must match inside one scope (a sentence or a clause)."""

    patterns: tuple[Pattern, ...]
    scope: str
    review: str = ""  # why a status this rule decides is borderline
    concrete: Pattern | None = None  # details that count when this rule matched, beside the item's
    # patterns that must match somewhere in a sentence for the rule to match in any scope of it
    # (not the actor of a `subject` rule, which the sentence before may name)
    required: tuple[Pattern, ...] = ()

    def possible(self, text: str, start: int = 0) -> bool:
        """False when the rule matches in no scope of `text` from `start`: one of its required
        patterns misses the whole of it."""
        for pattern in self.required:  # noqa: SIM110 — a loop, not all(…): no generator on the hot path
            if pattern.search(text, start) is None:
                return False
        return True


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

    def could_match(self, text: str) -> bool:
        """False when no rule can match anywhere in the sentence: a cheap test before reading it."""
        for rule in self.match + self.weak:
            if rule.possible(text):
                return True
        return self.count is not None and any(p.search(text) for p in self.count.elements.values())


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
    regexes = []
    if rule.any:
        regexes.append(words.terms(rule.any))
    regexes.extend(words.terms(group) for group in rule.all)
    if rule.regex:
        regexes.append(words.expand(rule.regex))
    patterns = [compile_pattern(r) for r in regexes]
    concrete = _alternatives([words.expand(r) for r in rule.concrete])
    own = range(1, len(regexes)) if rule.scope == "subject" and len(regexes) > 1 else range(len(regexes))
    required = tuple(patterns[i] for i in own if part_matches_imply_whole(regexes[i]))
    return RuleMatcher(tuple(patterns), rule.scope, rule.review, concrete, required)


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
        context=compile_pattern(words.terms(rule.context)) if rule.context else None,
        elements={name: compile_pattern(words.terms(terms)) for name, terms in rule.of.items()},
    )


def _alternatives(regexes: list[str]) -> Pattern | None:
    regexes = [r for r in regexes if r]
    return compile_pattern("|".join(regexes)) if regexes else None


class AnchorScanner:
    """Every item's anchors in one Aho–Corasick automaton (pyahocorasick): one pass over a report
    finds, for all items at once, the sentences worth a look. A regex anchor joins the automaton
    through the words every match of it contains (`prefilter.required_literals`); one without such
    words is searched on its own."""

    def __init__(self, matchers: dict[str, ItemMatcher]) -> None:
        import ahocorasick

        owners: dict[str, set[str]] = {}
        self.patterns: dict[str, Pattern] = {}
        for item_id, matcher in matchers.items():
            words = list(matcher.anchor_words)
            if matcher.anchor_pattern is not None:
                literals = required_literals(matcher.anchor_pattern.pattern)
                if literals is None:
                    self.patterns[item_id] = matcher.anchor_pattern
                else:
                    words += literals
            for word in words:
                if word:
                    owners.setdefault(word, set()).add(item_id)
        self.automaton = ahocorasick.Automaton()
        for word, ids in owners.items():
            self.automaton.add_word(word, (len(word), tuple(sorted(ids))))
        if owners:
            self.automaton.make_automaton()
        self.empty = not owners

    def candidates(self, text: str, starts: list[int]) -> dict[str, list[int]]:
        """Item id → indexes of the sentences (beginning at `starts` in `text`) that hold one of its
        anchors."""
        found: dict[str, set[int]] = {}
        if not self.empty:
            for end, (length, ids) in self.automaton.iter(text):
                sentence = bisect_right(starts, end - length + 1) - 1
                for item_id in ids:
                    found.setdefault(item_id, set()).add(sentence)
        for item_id, pattern in self.patterns.items():
            found.setdefault(item_id, set()).update(bisect_right(starts, m.start()) - 1 for m in pattern.finditer(text))
        return {item_id: sorted(indexes) for item_id, indexes in found.items()}
