"""The command line: formats, exit codes, batches with bad files, determinism."""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from checker.commands.cli import main

from .conftest import grade
from .test_judge import STRONG

WEAK = "柳溪乡2024年法治政府建设情况报告\n一、主要做法\n严格落实三项制度。\n"


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    import textwrap

    (tmp_path / "strong.txt").write_text(textwrap.dedent(STRONG).strip() + "\n", encoding="utf-8")
    (tmp_path / "weak.txt").write_text(WEAK, encoding="utf-8")
    return tmp_path


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_one_document_with_the_documented_shape(reports, capsys, township):
    code, out, _ = run(["check", str(reports / "strong.txt"), "--format", "json"], capsys)
    doc = json.loads(out)
    version, score = township.version, grade(STRONG).score  # read from the checklist and the run
    assert code == 0
    assert doc["checklist"] == {"id": "township-annual", "version": version,
                                "editions": "township-annual（2 版：2019—2025年；2026年起）"}
    (rep,) = doc["reports"]
    assert rep["checklist"] == {"id": "township-annual", "version": version, "years": "2019—2025年",
                                "why": "报告年度为 2024 年"}
    assert {"path", "unit", "year", "date", "score", "grade", "passed", "items", "findings"} <= set(rep)
    assert (rep["unit"], rep["year"], rep["date"], rep["score"], rep["passed"]) == (
        "青禾镇", 2024, "2025-01-15", score, True
    )
    item = rep["items"][0]
    assert {"id", "title", "group", "status", "weight", "earned", "evidence", "advice"} <= set(item)
    assert set(item["evidence"][0]) >= {"text", "line", "part", "role"}


def test_exit_1_when_a_report_is_below_the_pass_score(reports, capsys):
    code, out, _ = run(["check", str(reports), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1
    assert [Path(r["path"]).name for r in doc["reports"]] == ["strong.txt", "weak.txt"]
    assert [r["passed"] for r in doc["reports"]] == [True, False]


def test_min_score_raises_the_bar(reports, capsys):
    strong, weak = grade(STRONG).score, grade(WEAK).score  # the scores, read from the run
    assert strong >= 90 and 1 <= weak < 60
    assert run(["check", str(reports / "strong.txt"), "--min-score", f"{strong}"], capsys)[0] == 0  # at the bar
    assert run(["check", str(reports / "weak.txt"), "--min-score", f"{weak + 0.1:.1f}"], capsys)[0] == 1
    code, out, _ = run(["check", str(reports / "weak.txt"), "--min-score", "1", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["reports"][0]["passed"]


def test_bad_file_in_a_batch_does_not_stop_the_others(reports, capsys):
    (reports / "empty.txt").write_text("  \n", encoding="utf-8")
    code, out, err = run(["check", str(reports), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1
    assert len(doc["reports"]) == 2
    assert doc["unreadable"] == [{"path": str(reports / "empty.txt"), "message": "文件为空"}]
    assert "empty.txt: 文件为空" in err


def test_exit_2_when_nothing_can_be_read(tmp_path, capsys):
    code, _, err = run(["check", str(tmp_path / "nope.txt")], capsys)
    assert code == 2
    assert "nope.txt: 文件不存在" in err
    assert "Traceback" not in err


def test_exit_2_for_a_broken_checklist(reports, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nitems: [\n", encoding="utf-8")
    code, _, err = run(["check", str(reports / "weak.txt"), "--checklist", str(bad)], capsys)
    assert code == 2
    assert f"{bad}:3: YAML 语法错误" in err


def test_usage_error_is_chinese_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "x.txt", "--format", "pdfx"])
    assert exc.value.code == 2
    assert "无效的选项" in capsys.readouterr().err


def test_terminal_output_fits_100_columns_and_shows_what_to_add(reports, capsys):
    code, out, _ = run(["check", str(reports / "weak.txt")], capsys)
    assert code == 1
    assert max(len(line) for line in out.splitlines()) <= 100
    assert "需要补充" in out and "A4" in out and "未通过 FAIL" in out
    assert "\x1b[" not in out  # plain text when not a terminal


def test_output_is_deterministic(reports, capsys):
    first = run(["check", str(reports), "--format", "json"], capsys)[1]
    second = run(["check", str(reports), "--format", "json"], capsys)[1]
    assert first == second


def test_stdin_and_output_file(reports, tmp_path):
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "check", "-", "--format", "json", "-o", str(out)],
        input=WEAK.encode("utf-8"),
        capture_output=True,
    )
    assert proc.returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))["reports"][0]["path"] == "<stdin>"


def test_the_samples_json_is_unchanged(capsys, monkeypatch):
    """The whole JSON of the bundled samples, byte for byte: a change to speed or structure must not
    move a status, a quote or a score. After an intended change to what is graded, regenerate it:
    `python -m tests.regenerate` (and say why in the commit)."""
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    code, out, _ = run(["check", "reports", "--format", "json", "--no-config"], capsys)
    assert code == 1 and out == (ROOT / "tests" / "data" / "samples.json").read_text(encoding="utf-8")


def test_json_on_stdout_and_in_a_file_are_the_same_bytes(tmp_path, capsys, monkeypatch):
    """On a UTF-8 stdout the JSON goes to the byte stream as orjson wrote it; into a file it goes
    through text; in this process, to a text stream. Every way, the same bytes."""
    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    here = run(["check", "reports", "--format", "json", "--no-config"], capsys)[1]

    out = tmp_path / "r.json"
    argv = [sys.executable, "-m", "checker", "check", "reports", "--format", "json", "--no-config"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    shown = subprocess.run(argv, capture_output=True, cwd=ROOT, env=env)
    subprocess.run([*argv, "-o", str(out)], capture_output=True, cwd=ROOT, env=env)
    assert shown.returncode == 1 and shown.stdout == out.read_bytes()
    assert shown.stdout == here.encode("utf-8")


def test_the_command_writes_all_its_output_then_leaves_with_the_gate_s_code():
    """What `fazhi` wrote is all there (stdout to a pipe is buffered), the exit code is the gate's,
    and a reader that leaves early gets no traceback."""
    from .conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    argv = [sys.executable, "-m", "checker", "batch", "reports", "--no-config", "--no-progress"]
    for fmt in ("csv", "json"):
        done = subprocess.run([*argv, "--format", fmt], capture_output=True, cwd=ROOT, env=env)
        assert done.returncode == 1 and done.stderr == b""
        units = [line.split(",")[1] for line in done.stdout.decode().splitlines()[1:]] if fmt == "csv" else [
            r["unit"] for r in json.loads(done.stdout)["ranking"]]
        assert units == ["青禾镇", "临川县司法局", "南湖街道", "柳溪乡"]
    command = " ".join(shlex.quote(a) for a in [*argv, "--format", "json"])
    early = subprocess.run(["sh", "-c", f"{command} | head -c 10"], capture_output=True, cwd=ROOT, env=env)
    assert early.stdout == done.stdout[:10] and b"Traceback" not in early.stderr


def test_version_is_the_installed_package_s_and_read_only_when_asked(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"fazhi {version('fazhi')}\n"
    # grading never needs it: starting and loading the checklist (its cache key) never read it
    code = ("import sys, checker.commands.cli, checker.checklist.loading; checker.checklist.loading.load(); "
            "print('checker' in sys.modules, '__version__' in vars(sys.modules['checker']))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]
