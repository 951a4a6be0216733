"""Stage 6 — score: weighted points to 0–100, a grade band, pass or fail; for a batch, the
ranking of the reports and how many reports met each item.

met earns 1 × weight, partial ½ × weight, planned and missing nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .checklist import Checklist
from .models import STATUS_CREDIT, ItemResult, ParsedReport, ReportResult, Status


def score(
    report: ParsedReport, items: list[ItemResult], checklist: Checklist, waived: dict[str, str] | None = None
) -> ReportResult:
    """Weighted points; a waived item (id → reason) earns nothing and weighs nothing."""
    waived = waived or {}
    items = [
        replace(r, earned=0.0, waiver=waived[r.id]) if r.id in waived
        else replace(r, earned=round(r.weight * STATUS_CREDIT[r.status], 2))
        for r in items
    ]
    total = sum(r.weight for r in items if not r.waiver)
    points = round(100 * sum(r.earned for r in items) / total, 1) if total else 0.0
    return ReportResult(
        path=report.path,
        unit=report.unit,
        year=report.year,
        date=report.date,
        title=report.title,
        score=points,
        grade=checklist.grade_for(points),
        passed=points >= checklist.pass_score,
        items=items,
        findings=report.findings,
    )


@dataclass(frozen=True)
class ItemTotal:
    id: str
    title: str
    counts: dict[str, int]  # status → number of reports

    def not_met(self) -> int:
        return sum(n for status, n in self.counts.items() if status != Status.MET.value)


def ranking(results: Sequence[ReportResult]) -> list[ReportResult]:
    """Best first; ties by unit and path so the order never changes between runs."""
    return sorted(results, key=lambda r: (-r.score, r.unit, r.path))


def item_totals(results: Sequence[ReportResult]) -> list[ItemTotal]:
    if not results:
        return []
    totals = []
    for i, item in enumerate(results[0].items):
        counts = {s.value: 0 for s in Status}
        for r in results:
            counts[r.items[i].status.value] += 1
        totals.append(ItemTotal(item.id, item.title, counts))
    return totals


FAIL_LEVELS = ("partial", "planned", "missing")  # from least to most severe


def failing_statuses(fail_on: str | None) -> tuple[str, ...]:
    """`--fail-on planned` fails on planned and anything worse (missing)."""
    return FAIL_LEVELS[FAIL_LEVELS.index(fail_on):] if fail_on else ()


def apply_gate(result: ReportResult, min_score: float | None, fail_on: tuple[str, ...]) -> ReportResult:
    """Pass or fail by the score (the checklist's pass score or --min-score) and by required items."""
    passed = result.passed if min_score is None else result.score >= min_score
    blocked = [i for i in result.items
               if i.severity == "required" and not i.waiver and i.status.value in fail_on]
    return replace(result, passed=passed and not blocked)
