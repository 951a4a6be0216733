"""Every speed and memory target (issues 13 and 26), measured side by side in one run, met or missed.

    python benchmarks/targets.py [--reports 10000] [--single 2000] [--short 2000] [--runs 3]

Runs the three benchmarks one after the other, on one machine in one sitting:

- `bench_batch`: 1 and 2 workers on 4,000-character reports, peak memory per worker, copy detection;
- `bench_grep`: 2,000 short reports through `fazhi batch -j 2 --no-copies` beside a naive grep;
- `bench_single`: a cold `fazhi check` of one sample report, 20 times.

Then prints one line per target — what was measured, the target, ✔ or ✘ — and exits 0 when every
target is met, 1 when one is missed. About four minutes on 2 cores. The numbers of a shared
machine move by ±10% from one minute to the next: a target within that of its bound is met on a
good minute and missed on a bad one, which the README says for each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import throughput
from bench_grep import beside_the_grep
from bench_single import REPORT, cold_checks, has_bytecode

import checker


@dataclass(frozen=True)
class Target:
    measure: str  # what is measured, in the words of issue 13
    key: str  # its number among the measured
    bound: float
    unit: str
    at_least: bool  # the number must reach the bound (a rate) rather than stay under it (a time, a size)

    def met(self, value: float) -> bool:
        return value >= self.bound if self.at_least else value <= self.bound

    def line(self, value: float) -> str:
        sign = "≥" if self.at_least else "≤"
        mark = "✔ met" if self.met(value) else "✘ missed"
        return f"{self.measure:<34} {value:9.2f} {self.unit:<10} target {sign} {self.bound:>5g} {self.unit:<10} {mark}"


TARGETS = (
    Target("grading, 1 worker", "rate1", 500, "reports/s", at_least=True),
    Target("grading, 2 workers", "rate2", 1000, "reports/s", at_least=True),
    Target("speed-up 1 → 2 workers", "speed_up", 1.8, "×", at_least=True),
    Target("peak memory per worker", "peak2", 150, "MB", at_least=False),
    Target("copy detection, whole corpus", "copies", 60, "s", at_least=False),
    Target("fazhi batch -j 2, short reports", "short_rate", 800, "reports/s", at_least=True),
    Target("fazhi batch -j 2 beside the grep", "grep_ratio", 12, "×", at_least=False),
    Target("cold single check, median", "cold", 0.4, "s", at_least=False),
)


def verdict(measured: dict[str, float]) -> tuple[list[str], bool]:
    """One line per target, and whether every target is met."""
    return [t.line(measured[t.key]) for t in TARGETS], all(t.met(measured[t.key]) for t in TARGETS)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10_000, help="4,000-character reports: 2 workers, copies")
    ap.add_argument("--single", type=int, default=2_000, help="of those, graded by 1 worker for the speed-up")
    ap.add_argument("--short", type=int, default=2_000, help="short reports beside the grep")
    ap.add_argument("--runs", type=int, default=3, help="turns of each timed run; the best counts")
    ap.add_argument("--cold-runs", type=int, default=20, help="cold single checks; the median counts")
    args = ap.parse_args()
    batch = throughput(args.reports, args.single, args.runs)
    grep = beside_the_grep(args.short, 2, args.runs)
    cold = cold_checks(str(REPORT), args.cold_runs)
    measured = {"rate1": batch.rate1, "rate2": batch.rate2, "speed_up": batch.speed_up, "peak2": batch.peak2,
                "copies": batch.copies_seconds, "grep_ratio": grep.ratio,
                "short_rate": grep.graded / grep.fazhi_seconds, "cold": statistics.median(cold)}
    print(f"{batch.reports} reports of {batch.chars:.0f} characters ({batch.single} with 1 worker), "
          f"{grep.reports} short reports of {grep.chars:.0f}; best of {args.runs} runs, "
          f"median of {args.cold_runs} cold checks")
    print(f"fazhi from {Path(checker.__file__).parent} (pure Python)")
    lines, every = verdict(measured)
    print("\n".join(lines))
    print("every target met" if every else f"{sum(not t.met(measured[t.key]) for t in TARGETS)} of "
          f"{len(TARGETS)} targets missed")
    if not has_bytecode():
        print("(fazhi's modules have no bytecode here, so each cold check compiled them: about 20 ms more "
              "than after `pip install .`)")
    return 0 if every else 1


if __name__ == "__main__":
    sys.exit(main())
