"""Stage 6 — score: weighted points to 0–100 and a grade band.

met earns 1 × weight, partial ½ × weight, planned and missing nothing. `passed` says whether the
score reaches the checklist's pass score; what fails a run (--min-score, --fail-on) is the gate's
call (gate.py).
"""

from __future__ import annotations

from dataclasses import replace

from .checklist import Checklist
from .models import STATUS_CREDIT, ItemResult, ParsedReport, ReportResult


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
        title_line=report.title_line,
    )
