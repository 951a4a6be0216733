"""A checklist compiled for grading: the step between loading a checklist and reading reports.

`compile(checklist)` turns the data of a loaded checklist into what the evidence stage runs: each
item's rules as regular expressions with their concepts expanded (`matchers.py`), every item's
anchor words in one Aho–Corasick automaton (`AnchorScanner`), the pattern of the concrete details
any item accepts, the wording of the items' titles and advice (`wording.py`), and the vocabulary
with the patterns the engine reads every report with already expanded. It takes about a tenth of a
second; the loader does it once and keeps the result in the checklist cache (`cache.py`), so a run
that names an unchanged checklist reads it back compiled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .checklist import Checklist
from .matchers import AnchorScanner, ItemMatcher, anchor_scanner, compile_item
from .prefilter import compile_pattern
from .vocabulary import ENGINE, Vocabulary
from .wording import example_sentences, rule_words, shingles, title_forms


@dataclass(frozen=True)
class CompiledChecklist:
    """What grading needs of a checklist, compiled once: the checklist's data beside it."""

    checklist: Checklist
    words: Vocabulary  # the checklist's vocabulary (its engine concepts expanded)
    matchers: dict[str, ItemMatcher]  # item id → its rules compiled
    scanner: AnchorScanner  # every item's anchor words: the sentences worth a look, in one pass
    concrete: re.Pattern[str]  # what counts as a concrete detail in any item
    title_forms: tuple[tuple[str, str], ...]  # the wordings of item titles a bare sentence may repeat
    advice_pieces: frozenset[str]  # pieces of the items' advice (a sentence of them repeats the tool's words)
    rule_words: dict[str, frozenset[str]]  # item id → the words its rules are made of (a sentence of them is a name)
    # the sentences of the items' examples with the pieces of their wording (a report that copies them
    # copies the tool's words), and all their pieces
    examples: tuple[tuple[str, frozenset[str]], ...] = ()
    example_pieces: frozenset[str] = frozenset()


def compile(checklist: Checklist) -> CompiledChecklist:
    words = checklist.words
    for name in ENGINE:  # the concepts every report is parsed and read with: expanded once, here
        if name in words:
            words.pattern(name)
    matchers = {item.id: compile_item(item, words) for item in checklist.items}
    concrete = compile_pattern("|".join(words.expand(c) for c in checklist.concrete) or r"(?!)")
    titles = title_forms(item.title for item in checklist.items)
    advice = frozenset().union(*(shingles(item.advice) for item in checklist.items))
    made_of = {item_id: rule_words(_sources(matcher)) for item_id, matcher in matchers.items()}
    examples = example_sentences(e if isinstance(e, str) else e.text
                                 for item in checklist.items for found in item.examples.values() for e in found)
    pieces = frozenset().union(*(p for _, p in examples))
    return CompiledChecklist(checklist, words, matchers, anchor_scanner(matchers), concrete, titles, advice, made_of,
                             examples, pieces)


def _sources(matcher: ItemMatcher) -> list[str]:
    """The regexes of an item's rules and counted elements (not its details: 聘请 in C1's details is an act)."""
    sources = [p.pattern for rule in matcher.match + matcher.weak for p in rule.patterns]
    return sources + [p.pattern for p in matcher.count.elements.values()] if matcher.count else sources
