"""Batch throughput: grading with 1 and 2 workers, and copy detection, on a synthetic corpus.

    python benchmarks/bench_batch.py [--reports 10000] [--single 2000]

The corpus is made from the project's own sample reports (`reports/`), paragraphs
shuffled and varied (units, numbers, dropped sentences), ~4,000 characters each, written
as .txt files. Prints reports/s, million characters/s, peak memory per worker, the
speed-up from 1 to 2 workers, and the time of copy detection over the whole corpus.
Targets on a 2-core machine: ≥ 1,000 reports/s with 2 workers, ≥ 1.7× speed-up,
≤ 300 MB per worker, copy detection over 10,000 reports in ≤ 60 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_copies import synthetic_corpus

from checker.batch import Work, grade_many
from checker.copies import find_copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10_000, help="corpus size (2 workers, copy detection)")
    ap.add_argument("--single", type=int, default=2_000, help="reports graded with 1 worker for the speed-up")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        paths = write_corpus(Path(tmp), args.reports)
        chars = sum(p.stat().st_size for p in paths) / 3  # UTF-8: 3 bytes a character, near enough
        print(f"corpus: {len(paths)} reports, {chars / len(paths):.0f} characters each on average")

        one = [str(p) for p in paths[: args.single]]
        t1, rss1, _ = timed(one, jobs=1)
        rate1 = len(one) / t1
        print(f"1 worker : {rate1:8.0f} reports/s  {rate1 * chars / len(paths) / 1e6:6.2f} M chars/s  "
              f"peak {rss1:.0f} MB")

        every = [str(p) for p in paths]
        t2, rss2, graded = timed(every, jobs=2)
        rate2 = len(every) / t2
        print(f"2 workers: {rate2:8.0f} reports/s  {rate2 * chars / len(paths) / 1e6:6.2f} M chars/s  "
              f"peak {rss2:.0f} MB per worker")
        print(f"speed-up 1 → 2 workers: {rate2 / rate1:.2f}×")

        texts = [g.text for g in graded if g.text is not None]
        start = time.perf_counter()
        groups = find_copies(texts)
        print(f"copy detection: {len(texts)} reports in {time.perf_counter() - start:.1f} s, {len(groups)} groups")


def write_corpus(folder: Path, n: int) -> list[Path]:
    paths = []
    for i, (_unit, text) in enumerate(synthetic_corpus(n)):
        path = folder / f"r{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def timed(paths: list[str], jobs: int) -> tuple[float, float, list]:
    """Seconds, the largest peak resident MB a grading process reported, and the results.

    With 1 worker the grading process is this one, holding every result as well."""
    start = time.perf_counter()
    graded = grade_many(paths, Work("township-annual"), jobs)
    seconds = time.perf_counter() - start
    return seconds, max(g.peak_kb for g in graded) / 1024, graded


if __name__ == "__main__":
    main()
