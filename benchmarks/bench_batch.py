"""Batch throughput: grading with 1 and 2 workers, and copy detection, on a synthetic corpus.

    python benchmarks/bench_batch.py [--reports 10000] [--single 2000]

The corpus is made from the project's own sample reports (`reports/`), paragraphs
shuffled and varied (units, numbers, dropped sentences), ~4,000 characters each, written
as .txt files. Prints reports/s, million characters/s, peak memory per worker, the
speed-up from 1 to 2 workers (both on the first `--single` reports: a process holding five times
as many results is slower for it), and the time of copy detection over the whole corpus.

The reports are graded as `fazhi batch DIR` grades them for its page (ranking, coverage, totals,
copied text): with copy detection, and without each item's quoted sentences, which that page
does not show (`Work.quotes`). An output that quotes them (`--format json`, html, …) has each
worker send them too: that rate, with 2 workers on the `--single` reports, is printed beside.

A shared virtual machine runs faster or slower by ±10% from one minute to the next, so 1 and 2
workers take turns `--runs` times and the best run of each counts (as `timeit` does). Beside the
rates it prints where the processor time went: the workers' per report, the parent's, and the
time a worker stood idle — what shows whether a low speed-up is the pool's or the machine's.
Targets on a 2-core machine (issue 13): ≥ 500 reports/s with 1 worker, ≥ 1,000 with 2,
≥ 1.8× speed-up, ≤ 150 MB per worker; copy detection over 10,000 reports in ≤ 60 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_copies import synthetic_corpus

from checker.checklist.loading import load_editions
from checker.commands.batch import Work, grade_many
from checker.evidence.copies import find_copies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10_000, help="corpus size (2 workers, copy detection)")
    ap.add_argument("--single", type=int, default=2_000, help="reports graded with 1 worker for the speed-up")
    ap.add_argument("--runs", type=int, default=3, help="1 and 2 workers take turns this often; the best counts")
    args = ap.parse_args()
    show(throughput(args.reports, args.single, args.runs))


@dataclass(frozen=True)
class Throughput:
    reports: int  # the whole corpus (2 workers, copy detection)
    single: int  # the reports graded by 1 worker and again by 2 for the speed-up
    runs: int
    chars: float  # characters a report, on average
    rate1: float  # reports/s, 1 worker, best of `runs`
    rate2: float  # reports/s, 2 workers, the whole corpus, one run
    rate2_same: float  # reports/s, 2 workers, the `single` reports, best of `runs`
    rate2_quoted: float  # the same, each item's quotes sent back as well (an output that shows them)
    peak1: float  # MB, the 1-worker process (holding every result)
    peak2: float  # MB, the largest of a 2-worker run's workers
    split: dict[str, float]  # where the processor time of the best runs went
    copied: int
    copies_seconds: float
    groups: int

    @property
    def speed_up(self) -> float:
        return self.rate2_same / self.rate1


def throughput(reports: int, single: int, runs: int) -> Throughput:
    """Grade a synthetic corpus with 1 and 2 workers, each run in a fresh process, and look for
    copies in it."""
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        paths = write_corpus(Path(tmp), reports)
        chars = sum(p.stat().st_size for p in paths) / 3 / len(paths)  # UTF-8: 3 bytes a character, near enough
        first = paths[:single]
        ones, sames, quoted = [], [], []
        for _ in range(runs):  # taking turns, so that a slow minute of the machine hits all
            ones.append(in_fresh_process(first, 1, Path(tmp) / "one.txt"))
            sames.append(in_fresh_process(first, 2, Path(tmp) / "same.txt"))
            quoted.append(in_fresh_process(first, 2, Path(tmp) / "quoted.txt", quotes=True))
        one, same = min(ones, key=lambda r: r["seconds"]), min(sames, key=lambda r: r["seconds"])
        best_quoted = min(r["seconds"] for r in quoted)
        every = in_fresh_process(paths, 2, Path(tmp) / "every.txt")
    n = len(first)
    split = {"one": one["parent_cpu"] / n * 1000, "workers": same["workers_cpu"] / n * 1000,
             "parent": same["parent_cpu"] / n * 1000, "idle": same["idle"], "busy": 2 * same["seconds"]}
    return Throughput(len(paths), n, runs, chars, n / one["seconds"], len(paths) / every["seconds"],
                      n / same["seconds"], n / best_quoted, one["peak"], every["peak"], split, int(every["copied"]),
                      every["copies_seconds"], int(every["groups"]))


def show(t: Throughput) -> None:
    print(f"corpus: {t.reports} reports, {t.chars:.0f} characters each on average")
    print(f"1 worker : {t.rate1:8.0f} reports/s  {t.rate1 * t.chars / 1e6:6.2f} M chars/s  "
          f"peak {t.peak1:.0f} MB (the process, holding every result); best of {t.runs}")
    print(f"2 workers: {t.rate2:8.0f} reports/s  {t.rate2 * t.chars / 1e6:6.2f} M chars/s  "
          f"peak {t.peak2:.0f} MB per worker ({t.reports} reports, one run)")
    print(f"speed-up 1 → 2 workers: {t.speed_up:.2f}× "
          f"(the same {t.single} reports: {t.rate2_same:.0f} reports/s with 2 workers, best of {t.runs})")
    s = t.split
    print(f"  processor time a report: {s['one']:.2f} ms with 1 worker; "
          f"with 2, {s['workers']:.2f} ms in the workers (grading and pickling) "
          f"+ {s['parent']:.2f} ms in the parent (unpickling); "
          f"workers idle {s['idle']:.2f} s of {s['busy']:.2f} s")
    print(f"with each item's quotes sent back too (--format json, html …): {t.rate2_quoted:.0f} reports/s "
          f"with 2 workers on the same {t.single} reports, {t.rate2_quoted / t.rate1:.2f}× 1 worker's rate")
    print(f"copy detection: {t.copied} reports in {t.copies_seconds:.1f} s, {t.groups} groups")


def write_corpus(folder: Path, n: int) -> list[Path]:
    paths = []
    for i, (_unit, text) in enumerate(synthetic_corpus(n)):
        path = folder / f"r{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def in_fresh_process(paths: list[Path], jobs: int, listing: Path, quotes: bool = False) -> dict[str, float]:
    """`measure` in a new process, lean as `fazhi batch` starts: workers fork from it (and a
    forked worker's peak counts the pages it shares with its parent)."""
    listing.write_text("\n".join(map(str, paths)), encoding="utf-8")
    out = subprocess.run([sys.executable, __file__, "--measure", str(jobs), str(listing), str(int(quotes))],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def measure(paths: list[str], jobs: int, quotes: bool) -> dict[str, float]:
    """Seconds to grade, the processor time of this process and of its workers, the largest peak
    resident MB a grading process reported (with 1 worker, this process, holding every result as
    well), and copy detection over the graded texts. The checklist is loaded first, as `fazhi batch`
    loads it before grading (its workers fork with it)."""
    checklist = load_editions("township-annual")
    start, cpu = time.perf_counter(), time.process_time()
    graded = grade_many(paths, Work("township-annual", quotes=quotes), jobs, checklist=checklist)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, once the pool has closed
    workers_cpu = children.ru_utime + children.ru_stime
    texts = [g.text for g in graded if g.text is not None]
    start = time.perf_counter()
    groups = find_copies(texts) if jobs > 1 else []
    return {"seconds": seconds, "parent_cpu": cpu, "workers_cpu": workers_cpu,
            "idle": max(0.0, jobs * seconds - workers_cpu - cpu) if jobs > 1 else 0.0,
            "peak": max(g.peak_kb for g in graded) / 1024,
            "copied": len(texts), "copies_seconds": time.perf_counter() - start, "groups": len(groups)}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:  # the child of `in_fresh_process`
        listed = Path(sys.argv[3]).read_text(encoding="utf-8").split("\n")
        print(json.dumps(measure(listed, int(sys.argv[2]), sys.argv[4] == "1")))
    else:
        main()
