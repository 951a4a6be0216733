"""Copies in the grade (issue 23, item 9) and a unit that submitted twice (issue 25): each ranking
row names the reports it shares text with and the share of its text, in every format."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest

from checker.commands.cli import main
from checker.render import FORMATS
from checker.view.view import Pair, Share

from . import views
from .conftest import ROOT

REPORTS = ROOT / "reports"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _copy_as(tmp_path: Path, unit: str) -> Path:
    """The strong sample, as another township's report (its unit renamed throughout)."""
    text = (REPORTS / "qinghe-2024-strong.txt").read_text(encoding="utf-8").replace("青禾镇", unit)
    path = tmp_path / f"{unit}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_copied_report_names_the_original_and_the_share_on_its_ranking_row(tmp_path, capsys):
    shutil.copy(REPORTS / "qinghe-2024-strong.txt", tmp_path / "qinghe.txt")
    shutil.copy(REPORTS / "liuxi-2024-plans.txt", tmp_path / "liuxi.txt")
    _copy_as(tmp_path, "白云镇")
    _, out, _ = run(["batch", str(tmp_path), "--format", "json"], capsys)
    doc = json.loads(out)
    rows = {r["unit"]: r for r in doc["ranking"]}
    assert [s["unit"] for s in rows["白云镇"]["shares"]] == ["青禾镇"]
    assert rows["白云镇"]["shares"][0]["share"] > 0.8
    assert [s["unit"] for s in rows["青禾镇"]["shares"]] == ["白云镇"]
    assert rows["柳溪乡"]["shares"] == []  # a stock phrase or two is no copying
    assert [{p["a"]["unit"], p["b"]["unit"]} for p in doc["pairs"]] == [{"白云镇", "青禾镇"}]
    _, out, _ = run(["batch", str(tmp_path), "--no-progress"], capsys)
    assert "青禾镇 ↔ 白云镇，重合" in out or "白云镇 ↔ 青禾镇，重合" in out


def test_the_same_unit_twice_is_a_finding_on_both_and_not_copying(tmp_path, capsys):
    shutil.copy(REPORTS / "qinghe-2024-strong.txt", tmp_path / "qinghe.txt")
    shutil.copy(REPORTS / "qinghe-2024-strong.txt", tmp_path / "qinghe-again.md")
    shutil.copy(REPORTS / "liuxi-2024-plans.txt", tmp_path / "liuxi.txt")
    _, out, _ = run(["batch", str(tmp_path), "--format", "json"], capsys)
    doc = json.loads(out)
    twice = [r for r in doc["reports"] if r["unit"] == "青禾镇"]
    assert len(twice) == 2
    for r in twice:
        found = [f for f in r["findings"] if f["kind"] == "duplicate_unit"]
        assert len(found) == 1 and "另见" in found[0]["message"]
    assert [r["duplicate"] for r in doc["ranking"] if r["unit"] == "青禾镇"] == [True, True]
    assert all(len({p["unit"] for p in g["places"]}) > 1 for g in doc["copies"])
    assert doc["pairs"] == [] and all(r["shares"] == [] for r in doc["ranking"])
    _, out, _ = run(["batch", str(tmp_path), "--no-progress"], capsys)
    assert "重复提交" in out


@pytest.mark.parametrize("fmt", ["terminal", "json", "html", "markdown", "csv"])
def test_every_format_names_the_shares_on_the_ranking(fmt):
    a = views.report((views.item(),), unit="白云镇", path="来件/白云镇.txt", score=80)
    b = views.report((views.item(),), unit="程庄镇", path="来件/程庄镇.txt", score=70)
    base = views.run(a, b, batch=True)
    shares = ((Share("程庄镇", b.path, 0.85),), (Share("白云镇", a.path, 0.8),))
    pairs = (Pair(Share("白云镇", a.path, 0.85), Share("程庄镇", b.path, 0.8)),)
    view = dataclasses.replace(base, batch=dataclasses.replace(base.batch, shares=shares, pairs=pairs))
    out = io.StringIO()
    FORMATS[fmt](view, out)
    text = out.getvalue()
    if fmt == "json":
        ranking = json.loads(text)["ranking"]
        assert [(s["unit"], s["share"]) for s in ranking[0]["shares"]] == [("程庄镇", 0.85)]
    else:
        assert "程庄镇 85%" in text and "白云镇 80%" in text
    if fmt in ("terminal", "html", "markdown"):
        assert "白云镇 ↔ 程庄镇，重合 85%" in text
