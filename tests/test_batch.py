"""`fazhi batch`: ranking, coverage matrix, per-item totals, spreadsheets, copied text."""

import json
import shutil
import sys
import threading
from pathlib import Path

import pytest

from checker.commands import batch
from checker.commands.cli import main
from checker.pipeline import grade_file

from .conftest import ROOT, SHARED

REPORTS = ROOT / "reports"
STRONG = REPORTS / "qinghe-2024-strong.txt"  # the strongest sample: first in the ranking
SEEDS = SHARED / "seeds"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_terminal_shows_ranking_matrix_and_totals(capsys):
    code, out, _ = run(["batch", str(REPORTS), "--jobs", "2", "--no-progress"], capsys)
    assert code == 1  # two samples fail
    assert "评查排名（4 份报告）" in out
    ranking = out[out.index("评查排名") : out.index("覆盖矩阵")]
    assert ranking.index("青禾镇") < ranking.index("临川县司法局") < ranking.index("南湖街道") < ranking.index("柳溪乡")
    assert "覆盖矩阵" in out and "各检查项汇总" in out
    assert "4 个单位中 3 个未达标，1" in out and "个缺少述法" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_json_has_ranking_totals_and_the_same_reports_as_check(capsys):
    code, out, _ = run(["batch", str(REPORTS), "--format", "json", "--jobs", "2"], capsys)
    doc = json.loads(out)
    assert code == 1
    assert [r["unit"] for r in doc["ranking"]] == ["青禾镇", "临川县司法局", "南湖街道", "柳溪乡"]
    assert [r["rank"] for r in doc["ranking"]] == [1, 2, 3, 4]
    # one borderline call in the samples: 南湖街道's A1, met on its leading group's counted meetings
    assert [r["review_count"] for r in doc["ranking"]] == [0, 0, 1, 0]
    assert all(sum(t[s] for s in ("met", "partial", "planned", "missing")) == 4 for t in doc["item_totals"])
    _, single, _ = run(["check", str(REPORTS), "--format", "json"], capsys)
    assert doc["reports"] == json.loads(single)["reports"]


def test_one_and_two_workers_agree(capsys):
    one = run(["batch", str(REPORTS), "--format", "json", "--jobs", "1"], capsys)[1]
    two = run(["batch", str(REPORTS), "--format", "json", "--jobs", "2"], capsys)[1]
    assert one == two


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_views_made_as_results_come_in_are_those_made_after_the_last(fmt, monkeypatch, capsys):
    """Each report's view (and its JSON entry) is made as its result comes in from the workers; the
    output is the same as when every view is made after the last result."""
    made = []
    init = batch.Arrivals.__init__

    def arrivals(self, run, views=True, entry=None):
        init(self, run, views and not made, entry)  # the first run makes them as results come in
        made.append(self)

    monkeypatch.setattr(batch.Arrivals, "__init__", arrivals)
    argv = ["batch", str(REPORTS), "--format", fmt, "--jobs", "2", "--no-progress", "--no-config"]
    _, arriving, _ = run(argv, capsys)
    _, after, _ = run(argv, capsys)
    assert len(made[0].made) == 4 and not made[1].made
    assert len(made[0].entries) == (4 if fmt == "json" else 0) and not made[1].entries
    assert arriving == after


def test_results_cross_from_the_workers_as_tuples_and_come_back_equal():
    """The pool's pickler sends a result's items and evidence as tuples of their fields (batch.py);
    read back they equal what was sent."""
    import pickle
    from multiprocessing.reduction import ForkingPickler

    from checker.checklist import loading

    result = grade_file(str(REPORTS / "qinghe-2024-strong.txt"), loading.load_compiled())
    batch.pickled_by_fields()  # as a pool sets it up when it starts
    sent = bytes(ForkingPickler.dumps(result))
    assert pickle.loads(sent) == result and b"verdict" not in sent  # no field names travel


def test_workers_started_beside_another_thread_are_not_forked(capsys):
    """A program that calls fazhi may run threads of its own; forking then could deadlock a
    worker, so workers start from a fresh server process instead, and grade the same."""
    one = run(["batch", str(REPORTS), "--format", "json", "--jobs", "1"], capsys)[1]
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)
    beside.start()
    try:
        assert batch._start_method().get_start_method() != "fork"
        two = run(["batch", str(REPORTS), "--format", "json", "--jobs", "2"], capsys)[1]
    finally:
        stop.set()
        beside.join()
    assert two == one
    if sys.platform == "linux" and threading.active_count() == 1:  # no thread left by another test
        assert batch._start_method().get_start_method() == "fork"


