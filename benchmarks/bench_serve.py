"""`fazhi serve` for a county, measured from outside: a real server on a free port of 127.0.0.1,
one row per row of the issue's table.

    python benchmarks/bench_serve.py [--lines 40000] [--files 200] [--size 96000] [--parallel 4] [--only ROWS]

- safety: a foreign Host; a POST from another origin or without the page's token; the security
  headers and no inline script in the pages;
- messages: a port already taken, --port 99999, an IPv6 host, too many files / fields, a 25 MB
  paste, an `extends` error: one Chinese line each, 413 for the limits;
- pages: the legend, the profile under 高级, a Word copy per file, only unreadable files, the
  checklist by its title and years;
- queue: with --jobs 1 busy, an upload's answer says 排队中 with its place at once, then its result;
- phone: the result page at 375 px in Chromium (Playwright): no sideways scroll, items as cards;
- upload: a .txt of LINES short lines (2.1 MB at 40,000): the whole answer (page, Word copy,
  HTML, JSON) beside `fazhi check` of the same file, wall and CPU seconds;
- memory: PARALLEL requests at once, each of FILES reports of SIZE bytes: the peak resident memory
  of the server and all its children, sampled ten times a second, and what it holds afterwards;
- stall: an upload body that stops after 4 bytes: seconds until the server drops it;
- sigterm: SIGTERM while a long request runs and another waits: seconds until the server has
  exited, and until its processes and the uploads' temporary folders are gone;
- profile: an uploaded profile with 20 costly patterns: refused at load, or seconds to grade.

Prints one line per row with ✔ or ✘ and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import (
    ROOT,
    alive,
    cpu_seconds,
    fetch,
    free_port,
    multipart,
    resident_mb,
    running,
    session,
    start,
    status,
    stop,
    tree,
    upload,
)

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
    """Wall and CPU seconds (the server and its children, from /proc) of the whole answer, beside
    `fazhi check` of the same file: on a shared machine the wall time follows the load, CPU time
    what the work costs."""
    data = long_text(lines)
    path = Path("/tmp") / f"fazhi-bench-serve-{lines}.txt"
    path.write_bytes(data)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    subprocess.run([sys.executable, "-m", "checker", "check", str(path)], cwd=ROOT, capture_output=True)
    check = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    check_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    path.unlink()
    with running() as server:
        cpu = cpu_seconds(server.pid)
        began = time.monotonic()
        code, page = upload(server, [("长报告.txt", data)])
        took = time.monotonic() - began
        cpu = cpu_seconds(server.pid) - cpu
    word = "长报告-批注.docx" in page
    measured = (f"HTTP {code} in {took:.1f} s ({cpu:.1f} s CPU), Word copy {'given' if word else 'missing'}; "
                f"fazhi check {check:.1f} s ({check_cpu:.1f} s CPU)")
    return row(f"a {len(data) / 1e6:.1f} MB .txt of {lines:,} lines", measured,
               "the whole answer in seconds (under 30 s of CPU), its CPU at most twice check's, Word copy given",
               code == 200 and word and cpu < 30 and cpu <= 2 * check_cpu + 1)


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


def sigterm_while_grading(files: int, size: int, bound: float = 10) -> bool:
    """SIGTERM while a long upload is graded and another waits: seconds until the server has
    exited, and until its processes (forkserver, graders) are gone and the uploads' temporary
    folders deleted — looked at until `bound` seconds after the signal."""
    folder = Path(tempfile.mkdtemp(prefix="fazhi-bench-tmp-"))
    server = start("--jobs", "1", settings=f"import tempfile; tempfile.tempdir = {str(folder)!r}")
    reports = [(f"报告{n:03d}.txt", report_of(size, n)) for n in range(files)]
    for _ in range(2):  # one graded, one waiting for it
        threading.Thread(target=lambda: _ignore(lambda: upload(server, reports, timeout=60)), daemon=True).start()
    for _ in range(600):
        if status(server)["running"] and status(server)["waiting"]:
            break
        time.sleep(0.1)
    processes = tree(server.pid)
    uploads = len(list(folder.glob("fazhi-serve-*")))
    began = time.monotonic()
    took, _ = stop(server, timeout=bound + 5)

    def left() -> tuple[list[int], list[Path]]:
        return [pid for pid in processes if alive(pid)], list(folder.iterdir())

    while any(left()) and time.monotonic() - began < bound:
        time.sleep(0.05)
    cleared = time.monotonic() - began
    pids, files_left = left()
    shutil.rmtree(folder, ignore_errors=True)
    measured = (f"exited in {took:.1f} s; {len(processes)} processes and {uploads} uploads' folders at the signal, "
                + (f"all gone {cleared:.1f} s after it" if not pids and not files_left
                   else f"{len(pids)} processes and {len(files_left)} files left {bound:g} s after it "
                        f"({', '.join(sorted(path.name for path in files_left))})"))
    return row("SIGTERM while a long request runs (and one waits)", measured,
               f"exits within {bound:g} s, nothing left behind", took <= bound and not pids and not files_left)


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


# ---------------------------------------------------------------- the rows a request shows at once


def safety_rows() -> list[bool]:
    """A foreign Host, a post from another site, the security headers (one server)."""
    with running("--allow-host", "fazhi.county.example") as server:
        foreign = fetch(server, "GET", "/", headers={"Host": "evil.example"})[0]
        named = fetch(server, "GET", "/", headers={"Host": "fazhi.county.example"})[0]
        met = [row("a request with a foreign Host", f"HTTP {foreign} for evil.example, {named} for an --allow-host "
                   "name", "refused (400/421) unless allowed", foreign in (400, 421) and named == 200)]
        text = SAMPLES[-1].read_bytes()
        others = [upload(server, [("青禾镇.txt", text)], headers={"Origin": "http://evil.example"})[0],
                  upload(server, [("青禾镇.txt", text)], headers={"Origin": "", "Referer": "http://evil.example/x"})[0],
                  upload(server, [("青禾镇.txt", text)], csrf="x" * 24)[0]]
        own = upload(server, [("青禾镇.txt", text)])
        met.append(row("a POST from another origin, or without the page's token",
                       f"HTTP {others} (Origin, Referer, a wrong token); 200 from the page itself: {own[0]}",
                       "refused (403)", others == [403] * 3 and own[0] == 200))
        pages = [fetch(server, "GET", "/"), fetch(server, "GET", "/serve.js"), (own[0], {}, own[1])]
        _, headers, _ = pages[0]
        csp = headers.get("content-security-policy", "")
        script = csp.split("script-src")[1].split(";")[0] if "script-src" in csp else "?"
        inline = sum(len(re.findall(r"<script(?![^>]*\bsrc=)", page)) for _, _, page in pages[::2])
        good = ("frame-ancestors 'none'" in csp and "unsafe-inline" not in script and inline == 0
                and headers.get("x-content-type-options") == "nosniff" and bool(headers.get("referrer-policy")))
        met.append(row("security headers", f"CSP script-src{script}, frame-ancestors 'none': "
                       f"{'frame-ancestors' in csp}; nosniff: {headers.get('x-content-type-options')}; "
                       f"Referrer-Policy: {headers.get('referrer-policy')}; inline scripts in the pages: {inline}",
                       "CSP without inline script, frame-ancestors 'none', nosniff, Referrer-Policy", good))
    return met


def message_rows() -> list[bool]:
    """The command line's and the upload's mistakes: one Chinese line each, 413 where the README says."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = _serve("--port", str(port))
    met = [row("port already taken", f"exit {busy.returncode}: {busy.stderr.strip()}", "one Chinese line naming "
               "the port and how to pick another", busy.returncode == 2 and _one_chinese_line(busy.stderr)
               and str(port) in busy.stderr and "--port" in busy.stderr and "ERROR" not in busy.stderr)]
    bad_port = _serve("--port", "99999")
    shown = _first_line("--host", "::1", "--port", str(free_port()))
    lines = [bad_port.stderr.strip(), shown]
    with running("--max-files", "3") as server:
        reports = [(f"{n}.txt", SAMPLES[-1].read_bytes()) for n in range(4)]
        many = upload(server, reports)
        cookie, token = session(server)
        fields = {f"f{n}": "x" for n in range(20)} | {"csrf": token}
        body, kind = multipart([("a.txt", b"x")], fields)
        form = fetch(server, "POST", "/check", body, {"Content-Type": kind, "Cookie": cookie})
        paste = upload(server, [("a.txt", b"")], text="法" * (25 * 1024 * 1024 // 3))
        profile = upload(server, [("青禾镇.txt", SAMPLES[-1].read_bytes())],
                         profile=("本县.yaml", b"extends: ../../missing.yaml\nid: x\ntitle: x\n"))
    answers = [(many[0], _message(many[1])), (form[0], _message(form[2])), (paste[0], _message(paste[1])),
               (profile[0], _message(profile[1]))]
    codes = [code for code, _ in answers]
    good = (bad_port.returncode == 2 and _one_chinese_line(bad_port.stderr) and "http://[::1]:" in shown
            and codes == [413, 413, 413, 400] and all(_one_chinese_line(m) for _, m in answers)
            and "fazhi-serve-" not in answers[3][1] and "HTTPException" not in "".join(m for _, m in answers))
    lines += [f"HTTP {code} {message}" for code, message in answers]
    return [*met, row("--port 99999, an IPv6 host, too many files / fields, a 25 MB paste, an extends error",
                      " | ".join(lines), "one Chinese line each saying what to do; 413 for the limits", good)]


def _serve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "serve", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def _first_line(*args: str) -> str:
    """What a server started with `args` prints first (then it is stopped)."""
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", *args], cwd=ROOT, stderr=subprocess.PIPE,
                               text=True)
    try:
        line = process.stderr.readline() if process.stderr else ""
    finally:
        process.terminate()
        process.communicate(timeout=15)
    return line.strip()


def _one_chinese_line(text: str) -> bool:
    lines = text.strip().splitlines()
    return len(lines) == 1 and bool(re.search(r"[\u4e00-\u9fff]", lines[0])) and "Traceback" not in text


def _message(page: str) -> str:
    found = re.search(r'<div class="message" role="alert">\s*<p>(.*?)</p>', page, re.S)
    return found.group(1).strip() if found else "(no message)"


def page_rows() -> list[bool]:
    """What the pages say: a legend, the profile under 高级, a Word copy per file, unreadable files
    only, the checklist by its title and years."""
    qinghe, liuxi, nanhu = (next(p for p in SAMPLES if name in p.name).read_bytes()
                            for name in ("qinghe", "liuxi", "nanhu"))
    with running() as server:
        _, _, index = fetch(server, "GET", "/")
        code, one = upload(server, [("青禾镇.txt", qinghe)])
        legend = re.search(r'<section class="legend".*?</section>', one, re.S)
        words = [w for w in ("达标", "部分", "仅计划", "缺失", "得分") if legend and w in legend.group(0)]
        fold = r'<details class="advanced"[^>]*>\s*<summary[^>]*>(.*?)</summary>(.*?)</details>'
        folded = re.search(fold, index, re.S)
        under = folded.group(1) if folded and 'name="profile"' in folded.group(2) else ""
        measured = (f"legend with {'、'.join(words) or 'nothing'}; the profile "
                    + (f"folded under “{under}”" if under else "not folded")
                    + ("; the page says extends" if "extends" in index else ""))
        met = [row("the statuses and the score explained; the profile under 高级", measured,
                   "a short legend; the profile option folded under 高级",
                   len(words) == 5 and under.startswith("高级") and "extends" not in index)]
        code3, three = upload(server, [("青禾镇.txt", qinghe), ("柳溪乡.txt", liuxi), ("南湖街道.txt", nanhu)])
        copies = sorted(set(re.findall(r'download="([^"]+-批注\.docx)"', three)))
        met.append(row("several files uploaded", f"HTTP {code3}, Word copies: {'、'.join(copies)}",
                       "a Word copy with 批注 per file", code3 == 200 and len(copies) == 3))
        code_bad, bad = upload(server, [("坏文件.docx", b"not a zip"), ("空.txt", b"")])
        reasons = re.findall(r"<li><code>(.*?)</code>：(.*?)</li>", bad)
        links = len(re.findall(r'href="data:', bad))
        met.append(row("only unreadable files uploaded", f"HTTP {code_bad}, {links} downloads, reasons: "
                       + "；".join(f"{n}：{r}" for n, r in reasons), "no downloads; the reason per file",
                       code_bad != 200 and links == 0 and len(reasons) == 2))
        title = re.search(r'<option value="township-annual"[^>]*>(.*?)</option>', index)
        shown = title.group(1) if title else "?"
        internal = "township-annual 20" in one or "township-annual 20" in index
        named = re.search(re.escape(shown[:shown.rfind("（")]) + r"（[^）]*\d{4}[^）]*）", one)
        met.append(row("the checklist as the page names it", f"upload page: {shown}; result page: "
                       f"{named.group(0) if named else 'not by its title and years'}"
                       f"{'; its internal id shown' if internal else ''}",
                       "the checklist's Chinese title and the edition's years", code == 200 and not internal
                       and bool(named) and bool(re.search(r"[\u4e00-\u9fff].*（.*\d{4}.*）", shown))))
    return met


def queued_row() -> bool:
    """With every slot taken, a second upload's answer says at once that it waits, then gives its result."""
    with running("--jobs", "1") as server:
        reports = [(f"报告{n:03d}.txt", report_of(96_000, n)) for n in range(60)]
        first = threading.Thread(target=lambda: _ignore(lambda: upload(server, reports)), daemon=True)
        first.start()
        for _ in range(600):
            if status(server)["running"]:
                break
            time.sleep(0.1)
        cookie, token = session(server)
        body, kind = multipart([("青禾镇.txt", SAMPLES[-1].read_bytes())], {"csrf": token})
        began = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall((f"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\nCookie: {cookie}\r\n"
                          f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)
            sock.settimeout(600)
            answer, told = b"", None
            while chunk := sock.recv(65536):
                answer += chunk
                if told is None and "排队中".encode() in answer:
                    told = time.monotonic() - began
        took = time.monotonic() - began
    page = answer.decode("utf-8", "replace")
    place = re.search(r"排队中：[^（<]*", page)
    result = "青禾镇-批注.docx" in page
    return row("an upload while every grading slot is busy (--jobs 1)",
               f"“{place.group(0) if place else '?'}” after {told or 0:.1f} s, the result after {took:.0f} s",
               "the page says it is queued (with its place) until grading starts, then the result",
               told is not None and told < 5 and result)


# ---------------------------------------------------------------- the page in a browser


def phone_rows() -> list[bool]:
    """The result page at 375 px in Chromium (Playwright): sideways scroll, and each item a card
    with its evidence under it."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [row("the result page at 375 px", "not measured: Playwright is not installed", "no sideways scroll",
                    False)]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    import docx

    document = docx.Document()
    for line in next(p for p in SAMPLES if "liuxi" in p.name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    folder = Path(tempfile.mkdtemp(prefix="fazhi-bench-phone-"))
    one = folder / "柳溪乡.docx"
    document.save(str(one))
    several = [one] + [folder / p.name for p in SAMPLES[:3]]
    for path in several[1:]:
        path.write_bytes((ROOT / "reports" / path.name).read_bytes())
    met = []
    with running() as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, locale="zh-CN").new_page()
        measured = []
        cards = True
        for files in ([one], several):
            page.goto(f"http://127.0.0.1:{server.port}/")
            page.set_input_files("#reports", [str(f) for f in files])
            page.click("#submit")
            page.wait_for_selector("nav.toolbar", timeout=300_000)
            width = page.evaluate("document.documentElement.scrollWidth")
            measured.append(f"{len(files)} file{'s' if len(files) > 1 else ''}: {width} px wide")
            if len(files) == 1:
                for item in page.locator("tr.item").all():
                    title, evidence = item.locator("td").nth(1).bounding_box(), item.locator("td").last.bounding_box()
                    cards &= evidence["y"] >= title["y"] + title["height"] - 1 and evidence["width"] > 250
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)
    wide = [int(m.split(": ")[1].split()[0]) for m in measured]
    met.append(row("the result page at 375 px (a phone)", "; ".join(measured) + f"; each item a card with its "
                   f"evidence under it: {cards}", "no sideways scroll (375 px); each item a card",
                   all(w <= 375 for w in wide) and cards))
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=40_000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--size", type=int, default=96_000)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated rows: safety,messages,pages,queue,phone,"
                        "upload,memory,stall,sigterm,profile (default: all)")
    args = parser.parse_args()
    rows = {"safety": safety_rows, "messages": message_rows, "pages": page_rows, "queue": queued_row,
            "phone": phone_rows, "upload": lambda: big_upload(args.lines),
            "memory": lambda: parallel_memory(args.parallel, args.files, args.size), "stall": stalled_body,
            "sigterm": lambda: sigterm_while_grading(args.files, args.size), "profile": costly_upload}
    chosen = args.only.split(",") if args.only else list(rows)
    met: list[bool] = []
    for name in chosen:
        answer = rows[name]()
        met += answer if isinstance(answer, list) else [answer]
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
