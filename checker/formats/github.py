"""`--format github`: GitHub Actions workflow commands, shown as annotations on the report files.

One `::error` (required items) or `::warning` (recommended items) per item not met, at the line of
its nearest evidence, then one `::notice` per report with its score and grade. Values are escaped
as GitHub's toolkit does: `%`, CR and LF everywhere, and `:` and `,` in properties too.
"""

from __future__ import annotations

from typing import TextIO

from ..models import STATUS_ZH, ItemResult, ReportResult, Run
from .sarif import nearest_line, not_met


def render(run: Run, stream: TextIO) -> None:
    for r in run.results:
        for item in r.items:
            if not_met(item):
                stream.write(_annotation(r, item) + "\n")
        stream.write(_notice(r) + "\n")
    for path, reason in run.unreadable:
        stream.write(command("error", f"未能读取：{reason}", file=path, title="未能读取") + "\n")


def command(name: str, message: str, **properties: str | int) -> str:
    """`::name key=value,…::message`, escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(r: ReportResult, item: ItemResult) -> str:
    name = "error" if item.severity == "required" else "warning"
    message = f"{STATUS_ZH[item.status]}：{item.advice}"
    return command(name, message, file=r.path, line=nearest_line(item), title=f"{item.id} {item.title}")


def _notice(r: ReportResult) -> str:
    verdict = "通过" if r.passed else "未通过"
    met = sum(not not_met(i) for i in r.items)
    message = f"得分 {r.score:.1f} / 100，等级 {r.grade}，{verdict}（达标 {met}/{len(r.items)} 项）"
    return command("notice", message, file=r.path, title=f"{r.unit or r.path} 评查结果")
