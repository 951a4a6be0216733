"""The bundled `township-extended` profile: group K (合法性审查, 行政复议与行政应诉, 行政规范性文件)
on every edition of township-annual, graded as a county grader would."""

from __future__ import annotations

import json

import pytest

from checker.checklist import loading
from checker.checklist.loading import families, load_editions
from checker.commands.cli import main

TITLE = "示例镇2024年法治政府建设情况报告"
WORK, PROBLEMS, PLANS = "一、主要举措和成效", "三、存在的问题", "四、2025年工作打算"

# One sentence per item and status, written for this test (the YAML's examples are run elsewhere).
CASES = [
    ("K1", "met", WORK, "全年对镇党委、政府出台的规范性文件、重大决策和行政协议共45件进行合法性审查。"),
    ("K1", "partial", WORK, "坚持应审必审。"),
    ("K1", "planned", PLANS, "对镇党委、政府的重大决策和行政协议全部开展合法性审查。"),
    ("K1", "missing", PROBLEMS, "合法性审查把关不严，个别行政协议未经合法性审查即签订。"),
    ("K2", "met", WORK, "全年办理行政复议答复案件2件，镇长出庭应诉行政诉讼案件1件。"),
    ("K2", "partial", WORK, "积极配合做好行政应诉工作。"),
    ("K2", "planned", PLANS, "落实行政机关负责人出庭应诉制度，及时回复检察建议。"),
    ("K2", "missing", PROBLEMS, "行政机关负责人出庭应诉率不高，败诉案件整改不够及时。"),
    ("K3", "met", WORK, "出台行政规范性文件4件，全部经合法性审核并报县政府备案。"),
    ("K3", "partial", WORK, "严格规范性文件备案管理。"),
    ("K3", "planned", PLANS, "开展规范性文件集中清理。"),
    ("K3", "missing", PROBLEMS, "个别规范性文件未按时报送备案。"),
]


@pytest.fixture(scope="module")
def extended():
    return loading.load("township-extended")


@pytest.mark.parametrize(("item", "status", "heading", "text"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_each_k_item_gets_each_status(item, status, heading, text, tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text(f"{TITLE}\n{heading}\n{text}\n", encoding="utf-8")
    main(["check", str(report), "--checklist", "township-extended", "--format", "json"])
    (rep,) = json.loads(capsys.readouterr().out)["reports"]
    got = {i["id"]: i["status"] for i in rep["items"]}
    assert got[item] == status


def test_the_profile_is_laid_on_every_edition_and_adds_group_k(extended):
    base = {e.years.start: [i.id for i in e.items] for e in load_editions("township-annual").editions}
    mine = {e.years.start: [i.id for i in e.items] for e in load_editions("township-extended").editions}
    assert set(mine) == set(base)
    for year, ids in mine.items():
        assert [i for i in ids if i not in base[year]] == ["K1", "K2", "K3"]
    assert not any(i.group == "K" for i in loading.load("township-annual").items)  # the default is left as it is


def test_group_k_and_its_ids_belong_to_no_other_bundled_checklist():
    mine = {i.id for i in loading.load("township-extended").items if i.group == "K"}
    for name in families():
        if name == "township-extended":
            continue
        for edition in load_editions(name).editions:
            assert "K" not in {g.id for g in edition.groups}, name
            assert not mine & {i.id for i in edition.items}, name


def test_every_k_item_carries_basis_vocabulary_advice_and_an_example_of_every_status(extended):
    for item in (i for i in extended.items if i.group == "K"):
        assert item.basis and item.advice
        assert set(item.examples) == {"met", "partial", "planned", "missing"}, item.id
    assert "行政复议法" in next(i.basis for i in extended.items if i.id == "K2")


def test_checklist_list_shows_township_extended(capsys):
    assert main(["checklist", "list"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    ids = {row[0] for row in rows if row}
    assert {"township-extended@2019", "township-extended@2026"} <= ids
