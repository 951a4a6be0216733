"""`--format json`: exactly one JSON document, one entry per report (also for a single file)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..models import Evidence, ItemResult, ReportResult, Run


def render(run: Run, stream: TextIO) -> None:
    json.dump(to_dict(run), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def to_dict(run: Run) -> dict[str, Any]:
    out: dict[str, Any] = {
        "checklist": {"id": run.checklist_id, "version": run.checklist_version},
        "reports": [_report(r) for r in run.results],
        "unreadable": [{"path": path, "message": message} for path, message in run.unreadable],
    }
    if run.batch:
        from ..score import item_totals, ranking

        out["ranking"] = [
            {"rank": n, "path": r.path, "unit": r.unit, "score": r.score, "review_count": len(r.to_review)}
            for n, r in enumerate(ranking(run.results), 1)
        ]
        out["item_totals"] = [{"id": t.id, "title": t.title, **t.counts} for t in item_totals(run.results)]
        out["copies"] = [_group(g) for g in run.copies]
        out["reuse"] = [_group(g) for g in run.reuse]
    return out


def _group(g: Any) -> dict[str, Any]:
    return {"text": g.text, "places": [{"path": p.path, "unit": p.unit, "line": p.line} for p in g.places]}


def _report(r: ReportResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": r.path,
        "unit": r.unit,
        "year": r.year,
        "date": r.date.isoformat() if r.date else None,
        "title": r.title,
        "format": r.format,
        "encoding": r.encoding,
        "score": r.score,
        "grade": r.grade,
        "passed": r.passed,
        "items": [_item(i) for i in r.items],
        "review_count": len(r.to_review),
        "findings": [{"kind": f.kind, "line": f.line, "message": f.message} for f in r.findings],
    }
    if r.keywords:
        out["keywords"] = r.keywords
    return out


def _item(i: ItemResult) -> dict[str, Any]:
    return {
        "id": i.id,
        "title": i.title,
        "group": i.group,
        "status": i.status.value,
        "weight": i.weight,
        "earned": i.earned,
        "severity": i.severity,
        "basis": i.basis,
        "evidence": [_evidence(e) for e in i.evidence],
        "elsewhere": [_evidence(e) for e in i.elsewhere],
        "advice": i.advice if i.status.value != "met" else "",
        **({"waiver": i.waiver} if i.waiver else {}),
        **({"review": i.review} if i.review else {}),
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "text": e.text,
        "line": e.line,
        "part": e.part,
        "role": e.role.value,
        "terms": e.terms,
        "reason": e.reason,
    }
