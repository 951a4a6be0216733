"""Properties of what earns no credit (issue 23), for any report: the samples, the devset and the
report grammar's (tests/generator.py).

1. appending a line of checklist terms — a list (关键词：…、…), telegraphic clauses with counts
   (…1次。…2件。, in one line or one a line), or one sentence chaining them with 并/和/同时 — never
   raises the score;
2. replacing a report's counts with 0 never raises the score.

The terms are drawn from the checklist's own rules (each item's literal words, concepts expanded),
never from a list of strings: a new item's words join the draw. Examples are bounded (derandomized,
a few dozen each) so that the suite stays fast; `HYPOTHESIS_PROFILE=dev` of test_properties runs more.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.checklist import loading
from checker.checklist.checklist import Checklist
from checker.models import Source
from checker.pipeline import grade_source

from .generator import report_texts

ROOT = Path(__file__).resolve().parent.parent
REPORTS = sorted([*ROOT.glob("reports/*.txt"), *ROOT.glob("tests/data/devset/*.txt")])
BOUNDED = settings(max_examples=25, derandomize=True, database=None, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
JOINS = ["并", "和", "同时", "，并", "、"]
MEASURES = ["次", "件", "条", "项", "名", "份", "场"]
COUNT = re.compile(r"\d+(?=(?:余|多)?(?:人次|场次|次|件|份|台|名|人|场|期|个|条|项|家|起|宗|篇))")
MANY = 7  # items a stuffed line claims, at least (earning.STUFF_ITEMS, and one that shares its words)


@functools.cache
def checklist() -> Checklist:
    return loading.load(loading.DEFAULT_CHECKLIST)


@functools.cache
def item_terms() -> dict[str, tuple[str, ...]]:
    """Each content item's literal words in its full rules, concepts expanded one level."""
    cl = checklist()
    found: dict[str, tuple[str, ...]] = {}
    for item in cl.items:
        words: list[str] = []
        for rule in item.match:
            for term in rule.terms():
                if term.startswith("$"):
                    concept = cl.words.concepts.get(term[1:])
                    words += [w for w in (concept.words if concept else []) if isinstance(w, str)]
                else:
                    words.append(term)
        plain = tuple(w for w in words if w and "…" not in w and "$" not in w and "..." not in w)
        if item.check == "content" and plain:
            found[item.id] = plain
    return found


def score(text: str) -> float:
    return grade_source(Source(path="report.txt", text=text), checklist()).score


@functools.cache
def report_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def reports() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(REPORTS).map(report_text), report_texts())


@st.composite
def stuffed_lines(draw: st.DrawFn) -> str:
    """A line that claims many items at once, in one of the shapes a report written for the tool takes."""
    terms = item_terms()
    ids = draw(st.lists(st.sampled_from(sorted(terms)), min_size=MANY, max_size=len(terms), unique=True))
    words = [draw(st.sampled_from(terms[i])) for i in ids]
    shape = draw(st.sampled_from(["list", "telegraphic", "one a line", "chain"]))
    if shape == "list":
        return "关键词：" + "、".join(words) + "。"
    if shape in ("telegraphic", "one a line"):
        counts = draw(st.lists(st.integers(1, 9), min_size=len(words), max_size=len(words)))
        end = "。" if shape == "telegraphic" else "。\n"
        return "".join(f"{w}{n}{draw(st.sampled_from(MEASURES))}{end}" for w, n in zip(words, counts, strict=True))
    joins = draw(st.lists(st.sampled_from(JOINS), min_size=len(words), max_size=len(words)))
    return "开展" + "".join(j + w for j, w in zip(["", *joins[1:]], words, strict=True)) + "。"


def in_work_part(text: str, line: str, after: int = 2) -> str:
    """The report with `line` as a paragraph `after` lines after the heading of its first part (or
    after its first line, when it has no numbered parts)."""
    lines = text.split("\n")
    first = next((n for n, x in enumerate(lines) if x.lstrip().startswith("一、")), 0)
    at = min(first + after, len(lines))
    return "\n".join([*lines[:at], line, *lines[at:]])


@BOUNDED
@given(reports(), stuffed_lines(), st.integers(1, 12))
def test_a_line_of_checklist_terms_never_raises_the_score(text: str, line: str, after: int) -> None:
    assert score(in_work_part(text, line, after)) <= score(text), line


@BOUNDED
@given(reports())
def test_counts_replaced_by_zero_never_raise_the_score(text: str) -> None:
    zeroed = COUNT.sub("0", text)
    assert score(zeroed) <= score(text)
