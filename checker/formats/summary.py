"""The batch view in the terminal: ranking, item × unit coverage, per-item totals, copied text."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import STATUS_ZH, ReportResult, Run, Status
from ..score import item_totals, ranking

STYLE = {Status.MET: "green", Status.PARTIAL: "yellow", Status.PLANNED: "cyan", Status.MISSING: "red"}
CELL = {Status.MET: "✔", Status.PARTIAL: "◐", Status.PLANNED: "◇", Status.MISSING: "✘"}
PASSAGE = 60


def render_batch(console: Console, run: Run) -> None:
    ranked = ranking(run.results)
    console.print(_ranking(ranked))
    if ranked:
        console.print(_matrix(ranked))
        console.print(_totals(ranked))
    if run.copies:
        _copies(console, "雷同文字：多份报告共有的段落（≥30字）", run.copies)
    if run.reuse:
        _copies(console, "沿用往年：与本单位往年报告相同的段落（≥30字）", run.reuse)
    for path, reason in run.unreadable:
        console.print(Text(f"未能读取：{path} — {reason}", style="bold red"))


def _counts(r: ReportResult) -> list[str]:
    return [str(sum(1 for i in r.items if i.status is s)) for s in Status]


def _ranking(ranked: list[ReportResult]) -> Table:
    table = Table(title=f"评查排名（{len(ranked)} 份报告）", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False,
                  expand=True)
    for name, justify, width in (("名次", "right", 4), ("单位", "left", 12), ("年度", "right", 4),
                                 ("得分", "right", 5), ("等级", "left", 6), ("结论", "left", 6)):
        table.add_column(name, justify=justify, no_wrap=True, min_width=width, max_width=width if name == "单位"
                         else None, overflow="ellipsis")  # type: ignore[arg-type]
    for status in Status:
        table.add_column(STATUS_ZH[status], justify="right", style=STYLE[status], no_wrap=True, min_width=6)
    table.add_column("待复核", justify="right", style="yellow", no_wrap=True, min_width=6)
    table.add_column("文件", no_wrap=True, overflow="ellipsis", ratio=1)
    for n, r in enumerate(ranked, 1):
        verdict = Text("通过", style="green") if r.passed else Text("未通过", style="red")
        name = Path(r.path).name
        review = str(len(r.to_review))
        table.add_row(str(n), r.unit, str(r.year or ""), f"{r.score:.1f}", r.grade, verdict, *_counts(r), review, name)
    return table


def _matrix(ranked: list[ReportResult]) -> Table:
    table = Table(title="覆盖矩阵（✔达标 ◐部分 ◇仅计划 ✘缺失）", box=box.SIMPLE_HEAD, title_justify="left",
                  pad_edge=False, padding=(0, 0), collapse_padding=True)
    table.add_column("单位", no_wrap=True, max_width=14, overflow="ellipsis")
    for item in ranked[0].items:
        table.add_column(item.id, justify="center", no_wrap=True, width=4)
    for r in ranked:
        table.add_row(r.unit or r.path, *(Text(CELL[i.status], style=STYLE[i.status]) for i in r.items))
    return table


def _totals(ranked: list[ReportResult]) -> Table:
    n = len(ranked)
    table = Table(title="各检查项汇总", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("编号", no_wrap=True)
    table.add_column("检查项", overflow="fold", ratio=2)
    for status in Status:
        table.add_column(STATUS_ZH[status], justify="right", style=STYLE[status], no_wrap=True)
    table.add_column("概况", overflow="fold", ratio=2)
    totals = sorted(item_totals(ranked), key=lambda t: (-t.not_met(), t.id))
    for t in totals:
        short = t.title.split("（")[0]
        summary = f"{n} 个单位中 {t.not_met()} 个未达标" if t.not_met() else f"{n} 个单位全部达标"
        if t.counts[Status.MISSING.value]:
            summary += f"，{t.counts[Status.MISSING.value]} 个缺少{short}"
        table.add_row(t.id, t.title, *(str(t.counts[s.value]) for s in Status), summary)
    return table


def _copies(console: Console, title: str, groups: list) -> None:
    console.print(Text(f"{title}：{len(groups)} 处", style="bold"))
    for g in groups:
        passage = g.text if len(g.text) <= PASSAGE else g.text[:PASSAGE] + "…"
        console.print(Text(f"  “{passage}”（{len(g.text)}字）"))
        places = "；".join(f"{p.unit or p.path} 第{p.line}行" for p in g.places)
        console.print(Text(f"    见于：{places}", style="dim"))
