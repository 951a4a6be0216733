"""Files for spreadsheets: `--xlsx FILE` (openpyxl) and `--csv FILE` / `--format csv`.

The workbook has four sheets, each with a frozen header, filters and an A4 landscape page one
page wide: 汇总 — one row per report in ranking order, one column per item ('S1 上一年度…')
coloured by status, score, grade, verdict, the items to review and a 评语 column; 问题清单 — one row
per item not met of each report (单位, 检查项, 状态, 建议, 依据, 原文, 位置, 评语), the lines of a 通报;
雷同 — pairs of reports that share text and each one's share; 证据 — every item of every report with
its quote. A status cell holds the status word alone (待复核 has its own column), so a filter on
达标 finds every met item. The CSV is the summary as plain text (status and mark in one cell).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import TextIO

from ..models import STATUS_ZH, Status
from ..view.view import NOT_SUBMITTED, SKIPPED, ItemView, ReportView, RunView, item_columns
from . import replacing, write_text

FILL = {Status.MET: "C6EFCE", Status.PARTIAL: "FFEB9C", Status.PLANNED: "BDD7EE", Status.MISSING: "FFC7CE"}
REVIEW = "（待复核）"
WHY = "未通过原因"  # the gate's reasons, as every format gives them (a not_a_report: what the document is)
CHECKLIST = "清单"  # the checklist that graded the report, and why (--checklist auto: by its unit's kind)
OVERRIDDEN = "（改判）"


def ranked(view: RunView) -> tuple[ReportView, ...]:
    """The batch's ranking; for `check`, the same order (best first, ties by unit and path)."""
    if view.batch is not None:
        return view.batch.ranking
    return tuple(sorted(view.reports, key=lambda r: (-r.score, r.unit, r.path)))


def summary_rows(view: RunView) -> list[list[str | float | int]]:
    reports = ranked(view)
    item_ids = list(item_columns(reports))
    head: list[str | float | int] = ["名次", "单位", "年度", "得分", "等级", "结论", WHY, "待复核", *item_ids]
    head += ["雷同", CHECKLIST, "文件"]
    rows = [head]
    for n, r in enumerate(reports, 1):
        rows.append([
            n, r.unit, r.year or "", r.score, r.grade, "通过" if r.passed else "未通过", "；".join(r.why),
            len(r.to_review), *(_cell(i) for i in r.cells(tuple(item_ids))),
            view.batch.copy_note(n - 1) if view.batch is not None else "", r.checklist, r.path,
        ])
    blank = [""] * len(item_ids)
    rows += [["", "", "", "", "", "未能读取", why, "", *blank, "", "", path] for path, why in view.unreadable]
    rows += [["", "", "", "", "", SKIPPED, "", "", *blank, "", "", path] for path in view.skipped]
    rows += [["", unit, "", "", "", NOT_SUBMITTED, "", "", *blank, "", "", ""] for unit in view.not_submitted]
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

    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    _fill_sheet(summary, _summary_sheet_rows(view), status_cols=None)
    _fill_sheet(wb.create_sheet("问题清单"), _gap_rows(view), status_cols=("状态",))
    _fill_sheet(wb.create_sheet("雷同"), _pair_rows(view), status_cols=())
    _fill_sheet(wb.create_sheet("证据"), _evidence_sheet_rows(view), status_cols=("状态",))
    for sheet in wb.worksheets:
        _as_text(sheet)
    with replacing(path) as temp:
        Path(temp).write_bytes(_stable_bytes(wb))


