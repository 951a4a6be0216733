"""`--format github`: GitHub Actions workflow commands, shown as annotations on the report files.

Per item not met: `::error` when it fails the gate (`--fail-on`), else `::warning`, at the line of
its shown sentence; with `--previous`, a `::warning` per shortcoming of last year's not fixed; per
report an `::error` when its score is below the pass score, else a `::notice` with the score. So the
log has an `::error` exactly when the exit code is 1 (gate.py).
Values are escaped as GitHub's toolkit does: `%`, CR and LF everywhere, `:` and `,` in properties.
File paths are relative to the repository's root (GitHub places an annotation only by that path),
whichever folder the job ran fazhi from; outside a repository, relative to the current folder.
When `$GITHUB_STEP_SUMMARY` names a file, the run's Markdown page is appended to it: the job's
summary shows the ranking and every report, not only the ~10 annotations GitHub shows a step.
"""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path
from typing import TextIO

from ..models import FazhiError, Outcome
from ..view.view import NOT_SUBMITTED, SKIPPED, ItemView, ReportView, RunView


def render(view: RunView, stream: TextIO) -> None:
    _annotations(view, stream)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        write_step_summary(view, summary)


def write_step_summary(view: RunView, path: str) -> None:
    """Append the run's Markdown page to the step summary file (appended: earlier steps wrote theirs)."""
    from .markdown import render as markdown

    try:
        with open(path, "a", encoding="utf-8", newline="") as summary:
            summary.write("\n")
            markdown(view, summary)
    except OSError as exc:
        raise FazhiError(f"{path}: 无法写入 GITHUB_STEP_SUMMARY（{exc.strerror or exc}）") from exc


def repository_path(path: str) -> str:
    """`path` relative to the root of the git repository holding it (the current folder's when
    none does), with `/` between folders, as GitHub matches a file of the checked-out repository."""
    absolute = os.path.realpath(path)
    base = _toplevel(os.path.dirname(absolute)) or os.path.realpath(os.getcwd())
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return path


@functools.lru_cache(maxsize=256)
def _toplevel(folder: str) -> str:
    """The root of the git repository `folder` is in ("" when none, or git is not installed)."""
    while folder and not os.path.isdir(folder):  # a report that is gone: ask from the nearest folder that is not
        parent = os.path.dirname(folder)
        folder = "" if parent == folder else parent
    if not folder:
        return ""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    top = done.stdout.strip()
    return os.path.realpath(top) if done.returncode == 0 and top else ""


def _annotations(view: RunView, stream: TextIO) -> None:
    for r in view.reports:
        for item in r.to_add:
            stream.write(_annotation(r, item) + "\n")
        for f in r.followup:  # --previous: last year's shortcomings not fixed (warnings: no verdict of their own)
            if f.outcome is not Outcome.ADDRESSED or f.repeated:
                title = "上年问题：" + ("连续两年列为问题" if f.repeated else f.word)
                line = f.repeated_line or f.found_line or 1
                message = f"上年第{f.line}行：{f.text}"
                stream.write(command("warning", message, file=repository_path(r.path), line=line, title=title) + "\n")
        stream.write(_outcome(view, r) + "\n")
    for path, reason in view.unreadable:
        stream.write(command("error", f"未能读取：{reason}", file=repository_path(path), title="未能读取") + "\n")
    for path in view.skipped:
        stream.write(command("notice", f"{SKIPPED}，未评查", file=repository_path(path), title=SKIPPED) + "\n")
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
    return command(name, message, file=repository_path(r.path), line=item.line, title=f"{item.id} {item.title}")


def _outcome(view: RunView, r: ReportView) -> str:
    verdict = "通过" if r.passed else "未通过"
    met = sum(i.met for i in r.items)
    message = f"得分 {r.score:.1f} / 100，等级 {r.grade}，{verdict}（达标 {met}/{len(r.items)} 项；"
    message += f"{view.gate.describe()}）"
    name = "error" if r.score_fails else "notice"
    return command(name, message, file=repository_path(r.path), title=f"{r.name} 评查结果")
