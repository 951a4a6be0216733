"""`fazhi serve` as a county runs it: a real server process on a free port of 127.0.0.1, reached
over a socket (stalls, SIGTERM, a client that leaves, a port already taken). Bounded in time;
the speed and memory rows are measured by benchmarks/bench_serve.py, not here."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import ROOT

if not Path("/proc/self/stat").exists():
    pytest.skip("follows the server's processes in /proc (Linux)", allow_module_level=True)

sys.path.insert(0, str(ROOT / "benchmarks"))
from serving import alive, free_port, running, start, status, stop, tree, upload

REPORT = (ROOT / "reports" / "qinghe-2024-strong.txt").read_bytes()
SHORT = "import checker.commands.serve_guard as guard; guard.BODY_TIMEOUT = 1.5; guard.HEAD_TIMEOUT = 1.5"


def many_reports(count: int = 120) -> list[tuple[str, bytes]]:
    """Enough reports that grading them takes a while."""
    return [(f"报告{n:03d}.txt", REPORT.replace("青禾镇".encode(), f"第{n}镇".encode()) * 3) for n in range(count)]


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def quietly(call) -> None:
    """Run `call`, ignoring how it ends (the server is stopped, or the client leaves, under it)."""
    with contextlib.suppress(Exception):
        call()


def closed_after(sock: socket.socket, seconds: float) -> tuple[float, bytes]:
    """(seconds until the server closed the connection, or `seconds` if it never did; what it sent)."""
    began = time.monotonic()
    sock.settimeout(seconds)
    received = b""
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            received += chunk
    return time.monotonic() - began, received


def test_a_stalled_upload_body_is_answered_408_and_dropped():
    with running(settings=SHORT) as server, socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                     b"Content-Length: 100000\r\n\r\n--x\r")
        took, answer = closed_after(sock, 20)
    assert answer.startswith(b"HTTP/1.1 408") and "上传中断".encode() in answer
    assert took < 10


def test_a_connection_that_never_finishes_its_request_head_is_dropped():
    with running(settings=SHORT) as server, socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"POST /ch")
        took, answer = closed_after(sock, 20)
        assert took < 10 and answer == b""


def test_sigterm_ends_the_server_and_its_grading_while_a_long_request_runs(tmp_path):
    server = start(settings=f"import tempfile; tempfile.tempdir = {str(tmp_path)!r}")
    thread = threading.Thread(target=quietly, args=(lambda: upload(server, many_reports(), timeout=30),), daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: status(server)["running"] == 1, 60)
        processes = tree(server.pid)
        took, err = stop(server)
    finally:
        if server.process.poll() is None:
            server.process.kill()
    assert took <= 10
    assert wait_for(lambda: not [pid for pid in processes if alive(pid)], 5)  # no grader left behind
    assert wait_for(lambda: not list(tmp_path.iterdir()), 5)  # no upload, nor the forkserver's folder
    assert "Traceback" not in err and "ERROR" not in err


def test_a_client_that_leaves_stops_its_grading():
    from serving import multipart, session

    with running() as server:
        before = set(tree(server.pid))  # the server, its forkserver and resource tracker
        sock = socket.create_connection(("127.0.0.1", server.port))
        cookie, token = session(server)
        body, kind = multipart(many_reports(), {"csrf": token})
        head = (f"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\nCookie: {cookie}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        sock.sendall(head + body)
        assert wait_for(lambda: status(server)["running"] == 1, 60)
        graders = set(tree(server.pid)) - before
        sock.close()
        assert graders and wait_for(lambda: status(server)["running"] == 0, 10)
        assert wait_for(lambda: not [pid for pid in graders if alive(pid)], 5)  # the grader is gone


def test_an_upload_waiting_for_a_free_grading_is_told_its_place_then_gets_its_result(tmp_path):
    """With one slot taken, the answer says at once where the upload stands; when the slot's
    client leaves, the waiting upload is graded and its result follows on the same answer; its
    temporary folder is gone afterwards."""
    from serving import session

    settings = f"import tempfile; tempfile.tempdir = {str(tmp_path)!r}"
    with running("--jobs", "1", settings=settings) as server:
        first = send_upload(server, many_reports(), session(server))
        assert wait_for(lambda: status(server)["running"] == 1, 60)
        second = send_upload(server, [("青禾镇.txt", REPORT)], session(server))
        second.settimeout(30)
        answer = b""
        while "排队中".encode() not in answer:
            answer += second.recv(65536) or b"!"
            assert not answer.endswith(b"!"), answer
        assert answer.startswith(b"HTTP/1.1 200") and "您排在第 1 位".encode() in answer
        assert status(server)["waiting"] == 1
        first.close()  # its grading is killed, and the slot passes to the upload waiting
        answer += closed_after(second, 120)[1]
        second.close()
        page = answer.decode()
        assert "正在核查" in page and "青禾镇-批注.docx" in page and page.endswith("</html>\n\r\n0\r\n\r\n")  # whole
        assert wait_for(lambda: not list(tmp_path.glob("fazhi-serve-*")), 5)  # both uploads' folders removed


def send_upload(server, files: list[tuple[str, bytes]], cookie_and_token: tuple[str, str]) -> socket.socket:
    """POST /check on a socket of its own, left open for the answer."""
    from serving import multipart

    cookie, token = cookie_and_token
    body, kind = multipart(files, {"csrf": token})
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.sendall((f"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {kind}\r\nCookie: {cookie}\r\n"
                  f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body)
    return sock


def test_a_port_already_taken_is_one_chinese_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "checker", "serve", "--port", str(port)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == (f"fazhi: 端口 {port} 已被占用（可能已有一个 fazhi serve 在运行）：请用 --port 换一个端口，"
                           f"如 fazhi serve --port {port + 1}\n")


def test_allow_host_on_the_command_line():
    with running("--allow-host", "fazhi.county.example") as server:
        for host, expected in (("fazhi.county.example", 200), ("localhost", 200), ("evil.example", 421)):
            connection = server.connection(timeout=30)
            connection.request("GET", "/", headers={"Host": host})
            assert connection.getresponse().status == expected, host
            connection.close()


def test_the_ipv6_address_is_shown_in_brackets():
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--host", "::1", "--port", str(port)],
                               cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        deadline = time.monotonic() + 60
        while "已启动" not in line and time.monotonic() < deadline and process.poll() is None:
            line = process.stderr.readline() if process.stderr else ""
    finally:
        process.terminate()
        process.communicate(timeout=15)
    assert f"http://[::1]:{port}/" in line