STAMP = datetime(2000, 1, 1)  # the workbook's own dates: the same run writes the same bytes
ZIP_STAMP = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def _stable_bytes(wb) -> bytes:
    """The workbook as bytes that depend on its content only: openpyxl's `save` stamps the save time
    in docProps/core.xml and on every zip entry, so two runs on the same reports would differ."""
    from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = STAMP
    written = io.BytesIO()
    ExcelWriter(wb, ZipFile(written, "w", ZIP_DEFLATED, allowZip64=True)).save()  # closes the archive
    stable = io.BytesIO()
    with ZipFile(written) as source, ZipFile(stable, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(ZipInfo(entry.filename, ZIP_STAMP), source.read(entry), compress_type=ZIP_DEFLATED)
    return stable.getvalue()


Row = list[str | float | int]
COMMENT = "评语"  # the grader's own words: an empty, wide column to fill in


def _titled(item_id: str, title: str) -> str:
    """An item as a column header or a cell: 'S1 上一年度…', so nobody needs the checklist beside it."""
    return f"{item_id} {title}" if title else item_id


def _summary_sheet_rows(view: RunView) -> list[Row]:
    """The summary rows with item titles in the header, bare status words in the item cells (so a
    filter on 达标 finds every met item) and the items to review or overridden in their own columns."""
    rows = summary_rows(view)
    head = rows[0]
    first, last = head.index("待复核") + 1, head.index("雷同")
    titles = {i.id: i.title for r in view.reports for i in r.items}
    head[first:last] = [_titled(str(i), titles.get(str(i), "")) for i in head[first:last]]
    head[first - 1:first] = ["待复核", "待复核项", "改判项"]
    reports = ranked(view)
    out = [[*head, COMMENT]]
    for n, row in enumerate(rows[1:]):
        r = reports[n] if n < len(reports) else None
        cells = [_bare(c) for c in row[first:last]]
        marks = ["、".join(i.id for i in r.to_review), "、".join(i.id for i in r.overridden)] if r else ["", ""]
        out.append([*row[:first], *marks, *cells, *row[last:], ""])
    return out


def _bare(cell: str | float | int) -> str | float | int:
    return cell.removesuffix(REVIEW).removesuffix(OVERRIDDEN) if isinstance(cell, str) else cell


GAP_HEAD = ["单位", "检查项", "状态", "待复核", "类别", "建议", "依据", "原文", "位置", "改判", COMMENT, "文件"]


def _gap_rows(view: RunView) -> list[Row]:
    """问题清单: one row per item not met (and not waived) of each report, in ranking order, with what
    to add and on what basis — the lines of a 通报."""
    rows: list[Row] = [list(GAP_HEAD)]
    for r in ranked(view):
        for item in r.to_add:
            e = item.shown
            rows.append([
                r.name, _titled(item.id, item.title), item.word,
                item.review if item.review and not item.overridden else "",
                "必查" if not item.recommended else "建议", item.advice, item.basis,
                e.text if e else "", e.where if e else "", item.decided_by, "", r.path,
            ])
    return rows


PAIR_HEAD = ["单位甲", "单位乙", "重合", "占甲全文", "占乙全文", "文件甲", "文件乙", COMMENT]


def _pair_rows(view: RunView) -> list[Row]:
    """雷同: pairs of reports that share text, most shared first, with each one's share (0…1)."""
    rows: list[Row] = [list(PAIR_HEAD)]
    pairs = view.batch.pairs if view.batch is not None else ()
    for p in pairs:
        rows.append([p.a.unit or p.a.path, p.b.unit or p.b.path, p.share, p.a.share, p.b.share, p.a.path, p.b.path, ""])
    return rows


EVIDENCE_HEAD = ["单位", "文件", "编号", "检查项", "状态", "待复核", "得分", "位置", "原文", "说明"]


def _evidence_sheet_rows(view: RunView) -> list[Row]:
    rows: list[Row] = [list(EVIDENCE_HEAD)]
    for r in ranked(view):
        rows += _evidence_rows(r)
    return rows


WIDE = {"原文": 60, "建议": 40, "依据": 30, "说明": 40, "文件": 30, COMMENT: 40, "改判": 30, "待复核": 20,
        WHY: 30, CHECKLIST: 30, "检查项": 36, "雷同": 24, "单位": 16, "单位甲": 16, "单位乙": 16,
        "文件甲": 30, "文件乙": 30}
WRAPPED = {WHY, CHECKLIST, "原文", "建议", "依据", "说明", COMMENT, "改判", "检查项", "待复核"}
PERCENT = {"重合", "占甲全文", "占乙全文"}


def _fill_sheet(sheet, rows: list[Row], status_cols: tuple[str, ...] | None) -> None:
    """Rows into a sheet, laid out for reading and printing: bold wrapped header, status cells
    coloured, widths by column, frozen header, filters, landscape and one page wide.
    `status_cols`: the columns holding a status word; None: any cell may (the summary's items)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    for row in rows:
        sheet.append(row)
    head = [str(h) for h in rows[0]]
    statuses = {STATUS_ZH[s]: s for s in Status}
    coloured = None if status_cols is None else {head.index(c) for c in status_cols if c in head}
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for n, cell in enumerate(row):
            if (coloured is None or n in coloured) and isinstance(cell.value, str) and cell.value in statuses:
                cell.fill = PatternFill("solid", fgColor=FILL[statuses[cell.value]])
            if head[n] in WRAPPED:
                cell.alignment = wrap
            if head[n] in PERCENT:
                cell.number_format = "0%"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for n, name in enumerate(head, 1):
        sheet.column_dimensions[_letter(n)].width = _width(name)
    if any(" " in name for name in head):  # item titles wrap: a header tall enough to read them
        sheet.row_dimensions[1].height = 90
    sheet.freeze_panes = "C2" if head[:2] == ["名次", "单位"] else "B2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet)


def _width(name: str) -> float:
    if name in WIDE:
        return WIDE[name]
    if " " in name:  # an item header 'S1 上一年度…': wide enough for a status word, title wrapped
        return 14
    return max(6, 2 * len(name) + 2)


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _print_setup(sheet) -> None:
    """A4 landscape, every column on one page's width, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


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
            r.unit, r.path, item.id, item.title, item.word,
            item.review if item.review and not item.overridden else "", item.earned,
            e.where if e else "", e.text if e else "",
            (e.reason if e else "未见相关表述") + (f"；{item.decided_by}" if item.overridden else ""),
        ])
    return rows
