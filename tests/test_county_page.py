"""The batch's county page (`fazhi batch DIR --format html`): ranking and matrix first, then one
评查意见 per report in rank order, each at most two A4 pages when printed, file names only, the
grading office and date to sign. Layout on hand-built views; the page count in Chromium."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from checker.commands.cli import main
from checker.models import Finding, Status
from checker.render import FORMATS
from checker.render.html import BRIEF, FINDINGS, PASSAGES

from .conftest import ROOT, SHARED
from .views import item, passage, quote, report, run

REPORTS = ROOT / "reports"
LONG = "镇政府与律师事务所签订法律顾问服务协议，全年审查合同27份，提出修改意见53条，出具法律意见书9份，" * 2


def html(view) -> str:
    out = io.StringIO()
    FORMATS["html"](view, out)
    return out.getvalue()


def opinions(text: str) -> list[str]:
    """Each 评查意见 section's text, in page order."""
    return re.findall(r'<section class="opinion" id="report-\d+">(.*?)</section>', text, re.S)


def county(*reports, **given):
    view = run(*reports, batch=True, copies=given.pop("copies", ()))
    return dataclasses.replace(view, **given)


def test_one_opinion_per_report_in_rank_order_after_the_ranking_and_matrix():
    low = report((item("S1"),), score=40.0, unit="柳溪乡", path="/home/grader/2024/上报/b.txt")
    high = report((item("S1"),), score=92.0, unit="青禾镇", path="/home/grader/2024/上报/a.txt")
    mid = report((item("S1"),), score=70.0, unit="南湖街道", path="/home/grader/2024/上报/c.docx")
    text = html(county(low, high, mid, graded_on=date(2026, 12, 7)))
    heads = [re.search(r"<h1>(.*?)</h1>", o).group(1) for o in opinions(text)]
    assert heads == [f"{unit}2024年度法治政府建设情况报告评查意见" for unit in ("青禾镇", "南湖街道", "柳溪乡")]
    assert text.index("评查排名") < text.index("覆盖矩阵") < text.index('class="opinion"')
    # the ranking's row n links to the n-th 评查意见
    links = re.findall(r'<a href="#report-(\d+)">(.*?)</a>', text)
    assert links == [("1", "青禾镇"), ("2", "南湖街道"), ("3", "柳溪乡")]
    assert "第 2 名（共 3 份）" in opinions(text)[1]
    assert "/home/grader" not in text and "上报" not in text  # file names only, never whose disk
    assert "a.txt" in opinions(text)[0] and "c.docx" in opinions(text)[1]


def test_each_opinion_ends_with_the_grading_office_and_date():
    r = report((item("S1"),))
    signed = opinions(html(county(r, graded_on=date(2026, 3, 5))))[0]
    assert "评查单位：" in signed and "日期：2026年3月5日" in signed
    blank = opinions(html(county(r)))[0]  # no date given to the view: a blank to fill in by hand
    assert "评查单位：" in blank and re.search(r"日期：<span class=\"blank short\"></span>年", blank)


def test_a_long_quote_is_clipped_with_the_whole_sentence_one_click_away():
    long = quote(LONG, terms=("法律顾问",))
    short = quote("镇政府聘请法律顾问1名。", terms=("法律顾问",))
    r = report((item("C1", shown=long), item("C2", shown=short)))
    text = opinions(html(county(r)))[0]
    clipped = re.search(r'<details class="q"><summary>(.*?)</summary><span class="full">(.*?)</span></details>', text)
    assert clipped, "a quote longer than the brief width is a <details>"
    shown = re.sub(r"<[^>]+>", "", clipped.group(1))
    assert "…" in shown and len(shown) < BRIEF + 20
    assert re.sub(r"<[^>]+>", "", clipped.group(2)).endswith(LONG)  # the whole sentence
    assert text.count("<details") == 1  # the short one is shown whole


def test_an_item_to_add_says_what_to_add_on_what_basis_and_what_the_report_said():
    plan = quote("我镇计划明年聘请法律顾问。", terms=("法律顾问",), reason="将来时表述（计划）", status=Status.PLANNED)
    r = report((item("C1", Status.PLANNED, fails=True, shown=plan, decided=False),
                item("C2", Status.MISSING, fails=True)), score=40.0)
    text = opinions(html(county(r)))[0]
    assert "C1 的建议：写明具体做法。" in text and "依据：C1 的依据" in text and "（将来时表述（计划））" in text
    assert "报告中未见相关表述" in text  # C2: nothing said
    assert "未通过：得分 40.0 低于及格分 60" in text


def test_findings_beyond_the_first_few_are_one_click_away():
    many = tuple(Finding("empty_heading", n, f"空标题{n}") for n in range(1, FINDINGS + 4))
    text = opinions(html(county(report((item("S1"),), findings=many))))[0]
    printed, _, folded = text.partition("<details>")
    assert printed.count("空标题") == FINDINGS
    assert "另有 3 条" in folded and folded.count("空标题") == 3


