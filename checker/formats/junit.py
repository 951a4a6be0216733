"""`--format junit`: JUnit XML for CI servers (Jenkins, GitLab, Azure DevOps …).

One <testsuite> per report, one <testcase> per checklist item. A required item whose status is
in `run.fail_on` is a <failure>; recommended items never fail. A file that could not be read is
a suite with one <error>. No timestamps: the same input gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..models import STATUS_ZH, ItemResult, ReportResult, Run
from .html import best, points

# Characters XML 1.0 cannot hold, even escaped.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def render(run: Run, stream: TextIO) -> None:
    root = ET.Element("testsuites", name=f"fazhi {run.checklist_id} {run.checklist_version}")
    suites = [_suite(run, r) for r in run.results] + [_unreadable(path, reason) for path, reason in run.unreadable]
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.set("time", "0")
    root.extend(suites)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def fails(run: Run, item: ItemResult) -> bool:
    """A required item whose status counts as failing; recommended and waived items never fail."""
    return item.severity == "required" and not item.waiver and item.status.value in run.fail_on


def _suite(run: Run, r: ReportResult) -> ET.Element:
    cases = [_case(run, r, item) for item in r.items]
    failures = sum(fails(run, item) for item in r.items)
    suite = ET.Element(
        "testsuite", name=_clean(r.unit or r.path), tests=str(len(cases)), failures=str(failures),
        errors="0", skipped="0", time="0",
    )
    suite.append(_properties(run, r))
    suite.extend(cases)
    return suite


def _properties(run: Run, r: ReportResult) -> ET.Element:
    values = {
        "path": r.path, "unit": r.unit, "title": r.title, "year": str(r.year or ""),
        "date": r.date.isoformat() if r.date else "", "score": f"{r.score:.1f}", "grade": r.grade,
        "passed": "true" if r.passed else "false", "checklist": f"{run.checklist_id} {run.checklist_version}",
    }
    props = ET.Element("properties")
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=_clean(value))
    return props


def _case(run: Run, r: ReportResult, item: ItemResult) -> ET.Element:
    classname = run.group_titles.get(item.group) or r.unit or r.path
    case = ET.Element("testcase", name=_clean(f"{item.id} {item.title}"), classname=_clean(classname), time="0")
    if fails(run, item):
        failure = ET.SubElement(case, "failure", message=_clean(item.advice), type=item.status.value)
        failure.text = _clean(_details(item))
    else:
        ET.SubElement(case, "system-out").text = _clean(_details(item))
    return case


def _details(item: ItemResult) -> str:
    """The status, points and the best evidence, as plain text."""
    severity = "必查项" if item.severity == "required" else "建议项"
    lines = [f"状态：{STATUS_ZH[item.status]}（{points(item.earned)}/{points(item.weight)} 分，{severity}）"]
    e = best(item)
    if e is None:
        lines.append("证据：未见相关表述")
    else:
        where = f"第{e.line}行" + (f" {e.part}" if e.part and e.part != e.text else "")
        lines.append(f"证据：{where}：{e.text}（{e.reason}）")
    if item.status.value != "met":
        lines += [f"建议：{item.advice}", f"依据：{item.basis}"]
    return "\n".join(lines)


def _unreadable(path: str, reason: str) -> ET.Element:
    suite = ET.Element("testsuite", name=_clean(path), tests="1", failures="0", errors="1", skipped="0", time="0")
    case = ET.SubElement(suite, "testcase", name="读取报告", classname=_clean(path), time="0")
    error = ET.SubElement(case, "error", message=_clean(reason), type="unreadable")
    error.text = _clean(f"{path}: {reason}")
    return suite


def _clean(text: str) -> str:
    return INVALID_XML.sub("\ufffd", text)
