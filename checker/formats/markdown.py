"""`--format markdown`: the HTML page's content as GitHub-flavoured Markdown, for an OA system or wiki.

One table row per item; the matched words in bold; `|` and Markdown's own characters escaped
so that a quote cannot break the table or turn into markup.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TextIO

from ..models import STATUS_ZH, Evidence, ItemResult, ReportResult, Run, Status
from .html import best, clip, groups, notes, points, term_spans, todo

MARK = {Status.MET: "✔", Status.PARTIAL: "◐", Status.PLANNED: "◇", Status.MISSING: "✘"}
SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
TITLE = "法治政府建设年度报告核查结果"


def render(run: Run, stream: TextIO) -> None:
    several = len(run.results) + len(run.unreadable) > 1
    blocks: list[str] = []
    if several:
        blocks.append(_summary(run))
    level = 2 if several else 1
    blocks += [_report(run, r, level) for r in run.results]
    if run.unreadable:
        blocks.append(_unreadable(run, level))
    if not blocks:
        blocks.append(f"# {TITLE}\n\n没有可评查的报告。")
    stream.write("\n\n".join(b.rstrip("\n") for b in blocks) + "\n")


def esc(text: str) -> str:
    """Plain text, safe inside a table cell or a list item."""
    return SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def bold_terms(text: str, terms: list[str]) -> str:
    """The quote (clipped), escaped, with each matched word in bold."""
    text = clip(text, terms)
    out, at = [], 0
    for start, end in term_spans(text, terms):
        out += [esc(text[at:start]), f"**{esc(text[start:end])}**"]
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


def table(head: list[str], rows: list[list[str]], right: Collection[int] = ()) -> str:
    rule = ["---:" if n in right else "---" for n in range(len(head))]
    lines = [head, rule, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _summary(run: Run) -> str:
    rows = [
        [esc(r.unit or "（未识别）"), str(r.year or ""), f"{r.score:.1f}", esc(r.grade), _verdict(r.passed),
         _code(r.path)]
        for r in run.results
    ]
    rows += [["", "", "", "", "未能读取", _code(path)] for path, _ in run.unreadable]
    head = ["单位", "年度", "得分", "等级", "结论", "文件"]
    return f"# {TITLE}\n\n清单：{_checklist(run)}\n\n{table(head, rows, {2})}"


def _report(run: Run, r: ReportResult, level: int) -> str:
    h = "#" * level
    parts = [
        f"{h} {esc(r.title or r.path)}",
        _head(run, r),
        f"{h}# 分组概览\n\n{_overview(run, r)}",
        f"{h}# 逐项核查\n\n{_items(run, r)}",
        _to_add(r, h),
    ]
    if r.findings:
        lines = [f"- {f'第{f.line}行 ' if f.line else ''}{esc(f.message)}" for f in r.findings]
        parts.append(f"{h}# 其他发现\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _head(run: Run, r: ReportResult) -> str:
    head = ["单位", "年度", "成文日期", "得分", "等级", "结论"]
    row = [
        esc(r.unit or "（未识别）"), str(r.year or "（未识别）"), r.date.isoformat() if r.date else "（无）",
        f"{r.score:.1f} / 100", esc(r.grade), _verdict(r.passed),
    ]
    meta = [f"文件：{_code(r.path)}", f"清单：{_checklist(run)}"]
    if run.verbose:
        meta.append(f"格式：{esc(r.format)}，编码：{esc(r.encoding)}")
    if r.keywords:
        meta.append(f"关键词：{esc('、'.join(r.keywords))}")
    return table(head, [row]) + "\n\n" + "  \n".join(meta)


def _overview(run: Run, r: ReportResult) -> str:
    rows = [
        [esc(g.title), f"{g.met} / {len(g.items)}", f"{points(g.earned)} / {points(g.possible)}"]
        for g in groups(run, r)
    ]
    return table(["分组", "达标项", "得分"], rows, {1, 2})


def _status(item: ItemResult) -> str:
    if item.waiver:
        return "豁免"
    return f"{MARK[item.status]} {STATUS_ZH[item.status]}" + (" ⚑待复核" if item.review else "")


def _items(run: Run, r: ReportResult) -> str:
    rows = [
        [item.id, _title(item), esc(g.title), _status(item), f"{points(item.earned)}/{points(item.weight)}",
         _evidence(item)]
        for g in groups(run, r)
        for item in g.items
    ]
    return table(["编号", "检查项", "分组", "状态", "得分", "证据（行号 · 所在部分：原文）"], rows, {4})


def _title(item: ItemResult) -> str:
    return esc(item.title) + ("（建议项）" if item.severity == "recommended" else "")


def _evidence(item: ItemResult) -> str:
    e = best(item)
    if e is None:
        return "未见相关表述"
    text = f"{_where(e)}：{bold_terms(e.text, e.terms)}"
    text = text if item.evidence else f"{text}（{esc(e.reason)}）"
    return text + (f"（待复核：{esc(item.review)}）" if item.review else "")


def _where(e: Evidence) -> str:
    part = f" · {esc(e.part)}" if e.part and e.part != e.text else ""
    return f"第{e.line}行{part}"


def _to_add(r: ReportResult, h: str) -> str:
    items = todo(r)
    if not items:
        return f"{h}# 需要补充\n\n无，所有检查项均已达标。"
    return f"{h}# 需要补充（{len(items)} 项）\n\n" + "\n".join(_todo_item(i) for i in items)


def _todo_item(item: ItemResult) -> str:
    lines = [
        f"- **{item.id} {esc(item.title)}**〔{STATUS_ZH[item.status]}〕"
        + ("（建议项）" if item.severity == "recommended" else ""),
        f"  - 建议：{esc(item.advice)}",
        f"  - 依据：{esc(item.basis)}",
    ]
    seen = notes(item)
    if seen:
        lines.append("  - 报告中的相关表述：")
        lines += [f"    - {_where(e)}：{bold_terms(e.text, e.terms)}（{esc(e.reason)}）" for e in seen]
    return "\n".join(lines)


def _unreadable(run: Run, level: int) -> str:
    lines = [f"- {_code(path)}：{esc(reason)}" for path, reason in run.unreadable]
    return f"{'#' * level} 未能读取（{len(run.unreadable)} 个文件）\n\n" + "\n".join(lines)


def _checklist(run: Run) -> str:
    return f"{esc(run.checklist_title)}（{esc(run.checklist_id)} {esc(run.checklist_version)}）"


def _verdict(passed: bool) -> str:
    return "通过" if passed else "**未通过**"


def _code(path: str) -> str:
    """A path as inline code; `|` still needs its backslash inside a GFM table."""
    tick = "``" if "`" in path else "`"
    return f"{tick}{path.replace('|', chr(92) + '|')}{tick}"
