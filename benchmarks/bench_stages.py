"""Milliseconds per report in each stage of the pipeline, on the synthetic corpus of bench_batch.py.

    python benchmarks/bench_stages.py [--reports 300] [--runs 8]

Each report goes through normalise → parse → evidence → judge → score in this process, with
the bundled checklist loaded once; every stage is timed on its own. The corpus is graded
`--runs` times and each stage's best run counts (a shared machine is slower some minutes).
Between runs the evidence stage's memory of details found (`evidence._FOUND`) is emptied, so
that no run finds a report's sentences remembered from the run before, as no batch would.
This is where the README's stage times come from: it shows which stage a change made faster.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_copies import synthetic_corpus

from checker import evidence, loading
from checker.checklist import Checklist
from checker.judge import judge
from checker.models import Source
from checker.normalise import normalise
from checker.parse import parse
from checker.score import score

STAGES = ("normalise", "parse", "evidence", "judge", "score")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--runs", type=int, default=8, help="the corpus is graded this often; each stage's best counts")
    args = ap.parse_args()
    checklist = loading.load()
    texts = [text for _unit, text in synthetic_corpus(args.reports)]
    best = {stage: float("inf") for stage in STAGES}
    for _ in range(args.runs):
        evidence._FOUND.clear()
        for stage, seconds in one_run(texts, checklist).items():
            best[stage] = min(best[stage], seconds)
    per_report = {stage: best[stage] / len(texts) * 1000 for stage in STAGES}
    chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} synthetic reports of {chars:.0f} characters, best of {args.runs} runs, ms per report:")
    for stage in STAGES:
        print(f"  {stage:<10} {per_report[stage]:6.2f}")
    print(f"  {'total':<10} {sum(per_report.values()):6.2f}")


def one_run(texts: list[str], checklist: Checklist) -> dict[str, float]:
    spent = dict.fromkeys(STAGES, 0.0)
    for text in texts:
        t0 = time.perf_counter()
        document = normalise(Source(path="synthetic.txt", text=text))
        t1 = time.perf_counter()
        report = parse(document, checklist.words)
        t2 = time.perf_counter()
        found = evidence.find_evidence(report, checklist)
        t3 = time.perf_counter()
        items = judge(report, found)
        t4 = time.perf_counter()
        score(report, items, checklist)
        t5 = time.perf_counter()
        for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            spent[stage] += seconds
    return spent


if __name__ == "__main__":
    main()
