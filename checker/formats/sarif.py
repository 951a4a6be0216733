"""`--format sarif`: SARIF 2.1.0 for code-scanning views (GitHub, GitLab, VS Code's SARIF viewer).

One run: the driver's rules are the checklist items that appear, in order; every item not met
in a report is a result at the line of its nearest evidence (line 1 when there is none).
Files that could not be read are error notifications of the invocation.
"""

from __future__ import annotations

import json
from contextlib import suppress
from importlib.metadata import PackageNotFoundError, version
from pathlib import PureWindowsPath
from typing import Any, TextIO
from urllib.parse import quote

from ..models import STATUS_ZH, ItemResult, ReportResult, Run, Status

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def render(run: Run, stream: TextIO) -> None:
    json.dump(to_dict(run), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def to_dict(run: Run) -> dict[str, Any]:
    rules = _rules(run)
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    results = [_result(r, item, index[item.id]) for r in run.results for item in r.items if not_met(item)]
    sarif_run: dict[str, Any] = {
        "tool": {"driver": _driver(rules)},
        "invocations": [_invocation(run)],
        "language": "zh-CN",
        "results": results,
        "properties": {
            "checklist": {"id": run.checklist_id, "version": run.checklist_version, "title": run.checklist_title},
            "reports": [_summary(r) for r in run.results],
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [sarif_run]}


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "fazhi"}
    with suppress(PackageNotFoundError):  # a source tree that was never installed has no version
        driver["version"] = version("fazhi")
    driver["rules"] = rules
    return driver


def not_met(item: ItemResult) -> bool:
    """Not met and not waived: what a reader has to act on."""
    return item.status is not Status.MET and not item.waiver


def level(item: ItemResult) -> str:
    return "error" if item.severity == "required" else "warning"


def nearest_line(item: ItemResult) -> int:
    """The line of the nearest relevant evidence: what decided the item, else any mention, else 1."""
    return next((e.line for e in [*item.evidence, *item.elsewhere] if e.line >= 1), 1)


def artifact_uri(path: str) -> str:
    """The report's path as a URI reference: relative paths stay relative, with `/` separators."""
    if "\\" in path:
        path = PureWindowsPath(path).as_posix()
    return quote(path, safe="/:@!$&'()*+,;=-._~")


def _rules(run: Run) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in run.results:
        for item in r.items:
            if item.id not in seen:
                seen[item.id] = _rule(run, item)
    return list(seen.values())


def _rule(run: Run, item: ItemResult) -> dict[str, Any]:
    return {
        "id": item.id,
        "shortDescription": {"text": item.title},
        "fullDescription": {"text": f"{item.title}（依据：{item.basis}）"},
        "help": {"text": item.advice},
        "defaultConfiguration": {"level": level(item)},
        "properties": {
            "basis": item.basis,
            "group": item.group,
            "groupTitle": run.group_titles.get(item.group, item.group),
            "severity": item.severity,
            "weight": item.weight,
        },
    }


def _result(r: ReportResult, item: ItemResult, rule_index: int) -> dict[str, Any]:
    region = {"startLine": nearest_line(item)}
    location = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)}, "region": region}}
    return {
        "ruleId": item.id,
        "ruleIndex": rule_index,
        "level": level(item),
        "message": {"text": f"{STATUS_ZH[item.status]}：{item.advice}"},
        "locations": [location],
        "properties": {
            "status": item.status.value,
            "earned": item.earned,
            "weight": item.weight,
            "unit": r.unit,
        },
    }


def _summary(r: ReportResult) -> dict[str, Any]:
    return {
        "path": r.path, "unit": r.unit, "year": r.year, "score": r.score, "grade": r.grade, "passed": r.passed,
    }


def _invocation(run: Run) -> dict[str, Any]:
    notes = [
        {
            "level": "error",
            "message": {"text": f"未能读取：{reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}],
        }
        for path, reason in run.unreadable
    ]
    out: dict[str, Any] = {"executionSuccessful": bool(run.results) or not run.unreadable}
    if notes:
        out["toolExecutionNotifications"] = notes
    return out
