"""`--xlsx`: the workbook's four sheets, laid out from hand-built views (so a new checklist item or
rule changes nothing here), opened with openpyxl as a grader's spreadsheet program would."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import datetime

import pytest

from checker.models import Status
from checker.render.spreadsheet import write_xlsx
from checker.view.view import Pair, Share

from . import views

openpyxl = pytest.importorskip("openpyxl")

TITLE_S1 = "上一年度法治政府建设情况报告按时公开"
NEAR = views.quote("本镇计划明年聘请法律顾问。", line=12, terms=("法律顾问",), status=Status.PLANNED)


def county():
    """Two townships: one meets everything, one has a planned item under review and a missing one."""
    good = views.report((views.item("S1", title=TITLE_S1), views.item("C1", title="聘请法律顾问")),
                        score=90.0, unit="白云镇", path="reports/白云镇.txt")
    weak = views.report((views.item("S1", Status.MISSING, title=TITLE_S1, fails=True),
                         views.item("C1", Status.PLANNED, title="聘请法律顾问", shown=NEAR, decided=False,
                                    review="只见计划表述")),
                        score=40.0, unit="程庄镇人民政府", path="reports/程庄镇.txt")
    run = views.run(good, weak, batch=True)
    pair = Pair(Share("白云镇", "reports/白云镇.txt", 0.85), Share("程庄镇人民政府", "reports/程庄镇.txt", 0.8))
    return replace(run, batch=replace(run.batch, pairs=(pair,)))


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "county.xlsx"
    write_xlsx(county(), str(path))
    return openpyxl.load_workbook(path)


def rows(sheet) -> list[dict]:
    head = [c.value for c in sheet[1]]
    return [dict(zip(head, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_the_workbook_has_summary_gaps_copies_and_evidence(book):
    assert book.sheetnames == ["汇总", "问题清单", "雷同", "证据"]


def test_gaps_sheet_has_a_row_per_item_not_met_ready_for_a_notice(book):
    gaps = rows(book["问题清单"])
    assert [(g["单位"], g["检查项"], g["状态"]) for g in gaps] == [
        ("程庄镇人民政府", f"S1 {TITLE_S1}", "缺失"), ("程庄镇人民政府", "C1 聘请法律顾问", "仅计划")]
    planned = gaps[1]
    assert planned["待复核"] == "只见计划表述" and planned["建议"] == "C1 的建议：写明具体做法。"
    assert planned["类别"] == "必查" and planned["依据"] == "C1 的依据"
    assert planned["原文"] == NEAR.text and planned["位置"] == NEAR.where
    assert gaps[0]["原文"] is None and gaps[0]["待复核"] is None  # nothing quoted, nothing to review
    assert all(g["评语"] is None for g in gaps)  # left for the grader
    assert book["问题清单"].column_dimensions["K"].width >= 30  # 评语, wide


def test_copies_sheet_lists_pairs_with_their_shares(book):
    [pair] = rows(book["雷同"])
    assert (pair["单位甲"], pair["单位乙"]) == ("白云镇", "程庄镇人民政府")
    assert (pair["重合"], pair["占甲全文"], pair["占乙全文"]) == (0.85, 0.85, 0.8)
    assert book["雷同"]["C2"].number_format == "0%"


def test_summary_has_titles_in_headers_and_status_apart_from_review(book):
    summary = book["汇总"]
    head = [c.value for c in summary[1]]
    assert f"S1 {TITLE_S1}" in head and "C1 聘请法律顾问" in head and head[-1] == "评语"
    weak = rows(summary)[1]
    assert weak["单位"] == "程庄镇人民政府"
    assert weak["C1 聘请法律顾问"] == "仅计划"  # the bare word: a filter on 仅计划 finds it
    assert weak["待复核项"] == "C1" and weak["待复核"] == 1
    cell = summary.cell(row=3, column=head.index("C1 聘请法律顾问") + 1)
    assert cell.fill.fgColor.rgb.endswith("BDD7EE")
    assert summary.column_dimensions["B"].width >= 14  # 单位: a township's full name
    assert summary.row_dimensions[1].height >= 60  # the item titles, wrapped, can be read


def test_evidence_sheet_keeps_review_in_its_own_column(book):
    planned = next(r for r in rows(book["证据"]) if r["单位"] == "程庄镇人民政府" and r["编号"] == "C1")
    assert planned["状态"] == "仅计划" and planned["待复核"] == "只见计划表述"
    assert "待复核" not in (planned["说明"] or "")


def test_every_sheet_is_filtered_frozen_and_prints_landscape_one_page_wide(book):
    for sheet in book.worksheets:
        assert sheet.freeze_panes in ("B2", "C2"), sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert all(c.font.bold for c in sheet[1]), sheet.title


def test_a_single_report_has_an_empty_copies_sheet(tmp_path):
    path = tmp_path / "one.xlsx"
    one = views.report((views.item("A1", Status.MISSING),), unit="柳溪乡")
    write_xlsx(views.run(one), str(path))
    book = openpyxl.load_workbook(path)
    assert book["雷同"].max_row == 1 and rows(book["问题清单"])[0]["检查项"].startswith("A1 ")


def test_the_same_run_writes_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(county(), str(first))
    write_xlsx(county(), str(second))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:  # no save time anywhere, so a later run matches too
        assert {e.date_time for e in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert str(datetime.now().year) not in archive.read("docProps/core.xml").decode()
    assert openpyxl.load_workbook(first)["问题清单"].max_row == 3  # still a workbook openpyxl reads
