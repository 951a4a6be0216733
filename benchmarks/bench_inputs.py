"""Input formats: the same reports as .txt and as .pdf (and .docx, .ofd), graded by `fazhi batch -j 2`.

    python benchmarks/bench_inputs.py [--reports 40] [--runs 3] [--formats pdf,docx,ofd,ocr] [--ocr-reports 2]

The reports are the seeds (../shared/seeds, read at run time and never written into the project)
or, without them, the project's own samples (reports/), repeated to `--reports` files. Each is
written, in a temporary folder, as:

- .txt (UTF-8), the reference;
- .pdf as WPS exports it (tests/formats.py): lines wrapped mid-sentence, `— N —` page numbers,
  spaced digits in the title, 34 lines a page;
- .docx with Word list numbering; .ofd with one text object a line, 34 lines a page;
- `ocr`: a scan, the .pdf's lines printed and kept as page images only (150 dpi), read by OCR
  (the `ocr` extra); only `--ocr-reports` of them, OCR taking seconds a page.

Each folder is graded by the command a county runs, `fazhi batch -j 2 DIR --format json`, in a
subprocess, the formats taking turns `--runs` times (the best run of each counts: a shared
machine is ±10 % from one minute to the next). It prints the seconds and reports/s of each, the
ratio to .txt, and the share of item statuses equal to the .txt ones (file by file, item by item).
Target (issue 27): PDF within 2× the .txt time, ≥ 97 % of item statuses equal.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.formats import shown_lines, write_docx, write_ofd, write_pdf, write_scanned_pdf  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=40, help="files of each format")
    ap.add_argument("--runs", type=int, default=3, help="the formats take turns this often; the best counts")
    ap.add_argument("--formats", default="pdf,docx,ofd", help=f"of {', '.join(WRITERS)} (txt always)")
    ap.add_argument("--ocr-reports", type=int, default=2, help="scans graded (OCR takes seconds a page)")
    args = ap.parse_args()
    formats = ["txt", *[f for f in args.formats.split(",") if f in WRITERS and f != "txt"]]
    texts = source_texts()
    print(f"{args.reports} reports from {'the seeds' if SEEDS.is_dir() else 'reports/'} "
          f"({sum(map(len, texts)) // len(texts)} characters on average); best of {args.runs} runs")
    with tempfile.TemporaryDirectory(prefix="fazhi-inputs-") as tmp:
        counts = {fmt: min(args.reports, args.ocr_reports) if fmt == "ocr" else args.reports for fmt in formats}
        folders = {fmt: write_corpus(texts, counts[fmt], Path(tmp) / fmt, fmt) for fmt in formats}
        times: dict[str, float] = dict.fromkeys(formats, float("inf"))
        statuses: dict[str, dict[str, list[str]]] = {}
        for run in range(args.runs):
            for fmt in formats:
                if fmt == "ocr" and run:  # minutes a run, and a shared machine's ±10 % is small beside it
                    continue
                seconds, statuses[fmt] = grade(folders[fmt])
                times[fmt] = min(times[fmt], seconds)
    for fmt in formats:
        same = agreement(statuses["txt"], statuses[fmt])
        print(f"{fmt:5} {times[fmt]:6.2f} s  {counts[fmt] / times[fmt]:6.2f} reports/s  "
              f"{times[fmt] / counts[fmt]:6.2f} s a report  "
              f"{times[fmt] / times['txt']:4.2f}× txt  item statuses equal to .txt: {same:6.1%}")


def source_texts() -> list[str]:
    folder = SEEDS if SEEDS.is_dir() else ROOT / "reports"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def write_txt(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


def write_pdf_report(text: str, path: Path) -> None:
    docx = path.with_suffix(".tmp.docx")
    write_docx(text, docx)  # the lines as Word shows them, numbering included, as a PDF export prints
    write_pdf(shown_lines(docx), path)
    docx.unlink()


def write_ofd_report(text: str, path: Path) -> None:
    write_ofd(text.splitlines(), path)


def write_scan(text: str, path: Path) -> None:
    write_scanned_pdf(text.splitlines(), path.with_suffix(".pdf"))


WRITERS: dict[str, Callable[[str, Path], None]] = {
    "txt": write_txt, "pdf": write_pdf_report, "docx": write_docx, "ofd": write_ofd_report, "ocr": write_scan,
}
SUFFIX = {"ocr": "pdf"}  # a scan is a PDF of page images


def write_corpus(texts: list[str], count: int, folder: Path, fmt: str) -> Path:
    """`count` files of one format, the texts in turn; each text is written once and copied."""
    folder.mkdir(parents=True)
    written: dict[int, bytes] = {}
    for n in range(count):
        k = n % len(texts)
        path = folder / f"{n:03d}.{SUFFIX.get(fmt, fmt)}"
        if k not in written:
            WRITERS[fmt](texts[k], path)
            written[k] = path.read_bytes()
        else:
            path.write_bytes(written[k])
    return folder


def grade(folder: Path) -> tuple[float, dict[str, list[str]]]:
    """Seconds `fazhi batch -j 2` took, and each file's item statuses (by file name, no suffix)."""
    cmd = [sys.executable, "-m", "checker", "batch", "-j", "2", str(folder), "--format", "json", "--no-progress"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"fazhi batch failed on {folder}: {done.stderr[-2000:]}")
    doc = json.loads(done.stdout)
    if doc["unreadable"]:
        raise SystemExit(f"unreadable in {folder}: {doc['unreadable'][:3]}")
    return seconds, {Path(r["path"]).stem: [i["status"] for i in r["items"]] for r in doc["reports"]}


def agreement(reference: dict[str, list[str]], other: dict[str, list[str]]) -> float:
    """The share of items with the same status, over the files of `other` (a file missing counts)."""
    names = [name for name in reference if name in other] if len(other) < len(reference) else list(reference)
    pairs = [(a, b) for name in names for a, b in zip(reference[name], other.get(name, []), strict=False)]
    total = sum(len(reference[name]) for name in names)
    return sum(a == b for a, b in pairs) / total if total else 1.0


if __name__ == "__main__":
    main()
