"""The phrasing table (tests/data/phrasing.yaml): how reports say things, case by case.

Each sentence case is graded as a tiny report under its part heading and must get its status;
each document case is a short whole report whose parse (unit, year, date, titles, headings,
findings) and statuses must come out as written. Like yamllint's rule tests, a case is one line
of data; the table grows when a new phrasing is met.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from checker.checklist import loading
from checker.models import Source
from checker.normalise.normalise import normalise
from checker.parse.parse import parse
from checker.pipeline import grade_source

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "phrasing.yaml").read_text(encoding="utf-8"))
TITLE = "示例镇2024年法治政府建设情况报告"
WORK = "一、主要举措和成效"
CLASSES = {"vocabulary", "jiang", "runin", "negation", "plans", "furniture", "mood", "actor", "quotation", "detail"}


def _id(case: dict, n: int) -> str:
    return f"{case['class']}-{case.get('item', 'doc')}-{n}"


SENTENCES = [pytest.param(c, id=_id(c, n)) for n, c in enumerate(TABLE["sentences"])]
DOCUMENTS = [pytest.param(c, id=_id(c, n)) for n, c in enumerate(TABLE["documents"])]


def test_the_table_covers_every_class_with_enough_cases():
    cases = TABLE["sentences"] + TABLE["documents"]
    assert {c["class"] for c in cases} == CLASSES
    assert len(cases) >= 150


@pytest.mark.parametrize("case", SENTENCES)
def test_sentence(case, township_compiled):
    """Graded by the default checklist, or by the bundled one the case names (`checklist:`)."""
    checklist = loading.load_compiled(case["checklist"]) if "checklist" in case else township_compiled
    report = f"{TITLE}\n{case.get('part', WORK)}\n{case['text']}\n"
    result = grade_source(Source(path="<phrasing>", text=report), checklist, verbose=True)
    item = next(i for i in result.items if i.id == case["item"])
    assert item.status.value == case["status"], [(e.reason, e.text) for e in item.candidates]
    if "review" in case:
        assert bool(item.review) == case["review"], item.review


@pytest.mark.parametrize("case", DOCUMENTS)
def test_document(case, township_compiled):
    source = Source(path="<phrasing>", text=case["report"])
    result = grade_source(source, township_compiled)
    got = {i.id: i.status.value for i in result.items}
    assert {k: got[k] for k in case.get("items", {})} == case.get("items", {})
    report = parse(normalise(source), township_compiled.words)
    for key in ("unit", "year", "title"):
        if key in case:
            assert getattr(report, key) == case[key]
    if "date" in case:
        want = case["date"]
        assert report.date == (want if want is None or isinstance(want, datetime.date) else None)
    if "headings" in case:
        titled = [p.heading for p in report.root.walk() if p.rank > 1 and p.titled]
        assert titled == case["headings"]
    kinds = {f.kind for f in report.findings}
    assert not kinds & set(case.get("findings_absent", []))
    assert set(case.get("findings", [])) <= kinds
