"""The report's own words, as named concepts: a checklist's `vocabulary:`.

A concept is a name and the words a report uses for it. A word is

- a term: ``法律顾问``; ``…`` in it stands for a short gap (``主要负责人…履行``);
- a reference to another concept: ``$leader``;
- a regular expression: ``{re: '(?<!从)未(?!经)'}``, in which ``${leader}`` stands for a concept.

Item rules name concepts the same way: ``$leader`` in a term list, ``${leader}`` inside a regex.

Every checklist starts from the bundled common vocabulary (``checklists/vocabulary.yaml``): the
words the engine reads any report with — heading roles, negation, future and plan markers, 将 used
as 把, page furniture. A checklist adds its own concepts; a profile changes its base's. Written as a
list, a concept's words are added to the inherited ones; written as a mapping it may also
``remove`` words or ``replace`` them all. So a county adds a word to a concept without Python.

PASS (a profile adds a leader title its reports use)::

    vocabulary:
      leader: [镇委书记]

FAIL (``$leaders`` names no concept: reported with its line)::

    match:
      - all: [[$leaders], [主持召开]]
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

from .canonical import canonical
from .prefilter import compile_pattern
from .regexes import REFERENCE, Regex

GAP = "[^。；！？]{0,12}?"  # what "…" in a term stands for
TERM_REFERENCE = re.compile(r"\$([a-z][a-z0-9_]{0,39})$")  # $name as a whole term
# The concepts the engine reads every report with (their words are in checklists/vocabulary.yaml).
ENGINE = (
    "problems_heading", "plans_heading", "year_plan_heading", "action_heading", "not_plans_heading", "shortfall",
    "plan_opening", "plan_switch", "title_words", "title_end", "title_subject", "header_line", "addressee",
    "issuer", "unit_kind", "department_unit", "township_unit", "government_suffix", "township_kind", "admin_level",
    "party_committee",
    "opening_phrase",
    "page_furniture", "attributive_negation",
    "actor", "negation", "zero_count", "placeholder_count", "any_count", "name_reference", "roll_call",
    "instruction",
    "double_negation", "bad_outcome", "future", "will", "future_adverb", "future_verb",
    "disposal_verb", "future_weak", "done", "plan_reference", "keyword_stop", "shortcoming_words",
)


def _checked_term(term: str) -> str:
    """A term that can match a report: "…" only between two pieces of text, and written as report
    text reads once normalised (simplified characters, half-width digits, no stray spaces)."""
    text = term.strip()
    if not text or TERM_REFERENCE.match(text):
        return term  # an empty term is reported by the rule; a reference is checked once resolved
    pieces = re.split(r"…|\.\.\.", text)
    if not pieces[0] or not pieces[-1]:
        raise ValueError(f"词语不能以 … 开头或结尾（… 只表示两段文字之间的间隔）：'{term}'")
    if not all(pieces):
        raise ValueError(f"词语中两个 … 之间没有文字：'{term}'")
    normal = canonical(text)
    if normal != text:
        raise ValueError(
            f"词语 '{term}' 永远不会命中：报告文本先经规范化（繁体转简体、全角数字字母转半角、去掉空格），"
            f"请写作 '{normal}'"
        )
    return term


Term = Annotated[str, AfterValidator(_checked_term)]


def term_pattern(term: str) -> str:
    """A literal term as regex; "…" (or "...") stands for a short gap."""
    return GAP.join(re.escape(p) for p in re.split(r"…|\.\.\.", term) if p)


class RegexWord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    re: Regex = Field(description="正则表达式；${概念} 引用其他概念")


def _word_kind(value: Any) -> str:
    return "regex" if isinstance(value, dict | RegexWord) else "term"


# One error per bad word (not one per member of the union): the kind is decided by the shape.
Word = Annotated[Annotated[Term, Tag("term")] | Annotated[RegexWord, Tag("regex")], Discriminator(_word_kind)]


class Concept(BaseModel):
    """A concept as written in full: what it means, and its words."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    about: str = Field(default="", description="这个概念指什么")
    words: list[Word] = Field(default_factory=list, description="说法：词语、$概念 或 {re: 正则}")
    remove: list[str] = Field(default_factory=list, description="从继承的说法中去掉的词语")
    replace: bool = Field(default=False, description="true：words 整体替换继承的说法，而不是追加")


