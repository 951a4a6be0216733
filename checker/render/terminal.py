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

from ..models import STATUS_ZH, Outcome, Status
from ..view.view import ItemView, Quote, ReportView, RunView

WIDTH = 100
STYLE = {Status.MET: "green", Status.PARTIAL: "yellow", Status.PLANNED: "cyan", Status.MISSING: "red"}
QUOTE = 60  # characters of evidence shown per item
REVIEW = "⚑待复核"  # the status rests on a borderline reading: a grader should look


def console_for(stream: TextIO) -> Console:
    console = Console(file=stream, width=WIDTH, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(file=stream, width=WIDTH, highlight=False, no_color=True, color_system=None)
    return console


def render(view: RunView, stream: TextIO) -> None:
    console = console_for(stream)
    if view.batch is not None:
        from .summary import render_batch

        render_batch(console, view)
        return
    for report in view.reports:
        _report(console, view, report)
    if view.reports:  # with nothing graded, the reasons on stderr say it all
        for path, reason in view.unreadable:
            console.print(Text(f"未能读取：{path} — {reason}", style="bold red"))
        from .summary import beside

        beside(console, view)
    if len(view.reports) + len(view.unreadable) > 1:
        _summary(console, view)


def verdict(passed: bool) -> Text:
    if passed:
        return Text(" 通过 PASS ", style="bold white on green")
    return Text(" 未通过 FAIL ", style="bold white on red")


def _report(console: Console, view: RunView, r: ReportView) -> None:
    head = Text.assemble(
        ("得分 ", "bold"), (f"{r.score:.1f}", "bold"), " / 100    ",
        ("等级 ", "bold"), (r.grade, "bold"), "    ", verdict(r.passed),
    )
    meta = Text(
        f"单位：{r.unit or '（未识别）'}    年度：{r.year or '（未识别）'}    "
        f"成文日期：{r.date.isoformat() if r.date else '（无）'}\n"
        f"文件：{r.path}\n清单：{r.checklist or view.checklist}"
    )
    if view.verbose:
        meta.append(f"\n格式：{r.format}    编码：{r.encoding}")
    if r.keywords:
        meta.append(f"\n关键词：{'、'.join(r.keywords)}")
    for why in r.why:
        meta.append(f"\n未通过：{why}", style="red")
    if r.overridden:
        ids = "、".join(i.id for i in r.overridden)
        meta.append(f"\n人工改判：{len(r.overridden)} 项（{ids}），得分按改判后的状态计算", style="magenta")
    if r.to_review:
        ids = "、".join(i.id for i in r.to_review)
        meta.append(f"\n待复核：{len(r.to_review)} 项（{ids}），判定依据处于边界，请人工核对", style="yellow")
    console.print(Panel(Group(head, meta), title=Text(r.heading, style="bold"), box=box.DOUBLE, expand=True))
    console.print(_items_table(r))
    _to_add(console, r)
    if view.verbose:
        _candidates(console, r)
    _followup(console, r)
    _findings(console, r)
    console.print()


def _items_table(r: ReportView) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("编号", width=4, no_wrap=True)
    table.add_column("检查项", ratio=3, overflow="fold")
    table.add_column("状态", width=8, no_wrap=True)
    table.add_column("得分", width=9, justify="right", no_wrap=True)
    table.add_column("证据（位置：原文）", ratio=6, overflow="fold")
    for group in r.groups:
        table.add_row("", Text(group.title, style="bold underline"), "", "", "")
        for item in group.items:
            table.add_row(item.id, item.title, *_status_and_points(item), _best_quote(item))
    return table


def _status_and_points(item: ItemView) -> tuple[Text, str]:
    if item.waiver:
        return Text(f"○ {item.word}", style="dim"), "—"
    status = Text(f"{item.glyph} {item.word}", style=STYLE[item.status])
    if item.overridden:
        status.append("\n✎改判", style="bold magenta")
    elif item.review:
        status.append(f"\n{REVIEW}", style="bold yellow")
    return status, f"{item.earned:g}/{item.weight:g}"


def _best_quote(item: ItemView) -> Text:
    e = item.shown
    if e is None:
        text = Text("未见相关表述", style="dim")
    else:
        text = Text(f"{e.where}：", style="dim")
        text.append_text(_highlighted(e))
        if not item.decided:
            text.append(f"（{e.reason}）", style="dim")
    if item.overridden:
        text.append(f"\n{item.decided_by}", style="magenta")
    elif item.review and not item.waiver:
        text.append(f"\n{REVIEW}：{item.review}", style="yellow")
    return text


def _highlighted(e: Quote) -> Text:
    text = Text(e.clipped(QUOTE))
    text.highlight_words(list(e.terms), style="bold magenta")
    return text


def _to_add(console: Console, r: ReportView) -> None:
    if r.waived:
        console.print(Text("豁免（不计分）", style="bold"))
        for item in r.waived:
            console.print(Text(f"  {item.id} {item.title}：{item.waiver}", style="dim"))
    if not r.to_add:
        console.print(Text("需要补充：无，所有检查项均已达标。", style="green"))
        return
    console.print(Text(f"需要补充（{len(r.to_add)} 项）", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=6, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for item in r.to_add:
        head = Text(item.title, style="bold")
        head.append(f"  [{item.word}]", style=STYLE[item.status])
        if item.recommended:
            head.append("（建议项）", style="dim")
        grid.add_row(Text(f"  {item.id}", style="bold"), head)
        grid.add_row("", Text(f"建议：{item.advice}"))
        grid.add_row("", Text(f"依据：{item.basis}", style="dim"))
        for e in item.notes:
            grid.add_row("", Text(f"注：{e.where} {e.place or '正文'}：{e.reason}", style="dim"))
    console.print(grid)


def _candidates(console: Console, r: ReportView) -> None:
    """--verbose: every sentence looked at for each item, and why it counted or not."""
    console.print(Text("候选证据（-v）", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=6, no_wrap=True)
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for item in r.items:
        for e in item.candidates:
            verdict = Text(STATUS_ZH[e.status], style=STYLE[e.status])
            grid.add_row(f"  {item.id}", verdict, Text(f"{e.where}：{e.clipped(QUOTE)}（{e.reason}）"))
    console.print(grid)


OUTCOME_STYLE = {Outcome.ADDRESSED: "green", Outcome.PLANNED: "cyan", Outcome.ABSENT: "red"}


def _followup(console: Console, r: ReportView) -> None:
    """--previous: each of last year's shortcomings and what became of it."""
    if not r.previous:
        return
    title = f"上年问题整改跟踪（对照 {r.previous}）"
    if not r.followup:
        console.print(Text(f"{title}：上年报告的“存在问题”部分没有列出具体问题。", style="bold"))
        return
    table = Table(title=title, title_justify="left", title_style="bold",
                  box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("上年行", width=6, justify="right", no_wrap=True)
    table.add_column("上年列出的问题", ratio=4, overflow="fold")
    table.add_column("本年情况", width=14, overflow="fold")
    table.add_column("本年报告中的表述", ratio=5, overflow="fold")
    for row in r.followup:
        outcome = Text(row.word, style=OUTCOME_STYLE[row.outcome])
        if row.repeated:
            outcome.append("\n⚠ 连续两年列为问题", style="bold red")
        said = Text(f"第{row.found_line}行：{row.found}") if row.found else Text("—", style="dim")
        if row.repeated:
            said.append(f"\n（本年“存在问题”第{row.repeated_line}行再次列出）", style="dim")
        table.add_row(str(row.line), Text(row.text), outcome, said)
    console.print(table)


def _findings(console: Console, r: ReportView) -> None:
    if not r.findings:
        return
    console.print(Text("其他发现", style="bold"))
    for f in r.findings:
        where = f"{r.where(f.line)} " if f.line else ""
        console.print(Text(f"  • {where}{f.message}"))


def _summary(console: Console, view: RunView) -> None:
    table = Table(title="汇总", box=box.SIMPLE_HEAD)
    for name in ("单位", "年度", "得分", "等级", "结论", "文件"):
        table.add_column(name)
    for r in view.reports:
        table.add_row(
            r.unit, str(r.year or ""), f"{r.score:.1f}", r.grade,
            Text("通过", style="green") if r.passed else Text("未通过", style="red"), r.path,
        )
    for path, _ in view.unreadable:
        table.add_row("", "", "", "", Text("未能读取", style="red"), path)
    console.print(table)
