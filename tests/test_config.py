"""Project configuration: a county's repository sets its checklist and gate once (fazhi.toml)."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from checker.commands.cli import main
from checker.pipeline import grade_file

from .conftest import ROOT

LIUXI = ROOT / "reports" / "liuxi-2024-plans.txt"  # fails: several required items only planned
QINGHE = ROOT / "reports" / "qinghe-2024-strong.txt"  # passes above 90, E2 partial


@pytest.fixture()
def county(tmp_path, monkeypatch):
    """A county's repository: a config at its root, reports two folders down, work done from there."""
    (tmp_path / ".git").mkdir()
    reports = tmp_path / "2024" / "乡镇"
    reports.mkdir(parents=True)
    shutil.copy(QINGHE, reports / "青禾镇.txt")
    monkeypatch.chdir(reports)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["check", "青禾镇.txt", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_fazhi_toml_is_found_from_a_subfolder_and_applies(county, capsys, township):
    graded = grade_file(str(QINGHE), township)  # the score and the required items not met, from the run
    short = [i.id for i in graded.items if i.severity == "required" and i.status.value != "met"]
    assert 60 <= graded.score < 98 and "E2" in short
    assert run(capsys)[0] == 0  # no configuration: passes the checklist's 60
    (county / "fazhi.toml").write_text('fail_on = "partial"\nmin_score = 98\n', encoding="utf-8")
    code, doc = run(capsys)
    (report,) = doc["reports"]
    assert code == 1 and doc["gate"] == {"pass_score": 98, "fail_on": ["partial", "planned", "missing"]}
    # the settings came from the file, which the reasons name (no flag was typed)
    assert report["why"] == [f"得分 {graded.score:.1f} 低于 fazhi.toml 中的 min_score 98",
                             f"必查项未达到要求（fazhi.toml 中 fail_on = partial）：{'、'.join(short)}"]
    main(["batch", ".", "--format", "html", "--no-progress"])  # the county page's header says so too
    header = capsys.readouterr().out.split("判定：")[1].split("<")[0]
    assert header.startswith("fazhi.toml 中的 min_score 98；") and "（fazhi.toml 中 fail_on = partial）" in header


def test_flags_override_the_file_and_no_config_ignores_it(county, capsys):
    (county / "fazhi.toml").write_text("min_score = 98\n", encoding="utf-8")
    assert run(capsys, "--min-score", "60")[0] == 0
    assert run(capsys, "--no-config")[0] == 0
    assert run(capsys)[0] == 1


def test_pyproject_tool_table_and_paths_relative_to_the_file(county, capsys):
    (county / "waivers.yaml").write_text(textwrap.dedent("""\
        waivers:
          - {item: E2, reason: 本县普法责任制由县司法局统一落实, expires: 2099-12-31}
        """), encoding="utf-8")
    (county / "pyproject.toml").write_text(
        '[project]\nname = "county"\n\n[tool.fazhi]\nwaivers = "waivers.yaml"\nfail-on = "partial"\n', encoding="utf-8"
    )
    code, doc = run(capsys)
    e2 = next(i for i in doc["reports"][0]["items"] if i["id"] == "E2")
    assert code == 0 and e2["waiver"] == "本县普法责任制由县司法局统一落实"


def test_the_search_stops_at_the_repository_root(tmp_path, monkeypatch, capsys):
    (tmp_path / "fazhi.toml").write_text("min_score = 99\n", encoding="utf-8")  # above the repository
    inside = tmp_path / "repo" / "reports"
    inside.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    shutil.copy(QINGHE, inside / "青禾镇.txt")
    monkeypatch.chdir(inside)
    assert run(capsys)[0] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('fail_on = "sometimes"\n', "fail_on: 取值不在允许范围内（partial、planned、missing）"),
        ("colour = true\n", "colour: 未知的键"),
        ("min_score = [\n", "TOML 语法错误"),
    ],
)
def test_a_broken_file_is_named_with_a_chinese_message_and_exit_2(county, capsys, text, message):
    (county / "fazhi.toml").write_text(text, encoding="utf-8")
    assert main(["check", "青禾镇.txt"]) == 2
    err = capsys.readouterr().err
    assert f"{county / 'fazhi.toml'}: " in err and message in err and "Traceback" not in err


def test_format_auto_prints_github_annotations_in_actions(county, capsys, monkeypatch, township):
    shutil.copy(LIUXI, county / "2024" / "乡镇" / "柳溪乡.txt")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "柳溪乡.txt"]) == 1  # no --format: auto, the default inside Actions
    out = capsys.readouterr().out
    assert out.startswith("::warning file=柳溪乡.txt,") and "::error file=柳溪乡.txt,title=柳溪乡 评查结果::" in out
    monkeypatch.delenv("GITHUB_ACTIONS")
    main(["check", "柳溪乡.txt", "--format", "auto"])
    score = grade_file(str(LIUXI), township).score
    assert f"得分 {score:.1f} / 100" in capsys.readouterr().out  # the terminal page outside Actions


def test_no_file_means_the_defaults_and_builds_no_validator():
    import subprocess
    import sys

    from checker.commands.config import NONE, Settings

    assert Settings() == NONE  # the same settings as validated defaults
    # a start without a file never builds pydantic's validator for Settings (14 ms of every start)
    code = ("import checker.commands.config as c; from pydantic._internal._mock_val_ser import MockValSer; "
            "c.for_run(None, True); print(isinstance(c.Settings.__pydantic_validator__, MockValSer))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
