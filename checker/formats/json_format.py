"""`--format json`: exactly one JSON document, one entry per report (also for a single file)."""

from __future__ import annotations

from typing import Any, TextIO

from ..models import Status
from ..view import ItemView, Passage, Quote, ReportView, RunView
from . import dump_json


def render(view: RunView, stream: TextIO) -> None:
    dump_json(to_dict(view), stream)


def to_dict(view: RunView) -> dict[str, Any]:
    out: dict[str, Any] = {
        "checklist": {"id": view.checklist_id, "version": view.checklist_version}
        | ({"editions": view.checklist_editions} if view.checklist_editions else {}),
        "gate": {"pass_score": view.gate.pass_score, "fail_on": list(view.gate.fail_on)},
        "reports": [_report(r) for r in view.reports],
        "unreadable": [{"path": path, "message": message} for path, message in view.unreadable],
    }
    if view.batch is not None:
        out["ranking"] = [
            {"rank": n, "path": r.path, "unit": r.unit, "score": r.score, "review_count": len(r.to_review)}
            for n, r in enumerate(view.batch.ranking, 1)
        ]
        out["item_totals"] = [
            {"id": t.id, "title": t.title, **{s.value: t.counts[s] for s in Status}} for t in view.batch.totals
        ]
        out["copies"] = [_passage(g) for g in view.batch.copies]
        out["reuse"] = [_passage(g) for g in view.batch.reuse]
    return out


def _passage(g: Passage) -> dict[str, Any]:
    return {"text": g.text, "places": [{"path": p.path, "unit": p.unit, "line": p.line} for p in g.places]}


def _report(r: ReportView) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": r.path,
        "unit": r.unit,
        "year": r.year,
        "date": r.date.isoformat() if r.date else None,
        "title": r.title,
        "checklist": _edition(r),
        "format": r.format,
        "encoding": r.encoding,
        "score": r.score,
        "grade": r.grade,
        "passed": r.passed,
        "why": list(r.why),
        "items": [_item(i) for i in r.items],
        "review_count": len(r.to_review),
        "findings": [{"kind": f.kind, "line": f.line, "message": f.message} for f in r.findings],
    }
    if r.keywords:
        out["keywords"] = list(r.keywords)
    return out


def _edition(r: ReportView) -> dict[str, Any] | None:
    """The edition that graded the report, and why that one."""
    e = r.edition
    return None if e is None else {"id": e.id, "version": e.version, "years": e.years, "why": e.why}


def _item(i: ItemView) -> dict[str, Any]:
    return {
        "id": i.id,
        "title": i.title,
        "group": i.group,
        "status": i.status.value,
        "level": i.level,
        "weight": i.weight,
        "earned": i.earned,
        "severity": i.severity,
        "basis": i.basis,
        "evidence": [_evidence(e) for e in i.evidence],
        "elsewhere": [_evidence(e) for e in i.elsewhere],
        "advice": i.advice if not i.met else "",
        **({"waiver": i.waiver} if i.waiver else {}),
        **({"review": i.review} if i.review else {}),
    }


def _evidence(e: Quote) -> dict[str, Any]:
    return {
        "text": e.text,
        "line": e.line,
        "part": e.part,
        "role": e.role,
        "terms": list(e.terms),
        "reason": e.reason,
    }
