"""`--format github`: GitHub Actions workflow commands, shown as annotations on the report files.

Per item not met: `::error` when it fails the gate (`--fail-on`), else `::warning`, at the line of
its shown sentence; with `--previous`, a `::warning` per shortcoming of last year's not fixed; per
report an `::error` when its score is below the pass score, else a `::notice` with the score. So the
log has an `::error` exactly when the exit code is 1 (gate.py).
Values are escaped as GitHub's toolkit does: `%`, CR and LF everywhere, `:` and `,` in properties.
"""

from __future__ import annotations

from typing import TextIO

from ..models import Outcome
from ..view.view import NOT_SUBMITTED, SKIPPED, ItemView, ReportView, RunView


def render(view: RunView, stream: TextIO) -> None:
    for r in view.reports:
        for item in r.to_add:
            stream.write(_annotation(r, item) + "\n")
        for f in r.followup:  # --previous: last year's shortcomings not fixed (warnings: no verdict of their own)
            if f.outcome is not Outcome.ADDRESSED or f.repeated:
                title = "上年问题：" + ("连续两年列为问题" if f.repeated else f.word)
                line = f.repeated_line or f.found_line or 1
                message = f"上年第{f.line}行：{f.text}"
                stream.write(command("warning", message, file=r.path, line=line, title=title) + "\n")
        stream.write(_outcome(view, r) + "\n")
    for path, reason in view.unreadable:
        stream.write(command("error", f"未能读取：{reason}", file=path, title="未能读取") + "\n")
    for path in view.skipped:
        stream.write(command("notice", f"{SKIPPED}，未评查", file=path, title=SKIPPED) + "\n")
    if view.not_submitted:
        units = "、".join(view.not_submitted)
        message = f"{NOT_SUBMITTED} {len(view.not_submitted)} 个单位：{units}"
        stream.write(command("error", message, title=NOT_SUBMITTED) + "\n")


def command(name: str, message: str, **properties: str | int) -> str:
    """`::name key=value,…::message`, escaped."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(r: ReportView, item: ItemView) -> str:
    name = "error" if item.fails else "warning"
    message = f"{item.word}：{item.advice}" + (f"（{item.decided_by}）" if item.overridden else "")
    return command(name, message, file=r.path, line=item.line, title=f"{item.id} {item.title}")


def _outcome(view: RunView, r: ReportView) -> str:
    verdict = "通过" if r.passed else "未通过"
    met = sum(i.met for i in r.items)
    message = f"得分 {r.score:.1f} / 100，等级 {r.grade}，{verdict}（达标 {met}/{len(r.items)} 项；"
    message += f"{view.gate.describe()}）"
    name = "error" if r.score_fails else "notice"
    return command(name, message, file=r.path, title=f"{r.name} 评查结果")
