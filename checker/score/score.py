"""Stage 6 — score: weighted points to 0–100 and a grade band.

met earns 1 × weight, partial ½ × weight, planned and missing nothing. `passed` says whether the
score reaches the checklist's pass score; what fails a run (--min-score, --fail-on) is the gate's
call (gate.py).
"""

from __future__ import annotations

from ..checklist.checklist import Checklist
from ..models import STATUS_CREDIT, ItemResult, ParsedReport, ReportResult


def score(
    report: ParsedReport, items: list[ItemResult], checklist: Checklist, waived: dict[str, str] | None = None
) -> ReportResult:
    """Weighted points; a waived item (id → reason) earns nothing and weighs nothing."""
    waived = waived or {}
    for r in items:  # the judge's results, this report's own: filled in rather than copied
        r.waiver = waived.get(r.id, "")
        r.earned = 0.0 if r.waiver else round(r.weight * STATUS_CREDIT[r.status], 2)
    total = sum([r.weight for r in items if not r.waiver], 0.0)  # a float sum (compiled, `sum` of nothing is int 0)
    points = round(100 * sum([r.earned for r in items], 0.0) / total, 1) if total else 0.0
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
