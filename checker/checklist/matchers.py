"""An item's rules compiled against the checklist's vocabulary, once per checklist.

The YAML says ``all: [[$leader], [主持召开, 听取]]``; the evidence stage needs one regular
expression per condition, with each ``$concept`` replaced by the concept's words. It also needs
the item's anchors: the ways a rule can match, each as sets of words a sentence must hold one of
(``[$leader] + [主持召开, 听取]`` under a subject rule: 主持召开 or 听取 in the sentence, and a leader
in it, in the sentence before it or in its part's headings), so that a sentence that holds none of
the ways is skipped without a look.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .checklist import CountRule, Item, Rule, Substance
from .prefilter import MAX_WAYS, Way, compile_pattern, part_matches_imply_whole, required_ways, telling
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
    single: Pattern | None = None  # the pattern of a rule of one condition over the sentence (most rules)

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


CLAUSE_END = re.compile(r"[，；。：！？]")
HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class SubstanceMatcher:
    """Which clauses of a part say something specific (a `Substance` rule, compiled)."""

    need: int
    chars: int
    point: Pattern | None
    cause: Pattern | None
    filler: Pattern | None

    def specific(self, text: str) -> bool:
        """At least `chars` Han characters left once the words that say nothing are taken out."""
        bare = self.filler.sub("", text) if self.filler is not None else text
        if self.cause is not None:
            bare = self.cause.sub("", bare)
        return len(HAN.findall(bare)) >= self.chars

    def read(self, sentences: list[str]) -> tuple[tuple[str, ...], str]:
        """(the specific points, clause by clause; the first specific cause). A sentence's clauses
        from the one that names a cause (原因, 由于…) on give the cause, not shortcomings of their own."""
        points: list[str] = []
        cause = ""
        for sentence in sentences:
            m = self.cause.search(sentence) if self.cause is not None else None
            at = sentence.rfind("，", 0, m.start()) + 1 if m else len(sentence)  # the start of the cause's clause
            if m and not cause and self.specific(sentence[at:]):
                cause = sentence[at:]
            for clause in CLAUSE_END.split(sentence[:at]):
                if self.specific(clause) and (self.point is None or self.point.search(clause)):
                    points.append(clause)
        return tuple(dict.fromkeys(points)), cause


@dataclass(frozen=True)
class ItemMatcher:
    match: tuple[RuleMatcher, ...]
    weak: tuple[RuleMatcher, ...]
    exclude: Pattern | None = None
    concrete: Pattern | None = None
    count: CountMatcher | None = None
    heading: Pattern | None = None  # section items: words of the part's heading
    substance: SubstanceMatcher | None = None  # section items: what the part's body must say
    # the ways any rule of the item can match, each as the sets of words a sentence must hold one
    # of (`prefilter.required_ways`); None when some rule may match a sentence without any word
    anchors: tuple[Way, ...] | None = ()
    # beside each way of `anchors`, the words of the actor it needs (a `subject` rule's), which the
    # sentence may name or leave to the sentence before it or to its part's headings; None: no actor
    actors: tuple[frozenset[str] | None, ...] = ()
    subject: bool = False  # a rule reads the sentence's actor, whom the sentence before may name
    # the ways an excluded phrase can match (a sentence that holds none has nothing to mask); None
    # when one needs no word
    exclude_ways: tuple[Way, ...] | None = ()
    topic: Pattern | None = None  # the item's own topic: a sentence naming only `other_topics` is not about it
    other_topics: Pattern | None = None

    def could_match(self, text: str) -> bool:
        """False when no rule can match anywhere in the sentence: a cheap test before reading it."""
        for rule in self.match + self.weak:
            if rule.possible(text):
                return True
        return self.count is not None and any(p.search(text) for p in self.count.elements.values())


def compile_item(item: Item, words: Vocabulary) -> ItemMatcher:
    count = _count(item.count, words) if item.count is not None else None
    exclude = "|".join(words.expand(r) for r in item.exclude)
    anchors = _item_ways([*item.match, *item.weak], count, words)
    return ItemMatcher(
        match=tuple(_rule(r, words) for r in item.match),
        weak=tuple(_rule(r, words) for r in item.weak),
        exclude=_alternatives([exclude]),
        concrete=_alternatives([words.expand(r) for r in item.concrete]),
        count=count,
        heading=_alternatives([words.terms(item.section.heading)]) if item.section and item.section.heading else None,
        substance=_substance(item.section.substance, words) if item.section and item.section.substance else None,
        anchors=None if anchors is None else tuple(way for way, _ in anchors),
        actors=() if anchors is None else tuple(actor for _, actor in anchors),
        subject=any(rule.scope == "subject" for rule in [*item.match, *item.weak]),
        exclude_ways=required_ways(exclude) if exclude else (),
        topic=_alternatives([words.terms(item.topic)]) if item.topic else None,
        other_topics=_alternatives([words.terms(item.other_topics)]) if item.other_topics else None,
    )


def _substance(rule: Substance, words: Vocabulary) -> SubstanceMatcher:
    def alternatives(terms: list[str]) -> Pattern | None:
        return compile_pattern(words.terms(terms)) if terms else None

    filler = sorted(rule.filler, key=len, reverse=True)  # 不足之处 before 不足: the longest goes whole
    return SubstanceMatcher(rule.need, rule.chars, alternatives(rule.point), alternatives(rule.cause),
                            alternatives(filler))


def _rule(rule: Rule, words: Vocabulary) -> RuleMatcher:
    """One compiled pattern per condition: all of them must match."""
    regexes, own = _conditions(rule, words)
    patterns = [compile_pattern(r) for r in regexes]
    concrete = _alternatives([words.expand(r) for r in rule.concrete])
    required = tuple(patterns[i] for i in own if part_matches_imply_whole(regexes[i]))
    single = patterns[0] if rule.scope == "sentence" and len(patterns) == 1 else None
    return RuleMatcher(tuple(patterns), rule.scope, rule.review, concrete, required, single)


def _conditions(rule: Rule, words: Vocabulary) -> tuple[list[str], range]:
    """A rule's conditions as regexes (all must match), and those the sentence itself must meet:
    not the actor of a `subject` rule, which the sentence before may name."""
    regexes = [words.terms(rule.any)] if rule.any else []
    regexes.extend(words.terms(group) for group in rule.all)
    if rule.regex:
        regexes.append(words.expand(rule.regex))
    own = range(1, len(regexes)) if rule.scope == "subject" and len(regexes) > 1 else range(len(regexes))
    return regexes, own


Anchor = tuple[Way, frozenset[str] | None]  # a way, and the words of the actor it needs (or None)


def _item_ways(rules: list[Rule], count: CountMatcher | None, words: Vocabulary) -> tuple[Anchor, ...] | None:
    """The ways any rule (or any counted element) can match, each with the words of the actor a
    `subject` rule needs; None when one needs no word."""
    ways: list[Anchor] = []
    for rule in rules:
        regexes, own = _conditions(rule, words)
        actor = _actor_words(regexes[0]) if own.start == 1 else None
        found = _rule_ways([regexes[i] for i in own])
        if found is None and actor is None:
            return None
        ways += [(way, actor) for way in found or [()]]
    for pattern in count.elements.values() if count is not None else ():
        element = required_ways(pattern.pattern)
        if element is None:
            return None
        ways += [(way, None) for way in element]
    return tuple(dict.fromkeys(ways))


def _actor_words(regex: str) -> frozenset[str] | None:
    """Words one of which every match of a `subject` rule's actor holds (None when there are none
    to name, or several sets of them)."""
    found = required_ways(regex)
    return found[0][0] if found is not None and len(found) == 1 and len(found[0]) == 1 else None


def _rule_ways(conditions: list[str]) -> list[Way] | None:
    """One way of each condition, all in the sentence. A condition without words, or one whose ways
    would multiply the rule's beyond MAX_WAYS, is left out: the rest still must hold."""
    ways: list[Way] = [()]
    for regex in conditions:
        found = required_ways(regex)
        if found is not None and len(ways) * len(found) <= MAX_WAYS:
            ways = [(*way, *more) for way in ways for more in found]
    return None if ways == [()] else [telling(way) for way in ways]


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
    """Every item's anchors in one Aho–Corasick automaton (ahocorasick_rs): one pass over a report
    finds, for all items at once, the sentences worth a look — those that hold a word of every set
    of one way an item can match (`ItemMatcher.anchors`) and name the actor that way needs, if any
    (`ItemMatcher.actors`: there, in the sentence before or in the part's headings) — and which of
    them may hold a phrase the item excludes (`ItemMatcher.exclude_ways`). Words of the same sets
    are one entry; an item whose rules need no word is looked for in every sentence.

    Made from its tables (`anchor_scanner` works them out from the matchers), and pickled as them:
    the automaton itself cannot be pickled, and is built again in about 0.4 ms."""

    def __init__(
        self, ways: dict[str, tuple[tuple[int, ...], ...] | None], actors: dict[str, tuple[int | None, ...]],
        masks: dict[str, tuple[tuple[int, ...], ...] | None], sets: int, owners: list[tuple[int, ...]],
        words: list[str], entries: list[int],
    ) -> None:
        import ahocorasick_rs

        self.ways, self.actors, self.masks, self.sets = ways, actors, masks, sets
        self.owners, self.words, self.entries = owners, words, entries  # word i is of entry entries[i]
        self.sets_of = [owners[entry] for entry in entries]  # word i's sets, looked up once a hit
        self.automaton = ahocorasick_rs.AhoCorasick(words) if words else None

    def __reduce__(self) -> tuple[type[AnchorScanner], tuple[object, ...]]:
        return AnchorScanner, (self.ways, self.actors, self.masks, self.sets, self.owners, self.words, self.entries)

    def candidates(
        self, sentences: list[str], before: list[int], parts: list[str]
    ) -> dict[str, list[tuple[int, bool]]]:
        """Item id → the sentences worth a look: (index, whether it may hold a phrase the item excludes).
        Where an actor may be named besides the sentence: `before`, the index of the sentence before it
        in its paragraph (-1: none; -2: not known, so anywhere), and `parts`, the path of its part."""
        held = self._held(sentences)
        every = set(range(len(sentences)))
        in_part: dict[str, set[int]] = {}  # the sets of words each part's path holds, read when asked

        def named(i: int, n: int) -> bool:
            """Is an actor of set `i` named in sentence `n`, in the sentence before it or in its headings?"""
            if n in held[i] or before[n] in held[i] or before[n] == -2:
                return True
            if parts[n] not in in_part:
                in_part[parts[n]] = self._sets_in(parts[n])
            return i in in_part[parts[n]]

        found: dict[str, list[tuple[int, bool]]] = {}
        for item_id, ways in self.ways.items():
            worth = _holding(ways, held, every, self.actors[item_id], named)
            if worth:
                masked = _holding(self.masks[item_id], held, every) if item_id in self.masks else set()
                found[item_id] = [(n, n in masked) for n in sorted(worth)]
        return found

    def _held(self, sentences: list[str]) -> list[set[int]]:
        """Per set of words: the sentences that hold one of its words. The sentences are searched as
        one text, a line each (no word holds a line break): one call instead of one a sentence, and a
        match's sentence is where its end falls."""
        held: list[set[int]] = [set() for _ in range(self.sets)]
        if self.automaton is None:
            return held
        # of_end[b]: the sentence of the character before b, where a match ending at b ends (a look-up
        # in a list made at C speed, instead of a bisection a match)
        of_end = [0]
        for n, sentence in enumerate(sentences):
            of_end += [n] * (len(sentence) + 1)
        sets_of = self.sets_of
        for w, _, b in self.automaton.find_matches_as_indexes("\n".join(sentences), overlapping=True):
            n = of_end[b]
            for i in sets_of[w]:
                held[i].add(n)
        return held

    def _sets_in(self, text: str) -> set[int]:
        """The sets of words `text` holds a word of."""
        if self.automaton is None:
            return set()
        sets_of = self.sets_of
        return {i for w, _, _ in self.automaton.find_matches_as_indexes(text, overlapping=True) for i in sets_of[w]}


