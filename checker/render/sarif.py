"""`--format sarif`: SARIF 2.1.0 for code-scanning views (GitHub, GitLab, VS Code's SARIF viewer).

One run: the driver's rules are the checklist items that appear, in order, and `SCORE` (the score
reaches the pass score). Every item not met in a report is a result at the line of its shown
sentence (line 1 when there is none): level `error` when it fails the gate (`--fail-on`), else
`warning`; a score below the pass score is an `error` result of rule `SCORE`. So there is an
`error` result exactly when the exit code is 1 (gate.py). Unreadable files are error
notifications of the invocation.
"""

from __future__ import annotations

from pathlib import PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..view.view import NOT_SUBMITTED, SKIPPED, ItemView, ReportView, RunView
from . import dump_json

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SCORE_RULE = "SCORE"


def render(view: RunView, stream: TextIO) -> None:
    dump_json(to_dict(view), stream)


def to_dict(view: RunView) -> dict[str, Any]:
    rules = _rules(view)
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    results = []
    for r in view.reports:
        results += [_result(r, item, index[item.id]) for item in r.to_add]
        if r.score_fails:
            results.append(_score_result(view, r, index[SCORE_RULE]))
    sarif_run: dict[str, Any] = {
        "tool": {"driver": {"name": "fazhi", "version": __version__, "rules": rules}},
        "invocations": [_invocation(view)],
        "language": "zh-CN",
        "results": results,
        "properties": {
            "checklist": {"id": view.checklist_id, "version": view.checklist_version, "title": view.checklist_title},
            "gate": view.gate.describe(),
            "reports": [_summary(r) for r in view.reports],
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [sarif_run]}


def artifact_uri(path: str) -> str:
    """The report's path as a URI reference: relative paths stay relative, with `/` separators."""
    if "\\" in path:
        path = PureWindowsPath(path).as_posix()
    return quote(path, safe="/:@!$&'()*+,;=-._~")


def _rules(view: RunView) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in view.reports:
        for item in r.items:
            if item.id not in seen:
                seen[item.id] = _rule(view, item)
    score = {
        "id": SCORE_RULE,
        "shortDescription": {"text": "得分达到及格分"},
        "fullDescription": {"text": f"报告得分不低于及格分（{view.gate.describe()}）"},
        "help": {"text": "补齐未达标的检查项，提高得分。"},
        "defaultConfiguration": {"level": "error"},
    }
    return [*seen.values(), score]


def _rule(view: RunView, item: ItemView) -> dict[str, Any]:
    return {
        "id": item.id,
        "shortDescription": {"text": item.title},
        "fullDescription": {"text": f"{item.title}（依据：{item.basis}）"},
        "help": {"text": item.advice},
        "defaultConfiguration": {"level": "error" if item.id in _failing_ids(view) else "warning"},
        "properties": {
            "basis": item.basis,
            "group": item.group,
            "groupTitle": item.group_title,
            "severity": item.severity,
            "weight": item.weight,
        },
    }


def _failing_ids(view: RunView) -> set[str]:
    return {i.id for r in view.reports for i in r.items if i.fails}


def _location(r: ReportView, line: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)}, "region": {"startLine": line}}}


def _located(r: ReportView, item: ItemView) -> str:
    """Where a reader of a PDF, OFD or .docx finds the sentence (a region's line is the extracted
    text's, which those files do not show); "" for a text file or an item with no sentence."""
    if r.places.unit == "行" or item.shown is None:
        return ""
    return f"（原文{item.shown.where}）"


def _result(r: ReportView, item: ItemView, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": item.id,
        "ruleIndex": rule_index,
        "level": item.level,
        "message": {"text": f"{item.word}{_located(r, item)}：{item.advice}"},
        "locations": [_location(r, item.line)],
        "properties": {
            "status": item.status.value,
            "earned": item.earned,
            "weight": item.weight,
            "unit": r.unit,
            **({"review": item.review} if item.review else {}),
            **({"computed": item.computed.value, "override": item.decided_by} if item.computed else {}),
        },
    }


def _score_result(view: RunView, r: ReportView, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": SCORE_RULE,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": r.why[0]},
        "locations": [_location(r, 1)],
        "properties": {"score": r.score, "grade": r.grade, "unit": r.unit},
    }


def _summary(r: ReportView) -> dict[str, Any]:
    return {
        "path": r.path, "unit": r.unit, "year": r.year, "score": r.score, "grade": r.grade, "passed": r.passed,
    }


def _invocation(view: RunView) -> dict[str, Any]:
    notes = [
        {
            "level": "error",
            "message": {"text": f"未能读取：{reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}],
        }
        for path, reason in view.unreadable
    ]
    notes += [
        {
            "level": "note",
            "message": {"text": f"{SKIPPED}，未评查"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}],
        }
        for path in view.skipped
    ]
    notes += [{"level": "error", "message": {"text": f"{NOT_SUBMITTED}：{unit}"}} for unit in view.not_submitted]
    out: dict[str, Any] = {"executionSuccessful": bool(view.reports) or not view.unreadable}
    if notes:
        out["toolExecutionNotifications"] = notes
    return out
