"""Agreement with labels written for our own fictional reports: the samples and the devset.

These reports hold every trap of the spec (negation, plans only, problems only, empty
headings, no headings, 村（居）法律顾问, a county department), labelled item by item.
"""

from pathlib import Path

import pytest
import yaml

from checker.pipeline import grade_file

from .conftest import ROOT

SETS = [
    (ROOT / "reports", ROOT / "tests" / "data" / "samples_gold.yaml"),
    (ROOT / "tests" / "data" / "devset", ROOT / "tests" / "data" / "devset" / "gold.yaml"),
]


def agreement(folder: Path, gold_file: Path, checklist) -> tuple[float, list[str]]:
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))["reports"]
    same, wrong = 0, []
    for name, labels in gold.items():
        got = {i.id: i.status.value for i in grade_file(str(folder / name), checklist).items}
        for item_id, label in labels["items"].items():
            if got[item_id] == label["status"]:
                same += 1
            else:
                wrong.append(f"{name} {item_id}: want {label['status']} got {got[item_id]}")
    total = sum(len(r["items"]) for r in gold.values())
    return 100 * same / total, wrong


@pytest.mark.parametrize(("folder", "gold_file"), SETS, ids=["samples", "devset"])
def test_agreement_with_our_labels(folder, gold_file, township_compiled):
    exact, wrong = agreement(folder, gold_file, township_compiled)
    assert exact >= 98.0, "\n".join(wrong)


def test_samples_show_a_real_range(township_compiled):
    scores = {p.name: grade_file(str(p), township_compiled) for p in sorted((ROOT / "reports").glob("*.txt"))}
    strong, plans = scores["qinghe-2024-strong.txt"], scores["liuxi-2024-plans.txt"]
    gaps = scores["nanhu-2023-gaps.txt"]
    assert strong.passed and strong.grade in ("优秀", "良好")
    assert not plans.passed and not gaps.passed
    assert any(f.kind == "empty_heading" for f in gaps.findings)
