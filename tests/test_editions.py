"""Editions: each report is graded by the law in force for its year, and every view says which
edition graded it and why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checker.checklist.loading import families, load_editions
from checker.commands.cli import main
from checker.models import FazhiError

from .conftest import ROOT

STRONG = (ROOT / "reports" / "qinghe-2024-strong.txt").read_text(encoding="utf-8")
SUPERVISION = ["J1", "J2", "J3", "J4"]


def dated(tmp_path: Path, year: int, name: str = "") -> Path:
    """The strong sample written as a report for `year`: every year in it moved by the same step."""
    text = re.sub(r"20(2[0-9])", lambda m: str(int(m.group()) + year - 2024), STRONG)
    path = tmp_path / (name or f"{year}.txt")
    path.write_text(text, encoding="utf-8")
    return path


def graded(capsys, *argv: str) -> dict:
    main([*argv, "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_the_same_report_as_2022_and_as_2026_is_graded_by_two_editions(tmp_path, capsys):
    old = graded(capsys, "check", str(dated(tmp_path, 2022)))["reports"][0]
    new = graded(capsys, "check", str(dated(tmp_path, 2026)))["reports"][0]
    assert old["checklist"] == {"id": "township-annual", "version": "2026.1", "years": "2019—2025年",
                                "why": "报告年度为 2022 年"}
    assert new["checklist"] == {"id": "township-annual", "version": "2026.1", "years": "2026年起",
                                "why": "报告年度为 2026 年"}
    old_ids, new_ids = [i["id"] for i in old["items"]], [i["id"] for i in new["items"]]
    assert not set(SUPERVISION) & set(old_ids) and new_ids == [*old_ids, *SUPERVISION]
    assert [i["status"] for i in old["items"]] == [i["status"] for i in new["items"][: len(old_ids)]]


def test_every_view_names_the_edition(tmp_path, capsys):
    path = str(dated(tmp_path, 2026))
    main(["check", path])
    assert "清单：township-annual 2026.1（2026年起），报告年度为 2026 年" in capsys.readouterr().out
    main(["check", path, "--format", "html"])  # a page for readers: the checklist's title, not its id
    title = load_editions("township-annual").newest.title
    assert f"<dd>{title}（2026年度起适用），报告年度为 2026 年</dd>" in capsys.readouterr().out
    main(["check", path, "--format", "markdown"])
    assert "清单：township-annual 2026.1（2026年起），报告年度为 2026 年" in capsys.readouterr().out
    main(["check", path, "--format", "junit"])
    assert '<property name="checklist" value="township-annual 2026.1（2026年起）" />' in capsys.readouterr().out


def test_a_year_no_edition_covers_gets_the_nearest_and_a_finding(tmp_path, capsys):
    rep = graded(capsys, "check", str(dated(tmp_path, 2015)))["reports"][0]
    assert rep["checklist"]["years"] == "2019—2025年"
    assert {"kind": "edition_out_of_range", "line": 0, "message": "报告年度 2015 年不在清单各版的适用年度内"
            "（2019—2025年、2026年起），按最接近的一版核查：township-annual 2026.1（2019—2025年）"} in rep["findings"]


def test_the_outline_says_no_later_outline_is_bundled(tmp_path, capsys):
    rep = graded(capsys, "check", str(dated(tmp_path, 2026)), "--checklist", "implementation-outline")["reports"][0]
    (finding,) = [f for f in rep["findings"] if f["kind"] == "edition_out_of_range"]
    later = "《法治政府建设实施纲要（2021—2025年）》之后的纲要尚未内置，本清单仍按 2021—2025 年的纲要核查"
    assert finding["message"].endswith(f"；{later}")


def test_a_report_without_a_year_gets_the_newest_edition_and_a_finding(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text("某镇法治政府建设情况报告\n一、主要举措\n镇党委书记主持召开专题会议3次研究法治建设。\n",
                    encoding="utf-8")
    rep = graded(capsys, "check", str(path))["reports"][0]
    assert rep["year"] is None and rep["checklist"]["years"] == "2026年起"
    assert {"kind": "edition_no_year", "line": 0,
            "message": "未识别到报告年度，按最新一版核查：township-annual 2026.1（2026年起）"} in rep["findings"]


def test_a_pinned_edition_grades_every_report(tmp_path, capsys):
    rep = graded(capsys, "check", str(dated(tmp_path, 2026)), "--checklist", "township-annual@2025")["reports"][0]
    assert rep["checklist"] == {"id": "township-annual", "version": "2026.1", "years": "2019—2025年",
                                "why": "指定按 2025 年度的版本核查"}
    assert not any(i["id"] in SUPERVISION for i in rep["items"])
    with pytest.raises(FazhiError, match="核查清单 township-annual 没有适用于 2010 年的版本"):
        load_editions("township-annual@2010")


def test_a_profile_of_the_family_is_laid_on_each_edition(tmp_path, capsys):
    profile = tmp_path / "county.yaml"
    profile.write_text("extends: township-annual\nid: my-county\ntitle: 本县乡镇清单\n"
                       "disable: [{id: A4, reason: 本县不要求述法}]\n", encoding="utf-8")
    editions = load_editions(str(profile))
    assert [e.years.label for e in editions.editions] == ["2019—2025年", "2026年起"]
    assert all("A4" not in [i.id for i in e.items] for e in editions.editions)
    doc = graded(capsys, "batch", str(dated(tmp_path, 2022)), str(dated(tmp_path, 2026)), "--checklist", str(profile))
    years = {r["year"]: r for r in doc["reports"]}
    assert "J1" in [i["id"] for i in years[2026]["items"]] and "J1" not in [i["id"] for i in years[2022]["items"]]
    j1 = next(t for t in doc["item_totals"] if t["id"] == "J1")
    assert sum(j1[s] for s in ("met", "partial", "planned", "missing")) == 1  # only the 2026 report has it
    pinned = tmp_path / "pinned.yaml"
    pinned.write_text("extends: township-annual@2026\nid: my-county\ntitle: 本县乡镇清单\n", encoding="utf-8")
    (edition,) = load_editions(str(pinned)).editions
    assert edition.years is not None and edition.years.label == "2026年起" and "J4" in [i.id for i in edition.items]


def test_a_batch_of_both_years_shows_every_item_and_marks_the_ones_an_edition_lacks(tmp_path, capsys):
    main(["batch", str(dated(tmp_path, 2022)), str(dated(tmp_path, 2026)), "--format", "markdown"])
    out = capsys.readouterr().out
    head = next(line for line in out.splitlines() if line.startswith("| 单位 |"))
    assert head.endswith("| J1 | J2 | J3 | J4 |")
    rows = [line for line in out.splitlines() if line.startswith("| 青禾镇 |")]
    assert any(row.endswith("| — | — | — | — |") for row in rows)


def test_diff_grades_each_year_by_its_edition_and_names_the_new_items(tmp_path, capsys):
    main(["diff", str(dated(tmp_path, 2025)), str(dated(tmp_path, 2026)), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert [a["id"] for a in doc["added"]] == SUPERVISION and doc["gained"] == doc["lost"] == []


def test_every_family_loads_and_names_its_editions():
    assert families() == ["county-department", "implementation-outline", "township-annual", "township-extended"]
    assert load_editions("township-annual").label == "township-annual（2 版：2019—2025年；2026年起）"
    assert load_editions("implementation-outline").label == "implementation-outline 2026.1（2021—2025年）"


# ---------------------------------------------------------------- the 2026 edition's 普法 basis

PUBLICITY_LAW = "《中华人民共和国法治宣传教育法》"


def test_a_2026_reports_publicity_items_cite_the_publicity_education_law(tmp_path, capsys):
    main(["check", str(dated(tmp_path, 2026)), "--format", "json"])
    basis = {i["id"]: i["basis"] for i in json.loads(capsys.readouterr().out)["reports"][0]["items"]}
    assert PUBLICITY_LAW in basis["E1"] and "“八五”普法规划" in basis["E1"]
    assert PUBLICITY_LAW in basis["E2"]


def test_a_2025_report_is_graded_before_the_law_was_in_force(tmp_path, capsys):
    main(["check", str(dated(tmp_path, 2025)), "--format", "json"])
    basis = {i["id"]: i["basis"] for i in json.loads(capsys.readouterr().out)["reports"][0]["items"]}
    assert PUBLICITY_LAW not in basis["E1"] + basis["E2"]  # in force from 2025-11-01: the 2026 edition's


def test_no_checklist_cites_a_plan_or_outline_not_yet_published():
    """No 九五 普法 plan and no 2026–2030 法治政府建设实施纲要 had been published (December 2026): no
    bundled checklist may name one, in its text or in what it grades with."""
    unpublished = re.compile(r"九五|2026\s*[—–-]+\s*2030")
    for path in (ROOT / "checklists").glob("*.yaml"):
        assert not unpublished.search(path.read_text(encoding="utf-8")), path.name
    for name in families():
        for edition in load_editions(name).editions:
            text = " ".join(f"{i.title} {i.basis} {i.advice}" for i in edition.items) + (edition.later or "")
            assert not unpublished.search(text), name