def test_copied_passages_beyond_the_first_few_are_one_click_away():
    a, b = report((item("S1"),), unit="青禾镇", score=90.0), report((item("S1"),), unit="白云镇", score=80.0)
    copies = tuple(passage(f"第{n}段相同的文字，严格落实行政执法三项制度，全面推行执法公示。", "青禾镇", "白云镇")
                   for n in range(PASSAGES + 2))
    text = html(county(a, b, copies=copies))
    assert "另有 2 处" in text
    printed = text[: text.index('<details class="more">')]
    assert printed.count("相同的文字") == PASSAGES


def test_each_report_names_the_checklist_that_graded_it_under_auto():
    from checker.models import EditionUsed

    town = dataclasses.replace(report((item("S1"),), unit="青禾镇"), edition=EditionUsed(
        "township-annual", "2026.1", "", "单位“青禾镇”属乡镇（街道）"))
    dept = dataclasses.replace(report((item("S1"),), unit="临川县司法局", score=70.0), edition=EditionUsed(
        "county-department", "2026.1", "", "单位“临川县司法局”以“局”结尾，属县级部门"))
    text = html(county(town, dept, by_unit=True))
    ranking = text[text.index("评查排名") : text.index("覆盖矩阵")]
    assert '<div class="edition"' in ranking and "county-department" in ranking
    assert "以“局”结尾，属县级部门" in opinions(text)[1]


def test_the_same_reports_and_date_give_the_same_page(tmp_path, capsys, monkeypatch):
    for name in ("qinghe-2024-strong.txt", "liuxi-2024-plans.txt"):
        shutil.copy(REPORTS / name, tmp_path / name)
    argv = ["batch", str(tmp_path), "--format", "html", "--no-progress", "--no-config", "--date", "2026-12-07"]
    pages = []
    for _ in range(2):
        main(argv)
        pages.append(capsys.readouterr().out)
    assert pages[0] == pages[1] and "日期：2026年12月7日" in pages[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    main(argv[:-2])
    assert "日期：2026年1月1日" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:
        main([*argv[:-1], "2026-13-01"])
    assert bad.value.code == 2
    assert "应为 YYYY-MM-DD 格式的日期" in capsys.readouterr().err


# ---------------------------------------------------------------- printed in Chromium


def county_folder(folder: Path) -> int:
    """The bundled samples, four reports of other units written from them (one shortened), and the
    five seeds when ../shared is there: the reports of a county's folder. Returns how many."""
    for path in REPORTS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    rewritten = (("qinghe-2024-strong.txt", "青禾镇", "白云镇"), ("liuxi-2024-plans.txt", "柳溪乡", "石桥乡"),
                 ("nanhu-2023-gaps.txt", "南湖街道", "北山街道"), ("qinghe-2024-strong.txt", "青禾镇", "桃源镇"))
    for n, (name, unit, other) in enumerate(rewritten):
        lines = (REPORTS / name).read_text(encoding="utf-8").replace(unit, other).splitlines()
        if n == 3:  # every third long paragraph left out: a report that shares part of another's text
            lines = [line for k, line in enumerate(lines) if k % 3 != 2 or len(line) < 20]
        (folder / f"{other}.txt").write_text("\n".join(lines), encoding="utf-8")
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    for path in seeds:
        shutil.copy(path, folder / path.name)
    return 8 + len(seeds)


def test_printed_on_a4_each_opinion_takes_at_most_two_pages(tmp_path, capsys):
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    pdfium = pytest.importorskip("pypdfium2")
    chromium = next((p for name in ("chromium", "chromium-browser") if (p := shutil.which(name))), None)
    if chromium is None:
        pytest.skip("no Chromium browser on PATH (Debian: apt-get install chromium)")
    folder = tmp_path / "上报材料"
    folder.mkdir()
    n = county_folder(folder)
    page_file = tmp_path / "县评查结果.html"
    argv = ["batch", str(folder), "--format", "html", "-o", str(page_file), "--no-progress", "--no-config",
            "--date", "2026-12-07"]
    assert main(argv) in (0, 1)
    main(["batch", str(folder), "--format", "json", "--no-progress", "--no-config", "-o", str(tmp_path / "r.json")])
    ranked = [r["unit"] for r in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["ranking"]]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(page_file.as_uri())
        heads = page.locator("section.opinion h1").all_inner_texts()
        pdf = page.pdf(format="A4")
        browser.close()
    assert len(heads) == n
    units = [re.sub(r"(\d{4}年度)?法治政府建设情况报告评查意见$", "", h) for h in heads]
    assert units == [unit or "（未识别单位）" for unit in ranked]  # 评查意见 in rank order
    document = pdfium.PdfDocument(pdf)
    pages = len(document)
    assert pages <= 2 * n + 3, f"{pages} A4 pages for {n} reports"
    starts = [k for k in range(pages) if "评查意见" in document[k].get_textpage().get_text_range()[:80]]
    ends = [*starts[1:], pages]
    assert len(starts) == n and all(end - start <= 2 for start, end in zip(starts, ends, strict=True))