def test_xlsx_has_summary_and_evidence_sheets(tmp_path, capsys, township_ids, township):
    from openpyxl import load_workbook

    top = grade_file(str(STRONG), township)  # its score and grade, read from the run

    xlsx = tmp_path / "county.xlsx"
    # the page in the terminal quotes nothing; the workbook's evidence sheet does
    run(["batch", str(REPORTS), "--xlsx", str(xlsx), "--no-progress"], capsys)
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["汇总", "问题清单", "雷同", "证据"]
    summary, evidence = wb["汇总"], wb["证据"]
    head = [c.value for c in summary[1]]
    assert head[:10] == ["名次", "单位", "年度", "得分", "等级", "结论", "未通过原因", "待复核", "待复核项", "改判项"]
    assert head[10].startswith(f"{township_ids[0]} ") and head[-3:] == ["清单", "文件", "评语"]
    a4_head = next(h for h in head if h.startswith("A4 "))
    first = [c.value for c in summary[2]]
    assert first[:6] == [1, "青禾镇", 2024, top.score, top.grade, "通过"]
    a4 = summary.cell(row=2, column=head.index(a4_head) + 1)
    assert a4.value == "达标" and a4.fill.fgColor.rgb.endswith("C6EFCE")
    assert summary.freeze_panes == "C2" and summary.auto_filter.ref
    assert evidence.max_row == 1 + len(list(REPORTS.iterdir())) * len(township_ids)  # a row per report and item
    assert [c.value for c in evidence[1]][:5] == ["单位", "文件", "编号", "检查项", "状态"]
    quoted = [row[8].value for row in evidence.iter_rows(min_row=2)]
    assert sum(bool(q) for q in quoted) >= 50 and "法律顾问" in "".join(q for q in quoted if q)


@pytest.mark.parametrize("fmt", ["terminal", "csv"])
def test_a_page_that_quotes_nothing_is_graded_without_quotes_and_looks_the_same(fmt, monkeypatch, capsys,
                                                                                township_ids):
    """The batch page in the terminal and the CSV summary quote no sentence, so the reports' quotes
    are dropped where they are graded (the workers send statuses and scores only); the page is the
    same as from whole results."""
    from checker.commands import cli

    graded = []
    grade_many = batch.grade_many

    def spy(*args, **kwargs):
        out = grade_many(*args, **kwargs)
        graded.extend(out)
        return out

    monkeypatch.setattr(batch, "grade_many", spy)
    argv = ["batch", str(REPORTS), "--format", fmt, "--jobs", "2", "--no-progress", "--no-config"]
    _, lean, _ = run(argv, capsys)
    items = [i for g in graded for i in g.result.items]
    assert len(items) == len(township_ids) * len(graded) and not any(i.evidence or i.elsewhere for i in items)
    graded.clear()
    monkeypatch.setattr(cli, "quotes_shown", lambda command, fmt: True)
    _, whole, _ = run(argv, capsys)
    assert sum(bool(i.evidence) for g in graded for i in g.result.items) > 50
    assert lean == whole


def test_csv_summary(tmp_path, capsys, township):
    top = grade_file(str(STRONG), township)  # its score and grade, read from the run
    out = tmp_path / "county.csv"
    run(["batch", str(REPORTS), "--csv", str(out), "--format", "json"], capsys)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 5 and lines[0].startswith("名次,单位,年度,得分,等级,结论,未通过原因,待复核,S1")
    assert lines[1].startswith(f"1,青禾镇,2024,{top.score:.1f},{top.grade},通过,,0,")
    # 南湖街道's A1 is met on a counted meeting of its leading group, a call the checklist marks for review
    nanhu = next(line for line in lines if "南湖街道" in line).split(",")
    assert nanhu[7] == "1" and "达标（待复核）" in nanhu
    assert nanhu[5] == "未通过" and nanhu[6].startswith("得分 ")  # why, as every format says it


