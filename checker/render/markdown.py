"""`--format markdown`: the HTML page's content as GitHub-flavoured Markdown, for an OA system or wiki.

One table row per item; the matched words in bold; `|` and Markdown's own characters escaped
so that a quote cannot break the table or turn into markup. A batch gets the county page first:
ranking, the item × unit matrix, per-item totals, copied and reused text.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import TextIO

from ..models import STATUS_ZH, Status
from ..view.view import (
    CHECKLIST_EACH,
    NOT_SUBMITTED,
    SKIPPED,
    BatchView,
    ItemView,
    Passage,
    Quote,
    ReportView,
    RunView,
    points,
    term_spans,
)

SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
TITLE = "法治政府建设年度报告核查结果"
QUOTE = 160  # characters of evidence shown per quote


def render(view: RunView, stream: TextIO) -> None:
    several = len(view.reports) + len(view.unreadable) > 1
    blocks: list[str] = []
    if view.batch is not None:
        blocks.append(_batch(view, view.batch))
    elif several:
        blocks.append(_summary(view))
    level = 2 if several or view.batch is not None else 1
    blocks += [_report(view, r, level) for r in view.reports]
    if view.unreadable:
        blocks.append(_unreadable(view, level))
    if view.not_submitted:
        lines = "\n".join(f"- {esc(unit)}" for unit in view.not_submitted)
        blocks.append(f"{'#' * level} {NOT_SUBMITTED}（{len(view.not_submitted)} 个单位）\n\n{lines}")
    if view.skipped:
        lines = "\n".join(f"- {_code(Path(path).name)}" for path in view.skipped)
        blocks.append(f"{'#' * level} {SKIPPED}（{len(view.skipped)} 个文件）\n\n{lines}")
    if not blocks:
        blocks.append(f"# {TITLE}\n\n没有可评查的报告。")
    stream.write("\n\n".join(b.rstrip("\n") for b in blocks) + "\n")


def esc(text: str) -> str:
    """Plain text, safe inside a table cell or a list item."""
    return SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def bold_terms(quote: Quote) -> str:
    """The quote (clipped), escaped, with each matched word in bold."""
    text = quote.clipped(QUOTE)
    out, at = [], 0
    for start, end in term_spans(text, quote.terms):
        out += [esc(text[at:start]), f"**{esc(text[start:end])}**"]
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


def table(head: list[str], rows: list[list[str]], right: Collection[int] = ()) -> str:
    rule = ["---:" if n in right else "---" for n in range(len(head))]
    lines = [head, rule, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _summary(view: RunView) -> str:
    rows = [
        [esc(r.unit or "（未识别）"), str(r.year or ""), f"{r.score:.1f}", esc(r.grade), _verdict(r.passed),
         _code(r.path)]
        for r in view.reports
    ]
    rows += [["", "", "", "", "未能读取", _code(path)] for path, _ in view.unreadable]
    head = ["单位", "年度", "得分", "等级", "结论", "文件"]
    return f"# {TITLE}\n\n{_about(view)}\n\n{table(head, rows, {2})}"


def _about(view: RunView) -> str:
    return f"清单：{esc(view.checklist)}  \n判定：{esc(view.gate.describe())}"


# ---------------------------------------------------------------- a batch: the county page


def _batch(view: RunView, batch: BatchView) -> str:
    blocks = [f"# 法治政府建设年度报告批量评查结果\n\n{_about(view)}", "## 评查排名\n\n" + _ranking(batch)]
    if view.checklist_each:
        lines = "\n".join(f"{n}. {esc(r.name)}：{esc(r.checklist or '（未知）')}"
                          for n, r in enumerate(batch.ranking, 1))
        blocks.append(f"## {CHECKLIST_EACH}\n\n{lines}")
    if batch.ranking:
        blocks.append("## 覆盖矩阵（✔达标 ◐部分 ◇仅计划 ✘缺失）\n\n" + _matrix(batch))
        blocks.append("## 各检查项汇总\n\n" + _totals(batch))
    if batch.pairs:
        lines = "\n".join(f"- {esc(p.label)}（{esc(p.a.label)}；{esc(p.b.label)}）" for p in batch.pairs)
        blocks.append(f"## 雷同报告：{len(batch.pairs)} 对\n\n{lines}")
    for title, passages in (("雷同文字：多份报告共有的段落（≥30字）", batch.copies),
                            ("沿用往年：与本单位往年报告相同的段落（≥30字）", batch.reuse)):
        if passages:
            blocks.append(f"## {title}：{len(passages)} 处\n\n" + "\n".join(_passage(g) for g in passages))
    return "\n\n".join(blocks)


def _ranking(batch: BatchView) -> str:
    head = ["名次", "单位", "年度", "得分", "等级", "结论", *(STATUS_ZH[s] for s in Status), "待复核", "雷同", "文件"]
    rows = [
        [str(n + 1), esc(r.unit or "（未识别）"), str(r.year or ""), f"{r.score:.1f}", esc(r.grade), _verdict(r.passed),
         *(str(r.count(s)) for s in Status), str(len(r.to_review)), esc(batch.copy_note(n)), _code(r.path)]
        for n, r in enumerate(batch.ranking)
    ]
    return table(head, rows, {0, 3, 6, 7, 8, 9, 10})


def _matrix(batch: BatchView) -> str:
    rows = [[esc(r.name), *(i.glyph if i else "—" for i in r.cells(batch.item_ids))] for r in batch.ranking]
    return table(["单位", *batch.item_ids], rows)


def _totals(batch: BatchView) -> str:
    rows = [[t.id, esc(t.title), *(str(t.counts[s]) for s in Status), esc(t.summary)] for t in batch.totals]
    return table(["编号", "检查项", *(STATUS_ZH[s] for s in Status), "概况"], rows, {2, 3, 4, 5})


def _passage(g: Passage) -> str:
    places = "；".join(f"{esc(p.unit or p.path)} 第{p.line}行" for p in g.places)
    return f"- “{esc(g.text)}”（{len(g.text)}字）  \n  见于：{places}"


# ---------------------------------------------------------------- one report


def _report(view: RunView, r: ReportView, level: int) -> str:
    h = "#" * level
    parts = [
        f"{h} {esc(r.heading)}",
        _head(view, r),
        f"{h}# 分组概览\n\n{_overview(r)}",
        f"{h}# 逐项核查\n\n{_items(r)}",
        _to_add(r, h),
    ]
    if r.previous:
        parts.append(f"{h}# 上年问题整改跟踪（对照 {_code(r.previous)}）\n\n{_followup(r)}")
    if r.findings:
        lines = [f"- {r.where(f.line) + ' ' if f.line else ''}{esc(f.message)}" for f in r.findings]
        parts.append(f"{h}# 其他发现\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _followup(r: ReportView) -> str:
    if not r.followup:
        return "上年报告的“存在问题”部分没有列出具体问题。"
    rows = [
        [str(f.line), esc(f.text), f.word + ("，连续两年列为问题" if f.repeated else ""),
         f"第{f.found_line}行：{esc(f.found)}" if f.found else "—",
         f"第{f.repeated_line}行" if f.repeated else ""]
        for f in r.followup
    ]
    return table(["上年行", "上年列出的问题", "本年情况", "本年报告中的表述", "本年再次列为问题"], rows, {0})


def _head(view: RunView, r: ReportView) -> str:
    head = ["单位", "年度", "成文日期", "得分", "等级", "结论"]
    row = [
        esc(r.unit or "（未识别）"), str(r.year or "（未识别）"), r.date.isoformat() if r.date else "（无）",
        f"{r.score:.1f} / 100", esc(r.grade), _verdict(r.passed),
    ]
    meta = [f"文件：{_code(r.path)}", f"清单：{esc(r.checklist or view.checklist)}"]
    if view.verbose:
        meta.append(f"格式：{esc(r.format)}，编码：{esc(r.encoding)}")
    if r.keywords:
        meta.append(f"关键词：{esc('、'.join(r.keywords))}")
    meta += [f"未通过：{esc(why)}" for why in r.why]
    if r.overridden:
        meta += [f"{i.id} {esc(i.decided_by)}" for i in r.overridden]
    if r.to_review:
        meta.append(f"待复核：{len(r.to_review)} 项（{'、'.join(i.id for i in r.to_review)}）")
    return table(head, [row]) + "\n\n" + "  \n".join(meta)


def _overview(r: ReportView) -> str:
    rows = [[esc(g.title), f"{g.met} / {len(g.items)}", f"{points(g.earned)} / {points(g.possible)}"] for g in r.groups]
    return table(["分组", "达标项", "得分"], rows, {1, 2})


def _status(item: ItemView) -> str:
    if item.waiver:
        return item.word
    if item.overridden:
        return f"{item.glyph} {item.word}（改判，原{STATUS_ZH[item.computed] if item.computed else '—'}）"
    return f"{item.glyph} {item.word}" + (" ⚑待复核" if item.review else "")


def _items(r: ReportView) -> str:
    rows = [
        [item.id, _title(item), esc(g.title), _status(item), f"{points(item.earned)}/{points(item.weight)}",
         _evidence(item)]
        for g in r.groups
        for item in g.items
    ]
    return table(["编号", "检查项", "分组", "状态", "得分", "证据（位置 · 所在部分：原文）"], rows, {4})


def _title(item: ItemView) -> str:
    return esc(item.title) + ("（建议项）" if item.recommended else "")


def _evidence(item: ItemView) -> str:
    e = item.shown
    if e is None:
        return "未见相关表述"
    text = f"{_where(e)}：{bold_terms(e)}"
    text = text if item.decided else f"{text}（{esc(e.reason)}）"
    if item.overridden:
        return f"{text}（{esc(item.decided_by)}）"
    return text + (f"（待复核：{esc(item.review)}）" if item.review else "")


def _where(e: Quote) -> str:
    return e.where + (f" · {esc(e.place)}" if e.place else "")


def _to_add(r: ReportView, h: str) -> str:
    if not r.to_add:
        return f"{h}# 需要补充\n\n无，所有检查项均已达标。"
    return f"{h}# 需要补充（{len(r.to_add)} 项）\n\n" + "\n".join(_todo_item(i) for i in r.to_add)


def _todo_item(item: ItemView) -> str:
    lines = [
        f"- **{item.id} {esc(item.title)}**〔{item.word}〕" + ("（建议项）" if item.recommended else ""),
        f"  - 建议：{esc(item.advice)}",
        f"  - 依据：{esc(item.basis)}",
    ]
    if item.notes:
        lines.append("  - 报告中的相关表述：")
        lines += [f"    - {_where(e)}：{bold_terms(e)}（{esc(e.reason)}）" for e in item.notes]
    return "\n".join(lines)


def _unreadable(view: RunView, level: int) -> str:
    lines = [f"- {_code(path)}：{esc(reason)}" for path, reason in view.unreadable]
    return f"{'#' * level} 未能读取（{len(view.unreadable)} 个文件）\n\n" + "\n".join(lines)


def _verdict(passed: bool) -> str:
    return "通过" if passed else "**未通过**"


def _code(path: str) -> str:
    """A path as inline code; `|` still needs its backslash inside a GFM table."""
    tick = "``" if "`" in path else "`"
    return f"{tick}{path.replace('|', chr(92) + '|')}{tick}"
