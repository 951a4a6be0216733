import dataclasses

from checker.models import Status
from checker.score.score import score

from .conftest import grade, parsed


def test_weighted_score_grade_and_pass(township):
    report = parsed("一、主要做法\n做了工作。\n")
    result = grade("一、主要做法\n做了工作。\n")
    weights = {i.id: i.weight for i in result.items}
    items = []
    for r in result.items:
        status = Status.MET if r.id in ("A1", "B1") else Status.PARTIAL if r.id == "D1" else Status.MISSING
        items.append(dataclasses.replace(r, status=status))
    scored = score(report, items, township)
    total = sum(weights.values())
    expected = round(100 * (weights["A1"] + weights["B1"] + 0.5 * weights["D1"]) / total, 1)
    assert scored.score == expected
    assert {i.id: i.earned for i in scored.items if i.earned} == {
        "A1": weights["A1"], "B1": weights["B1"], "D1": weights["D1"] / 2
    }
    assert (scored.grade, scored.passed) == ("不合格", False)


def test_grade_bands(township):
    assert [township.grade_for(s) for s in (100, 90, 89.9, 80, 60, 59.9, 0)] == [
        "优秀", "优秀", "良好", "良好", "合格", "不合格", "不合格"
    ]
