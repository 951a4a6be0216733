"""The benchmark scripts still run and report what the README quotes from them.

Each runs on a tiny corpus in a fresh process; no time is checked here (speed targets are
measured by the scripts themselves, never by a timed test). A refactoring that breaks a
benchmark — a moved function, a renamed module — fails here instead of on the day someone needs
the numbers.
"""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"
NUMBER = r"\d+(?:\.\d+)?"


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bench_stages_times_every_stage_and_adds_them_up():
    out = run("bench_stages.py", "--reports", "4", "--runs", "1")
    assert out.startswith("4 synthetic reports of ")
    times = dict(re.findall(rf"^  (\w+) +({NUMBER})$", out, re.M))
    assert list(times) == ["normalise", "parse", "evidence", "judge", "score", "total"]
    parts = sum(float(v) for k, v in times.items() if k != "total")
    assert abs(parts - float(times["total"])) <= 0.03  # each printed to two decimals


def test_bench_batch_reports_rates_speed_up_time_split_and_copies():
    out = run("bench_batch.py", "--reports", "24", "--single", "12", "--runs", "1")
    assert "corpus: 24 reports" in out
    assert re.search(rf"^1 worker : +{NUMBER} reports/s .*best of 1$", out, re.M)
    assert re.search(rf"^2 workers: +{NUMBER} reports/s .*\(24 reports, one run\)$", out, re.M)
    assert re.search(rf"^speed-up 1 → 2 workers: {NUMBER}× \(the same 12 reports", out, re.M)
    assert re.search(rf"in the workers .* \+ {NUMBER} ms in the parent .*workers idle {NUMBER} s", out)
    quoted = rf"^with each item's quotes sent back too .*: {NUMBER} reports/s with 2 workers on the same 12"
    assert re.search(quoted, out, re.M)
    assert re.search(r"^copy detection: 24 reports in ", out, re.M)


def test_bench_grep_compares_fazhi_with_the_grep_on_the_same_reports():
    out = run("bench_grep.py", "--reports", "12", "--runs", "1")
    assert "corpus: 12 reports" in out
    assert re.search(rf"^fazhi batch -j 2 +: +{NUMBER} s", out, re.M)
    assert re.search(rf"^fazhi / grep +: +{NUMBER}×", out, re.M)


def test_bench_copies_and_bench_single_run():
    assert re.search(r"copy detection: 40 reports, [\d,]+ characters", run("bench_copies.py", "--reports", "40"))
    out = run("bench_single.py", "--runs", "1")
    assert re.search(rf"1 runs: median {NUMBER} s, worst {NUMBER} s", out)


def test_targets_runs_every_benchmark_and_its_exit_says_whether_all_targets_are_met():
    done = subprocess.run([sys.executable, str(BENCHMARKS / "targets.py"), "--reports", "24", "--single", "12",
                           "--short", "12", "--runs", "1", "--cold-runs", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    marks = re.findall(r"(✔ met|✘ missed)$", done.stdout, re.M)
    assert len(marks) == 8  # one line per target in targets.py
    assert done.returncode == (1 if "✘ missed" in marks else 0)
    assert re.search(rf"^grading, 1 worker +{NUMBER} reports/s +target ≥ +500 reports/s", done.stdout, re.M)
    assert re.search(rf"^cold single check, median +{NUMBER} s +target ≤ +0.4 s", done.stdout, re.M)
    assert re.search(rf"^fazhi batch -j 2, short reports +{NUMBER} reports/s +target ≥ +800", done.stdout, re.M)
    assert re.search(rf"^fazhi batch -j 2 beside the grep +{NUMBER} × +target ≤ +12 ×", done.stdout, re.M)


def test_targets_verdict_holds_each_bound_and_a_single_miss_fails_the_run():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import targets
    finally:
        sys.path.remove(str(BENCHMARKS))
    at_bounds = {"rate1": 500, "rate2": 1000, "speed_up": 1.8, "peak2": 150, "copies": 60, "grep_ratio": 12,
                 "short_rate": 800, "cold": 0.4}
    lines, every = targets.verdict(at_bounds)
    assert every and all(line.endswith("✔ met") for line in lines)
    lines, every = targets.verdict({**at_bounds, "rate2": 999.0})
    assert not every
    assert [line.endswith("✘ missed") for line in lines] == [False, True, False, False, False, False, False, False]
    lines, every = targets.verdict({**at_bounds, "cold": 0.41, "peak2": 10})
    assert not every
    assert [line.endswith("✘ missed") for line in lines] == [False, False, False, False, False, False, False, True]


def test_bench_inputs_grades_each_format_beside_the_text():
    out = run("bench_inputs.py", "--reports", "2", "--runs", "1", "--formats", "pdf,ofd")
    rows = re.findall(rf"^(\w+) +{NUMBER} s +{NUMBER} reports/s +{NUMBER} s a report +{NUMBER}× txt .*: +({NUMBER})%$",
                      out, re.M)
    assert [fmt for fmt, _ in rows] == ["txt", "pdf", "ofd"]
    assert all(float(share) >= 97 for _, share in rows)


def test_new_item_counts_the_tests_a_new_item_breaks():
    # one test of the suite: the spec's id list, which a new item must change (an id no checklist
    # uses, so that this test holds in a copy the script made with its default E3 appended)
    out = run("new_item.py", "--id", "Z9", "--", "tests/test_checklist.py::test_bundled_checklist_has_the_spec_items")
    assert out.splitlines()[0] == "FAILED tests/test_checklist.py::test_bundled_checklist_has_the_spec_items"
    assert out.splitlines()[1].startswith("✔ item Z9 appended to checklists/township-annual.yaml: 1 tests fail")
