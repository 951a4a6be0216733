"""Stage 6 — score: weighted points to 0–100, a grade band, pass or fail.

met earns 1 × weight, partial ½ × weight, planned and missing nothing.
"""

from __future__ import annotations

from dataclasses import replace

from .checklist import Checklist
from .models import STATUS_CREDIT, ItemResult, ParsedReport, ReportResult


def score(report: ParsedReport, items: list[ItemResult], checklist: Checklist) -> ReportResult:
    items = [replace(r, earned=round(r.weight * STATUS_CREDIT[r.status], 2)) for r in items]
    total = sum(r.weight for r in items)
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
