"""A real `fazhi serve` on a free port of 127.0.0.1, and a client for it (the standard library's
http.client): used by bench_serve.py and by the tests of the running server."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def pid(self) -> int:
        return self.process.pid

    def connection(self, timeout: float = 600) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)


def start(*args: str, settings: str = "", wait: float = 60) -> Server:
    """`fazhi serve --port P ARGS` in a process of its own; `settings`: Python run first (to set
    a module's limit lower for a test). Returns once it answers."""
    port = free_port()
    code = (f"import sys; {settings}\nfrom checker.commands.cli import run\n"
            f"sys.argv = ['fazhi', 'serve', '--port', '{port}', *{list(args)!r}]\nrun()")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return Server(process, port)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def stop(server: Server, timeout: float = 15) -> tuple[float, str]:
    """SIGTERM, then (seconds until it exited, what it wrote on stderr)."""
    began = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    try:
        _, err = server.process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.process.kill()
        _, err = server.process.communicate()
        return float("inf"), err
    return time.monotonic() - began, err


@contextmanager
def running(*args: str, settings: str = "") -> Iterator[Server]:
    server = start(*args, settings=settings)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            stop(server)


def session(server: Server) -> tuple[str, str]:
    """(cookie header, CSRF token) from the upload page, as a browser gets them."""
    connection = server.connection(timeout=30)
    connection.request("GET", "/")
    answer = connection.getresponse()
    page = answer.read().decode()
    cookie = (answer.getheader("set-cookie") or "").split(";")[0]
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    connection.close()
    return cookie, token.group(1) if token else ""


def multipart(files: list[tuple[str, bytes]], fields: dict[str, str],
              profile: tuple[str, bytes] | None = None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for field, (name, data) in [("reports", f) for f in files] + ([("profile", profile)] if profile else []):
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n")
        parts += [head.encode(), data, b"\r\n"]
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(server: Server, files: list[tuple[str, bytes]], timeout: float = 900,
           profile: tuple[str, bytes] | None = None, headers: dict[str, str] | None = None,
           **fields: str) -> tuple[int, str]:
    """POST /check as the upload page does (`headers`: others, or in place of its own): (status, page)."""
    cookie, token = session(server)
    body, kind = multipart(files, {"csrf": token, **fields}, profile)
    return fetch(server, "POST", "/check", body, {"Content-Type": kind, "Cookie": cookie,
                                                  "Origin": f"http://127.0.0.1:{server.port}", **(headers or {})},
                 timeout)[::2]


def fetch(server: Server, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
          timeout: float = 60) -> tuple[int, dict[str, str], str]:
    """One request: (status, headers with lower-case names, body)."""
    connection = server.connection(timeout=timeout)
    connection.request(method, path, body=body, headers=headers or {})
    answer = connection.getresponse()
    page = answer.read().decode("utf-8", "replace")
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, page


def tree(pid: int) -> list[int]:
    """The process and all its descendants (a forkserver's children included)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children.get(current, [])
    return out


def resident_mb(pid: int) -> float:
    """Resident memory of the process and its descendants, MB."""
    total = 0
    for each in tree(pid):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(found.group(1)) if found else 0
    return total / 1024


def status(server: Server) -> dict[str, int]:
    import json

    connection = server.connection(timeout=10)
    connection.request("GET", "/status")
    data = json.loads(connection.getresponse().read())
    connection.close()
    return data


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def cpu_seconds(pid: int) -> float:
    """CPU seconds used by the process and its descendants, and by the children they have reaped."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / ticks
