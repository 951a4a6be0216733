"""The batch view in the terminal: ranking, item × unit coverage, per-item totals, copied text."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import STATUS_ZH, Status
from ..view.view import CHECKLIST_EACH, NOT_SUBMITTED, SKIPPED, BatchView, Passage, RunView

STYLE = {Status.MET: "green", Status.PARTIAL: "yellow", Status.PLANNED: "cyan", Status.MISSING: "red"}
PASSAGE = 60
COPIES = "雷同文字：多份报告共有的段落（≥30字）"
REUSE = "沿用往年：与本单位往年报告相同的段落（≥30字）"


def render_batch(console: Console, view: RunView) -> None:
    batch = view.batch
    assert batch is not None
    console.print(_ranking(batch))
    checklists(console, view)
    if batch.ranking:
        console.print(_matrix(batch))
        console.print(_totals(batch))
    if batch.pairs:
        console.print(Text(f"雷同报告：{len(batch.pairs)} 对（相同文字占各自全文的比例）", style="bold"))
        for p in batch.pairs:
            console.print(Text(f"  {p.label}（{p.a.label}；{p.b.label}）"))
    if batch.copies:
        _passages(console, COPIES, batch.copies)
    if batch.reuse:
        _passages(console, REUSE, batch.reuse)
    for path, reason in view.unreadable:
        console.print(Text(f"未能读取：{path} — {reason}", style="bold red"))
    overrides(console, view)
    beside(console, view)


def overrides(console: Console, view: RunView) -> None:
    """Every item a grader's override decided: the tool's status, the final one, who and why."""
    decided = [(r, i) for r in view.reports for i in r.overridden]
    if not decided:
        return
    console.print(Text(f"人工改判：{len(decided)} 项（得分按改判后的状态计算）", style="bold"))
    for r, i in decided:
        console.print(Text(f"  {r.name} {i.id} {i.title}：{i.decided_by}"))


def checklists(console: Console, view: RunView) -> None:
    """Under --checklist auto (or when the reports were graded by several editions): which checklist
    graded each ranked report, and why."""
    if view.batch is None or not view.checklist_each:
        return
    console.print(Text(f"{CHECKLIST_EACH}：", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", width=4, no_wrap=True)
    grid.add_column(no_wrap=True, max_width=14, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for n, r in enumerate(view.batch.ranking, 1):  # the checklist's id and why (its version: in JSON, on the pages)
        edition = r.edition
        grid.add_row(str(n), r.name, edition.id if edition else "（未知）", edition.why if edition else "")
    console.print(grid)


def beside(console: Console, view: RunView) -> None:
    """What the run holds beside its graded reports: files skipped, units that have not submitted."""
    for path in view.skipped:
        console.print(Text(f"{SKIPPED}：{Path(path).name}", style="yellow"))
    if view.not_submitted:
        head = f"{NOT_SUBMITTED}（{len(view.not_submitted)} 个单位，应交名单共 {len(view.roster)} 个）："
        console.print(Text(head, style="bold red") + Text("、".join(view.not_submitted), style="red"))


def _ranking(batch: BatchView) -> Table:
    table = Table(title=f"评查排名（{len(batch.ranking)} 份报告）", box=box.SIMPLE_HEAD, title_justify="left",
                  pad_edge=False, expand=True)
    for name, justify, width in (("名次", "right", 4), ("单位", "left", 12), ("年度", "right", 4),
                                 ("得分", "right", 5), ("等级", "left", 6), ("结论", "left", 6)):
        unit = name == "单位"  # its second line names the reports it shares text with: folded, not cut
        table.add_column(name, justify=justify, no_wrap=not unit, min_width=width, max_width=width if unit
                         else None, overflow="fold" if unit else "ellipsis")  # type: ignore[arg-type]
    for status in Status:
        table.add_column(STATUS_ZH[status], justify="right", style=STYLE[status], no_wrap=True, min_width=6)
    table.add_column("待复核", justify="right", style="yellow", no_wrap=True, min_width=6)
    table.add_column("文件", no_wrap=True, overflow="ellipsis", ratio=1)
    for n, r in enumerate(batch.ranking, 1):
        verdict = Text("通过", style="green") if r.passed else Text("未通过", style="red")
        counts = [str(r.count(s)) for s in Status]
        unit = Text(r.unit)
        if note := batch.copy_note(n - 1):  # the reports it shares text with, under its name
            unit.append(f"\n{note}", style="magenta")
        row = [str(n), unit, str(r.year or ""), f"{r.score:.1f}", r.grade]
        table.add_row(*row, verdict, *counts, str(len(r.to_review)), Path(r.path).name)
    return table


def _matrix(batch: BatchView) -> Table:
    table = Table(title="覆盖矩阵（✔达标 ◐部分 ◇仅计划 ✘缺失）", box=box.SIMPLE_HEAD, title_justify="left",
                  pad_edge=False, padding=(0, 0), collapse_padding=True)
    table.add_column("单位", no_wrap=True, max_width=14, overflow="ellipsis")
    for item_id in batch.item_ids:
        table.add_column(item_id, justify="center", no_wrap=True, width=4)
    for r in batch.ranking:
        table.add_row(r.name, *(Text(i.glyph, style=STYLE[i.status]) if i else Text("—", style="dim")
                                for i in r.cells(batch.item_ids)))
    return table


def _totals(batch: BatchView) -> Table:
    table = Table(title="各检查项汇总", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("编号", no_wrap=True)
    table.add_column("检查项", overflow="fold", ratio=2)
    for status in Status:
        table.add_column(STATUS_ZH[status], justify="right", style=STYLE[status], no_wrap=True)
    table.add_column("概况", overflow="fold", ratio=2)
    for t in batch.totals:
        table.add_row(t.id, t.title, *(str(t.counts[s]) for s in Status), t.summary)
    return table


def _passages(console: Console, title: str, groups: tuple[Passage, ...]) -> None:
    console.print(Text(f"{title}：{len(groups)} 处", style="bold"))
    for g in groups:
        passage = g.text if len(g.text) <= PASSAGE else g.text[:PASSAGE] + "…"
        console.print(Text(f"  “{passage}”（{len(g.text)}字）"))
        places = "；".join(f"{p.unit or p.path} 第{p.line}行" for p in g.places)
        console.print(Text(f"    见于：{places}", style="dim"))


