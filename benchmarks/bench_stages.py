"""Milliseconds per report in each stage of the pipeline, on the synthetic corpus of bench_batch.py.

    python benchmarks/bench_stages.py [--reports 300] [--runs 8]
    python benchmarks/bench_stages.py --instructions


Each report goes through normalise → parse → evidence → judge → score in this process, with
the bundled checklist loaded once; every stage is timed on its own. The corpus is graded
`--runs` times and each stage's best run counts (a shared machine is slower some minutes).
This is where the README's stage times come from: it shows which stage a change made faster.

On a shared machine two timings of the same code differ by ±10%, more than most changes gain.
`--instructions` counts instead, under valgrind (cachegrind): the instructions each stage executes
per report, the same on a busy machine as on a quiet one, so a 1% change shows. Each count is the
difference between grading 40 and 120 reports up to that stage, in fresh processes, so start-up
and loading cancel out; it takes about a minute and a half and needs `valgrind` on the PATH.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_copies import synthetic_corpus

from checker.checklist import loading
from checker.checklist.compile import CompiledChecklist
from checker.commands.batch import keep_results
from checker.evidence import evidence
from checker.judge.judge import judge
from checker.models import Source
from checker.normalise.normalise import normalise
from checker.parse.parse import parse
from checker.score.score import score

STAGES = ("normalise", "parse", "evidence", "judge", "score")
COUNTED = (40, 120)  # reports graded under valgrind: the per-report count is the difference


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--runs", type=int, default=8, help="the corpus is graded this often; each stage's best counts")
    ap.add_argument("--instructions", action="store_true", help="count instructions under valgrind instead")
    ap.add_argument("--child", nargs=3, metavar=("STAGE", "N", "CORPUS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        stage, n, corpus = args.child
        grade_up_to(stage, json.loads(Path(corpus).read_text(encoding="utf-8"))[: int(n)])
        return
    if args.instructions:
        count_instructions()
        return
    checklist = loading.load_compiled()
    texts = [text for _unit, text in synthetic_corpus(args.reports)]
    as_a_worker()
    best = {stage: float("inf") for stage in STAGES}
    for _ in range(args.runs):
        for stage, seconds in one_run(texts, checklist).items():
            best[stage] = min(best[stage], seconds)
    per_report = {stage: best[stage] / len(texts) * 1000 for stage in STAGES}
    chars = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} synthetic reports of {chars:.0f} characters, best of {args.runs} runs, ms per report:")
    for stage in STAGES:
        print(f"  {stage:<10} {per_report[stage]:6.2f}")
    print(f"  {'total':<10} {sum(per_report.values()):6.2f}")


def as_a_worker() -> None:
    """The collector set as in a batch worker (batch._init): what is loaded is frozen out of it, and it
    runs rarely. Otherwise its passes over the checklist's objects, more of them with some versions
    of the code than others, would count as grading."""
    gc.collect()
    keep_results()


def one_run(texts: list[str], checklist: CompiledChecklist) -> dict[str, float]:
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
        score(report, items, checklist.checklist)
        t5 = time.perf_counter()
        for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            spent[stage] += seconds
    return spent


def count_instructions() -> None:
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind on the PATH (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="fazhi-stages-") as tmp:
        corpus = Path(tmp) / "corpus.json"
        corpus.write_text(json.dumps([text for _unit, text in synthetic_corpus(COUNTED[1])]), encoding="utf-8")
        subprocess.run(child_command("score", 1, corpus), check=True)  # the checklist compiled into the cache
        cumulative = []
        for stage in STAGES:
            fewer, more = (instructions(child_command(stage, n, corpus)) for n in COUNTED)
            cumulative.append((more - fewer) / (COUNTED[1] - COUNTED[0]))
    print(f"instructions per report (valgrind; {COUNTED[1]} synthetic reports against {COUNTED[0]}):")
    before = 0.0
    for stage, upto in zip(STAGES, cumulative, strict=True):
        print(f"  {stage:<10} {(upto - before) / 1e6:7.2f} M")
        before = upto
    print(f"  {'total':<10} {cumulative[-1] / 1e6:7.2f} M")


def child_command(stage: str, n: int, corpus: Path) -> list[str]:
    return [sys.executable, __file__, "--child", stage, str(n), str(corpus)]


def instructions(command: list[str]) -> int:
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           *command], capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        sys.exit(f"valgrind gave no count:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def grade_up_to(stage: str, texts: list[str]) -> None:
    """Each report through the pipeline as far as `stage` (the child counted by valgrind)."""
    checklist = loading.load_compiled()
    as_a_worker()
    last = STAGES.index(stage)
    for text in texts:
        document = normalise(Source(path="synthetic.txt", text=text))
        if last < 1:
            continue
        report = parse(document, checklist.words)
        if last < 2:
            continue
        found = evidence.find_evidence(report, checklist)
        if last < 3:
            continue
        items = judge(report, found)
        if last >= 4:
            score(report, items, checklist.checklist)


if __name__ == "__main__":
    main()
