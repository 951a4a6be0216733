"""Copy detection over a large synthetic batch (target: 10,000 reports of ~4,000 characters in ≤ 60 s).

    python benchmarks/bench_copies.py [--reports N] [--seed S] [--min-chars M]

The corpus is the worst case for copy detection: every report is built from the same pool of
paragraphs (the bundled sample reports), so almost every paragraph is shared by thousands of
reports, with unit names, numbers and dropped sentences varying between them.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # after the installed package: `checker` is it, as users run it
    sys.path.append(str(ROOT))  # `tests` is the checkout's

from checker.evidence.copies import find_copies  # noqa: E402
from checker.models import CopyDoc  # noqa: E402

TARGET_CHARS = 4000
# The unit names the sample reports use for themselves, longest first so that 临川县青禾镇 goes whole.
SAMPLE_UNITS = re.compile(
    "临川县青禾镇人民政府|临川县青禾镇|青禾镇人民政府|青禾镇|柳溪乡人民政府|柳溪乡|南湖街道办事处|南湖街道|临川县司法局"
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
SENTENCE_END = re.compile(r"(?<=[。；！？])")
NAME_HEADS = "东西南北青红白黄金银石桥河湖山溪岭坪塘湾洲林松竹梅兰安平和永兴福康宁丰泰顺长新古龙凤马牛云"
NAME_TAILS = "水口田坝岗营庄集铺寨阳江城源泉峰川港桥沟坡岩洞场埠圩墩门关渡滩浦滨台亭园店铺里头"
SUFFIXES = ("镇", "乡", "街道")


def sample_paragraphs() -> list[str]:
    """Body paragraphs of the bundled sample reports: the lines long enough to be prose."""
    paragraphs: list[str] = []
    for path in sorted((ROOT / "reports").glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        paragraphs += [line for line in lines if len(line) >= 40]
    return paragraphs


def unit_names(n: int, rng: random.Random) -> list[str]:
    """n fictional township names, distinct while the name space lasts."""
    space = [f"{h}{t}{s}" for h in NAME_HEADS for t in NAME_TAILS for s in SUFFIXES]
    rng.shuffle(space)
    return [space[i % len(space)] for i in range(n)]


def vary(paragraph: str, unit: str, rng: random.Random) -> str:
    """The paragraph as another unit would have written it: own name, own figures, a sentence left out."""
    text = SAMPLE_UNITS.sub(unit, paragraph)
    text = NUMBER.sub(lambda m: _other_number(m.group(), rng), text)
    sentences = [s for s in SENTENCE_END.split(text) if s]
    kept = [s for s in sentences if rng.random() >= 0.12] or sentences[:1]
    return "".join(kept)


def _other_number(number: str, rng: random.Random) -> str:
    if (len(number) == 4 and number.startswith("20")) or rng.random() < 0.5:  # years, and half the figures, stay
        return number
    value = float(number) * rng.uniform(0.5, 1.5)
    return f"{value:.1f}" if "." in number else str(max(1, round(value)))


def synthetic_corpus(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """n (unit, report text) pairs of ~4,000 characters each, deterministic for a seed."""
    rng = random.Random(seed)
    pool = sample_paragraphs()
    reports: list[tuple[str, str]] = []
    for unit in unit_names(n, rng):
        lines = [f"{unit}关于2024年度法治政府建设情况的报告", "", "县委全面依法治县委员会办公室："]
        size = 0
        for paragraph in rng.sample(pool, len(pool)):
            if size >= TARGET_CHARS:
                break
            text = vary(paragraph, unit, rng)
            lines.append(text)
            size += len(text)
        lines += ["", f"{unit}人民政府" if not unit.endswith("街道") else f"{unit}办事处", "2025年1月20日"]
        reports.append((unit, "\n".join(lines) + "\n"))
    return reports


def copy_docs(corpus: list[tuple[str, str]]) -> list[CopyDoc]:
    """CopyDocs straight from the text: the synthetic reports need no normalising."""
    docs = []
    for i, (unit, text) in enumerate(corpus):
        lines = tuple((n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip())
        docs.append(CopyDoc.of(f"synthetic/{i:05d}.txt", unit, lines))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--min-chars", type=int, default=30)
    ap.add_argument("--show", type=int, default=3, help="print the first groups found")
    args = ap.parse_args()
    start = time.perf_counter()
    docs = copy_docs(synthetic_corpus(args.reports, args.seed))
    built = time.perf_counter() - start
    chars = sum(len(text) for doc in docs for _, text in doc.lines)
    before_mb = _peak_mb()
    start = time.perf_counter()
    groups = find_copies(docs, min_chars=args.min_chars)
    seconds = time.perf_counter() - start
    for group in groups[: args.show]:
        print(f"  {len(group.places)} 处  {group.text[:60]}")
    print(f"copy detection: {len(docs)} reports, {chars:,} characters, {seconds:.1f} s, {len(groups)} groups, "
          f"peak memory {_peak_mb():.0f} MB ({before_mb:.0f} MB before detection; corpus built in {built:.1f} s)")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    main()
