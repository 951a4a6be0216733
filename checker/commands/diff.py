"""`fazhi diff OLD NEW`: one unit's report against its report of an earlier year.

- items gained and lost: every item whose status moved, up or down;
- problems not addressed: each shortcoming the old report named under 存在问题 whose key
  words (jieba, domain terms kept whole) the new report's work parts do not take up;
- passages reused verbatim from the old report (≥ 30 characters);
- the grader's overrides (`--overrides FILE`) on either year: the tool's status, the final one, who and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..checklist.checklist import Checklist
from ..checklist.compile import CompiledChecklist
from ..checklist.editions import Editions
from ..evidence.copies import copy_doc, find_reuse
from ..evidence.followup import shortcomings
from ..judge.judge import RANK
from ..models import STATUS_ZH, CopyDoc, CopyGroup, ItemResult, ParsedReport, ReportResult, Role, Status
from ..pipeline import grade_document
from ..read import read
from ..score.overrides import Override

KEYWORDS = 4  # key words taken from each old problem
ADDRESSED = 2  # … of which the new work parts must use this many


@dataclass(frozen=True)
class Change:
    id: str
    title: str
    old: Status
    new: Status

    @property
    def gained(self) -> bool:
        return RANK[self.new] > RANK[self.old]


@dataclass(frozen=True)
class OpenProblem:
    text: str
    line: int
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Diff:
    old: ReportResult
    new: ReportResult
    changes: list[Change]
    open_problems: list[OpenProblem]
    reused: list[CopyGroup]
    added: list[tuple[str, str, Status]] = field(default_factory=list)  # items only this year's edition has

    @property
    def overridden(self) -> list[tuple[str, ItemResult]]:
        """Each item a grader's override decided, with the year's report it is in (往年 / 本年)."""
        return [(which, i) for which, r in (("往年", self.old), ("本年", self.new)) for i in r.items if i.decision]


def compare(old_path: str, new_path: str, checklist: CompiledChecklist | Editions,
            overrides: Sequence[Override] = ()) -> Diff:
    """Each year graded by the edition for its year, with the grader's overrides; items compared
    where both editions have them."""
    old, old_report, old_doc = _graded(old_path, checklist, overrides)
    new, new_report, new_doc = _graded(new_path, checklist, overrides)
    before = {i.id: i for i in old.items}
    changes = [
        Change(b.id, b.title, before[b.id].status, b.status)
        for b in new.items
        if b.id in before and before[b.id].status is not b.status
    ]
    added = [(b.id, b.title, b.status) for b in new.items if b.id not in before]
    words = checklist.newest if isinstance(checklist, Editions) else checklist.checklist
    problems = _open_problems(old_report, new_report, words)
    return Diff(old, new, changes, problems, find_reuse(new_doc, old_doc), added)


def _graded(path: str, checklist: CompiledChecklist | Editions,
            overrides: Sequence[Override]) -> tuple[ReportResult, ParsedReport, CopyDoc]:
    # its parts give the problems under 存在问题
    result, report = grade_document(read(path), checklist, overrides=overrides)
    return result, report, copy_doc(path, report.unit, report.document)


def _open_problems(old: ParsedReport, new: ParsedReport, checklist: Checklist) -> list[OpenProblem]:
    from ..view.keywords import keywords

    work = "".join(s.text for s in new.sentences if s.role is Role.WORK)
    out = []
    for text, line in shortcomings(old):
        words = tuple(keywords(text, checklist)[:KEYWORDS])
        if words and sum(w in work for w in words) < min(ADDRESSED, len(words)):
            out.append(OpenProblem(text, line, words))
    return out


def render(diff: Diff, stream: TextIO) -> None:
    console = Console(file=stream, width=100, highlight=False)
    o, n = diff.old, diff.new
    console.print(Text(f"{n.unit or n.path}：{o.year or '?'}年 {o.score:.1f} 分 → {n.year or '?'}年 {n.score:.1f} 分",
                       style="bold"))
    table = Table(title="检查项变化", title_justify="left")
    for name in ("编号", "检查项", "原状态", "新状态", ""):
        table.add_column(name)
    for c in diff.changes:
        mark = Text("↑ 进步", style="green") if c.gained else Text("↓ 退步", style="red")
        table.add_row(c.id, c.title, STATUS_ZH[c.old], STATUS_ZH[c.new], mark)
    console.print(table if diff.changes else Text("检查项状态没有变化。"))
    if diff.added:
        added = "、".join(f"{i} {title}（{STATUS_ZH[status]}）" for i, title, status in diff.added)
        console.print(Text(f"本年度版本的核查清单新增：{added}"))
    if diff.overridden:
        console.print(Text(f"人工改判：{len(diff.overridden)} 项（得分按改判后的状态计算）", style="bold"))
        for which, i in diff.overridden:
            console.print(Text(f"  {which} {i.id} {i.title}：{_decided(i)}"))
    console.print(Text(f"往年“存在问题”中未见回应的问题：{len(diff.open_problems)} 条", style="bold"))
    for p in diff.open_problems:
        console.print(Text(f"  第{p.line}行：{p.text[:80]}（关键词：{'、'.join(p.keywords)}）"))
    console.print(Text(f"沿用往年原文的段落（≥30字）：{len(diff.reused)} 处", style="bold"))
    for g in diff.reused:
        lines = "、".join(f"{'新' if p.path == n.path else '旧'}第{p.line}行" for p in g.places)
        console.print(Text(f"  “{g.text[:60]}{'…' if len(g.text) > 60 else ''}”（{lines}）"))


def to_dict(diff: Diff) -> dict[str, Any]:
    return {
        "old": {"path": diff.old.path, "year": diff.old.year, "score": diff.old.score},
        "new": {"path": diff.new.path, "year": diff.new.year, "score": diff.new.score},
        "gained": [_change(c) for c in diff.changes if c.gained],
        "lost": [_change(c) for c in diff.changes if not c.gained],
        "added": [{"id": i, "title": title, "status": status.value} for i, title, status in diff.added],
        "open_problems": [{"text": p.text, "line": p.line, "keywords": list(p.keywords)} for p in diff.open_problems],
        "reused": [{"text": g.text, "places": [{"path": p.path, "line": p.line} for p in g.places]}
                   for g in diff.reused],
        "overrides": [_override(which, i) for which, i in diff.overridden],
    }


def _decided(i: ItemResult) -> str:
    return i.decision.says(i.computed, i.status) if i.decision else ""


def _override(which: str, i: ItemResult) -> dict[str, Any]:
    d = i.decision
    assert d is not None
    return {
        "report": "old" if which == "往年" else "new", "id": i.id, "status": i.status.value,
        "computed": (i.computed or i.status).value,
        "override": {"by": d.by, "date": d.when.isoformat(), "note": d.note},
    }


def _change(c: Change) -> dict[str, str]:
    return {"id": c.id, "title": c.title, "old": c.old.value, "new": c.new.value}
