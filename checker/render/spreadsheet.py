"""Files for spreadsheets: `--xlsx FILE` (openpyxl) and `--csv FILE` / `--format csv`.

The workbook has a summary sheet — one row per report in ranking order, one column per item
coloured by status, score, grade and verdict — and an evidence sheet (report, item, status,
quote, line); both with a frozen header and filters. The CSV is the summary sheet as plain text.
"""

from __future__ import annotations

import csv
import io
from typing import TextIO

from ..models import STATUS_ZH, Status
from ..view.view import NOT_SUBMITTED, SKIPPED, ItemView, ReportView, RunView, item_columns
from . import replacing, write_text

FILL = {Status.MET: "C6EFCE", Status.PARTIAL: "FFEB9C", Status.PLANNED: "BDD7EE", Status.MISSING: "FFC7CE"}
REVIEW = "（待复核）"
OVERRIDDEN = "（改判）"


def ranked(view: RunView) -> tuple[ReportView, ...]:
    """The batch's ranking; for `check`, the same order (best first, ties by unit and path)."""
    if view.batch is not None:
        return view.batch.ranking
    return tuple(sorted(view.reports, key=lambda r: (-r.score, r.unit, r.path)))


def summary_rows(view: RunView) -> list[list[str | float | int]]:
    reports = ranked(view)
    item_ids = list(item_columns(reports))
    head: list[str | float | int] = ["名次", "单位", "年度", "得分", "等级", "结论", "待复核", *item_ids]
    head += ["雷同", "文件"]
    rows = [head]
    for n, r in enumerate(reports, 1):
        rows.append([
            n, r.unit, r.year or "", r.score, r.grade, "通过" if r.passed else "未通过", len(r.to_review),
            *(_cell(i) for i in r.cells(tuple(item_ids))),
            view.batch.copy_note(n - 1) if view.batch is not None else "", r.path,
        ])
    rows += [["", "", "", "", "", "未能读取", "", *([""] * len(item_ids)), "", path] for path, _ in view.unreadable]
    rows += [["", "", "", "", "", SKIPPED, "", *([""] * len(item_ids)), "", path] for path in view.skipped]
    rows += [["", unit, "", "", "", NOT_SUBMITTED, "", *([""] * len(item_ids)), "", ""] for unit in view.not_submitted]
    return rows


def _cell(i: ItemView | None) -> str:
    if i is None:
        return "—"
    return i.word + (OVERRIDDEN if i.overridden else REVIEW if i.review else "")


def render_csv(view: RunView, stream: TextIO) -> None:
    rows = [[_inert(v) for v in row] for row in summary_rows(view)]
    csv.writer(stream, lineterminator="\n").writerows(rows)


FORMULA = ("=", "+", "-", "@", "\t", "\r")  # how a spreadsheet recognises a formula


def _inert(value: str | float | int) -> str | float | int:
    """A CSV cell a spreadsheet will not run: text that looks like a formula gets a leading '."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA) else value


def write_csv(view: RunView, path: str) -> None:
    buffer = io.StringIO()
    render_csv(view, buffer)
    write_text(path, buffer.getvalue(), encoding="utf-8-sig")  # BOM: Excel opens it as UTF-8


def write_xlsx(view: RunView, path: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    rows = summary_rows(view)
    for row in rows:
        summary.append(row)
    statuses = {STATUS_ZH[s]: s for s in Status}
    for row in summary.iter_rows(min_row=2):
        for cell in row:
            status = cell.value.removesuffix(REVIEW).removesuffix(OVERRIDDEN) if isinstance(cell.value, str) else None
            if status in statuses:
                cell.fill = PatternFill("solid", fgColor=FILL[statuses[status]])
    _header(summary, rows[0], Font(bold=True))
    evidence = wb.create_sheet("证据")
    head = ["单位", "文件", "编号", "检查项", "状态", "得分", "位置", "原文", "说明"]
    evidence.append(head)
    for r in ranked(view):
        for row in _evidence_rows(r):
            evidence.append(row)
    for row in evidence.iter_rows(min_row=2, min_col=5, max_col=5):
        for cell in row:
            if cell.value in statuses:
                cell.fill = PatternFill("solid", fgColor=FILL[statuses[cell.value]])
    _header(evidence, head, Font(bold=True))
    for sheet in (summary, evidence):
        _as_text(sheet)
    with replacing(path) as temp:
        wb.save(temp)


def _as_text(sheet) -> None:
    """Every text cell stored as text: a report sentence starting with = is never a live formula,
    and characters a workbook cannot hold (control characters) are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", cell.value)
                cell.data_type = "s"


def _evidence_rows(r: ReportView) -> list[list[str | float | int]]:
    rows: list[list[str | float | int]] = []
    for item in r.items:
        e = item.shown
        rows.append([
            r.unit, r.path, item.id, item.title, item.word, item.earned,
            e.where if e else "", e.text if e else "",
            (e.reason if e else "未见相关表述") + (f"；{item.decided_by}" if item.overridden else
                                                 f"；待复核：{item.review}" if item.review else ""),
        ])
    return rows


def _header(sheet, head: list, font) -> None:
    for cell in sheet[1]:
        cell.font = font
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for col, name in zip(sheet.iter_cols(min_row=1, max_row=1), head, strict=False):
        width = 40 if name in ("原文", "文件", "说明") else max(6, 2 * len(str(name)) + 2)
        sheet.column_dimensions[col[0].column_letter].width = width
