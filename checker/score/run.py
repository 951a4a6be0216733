"""A run: everything one command graded, with the gate that decides what fails. What the view is
made from (view/view.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ..checklist.auto import AUTO
from ..checklist.editions import Editions
from ..models import CopyGroup, Overlap, ReportResult
from .gate import Gate


@dataclass
class Run:
    """Everything one command produced: what the renderers show."""

    checklist_id: str
    checklist_version: str
    checklist_title: str
    group_titles: dict[str, str]
    results: list[ReportResult]
    gate: Gate  # what fails: the pass score and --fail-on
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    checklist_editions: str = ""  # every edition, when the checklist has several ("" for one)
    verbose: bool = False
    batch: bool = False  # a county's batch: ranking, coverage and copies instead of one page per report
    copies: list[CopyGroup] = field(default_factory=list)  # passages shared between reports
    reuse: list[CopyGroup] = field(default_factory=list)  # passages reused from a unit's earlier report
    skipped: list[str] = field(default_factory=list)  # files in a folder of a format fazhi cannot read
    roster: tuple[str, ...] = ()  # the units that owe a report (--roster), in the roster's order
    overlaps: list[Overlap] = field(default_factory=list)  # how much of each report's text another holds
    by_unit: bool = False  # --checklist auto: each report graded by its unit's kind of checklist
    graded_on: date | None = None  # the grading date printed on a batch's 评查意见 (None: left blank)


def new_run(editions: Editions, results: list[ReportResult], unreadable: list[tuple[str, str]], gate: Gate) -> Run:
    """The run of one command: its checklist (every edition, when it has several) and what it found."""
    newest = editions.newest
    groups = {g.id: g.title for e in editions.editions for g in e.groups}
    return Run(
        checklist_id=newest.id, checklist_version=newest.version, checklist_title=newest.title,
        checklist_editions=editions.label if len(editions.editions) > 1 else "",
        group_titles=groups, results=results, gate=gate, unreadable=unreadable, by_unit=editions.name == AUTO,
    )


def grading_day(given: date | None = None) -> date:
    """The date a batch is graded on: the one given (--date), else SOURCE_DATE_EPOCH's day when set
    (reproducible builds' convention: the same input makes the same page), else today."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()