def test_unreadable_files_are_listed_and_counted(tmp_path, capsys):
    shutil.copy(REPORTS / "qinghe-2024-strong.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    code, out, err = run(["batch", str(tmp_path), "--format", "json"], capsys)
    assert code == 1 and "b.txt: 文件为空" in err
    assert json.loads(out)["unreadable"] == [{"path": str(tmp_path / "b.txt"), "message": "文件为空"}]


def test_previous_year_reuse(tmp_path, capsys):
    now, before = tmp_path / "2024", tmp_path / "2023"
    now.mkdir()
    before.mkdir()
    text = (REPORTS / "qinghe-2024-strong.txt").read_text(encoding="utf-8")
    shutil.copy(REPORTS / "qinghe-2024-strong.txt", now / "qinghe.txt")
    (before / "qinghe-2023.txt").write_text(text.replace("2024", "2023"), encoding="utf-8")
    _, out, _ = run(["batch", str(now), "--previous", str(before), "--format", "json"], capsys)
    reuse = json.loads(out)["reuse"]
    assert reuse and all({Path(p["path"]).name for p in g["places"]} == {"qinghe.txt", "qinghe-2023.txt"}
                         for g in reuse)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared is not beside this checkout")
def test_seeds_share_the_three_separations_passage(capsys):
    _, out, _ = run(["batch", str(SEEDS), "--format", "json"], capsys)
    doc = json.loads(out)
    groups = [g for g in doc["copies"] if "办、审、定" in g["text"]]
    assert groups
    names = {Path(p["path"]).name for p in groups[0]["places"]}
    assert names == {"000_1e5f6b8966dd89dd.txt", "001_5f909840e5b15e48.txt"}


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_county_page_in_markdown_and_html(fmt, tmp_path, capsys):
    for name in ("qinghe-2024-strong.txt", "liuxi-2024-plans.txt"):
        shutil.copy(REPORTS / name, tmp_path / name)
    text = (REPORTS / "qinghe-2024-strong.txt").read_text(encoding="utf-8").replace("青禾镇", "白云镇")
    (tmp_path / "copy-of-qinghe.txt").write_text(text, encoding="utf-8")  # another unit; shares every passage
    code, out, _ = run(["batch", str(tmp_path), "--format", fmt, "--no-progress"], capsys)
    assert code == 1  # 柳溪乡 fails
    for needle in ("评查排名", "覆盖矩阵", "各检查项汇总", "雷同文字", "青禾镇", "柳溪乡"):
        assert needle in out
    assert out.index("评查排名") < out.index("覆盖矩阵") < out.index("各检查项汇总") < out.index("雷同文字")


def test_the_progress_bar_is_drawn_on_stderr_without_a_thread(monkeypatch, capsys):
    """On a terminal the bar is drawn from the ticks, so no thread runs beside the workers' start
    and they may fork; the JSON on stdout is untouched."""
    seen = []
    real = batch._start_method

    def spy():
        seen.append(threading.active_count())
        return real()

    monkeypatch.setattr(batch, "_start_method", spy)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(["batch", str(REPORTS), "--format", "json", "--jobs", "2"], capsys)
    assert code in (0, 1) and len(json.loads(out)["reports"]) == 4
    assert "评查中" in err
    assert seen == [1]


def test_grading_leaves_nothing_for_the_garbage_collector_to_find():
    """All that grading a report makes is freed by reference counting once dropped. A cycle (a part
    linked to its parent, a reading to the reader that remembers it) left each report's objects for
    the collector, whose passes took a tenth of a worker's time."""
    import gc

    batch._init(batch.Work("township-annual", copies=True))
    for path in sorted(REPORTS.glob("*.txt")):
        batch.grade_one(str(path))  # warm: what is built once, on first use, lives on
    gc.collect()
    gc.disable()
    try:
        for path in sorted(REPORTS.glob("*")):
            assert batch.grade_one(str(path)).result is not None
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_grading_process_holds_the_collector_off_and_its_checklist_frozen():
    import gc

    enabled = gc.isenabled()
    try:
        gc.unfreeze()
        batch._init(batch.Work("township-annual"))
        assert not gc.isenabled() and gc.get_freeze_count() > 10_000
    finally:
        if enabled:
            gc.enable()


def test_collector_is_off_only_while_results_come_in_and_back_on_after():
    import gc

    seen = []
    paths = [str(p) for p in sorted(REPORTS.glob("*.txt"))]
    work = batch.Work("township-annual", copies=False)
    batch.grade_many(paths, work, 2, on_done=lambda _: seen.append(gc.isenabled()))
    assert seen == [False] * 4 and gc.isenabled()
    batch.grade_many(paths, work, 1, on_done=lambda _: seen.append(gc.isenabled()))
    assert seen[4:] == [False] * 4 and gc.isenabled()


def test_grading_here_collects_what_reading_a_pdf_or_word_file_leaves(tmp_path):
    """With the collector off, each report graded in this process is settled: the cycles its
    reader left (a PDF's, a Word file's, a failed read's) are collected before its result is frozen,
    so nothing unreachable is kept to the end."""
    import gc

    from .formats import write_all

    files = write_all((REPORTS / "qinghe-2024-strong.txt").read_text(encoding="utf-8"), tmp_path)
    bad = ROOT / "tests" / "data" / "bad" / "corrupt.pdf"
    paths = [str(files["pdf"]), str(files["docx"]), str(bad), str(files["utf8"])]
    batch.grade_many(paths, batch.Work("township-annual", copies=False), 1)  # the readers' imports, once
    gc.unfreeze()
    gc.collect()
    graded = batch.grade_many(paths, batch.Work("township-annual", copies=False), 1)
    assert [g.result is not None for g in graded] == [True, True, False, True]
    gc.unfreeze()  # what was frozen, looked at again: none of it is garbage
    assert gc.collect() == 0


def test_a_result_crosses_from_a_worker_whole(township):
    """Workers send results pickled field by field (models' `__reduce__`): every field comes back,
    including a waiver, a review and evidence that is generic, a heading or under review."""
    import dataclasses
    import pickle

    from checker.pipeline import grade_source
    from checker.read import read

    result = grade_source(read(str(ROOT / "reports" / "qinghe-2024-strong.txt")), township)
    item = dataclasses.replace(result.items[0], waiver="镇情特殊", review="待复核", home=7)
    evidence = dataclasses.replace(item.evidence[0], heading=True, generic=True, review="边缘")
    item.evidence = [evidence, *item.evidence[1:]]
    result.items = [item, *result.items[1:]]
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert (back.items[0].waiver, back.items[0].review, back.items[0].home) == ("镇情特殊", "待复核", 7)
    assert dataclasses.astuple(back.items[0].evidence[0]) == dataclasses.astuple(evidence)
    assert [dataclasses.astuple(e) for i in back.items for e in i.elsewhere] == [
        dataclasses.astuple(e) for i in result.items for e in i.elsewhere]