def anchor_scanner(matchers: dict[str, ItemMatcher]) -> AnchorScanner:
    """The scanner of a checklist's items: each distinct set of words numbered, each word's entry
    (the sets it belongs to), and each item's ways, actors and excluded phrases as set numbers."""
    sets: dict[frozenset[str], int] = {}
    owners: dict[str, list[int]] = {}

    def number(words: frozenset[str]) -> int:
        """The set's number (each distinct set numbered once, when first seen)."""
        if words not in sets:
            sets[words] = len(sets)
            for word in sorted(words):
                owners.setdefault(word, []).append(sets[words])
        return sets[words]

    def entries(ways: tuple[Way, ...] | None) -> tuple[tuple[int, ...], ...] | None:
        """Each way as the numbers of its sets of words."""
        return None if ways is None else tuple(tuple(number(words) for words in way) for way in ways)

    ways = {item_id: entries(m.anchors) for item_id, m in matchers.items()}
    # beside each way, the number of its actor's set of words (None: it needs no actor)
    actors = {item_id: tuple(None if a is None else number(a) for a in m.actors) for item_id, m in matchers.items()}
    # an item's excluded phrases: a sentence that holds none of their ways has nothing to mask
    masks = {item_id: entries(m.exclude_ways) for item_id, m in matchers.items() if m.exclude is not None}
    # words of the same sets share one entry, so that a hit adds its sentence once
    shared = list(dict.fromkeys(tuple(ids) for ids in owners.values()))
    entry = {ids: n for n, ids in enumerate(shared)}
    words = [word for word in owners if word and "\n" not in word]  # (a sentence never holds a line break)
    return AnchorScanner(ways, actors, masks, len(sets), shared, words, [entry[tuple(owners[w])] for w in words])


def _holding(
    ways: tuple[tuple[int, ...], ...] | None, held: list[set[int]], every: set[int],
    actors: tuple[int | None, ...] = (), named: Callable[[int, int], bool] | None = None,
) -> set[int]:
    """The sentences that hold a word of every set of one of the ways (all of them when None), and
    name the actor a way needs (`actors`, beside the ways), there or before (`named`)."""
    if ways is None:
        return every
    found: set[int] = set()
    for w, way in enumerate(ways):
        if not way:
            holding = every
        elif not held[way[0]]:
            continue  # most ways of a short report: no sentence holds their first set
        else:
            holding = held[way[0]].intersection(*[held[i] for i in way[1:]]) if len(way) > 1 else held[way[0]]
        actor = actors[w] if actors else None
        if actor is not None and named is not None:
            holding = {n for n in holding if named(actor, n)}
        found |= holding
    return found
