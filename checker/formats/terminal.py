"""The terminal view a county grader prints out: header, items by group, what to add, findings.

Fits 100 columns; plain text (no colour codes) when the output is not a terminal.
"""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..models import STATUS_ZH, Evidence, ItemResult, ReportResult, Run, Status

WIDTH = 100
STYLE = {Status.MET: "green", Status.PARTIAL: "yellow", Status.PLANNED: "cyan", Status.MISSING: "red"}
MARK = {Status.MET: "✔", Status.PARTIAL: "◐", Status.PLANNED: "◇", Status.MISSING: "✘"}
QUOTE = 60  # characters of evidence shown per item
REVIEW = "⚑待复核"  # the status rests on a borderline reading: a grader should look


def render(run: Run, stream: TextIO) -> None:
    console = Console(file=stream, width=WIDTH, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(file=stream, width=WIDTH, highlight=False, no_color=True, color_system=None)
    if run.batch:
        from .summary import render_batch

        render_batch(console, run)
        return
    for result in run.results:
        _report(console, run, result)
    if run.results:  # with nothing graded, the reasons on stderr say it all
        for path, reason in run.unreadable:
            console.print(Text(f"未能读取：{path} — {reason}", style="bold red"))
    if len(run.results) + len(run.unreadable) > 1:
        _summary(console, run)


def _report(console: Console, run: Run, r: ReportResult) -> None:
    verdict = Text(" 通过 PASS ", style="bold white on green") if r.passed else Text(
        " 未通过 FAIL ", style="bold white on red"
    )
    head = Text.assemble(
        ("得分 ", "bold"), (f"{r.score:.1f}", "bold"), " / 100    ",
        ("等级 ", "bold"), (r.grade, "bold"), "    ", verdict,
    )
    meta = Text(
        f"单位：{r.unit or '（未识别）'}    年度：{r.year or '（未识别）'}    "
        f"成文日期：{r.date.isoformat() if r.date else '（无）'}\n"
        f"文件：{r.path}\n清单：{run.checklist_title}（{run.checklist_id} {run.checklist_version}）"
    )
    if run.verbose:
        meta.append(f"\n格式：{r.format}    编码：{r.encoding}")
    if r.keywords:
        meta.append(f"\n关键词：{'、'.join(r.keywords)}")
    if r.to_review:
        ids = "、".join(i.id for i in r.to_review)
        meta.append(f"\n待复核：{len(r.to_review)} 项（{ids}），判定依据处于边界，请人工核对", style="yellow")
    title = r.title or r.path
    console.print(Panel(Group(head, meta), title=Text(title, style="bold"), box=box.DOUBLE, expand=True))
    console.print(_items_table(run, r))
    _to_add(console, r)
    if run.verbose:
        _candidates(console, r)
    _findings(console, r)
    console.print()


def _items_table(run: Run, r: ReportResult) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("编号", width=4, no_wrap=True)
    table.add_column("检查项", ratio=3, overflow="fold")
    table.add_column("状态", width=8, no_wrap=True)
    table.add_column("得分", width=9, justify="right", no_wrap=True)
    table.add_column("证据（行号：原文）", ratio=6, overflow="fold")
    group = None
    for item in r.items:
        if item.group != group:
            group = item.group
            table.add_row("", Text(run.group_titles.get(group, group), style="bold underline"), "", "", "")
        if item.waiver:
            status, points = Text("○ 豁免", style="dim"), "—"
        else:
            status = Text(f"{MARK[item.status]} {STATUS_ZH[item.status]}", style=STYLE[item.status])
            points = f"{item.earned:g}/{item.weight:g}"
        quote = _best_quote(item)
        if item.review and not item.waiver:
            status.append(f"\n{REVIEW}", style="bold yellow")
            quote.append(f"\n{REVIEW}：{item.review}", style="yellow")
        table.add_row(item.id, item.title, status, points, quote)
    return table


def _best_quote(item: ItemResult) -> Text:
    shown = item.evidence[:1] or item.elsewhere[:1]
    if not shown:
        return Text("未见相关表述", style="dim")
    e = shown[0]
    text = Text(f"第{e.line}行：", style="dim")
    text.append_text(_highlighted(_clip(e.text, e.terms), e.terms))
    if not item.evidence:
        text.append(f"（{e.reason}）", style="dim")
    return text


def _clip(text: str, terms: list[str]) -> str:
    """At most QUOTE characters, centred on the first matched word."""
    if len(text) <= QUOTE:
        return text
    at = min((text.find(t) for t in terms if t in text), default=0)
    start = max(0, min(at - QUOTE // 3, len(text) - QUOTE))
    return ("…" if start else "") + text[start : start + QUOTE] + ("…" if start + QUOTE < len(text) else "")


def _highlighted(quote: str, terms: list[str]) -> Text:
    text = Text(quote)
    text.highlight_words([t for t in terms if t], style="bold magenta")
    return text


def _to_add(console: Console, r: ReportResult) -> None:
    waived = [i for i in r.items if i.waiver]
    if waived:
        console.print(Text("豁免（不计分）", style="bold"))
        for item in waived:
            console.print(Text(f"  {item.id} {item.title}：{item.waiver}", style="dim"))
    todo = [i for i in r.items if i.status is not Status.MET and not i.waiver]
    if not todo:
        console.print(Text("需要补充：无，所有检查项均已达标。", style="green"))
        return
    console.print(Text(f"需要补充（{len(todo)} 项）", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=6, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for item in todo:
        head = Text(item.title, style="bold")
        head.append(f"  [{STATUS_ZH[item.status]}]", style=STYLE[item.status])
        if item.severity == "recommended":
            head.append("（建议项）", style="dim")
        grid.add_row(Text(f"  {item.id}", style="bold"), head)
        grid.add_row("", Text(f"建议：{item.advice}"))
        grid.add_row("", Text(f"依据：{item.basis}", style="dim"))
        for e in _notes(item):
            grid.add_row("", Text(f"注：第{e.line}行 {e.part or '正文'}：{e.reason}", style="dim"))
    console.print(grid)


def _notes(item: ItemResult) -> list[Evidence]:
    """Where the report mentions the item anyway: the plan, the problem, the generic claim."""
    if item.status is Status.MISSING:
        return item.elsewhere[:2]
    if item.status is Status.PLANNED:
        return item.evidence[:1] + item.elsewhere[:1]
    return item.evidence[:1]


def _candidates(console: Console, r: ReportResult) -> None:
    """--verbose: every sentence looked at for each item, and why it counted or not."""
    console.print(Text("候选证据（-v）", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=6, no_wrap=True)
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for item in r.items:
        for e in item.candidates:
            verdict = Text(STATUS_ZH[e.verdict], style=STYLE[e.verdict])
            grid.add_row(f"  {item.id}", verdict, Text(f"第{e.line}行：{_clip(e.text, e.terms)}（{e.reason}）"))
    console.print(grid)


def _findings(console: Console, r: ReportResult) -> None:
    if not r.findings:
        return
    console.print(Text("其他发现", style="bold"))
    for f in r.findings:
        where = f"第{f.line}行 " if f.line else ""
        console.print(Text(f"  • {where}{f.message}"))


def _summary(console: Console, run: Run) -> None:
    table = Table(title="汇总", box=box.SIMPLE_HEAD)
    for name in ("单位", "年度", "得分", "等级", "结论", "文件"):
        table.add_column(name)
    for r in run.results:
        table.add_row(
            r.unit, str(r.year or ""), f"{r.score:.1f}", r.grade,
            Text("通过", style="green") if r.passed else Text("未通过", style="red"), r.path,
        )
    for path, _ in run.unreadable:
        table.add_row("", "", "", "", Text("未能读取", style="red"), path)
    console.print(table)
