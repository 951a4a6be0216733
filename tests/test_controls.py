"""CI controls and understanding the verdict: --fail-on, waivers, explain, --verbose, diff."""

import json
import textwrap
from pathlib import Path

import pytest

from checker.commands.cli import main

from .conftest import ROOT

STRONG = ROOT / "reports" / "qinghe-2024-strong.txt"  # passes: every required item met but E2 (partial)
GAPS = ROOT / "reports" / "nanhu-2023-gaps.txt"


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("missing", 0), ("planned", 0), ("partial", 1)])
def test_fail_on_decides_by_the_worst_required_status(fail_on, code, capsys):
    argv = ["check", str(STRONG), "--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
    assert run(argv, capsys)[0] == code


def test_fail_on_missing_fails_a_report_above_the_pass_score(capsys):
    code, out, _ = run(["check", str(GAPS), "--min-score", "40", "--fail-on", "missing", "--format", "json"], capsys)
    assert code == 1 and not json.loads(out)["reports"][0]["passed"]
    code, _, _ = run(["check", str(GAPS), "--min-score", "40", "--format", "json"], capsys)
    assert code == 0


def waivers(tmp_path: Path, text: str) -> str:
    p = tmp_path / "waivers.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(p)


def test_waived_items_leave_the_score_and_show_their_reason(tmp_path, capsys):
    w = waivers(tmp_path, """\
        waivers:
          - {item: D1, reason: 街道无重大行政决策权限, expires: 2099-12-31, units: [南湖街道]}
          - {item: C1, reason: 只给别的单位, expires: 2099-12-31, units: [青禾镇]}
    """)
    _, plain, _ = run(["check", str(GAPS), "--format", "json"], capsys)
    _, waived, _ = run(["check", str(GAPS), "--format", "json", "--waivers", w], capsys)
    before, after = json.loads(plain)["reports"][0], json.loads(waived)["reports"][0]
    d1 = next(i for i in after["items"] if i["id"] == "D1")
    c1 = next(i for i in after["items"] if i["id"] == "C1")
    assert d1["waiver"] == "街道无重大行政决策权限" and "waiver" not in c1
    assert after["score"] > before["score"]  # D1 was missing: it no longer counts against the unit
    _, text, _ = run(["check", str(GAPS), "--waivers", w], capsys)
    assert "豁免" in text and "街道无重大行政决策权限" in text


def test_expired_waiver_is_ignored_with_a_warning(tmp_path, capsys):
    w = waivers(tmp_path, "waivers:\n  - {item: D1, reason: 旧豁免, expires: 2020-01-01}\n")
    _, out, err = run(["check", str(GAPS), "--format", "json", "--waivers", w], capsys)
    assert "豁免已过期，已忽略：D1（旧豁免，2020-01-01 到期）" in err
    assert all("waiver" not in i for i in json.loads(out)["reports"][0]["items"])


def test_broken_waiver_file_names_the_line(tmp_path, capsys):
    w = waivers(tmp_path, "waivers:\n  - item: D1\n    reason: 无\n    expires: 明年\n")
    code, _, err = run(["check", str(GAPS), "--waivers", w], capsys)
    assert code == 2 and "waivers.yaml:4: waivers.0.expires: 应为日期（如 2026-12-31）" in err


def test_explain_shows_basis_rules_and_examples(capsys):
    code, out, _ = run(["explain", "D2"], capsys)
    assert code == 0
    assert "《重大行政决策程序暂行条例》" in out
    assert "需写明其中至少 3 项：公众参与、专家论证、风险评估、合法性审查、集体讨论决定" in out
    assert "达标的写法示例" in out
    assert run(["explain", "Q7"], capsys)[0] == 2


def test_verbose_lists_every_candidate_and_why(capsys):
    _, out, _ = run(["check", str(GAPS), "-v"], capsys)
    section = out[out.index("候选证据") :]
    assert "否定或不足表述" in section and "见于存在问题部分" in section and "只是空标题" in section
    assert "格式：txt    编码：utf-8" in out


def test_diff_finds_gains_losses_open_problems_and_reuse(tmp_path, capsys):
    old = tmp_path / "2023.txt"
    new = tmp_path / "2024.txt"
    old.write_text(textwrap.dedent("""\
        青禾镇2023年法治政府建设情况报告
        一、主要做法
        镇政府聘请律师事务所担任常年法律顾问，全年审核合同23份，代理行政诉讼2件。
        在12·4国家宪法日开展宪法宣传活动6场，发放资料2000份，覆盖群众3000人次。
        二、存在的问题
        （一）村级调解员队伍老化，调解技能培训不足。
        （二）尚未编制重大行政决策事项目录。
    """), encoding="utf-8")
    new.write_text(textwrap.dedent("""\
        青禾镇2024年法治政府建设情况报告
        一、主要做法
        在12·4国家宪法日开展宪法宣传活动6场，发放资料2000份，覆盖群众3000人次。
        编制并向社会公布2024年度重大行政决策事项目录，共3项。
    """), encoding="utf-8")
    code, out, _ = run(["diff", str(old), str(new), "--format", "json"], capsys)
    d = json.loads(out)
    assert code == 0
    assert {c["id"] for c in d["gained"]} >= {"D1"}
    assert {c["id"] for c in d["lost"]} >= {"C1", "C2"}
    assert [p["line"] for p in d["open_problems"]] == [6]  # the mediators; the catalogue was addressed
    assert any("12·4国家宪法日开展宪法宣传活动6场" in g["text"] for g in d["reused"])
