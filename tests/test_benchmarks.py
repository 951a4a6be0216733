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