def _shorthand(value: Any) -> Any:
    return {"words": value} if isinstance(value, list) else value


# A list is shorthand for {words: [...]}; either way the value is a Concept.
ConceptSpec = Annotated[Concept, BeforeValidator(_shorthand, json_schema_input_type=list[Word] | Concept)]


def as_concept(spec: Concept | list[Word]) -> Concept:
    return spec if isinstance(spec, Concept) else Concept(words=list(spec))


def merge(base: dict[str, Concept], changes: dict[str, Concept] | dict[str, list[Word]]) -> dict[str, Concept]:
    """The base's concepts changed by a file's `vocabulary:`; new names are new concepts."""
    merged = dict(base)
    for name, spec in changes.items():
        change = as_concept(spec)
        old = merged.get(name, Concept())
        kept = [] if change.replace else [w for w in old.words if _word_key(w) not in set(change.remove)]
        words = list(dict.fromkeys([*kept, *change.words], None))
        merged[name] = Concept(about=change.about or old.about, words=words)
    return merged


def _word_key(word: Word) -> str:
    return word if isinstance(word, str) else word.re


def references(text: str) -> list[str]:
    """Concept names used in a term (`$name`) or a regex (`${name}`)."""
    m = TERM_REFERENCE.match(text)
    return [m.group(1)] if m else REFERENCE.findall(text)


class Vocabulary:
    """Concepts by name, turned into regular expressions on demand."""

    def __init__(self, concepts: dict[str, Concept]) -> None:
        self.concepts = concepts
        self._patterns: dict[str, str] = {}
        self._compiled: dict[tuple[str, str, str], re.Pattern[str]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.concepts

    def pattern(self, name: str, _chain: tuple[str, ...] = ()) -> str:
        """The concept as one regex group: its words as alternatives, longest terms first."""
        if name in self._patterns:
            return self._patterns[name]
        if name in _chain:
            raise ValueError(f"概念循环引用：{' → '.join([*_chain, name])}")
        if name not in self.concepts:
            raise ValueError(f"未定义的概念：{name}")
        chain = (*_chain, name)
        terms = [w for w in self.concepts[name].words if isinstance(w, str)]
        regexes = [w.re for w in self.concepts[name].words if isinstance(w, RegexWord)]
        alternatives = [self.term(t, chain) for t in sorted(terms, key=lambda t: -len(t))]
        alternatives += [self.expand(r, chain) for r in regexes]
        self._patterns[name] = "(?:" + ("|".join(alternatives) or "(?!)") + ")"
        return self._patterns[name]

    def term(self, term: str, _chain: tuple[str, ...] = ()) -> str:
        """A term of a rule or a concept as regex: a concept reference, or a literal term."""
        m = TERM_REFERENCE.match(term.strip())
        return self.pattern(m.group(1), _chain) if m else term_pattern(term.strip())

    def terms(self, terms: list[str]) -> str:
        """Alternatives: one of these terms."""
        return "|".join(self.term(t) for t in terms)

    def expand(self, regex: str, _chain: tuple[str, ...] = ()) -> str:
        """A regex with each `${name}` replaced by the concept's pattern."""
        return REFERENCE.sub(lambda m: self.pattern(m.group(1), _chain), regex)

    def regex(self, name: str, prefix: str = "", suffix: str = "") -> re.Pattern[str]:
        """The concept compiled, with anchors or context around it (cached by the arguments;
        `${concept}` in them is expanded too)."""
        key = (name, prefix, suffix)  # (looked up for every heading and sentence: one lookup, no string made)
        compiled = self._compiled.get(key)
        if compiled is None:
            source = self.expand(prefix) + self.pattern(name) + self.expand(suffix)
            compiled = self._compiled[key] = compile_pattern(source)
        return compiled

    def literal_words(self) -> list[str]:
        """Every plain term of every concept (the segmenter keeps them whole)."""
        return [w for c in self.concepts.values() for w in c.words if isinstance(w, str) and "$" not in w]
