"""Last year's shortcomings, followed up in this year's report (`fazhi check THIS --previous LAST`).

Each shortcoming last year's report named in its problems part (S2) is looked for by its key words
— jieba TF-IDF over the shortcoming, domain terms kept whole, the words that only say something
fell short (不够, 有待提高 …: `shortcoming_words`) left out — in this year's report:

- **addressed** (已整改): a sentence of a work part takes up enough of its key words, and says it
  was done (not negated, not a plan);
- **planned** (仅再次列入计划): only a plan takes them up (a plans part, or a work sentence in the
  future tense);
- **absent** (未提及): nothing does.

A shortcoming that this year's problems part names again is a problem two years running (the
`repeated_problem` finding). A heading that reports this year's fixes of last year's problems
(上一年度问题整改“回头看”) is a work part (`action_heading`), so its sentences count as fixes.
Deterministic: the same two reports give the same rows in the same order.
"""

from __future__ import annotations

import re

from ..checklist.checklist import Checklist
from ..models import FollowUp, Outcome, ParsedReport, Role, Sentence
from .terms import analyser

KEY_TERMS = 4  # key words taken from each shortcoming
TAKEN_UP = 2  # … of which one sentence must hold this many (all of them, when it has fewer)
POINTS_MAX = 100  # shortcomings followed up (a report lists a dozen; bounded for a hostile one)
COMMON_SHARE, COMMON_MIN = 0.08, 5  # a word in this share of both reports' sentences (and this many) is common
POINT_MAX = 300  # characters of a shortcoming looked at: a whole part's body is more than one point
# 一是, （一）, 1.: the markers of a list, not key words
RUN_IN = re.compile(r"[一二三四五六七八九十]+是|^[（(]?[一二三四五六七八九十\d]+[)）、.．]")


def shortcomings(report: ParsedReport) -> list[tuple[str, int]]:
    """Each shortcoming, with its line: a sub-part of a problems part (its heading and body, 一是…
    or （一）…), or else a sentence of the problems part itself."""
    own = {part.path for part in report.root.walk() if part.own_role}
    points: list[list] = []
    last_part = ""
    for s in report.sentences:
        if s.role is not Role.PROBLEMS or not s.text.strip():
            continue
        if s.part in own:  # the problems part itself: its heading is no shortcoming, each sentence is
            if not s.heading:
                points.append([s.text, s.line])
            last_part = ""
        elif s.part == last_part:  # the body of the sub-part whose heading (or first sentence) came before
            points[-1][0] += s.text
        else:
            points.append([s.text if s.text[-1:] in "。；！？" else f"{s.text}。", s.line])
            last_part = s.part
    return [(text, line) for text, line in points]


def key_terms(text: str, checklist: Checklist, common: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """What the shortcoming is about: its key words, not the words that say it fell short, nor the
    words both reports use throughout (`common`: 法治政府, 法律 … take up nothing in particular)."""
    words = checklist.words
    tags = analyser(tuple(checklist.all_terms())).extract_tags(_content(text, checklist), topK=KEY_TERMS * 4)
    wording = words.regex("shortcoming_words", prefix="^(?:", suffix=")+$")
    negation = words.regex("negation")  # 未向, 不到位: how it fell short, not what
    stop = words.regex("keyword_stop", prefix="^", suffix="$")
    terms = [t for t in tags if len(t) > 1 and not t.isdigit() and t not in common
             and not wording.match(t) and not negation.search(t) and not stop.match(t)]
    return tuple(terms[:KEY_TERMS])


def _content(text: str, checklist: Checklist) -> str:
    """The shortcoming without its list markers and the words that say it fell short, each cut out
    as a break (力量薄弱 → 力量，), so that the segmenter cannot glue them to what fell short."""
    words = checklist.words
    text = RUN_IN.sub("", text[:POINT_MAX])
    text = words.regex("negation").sub("，", text)
    return words.regex("shortfall").sub("，", text)


def _common(reports: tuple[ParsedReport, ...], checklist: Checklist, points: list[tuple[str, int]]) -> frozenset[str]:
    """The candidate key words that many sentences of the two reports hold: the reports' own
    vocabulary, which says nothing about one shortcoming in particular."""
    texts = [s.text for r in reports for s in r.sentences]
    analyse = analyser(tuple(checklist.all_terms()))
    candidates = {t for text, _ in points for t in analyse.extract_tags(_content(text, checklist), topK=KEY_TERMS * 4)}
    limit = max(COMMON_MIN, COMMON_SHARE * len(texts))
    return frozenset(t for t in candidates if sum(t in text for text in texts) >= limit)


def follow_up(last: ParsedReport, this: ParsedReport, checklist: Checklist) -> list[FollowUp]:
    """Every shortcoming of last year's report, in its order, with what became of it this year."""
    said = _Said(this, checklist)
    points = shortcomings(last)[:POINTS_MAX]
    common = _common((last, this), checklist, points)
    rows = []
    for text, line in points:
        terms = key_terms(text, checklist, common)
        if terms:
            rows.append(said.follow(text, line, terms))
    return rows


class _Said:
    """This year's report, sentence by sentence, as the follow-up reads it."""

    def __init__(self, report: ParsedReport, checklist: Checklist) -> None:
        words = checklist.words
        self.sentences = [s for s in report.sentences if s.text.strip()]
        self.negation = words.regex("negation")
        self.double_negation = words.regex("double_negation")
        self.future = re.compile(f"{words.regex('future').pattern}|{words.regex('will').pattern}")

    def follow(self, text: str, line: int, terms: tuple[str, ...]) -> FollowUp:
        need = min(TAKEN_UP, len(terms))
        done = planned = repeated = None
        for s in self.sentences:
            if sum(t in s.text for t in terms) < need:
                continue
            kind = self._kind(s)
            if kind is Outcome.ADDRESSED and done is None:
                done = s
            elif kind is Outcome.PLANNED and planned is None:
                planned = s
            elif kind is None and repeated is None and s.role is Role.PROBLEMS:
                repeated = s
        found = done or planned
        outcome = Outcome.ADDRESSED if done else Outcome.PLANNED if planned else Outcome.ABSENT
        return FollowUp(
            text=text, line=line, terms=terms, outcome=outcome, found=found.text if found else "",
            found_line=found.line if found else 0, repeated_line=repeated.line if repeated else 0,
        )

    def _kind(self, s: Sentence) -> Outcome | None:
        """ADDRESSED for a sentence of work done, PLANNED for a plan, None for a shortfall stated."""
        if s.role is Role.PROBLEMS:
            return None
        if s.role is Role.PLANS or s.plan_context or self.future.search(s.text):
            return Outcome.PLANNED
        if self.negation.search(s.text) and not self.double_negation.search(s.text):
            return None
        return Outcome.ADDRESSED
