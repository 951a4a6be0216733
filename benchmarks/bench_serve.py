"""`fazhi serve` for a county, measured from outside: a real server on a free port of 127.0.0.1.

    python benchmarks/bench_serve.py [--lines 40000] [--files 200] [--size 96000] [--parallel 4]

- a .txt of LINES short lines (2.1 MB at 40,000): the whole answer (page, Word copy, HTML, JSON)
  beside `fazhi check` of the same file;
- PARALLEL requests at once, each of FILES reports of SIZE bytes: the peak resident memory of the
  server and all its children, sampled ten times a second, and what it holds afterwards;
- an upload body that stops after 4 bytes: seconds until the server drops it;
- SIGTERM while a long request runs: seconds until the server has exited, its grader gone;
- an uploaded profile with 20 costly patterns: refused at load, or seconds to grade.

Prints one line per row with ✔ or ✘ and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import ROOT, alive, resident_mb, running, start, status, stop, tree, upload

SAMPLES = sorted((ROOT / "reports").glob("*.txt"))


def sample_lines() -> list[str]:
    return [line for path in SAMPLES for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def long_text(lines: int, size: int = 2_100_000) -> bytes:
    """At least LINES short lines (17 characters or fewer) cut from the bundled samples, and at
    least `size` bytes."""
    source = sample_lines()
    out: list[str] = []
    total = 0
    while len(out) < lines or total < size:
        line = source[len(out) % len(source)][:17]
        out.append(line)
        total += len(line.encode()) + 1
    return ("\n".join(out) + "\n").encode()


def report_of(size: int, n: int) -> bytes:
    """A report of about `size` bytes: a sample repeated, its unit renamed so no two are alike."""
    text = SAMPLES[n % len(SAMPLES)].read_text(encoding="utf-8")
    body = text
    while len(body.encode()) < size:
        body += "\n" + text.replace("镇", f"{n}镇")
    return body.encode()[:size].decode("utf-8", "ignore").encode()


def row(name: str, measured: str, target: str, met: bool) -> bool:
    print(f"{'✔' if met else '✘'} {name}: {measured} (target: {target})", flush=True)
    return met


def big_upload(lines: int) -> bool:
    data = long_text(lines)
    path = Path("/tmp") / f"fazhi-bench-serve-{lines}.txt"
    path.write_bytes(data)
    began = time.monotonic()
    subprocess.run([sys.executable, "-m", "checker", "check", str(path)], cwd=ROOT, capture_output=True)
    check = time.monotonic() - began
    path.unlink()
    with running() as server:
        began = time.monotonic()
        code, page = upload(server, [("长报告.txt", data)])
        took = time.monotonic() - began
    word = "长报告-批注.docx" in page
    return row(f"a {len(data) / 1e6:.1f} MB .txt of {lines:,} lines", f"HTTP {code} in {took:.1f} s, Word copy "
               f"{'given' if word else 'missing'}; fazhi check {check:.1f} s", "seconds, Word copy given",
               code == 200 and word and took < 30)


def parallel_memory(parallel: int, files: int, size: int) -> bool:
    reports = [(f"报告{n:03d}.txt", report_of(size, n)) for n in range(files)]
    with running() as server:
        idle = resident_mb(server.pid)
        peak, done, codes = idle, threading.Event(), []

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, resident_mb(server.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        began = time.monotonic()
        workers = [threading.Thread(target=lambda: codes.append(upload(server, reports)[0])) for _ in range(parallel)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        took = time.monotonic() - began
        done.set()
        sampler.join()
        time.sleep(1)
        after = resident_mb(server.pid)
    measured = (f"peak {peak:.0f} MB (idle {idle:.0f} MB, after {after:.0f} MB), "
                f"answers {sorted(codes)} in {took:.0f} s")
    met = peak < 1024 and after < idle + 100 and codes == [200] * parallel
    return row(f"{parallel} requests at once of {files} × {size // 1000} KB", measured,
               "peak under 1,024 MB, memory given back", met)


def stalled_body() -> bool:
    with running() as server, socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                     b"Content-Length: 100000\r\n\r\n--x\r")
        began = time.monotonic()
        sock.settimeout(90)
        with contextlib.suppress(OSError):
            while sock.recv(65536):
                pass
        took = time.monotonic() - began
    return row("an upload body stalled after 4 bytes", f"dropped after {took:.0f} s", "within 60 s", took <= 60)


def sigterm_while_grading(files: int, size: int) -> bool:
    server = start()
    reports = [(f"报告{n:03d}.txt", report_of(size, n)) for n in range(files)]
    thread = threading.Thread(target=lambda: _ignore(lambda: upload(server, reports, timeout=60)), daemon=True)
    thread.start()
    for _ in range(300):
        if status(server)["running"]:
            break
        time.sleep(0.1)
    graders = tree(server.pid)
    took, _ = stop(server)
    time.sleep(0.5)
    left = [pid for pid in graders if alive(pid)]
    return row("SIGTERM while a long request runs", f"exited in {took:.1f} s, {len(left)} of its processes left",
               "within 10 s, none left", took <= 10 and not left)


def _ignore(call) -> None:
    with contextlib.suppress(Exception):
        call()


def costly_profile(patterns: int = 20) -> str:
    """A profile of `patterns` items, each matched by a regex of two variable-length pieces in a
    row that may take the same characters (961 ways a starting position: within the per-pattern
    limit of 1,000)."""
    signs = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    vocabulary = "\n".join(f"  costly{n}: [{{re: '[^。]{{0,30}}[^，]{{0,30}}[{signs[n % 22]}{signs[(n + 1) % 22]}]'}}]"
                           for n in range(patterns))
    items = "\n".join(f"  - {{id: X{n}, title: 规则{n}, group: G, basis: 本县规定, advice: 写明。, "
                      f"match: [{{any: [$costly{n}]}}]}}" for n in range(patterns))
    return (f"extends: township-annual\nid: costly\ntitle: 代价高的清单\ngroups: [{{id: G, title: 本县}}]\n"
            f"vocabulary:\n{vocabulary}\nitems:\n{items}\n")


def costly_upload() -> bool:
    profile = ("本县.yaml", costly_profile().encode())
    with running() as server:
        began = time.monotonic()
        code, page = upload(server, [("青禾镇.txt", SAMPLES[-1].read_bytes())], profile=profile)
        took = time.monotonic() - began
    refused = code == 400 and "总代价" in page
    measured = f"HTTP {code} in {took:.1f} s ({'refused at load' if refused else 'graded'})"
    return row("a profile with 20 costly patterns", measured, "refused at load, or graded within 10 s", took <= 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=40_000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--size", type=int, default=96_000)
    parser.add_argument("--parallel", type=int, default=4)
    args = parser.parse_args()
    met = [big_upload(args.lines), parallel_memory(args.parallel, args.files, args.size), stalled_body(),
           sigterm_while_grading(args.files, args.size), costly_upload()]
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
