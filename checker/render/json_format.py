"""`--format json`: exactly one JSON document, one entry per report (also for a single file).

The document is written in pieces, each report's entry dumped on its own (`report_json`) and put
in its place, indented as one dump of the whole would be: a batch's document is never held whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from ..models import Finding, Status
from ..view.view import SKIPPED, ItemView, Passage, Quote, ReportView, RunView
from . import json_bytes, write_json

_REPORTS = object()  # where the reports' entries go in the document


def render(view: RunView, stream: TextIO, entries: Sequence[bytes] | None = None) -> None:
    """`entries`: the reports' entries (`report_json`) when made already, as a batch's results came in."""
    if entries is None:
        entries = tuple(report_json(r) for r in view.reports)
    write_json(_pieces(_document(view, _REPORTS), entries), stream)


def report_json(r: ReportView) -> bytes:
    """A report's entry as it sits in the document, two levels down: dumped inside two arrays, which
    indents it as one dump of the whole document would, then the arrays' brackets cut off (indenting
    a dump line by line afterwards took a third of the time of dumping it)."""
    return json_bytes([[_report(r)]])[len(_OPENING) : -len(_CLOSING)]


_OPENING, _CLOSING = b"[\n  [\n", b"\n  ]\n]"  # around an entry dumped two levels down


def _pieces(fields: dict[str, Any], entries: Sequence[bytes]) -> Iterator[bytes]:
    """The document, piece by piece (tens of megabytes for a batch, never joined in memory)."""
    yield b"{"
    for n, (key, value) in enumerate(fields.items()):
        yield b'%s\n  "%s": ' % (b"," if n else b"", key.encode())
        if value is not _REPORTS:
            yield _nested(json_bytes(value), 1)
        elif not entries:
            yield b"[]"
        else:
            yield b"[\n"
            for m, entry in enumerate(entries):
                if m:
                    yield b",\n"
                yield entry
            yield b"\n  ]"
    yield b"\n}"


def _nested(data: bytes, depth: int) -> bytes:
    """JSON dumped alone, its lines after the first indented for `depth` levels down (a JSON string
    holds no raw newline, so every newline starts a line of the dump)."""
    return data.replace(b"\n", b"\n" + b"  " * depth)


def to_dict(view: RunView) -> dict[str, Any]:
    """The whole document as one value (what `render` writes)."""
    return _document(view, [_report(r) for r in view.reports])


def _document(view: RunView, reports: object) -> dict[str, Any]:
    out: dict[str, Any] = {
        "checklist": {"id": view.checklist_id, "version": view.checklist_version}
        | ({"editions": view.checklist_editions} if view.checklist_editions else {}),
        "gate": {"pass_score": view.gate.pass_score, "fail_on": list(view.gate.fail_on)},
        "reports": reports,
        "unreadable": [{"path": path, "message": message} for path, message in view.unreadable],
        "skipped": [{"path": path, "reason": SKIPPED} for path in view.skipped],
        "passed": view.passed,
        "why": list(view.why),
    }
    if view.roster:
        out["roster"] = list(view.roster)
        out["not_submitted"] = list(view.not_submitted)
    if view.batch is not None:
        out["ranking"] = [
            {"rank": n + 1, "path": r.path, "unit": r.unit, "score": r.score, "review_count": len(r.to_review),
             "duplicate": r.duplicate,
             "shares": [{"unit": s.unit, "path": s.path, "share": round(s.share, 3)} for s in view.batch.shared(n)]}
            for n, r in enumerate(view.batch.ranking)
        ]
        out["pairs"] = [
            {"a": {"unit": p.a.unit, "path": p.a.path, "share": round(p.a.share, 3)},
             "b": {"unit": p.b.unit, "path": p.b.path, "share": round(p.b.share, 3)}}
            for p in view.batch.pairs
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
        "findings": [_finding(r, f) for f in r.findings],
    }
    if r.keywords:
        out["keywords"] = list(r.keywords)
    if r.previous:
        out["previous"] = r.previous
        out["followup"] = [
            {"text": f.text, "line": f.line, "terms": list(f.terms), "outcome": f.outcome.value,
             "found": f.found, "found_line": f.found_line, "repeated": f.repeated, "repeated_line": f.repeated_line}
            for f in r.followup
        ]
    return out


def _edition(r: ReportView) -> dict[str, Any] | None:
    """The edition that graded the report, and why that one."""
    e = r.edition
    return None if e is None else {"id": e.id, "version": e.version, "years": e.years, "why": e.why}


def _item(i: ItemView) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": i.id,
        "title": i.title,
        "group": i.group,
        "status": i.status,  # a StrEnum is written as its word (its `.value`, a slow property, ran 36,000 times)
        "computed": i.computed or i.status,
        "override": None if i.decision is None else {
            "by": i.decision.by, "date": i.decision.when.isoformat(), "note": i.decision.note,
        },
        "level": i.level,
        "weight": i.weight,
        "earned": i.earned,
        "severity": i.severity,
        "basis": i.basis,
        "evidence": [_evidence(e) for e in i.evidence],
        "elsewhere": [_evidence(e) for e in i.elsewhere],
        "advice": i.advice if not i.met else "",
    }
    if i.waiver:
        out["waiver"] = i.waiver
    if i.review:
        out["review"] = i.review
    return out


def _finding(r: ReportView, f: Finding) -> dict[str, Any]:
    """A finding; with where a reader finds its line (第N页 …) when it has one."""
    if not f.line:
        return {"kind": f.kind, "line": f.line, "message": f.message}
    return {"kind": f.kind, "line": f.line, "where": r.where(f.line), "message": f.message}


def _evidence(e: Quote) -> dict[str, Any]:
    return {
        "text": e.text,
        "line": e.line,
        "where": e.where,  # as a reader of the file finds it: 第3页 (PDF, OFD), 第12段 (.docx), 第59行
        "part": e.part,
        "role": e.role,
        "terms": list(e.terms),
        "reason": e.reason,
    }
