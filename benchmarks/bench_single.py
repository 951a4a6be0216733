"""Cold-start wall time of one `fazhi check` on one report (target: ≤ 0.4 s median on 2 cores).

    python benchmarks/bench_single.py [REPORT] [--runs N]

Each run is a fresh process, as a user or CI would start it; prints the median and worst.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "qinghe-2024-strong.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", nargs="?", default=str(REPORT))
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    times = cold_checks(args.report, args.runs)
    print(f"single check, cold process, {args.runs} runs: median {statistics.median(times):.3f} s, "
          f"worst {max(times):.3f} s  (check {args.report})")
    if not has_bytecode():
        print("  fazhi's modules have no bytecode (PYTHONDONTWRITEBYTECODE on an editable install): every start "
              "compiles them from source, about 20 ms more than after `pip install .`, which keeps it")


def fazhi_command() -> list[str]:
    """The `fazhi` installed beside this Python (what its user runs), else the one on PATH; else the
    package run as a module."""
    beside = Path(sys.executable).with_name("fazhi.exe" if sys.platform == "win32" else "fazhi")
    exe = str(beside) if beside.is_file() else shutil.which("fazhi")
    return [exe] if exe else [sys.executable, "-m", "checker"]


def cold_checks(report: str, runs: int) -> list[float]:
    """Seconds of each `fazhi check REPORT`, each a fresh process."""
    argv = [*fazhi_command(), "check", report]
    subprocess.run(argv, capture_output=True)  # warm the OS file cache, as on a used machine
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"fazhi failed: {proc.stderr.decode()}")
    return times


def has_bytecode() -> bool:
    import importlib.util

    import checker.commands.cli

    return Path(importlib.util.cache_from_source(checker.commands.cli.__file__)).exists()


if __name__ == "__main__":
    main()
