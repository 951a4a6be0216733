"""`--format junit`: JUnit XML for CI servers (Jenkins, GitLab, Azure DevOps …).

One <testsuite> per report: one <testcase> per checklist item, and one for the score. An item that
fails the gate (`--fail-on`) is a <failure>, and so is a score below the pass score; nothing else
is (see gate.py): the file has a failure exactly when the exit code is 1. A file that could not be
read is a suite with one <error>. No timestamps: the same input gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..view.view import NOT_SUBMITTED, SKIPPED, ItemView, ReportView, RunView, points

# Characters XML 1.0 cannot hold, even escaped.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(view: RunView, stream: TextIO) -> None:
    root = ET.Element("testsuites", name=f"fazhi {view.checklist_id} {view.checklist_version}")
    suites = [_suite(view, r) for r in view.reports] + [_unreadable(path, reason) for path, reason in view.unreadable]
    suites += [_skipped(path) for path in view.skipped]
    if view.roster:
        suites.append(_roster(view))
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.set("time", "0")
    root.extend(suites)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def _suite(view: RunView, r: ReportView) -> ET.Element:
    cases = [_case(r, item) for item in r.items] + [_score(view, r)]
    failures = sum(case.find("failure") is not None for case in cases)
    suite = ET.Element(
        "testsuite", name=_clean(r.name), tests=str(len(cases)), failures=str(failures),
        errors="0", skipped="0", time="0",
    )
    suite.append(_properties(view, r))
    suite.extend(cases)
    return suite


def _properties(view: RunView, r: ReportView) -> ET.Element:
    edition = r.edition.label if r.edition else f"{view.checklist_id} {view.checklist_version}"
    values = {
        "path": r.path, "unit": r.unit, "title": r.title, "year": str(r.year or ""),
        "date": r.date.isoformat() if r.date else "", "score": f"{r.score:.1f}", "grade": r.grade,
        "passed": "true" if r.passed else "false", "checklist": edition,
        "gate": view.gate.describe(),
    }
    props = ET.Element("properties")
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=_clean(value))
    return props


def _case(r: ReportView, item: ItemView) -> ET.Element:
    case = ET.Element("testcase", name=_clean(f"{item.id} {item.title}"), classname=_clean(item.group_title or r.name),
                      time="0")
    if item.fails:
        failure = ET.SubElement(case, "failure", message=_clean(item.advice), type=item.status.value)
        failure.text = _clean(_details(item))
    else:
        ET.SubElement(case, "system-out").text = _clean(_details(item))
    return case


def _score(view: RunView, r: ReportView) -> ET.Element:
    case = ET.Element("testcase", name="总分", classname=_clean(r.name), time="0")
    text = f"得分 {r.score:.1f} / 100，等级 {r.grade}；{view.gate.describe()}"
    if r.score_fails:
        failure = ET.SubElement(case, "failure", message=_clean(r.why[0]), type="score")
        failure.text = _clean(text)
    else:
        ET.SubElement(case, "system-out").text = _clean(text)
    return case


def _details(item: ItemView) -> str:
    """The status, points and the shown evidence, as plain text."""
    severity = "建议项" if item.recommended else "必查项"
    lines = [f"状态：{item.word}（{points(item.earned)}/{points(item.weight)} 分，{severity}）"]
    e = item.shown
    if e is None:
        lines.append("证据：未见相关表述")
    else:
        where = e.where + (f" {e.place}" if e.place else "")
        lines.append(f"证据：{where}：{e.text}（{e.reason}）")
    if item.overridden:
        lines.append(item.decided_by)
    elif item.review:
        lines.append(f"待复核：{item.review}")
    if not item.met:
        lines += [f"建议：{item.advice}", f"依据：{item.basis}"]
    return "\n".join(lines)


def _unreadable(path: str, reason: str) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(path), tests="1", failures="0", errors="1", skipped="0", time="0")
    case = ET.SubElement(suite, "testcase", name="读取报告", classname=_clean(path), time="0")
    error = ET.SubElement(case, "error", message=_clean(reason), type="unreadable")
    error.text = _clean(f"{path}: {reason}")
    return suite


def _skipped(path: str) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(path), tests="1", failures="0", errors="0", skipped="1", time="0")
    case = ET.SubElement(suite, "testcase", name="读取报告", classname=_clean(path), time="0")
    ET.SubElement(case, "skipped", message=SKIPPED)
    return suite


def _roster(view: RunView) -> ET.Element:
    """The roster: a case per unit, a failure for each that has not submitted (应交未交)."""
    missing = set(view.not_submitted)
    suite = ET.Element("testsuite", name="应交名单", tests=str(len(view.roster)), failures=str(len(missing)),
                       errors="0", skipped="0", time="0")
    for unit in view.roster:
        case = ET.SubElement(suite, "testcase", name=_clean(unit), classname="应交名单", time="0")
        if unit in missing:
            ET.SubElement(case, "failure", message=NOT_SUBMITTED, type="not_submitted")
    return suite


def _clean(text: str) -> str:
    return INVALID_XML.sub("\ufffd", text)
