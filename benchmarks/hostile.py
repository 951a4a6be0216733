"""Time and memory on hostile input (target: every case refused or graded in under 5 s, under 1 GB).

    python benchmarks/hostile.py [--only NAME]

Each case is one fresh `fazhi check` process on a generated file: long runs of spaces and broken
lines, a 2-million-character line, a .docx and a PDF that inflate far past their size, endless
standard input, and every bundled pattern run over sentences built to make it backtrack. Prints
the wall time, the peak memory and the exit code of each, and fails when one misses the target.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # after the installed package: `checker` is it, as users run it
    sys.path.append(str(ROOT))  # `tests` is the checkout's

from tests.formats import write_pdf_bomb  # noqa: E402

SECONDS = 5.0  # the largest cases are 20-40 times a long report; a long report takes 0.4 s
MEGABYTES = 1024


def text_file(body: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / "case.txt"
        path.write_text(body, encoding="utf-8")
        return [str(path)]

    return make


def docx_bomb(folder: Path) -> list[str]:
    """A 1.4 MB .docx whose document.xml inflates to about 180 MB (under the zip-ratio check)."""
    path = folder / "case.docx"
    paragraph = "<w:p><w:r><w:t>镇党委书记主持召开专题会议研究法治建设工作。</w:t></w:r></w:p>"
    xml = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + paragraph * 1_800_000 + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return [str(path)]


def pdf_bomb(folder: Path) -> list[str]:
    """A PDF whose content stream inflates to 344 MB."""
    path = folder / "case.pdf"
    write_pdf_bomb(path, 15_600_000)
    return [str(path)]


def backtracking_sentences(folder: Path) -> list[str]:
    """For every regex of the bundled checklists, sentences of 500 characters made of its own
    literals repeated: the input on which a backtracking pattern is slowest."""
    literals: set[str] = set()
    for path in (ROOT / "checklists").glob("*.yaml"):
        for pattern in re.findall(r"(?:re|regex): '([^']+)'", path.read_text(encoding="utf-8")):
            literals.update(re.findall(r"[\u4e00-\u9fff\d]", pattern))
    chars = sorted(literals)
    lines = ["某镇2024年法治政府建设情况报告", "一、主要举措"]
    for n in range(0, len(chars), 4):
        run = "".join(chars[n : n + 4])
        lines.append((run * (500 // len(run) + 1))[:499] + "。")
    return text_file("\n".join(lines) + "\n")(folder)


CASES: dict[str, Callable[[Path], list[str]]] = {
    "50,000 spaces then x": text_file(" " * 50_000 + "x"),
    "200 KB of '，' lines": text_file("，\n" * 100_000),
    "one 1.9M-character line": text_file("镇党委书记主持召开会议研究法治建设" * 110_000),
    "1M digits": text_file("1" * 1_000_000),
    "50,000 headings": text_file("".join(f"{i}、法治\n" for i in range(50_000))),
    "50,000 signature dates": text_file("2024年12月31日\n" * 50_000),
    "2.2M characters (refused)": text_file("法治" * 1_100_000),
    "49 MB of text (refused)": text_file("法治政府建设" * 2_800_000),
    "docx inflating to 180 MB": docx_bomb,
    "pdf inflating to 344 MB": pdf_bomb,
    "backtracking sentences": backtracking_sentences,
}


def run_case(name: str, make: Callable[[Path], list[str]], fazhi: list[str]) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        args = make(Path(tmp))
        start = time.perf_counter()
        # through a small wrapper: a child forked from this (large) process would count our memory
        proc = subprocess.run([sys.executable, "-c", WRAPPER, *fazhi, "check", *args, "--format", "json"],
                              capture_output=True, timeout=600)
        elapsed = time.perf_counter() - start
        errors = proc.stderr.decode(errors="replace").splitlines()
        if any("Traceback" in line for line in errors):
            sys.exit(f"{name}: traceback\n" + "\n".join(errors))
        return elapsed, int(errors[-1]) / 1024, proc.returncode


WRAPPER = """import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)"""


def stdin_case(fazhi: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([*fazhi, "check", "-"], stdin=zero, capture_output=True, timeout=600)
    return time.perf_counter() - start, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="run the cases whose name contains this")
    args = ap.parse_args()
    exe = shutil.which("fazhi")
    fazhi = [exe] if exe else [sys.executable, "-m", "checker"]
    failed = []
    for name, make in CASES.items():
        if args.only and args.only not in name:
            continue
        elapsed, peak, code = run_case(name, make, fazhi)
        ok = elapsed < SECONDS and peak < MEGABYTES
        failed += [] if ok else [name]
        print(f"{'ok ' if ok else 'SLOW'} {name:28s} {elapsed:6.2f} s  peak ≤ {peak:6.0f} MB  exit {code}", flush=True)
    if not args.only or "stdin" in args.only:
        elapsed, code = stdin_case(fazhi)
        ok = elapsed < SECONDS and code == 2
        failed += [] if ok else ["stdin"]
        print(f"{'ok ' if ok else 'SLOW'} {'check - < /dev/zero':28s} {elapsed:6.2f} s  exit {code}")
    if failed:
        sys.exit(f"over the target ({SECONDS} s, {MEGABYTES} MB): {', '.join(failed)}")


if __name__ == "__main__":
    main()
