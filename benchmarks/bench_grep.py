"""fazhi beside a naive keyword grep, on the same short reports (target: fazhi within 8× of the grep).

    python benchmarks/bench_grep.py [--reports 2000] [--jobs 2]

The corpus: short reports (about 1,000 characters: a title, a few paragraphs of the sample
reports varied as in bench_copies.py, a signature), written as .txt files. Both sides read every
file from disk in a fresh process:

- fazhi: `fazhi batch DIR -j N --no-copies --format json`, wall time of the whole command
  (start-up, loading the checklist, workers, grading, writing the JSON);
- the grep: a Python process that reads each file and, for each of the checklist's items, says
  whether any of the item's key terms occurs (per rule, the plain words of its smallest group;
  `keywords()`) — what a checker with no notion of parts, negation or plans would do.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_copies import sample_paragraphs, unit_names, vary  # noqa: E402
from bench_single import fazhi_command  # noqa: E402

from checker.checklist.vocabulary import TERM_REFERENCE, RegexWord, Vocabulary  # noqa: E402

GREP = """
import json, sys
from pathlib import Path
keywords = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
found = 0
for path in sorted(Path(sys.argv[2]).glob("*.txt")):
    text = path.read_text(encoding="utf-8")
    found += sum(any(word in text for word in words) for words in keywords.values())
print(found)
"""


def short_corpus(folder: Path, n: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    pool = sample_paragraphs()
    paths = []
    for i, unit in enumerate(unit_names(n, rng)):
        body: list[str] = []
        for paragraph in rng.sample(pool, len(pool)):
            if sum(map(len, body)) >= 900:
                break
            body.append(vary(paragraph, unit, rng))
        text = "\n".join([f"{unit}2024年法治政府建设情况报告", *body, f"{unit}人民政府", "2025年1月20日"])
        path = folder / f"r{i:05d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def keywords() -> dict[str, list[str]]:
    """Each item's key terms, as a checker that only looks for words would take them: per rule, the
    plain words of its smallest group of terms (not a leader who may be named elsewhere), and every
    counted element's words; the item's title when it has none."""
    from checker.checklist import loading

    checklist = loading.load()
    found: dict[str, list[str]] = {}
    for item in checklist.items:
        terms: list[str] = []
        for rule in (*item.match, *item.weak):
            groups = [rule.any] if rule.any else rule.all
            if rule.scope == "subject" and not rule.any and len(groups) > 1:
                groups = groups[1:]
            options = [_group_words(checklist.words, g) for g in groups]
            if options and not rule.regex:  # a group of plain words before one with patterns, then the smallest
                terms += min(options, key=lambda o: (o[1], len(o[0])))[0]
        for element in item.count.of.values() if item.count else ():
            terms += _group_words(checklist.words, element)[0]
        found[item.id] = list(dict.fromkeys(terms)) or [item.title[:4]]
    return found


def _group_words(words: Vocabulary, terms: list[str]) -> tuple[list[str], bool]:
    """The plain words of a group of terms ($concepts expanded; of 召开…会议, 召开), and whether one
    of them is a pattern rather than a word."""
    found: list[str] = []
    patterns = False
    for term in terms:
        m = TERM_REFERENCE.match(term.strip())
        if not m:
            found.append(re.split(r"…|\.\.\.", term.strip())[0] or term.strip())
            continue
        for word in words.concepts[m.group(1)].words:
            if isinstance(word, RegexWord):
                patterns = True
            else:
                more, more_patterns = _group_words(words, [word])
                found += more
                patterns = patterns or more_patterns
    return found, patterns


def timed(argv: list[str]) -> tuple[float, str]:
    """Wall time of the command, and what it printed. Its output is taken as bytes and decoded
    once the clock has stopped: decoding fazhi's 40 MB of JSON in this process took 60–80 ms that
    are not fazhi's (the grep prints one number)."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{argv[0]} failed: {done.stderr.decode(errors='replace')}")
    return elapsed, done.stdout.decode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3, help="each side runs this often; the best time counts")
    args = ap.parse_args()
    show(beside_the_grep(args.reports, args.jobs, args.runs))


@dataclass(frozen=True)
class BesideGrep:
    reports: int
    chars: float  # characters a report, on average
    jobs: int
    grep_seconds: float  # best of the runs
    fazhi_seconds: float  # best of the runs
    graded: int  # reports in fazhi's JSON

    @property
    def ratio(self) -> float:
        return self.fazhi_seconds / self.grep_seconds


def beside_the_grep(reports: int, jobs: int, runs: int) -> BesideGrep:
    """The same short reports through `fazhi batch` and through the grep, each in a fresh process."""
    fazhi = fazhi_command()
    with tempfile.TemporaryDirectory(prefix="fazhi-grep-") as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        paths = short_corpus(folder, reports)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in paths) / len(paths)
        words = Path(tmp) / "keywords.json"
        words.write_text(json.dumps(keywords(), ensure_ascii=False), encoding="utf-8")
        grep = [sys.executable, "-c", GREP, str(words), str(folder)]
        command = [*fazhi, "batch", str(folder), "-j", str(jobs), "--no-copies", "--no-progress",
                   "--format", "json", "--no-config"]
        timed(grep)  # warm the file cache
        grep_time = min(timed(grep)[0] for _ in range(runs))
        fazhi_time, out = min((timed(command) for _ in range(runs)), key=lambda t: t[0])
        graded = len(json.loads(out)["reports"])
    return BesideGrep(len(paths), chars, jobs, grep_time, fazhi_time, graded)


def show(b: BesideGrep) -> None:
    print(f"corpus: {b.reports} reports of {b.chars:.0f} characters on average")
    print(f"naive keyword grep : {b.grep_seconds:6.2f} s  ({b.reports / b.grep_seconds:7.0f} reports/s)")
    print(f"fazhi batch -j {b.jobs}   : {b.fazhi_seconds:6.2f} s  ({b.graded / b.fazhi_seconds:7.0f} reports/s)")
    print(f"fazhi / grep       : {b.ratio:6.1f}×  (target ≤ 12×; and ≥ 800 reports/s)")


if __name__ == "__main__":
    main()
