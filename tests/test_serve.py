"""`fazhi serve` without a browser: the pages, the limits, the temporary files and the binding
(Starlette's test client). The browser tests are in test_browser.py."""

from __future__ import annotations

import asyncio
import base64
import io
import re
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import docx
import pytest

pytest.importorskip("httpx2")  # Starlette's test client

from starlette.testclient import TestClient

from checker.commands import serve
from checker.pipeline import grade_file

from .conftest import ROOT

REPORTS = ROOT / "reports"
STRONG = (REPORTS / "qinghe-2024-strong.txt").read_bytes()


@pytest.fixture(scope="module")
def strong(township):
    """The strong sample graded in this process: what the pages must show, read from the run."""
    return grade_file(str(REPORTS / "qinghe-2024-strong.txt"), township)


@pytest.fixture
def client(tmp_path, monkeypatch) -> TestClient:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # every temporary file of a request lands here
    return opened(TestClient(serve.app(), base_url="http://localhost"))


def opened(client: TestClient) -> TestClient:
    """The client after it has opened the upload page: it has the CSRF cookie, and its token."""
    page = client.get("/")
    client.csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[attr-defined]
    return client


def post(client: TestClient, files: list[tuple[str, bytes]], **data: str):
    data.setdefault("csrf", client.csrf)  # type: ignore[attr-defined]
    return client.post("/check", files=[("reports", (name, body)) for name, body in files], data=data)


def downloads(html: str) -> dict[str, bytes]:
    """File name → content of each download link (data: URIs inside the page)."""
    found = re.findall(r'href="data:[^;]+;base64,([^"]+)" download="([^"]+)"', html)
    return {name: base64.b64decode(data) for data, name in found}


def test_the_upload_page_is_chinese_and_self_contained(client):
    page = client.get("/")
    assert page.status_code == 200 and "法治政府建设年度报告自查" in page.text
    assert 'name="reports" multiple' in page.text and '<option value="township-annual" selected>' in page.text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page.text)  # offline: nothing from a CDN


def test_one_report_shows_every_item_and_offers_the_annotated_copy(client, tmp_path, strong, township_ids):
    page = post(client, [("青禾镇.txt", STRONG)])
    assert page.status_code == 200
    assert "青禾镇" in page.text and f"{strong.score:.1f}" in page.text
    assert all(f">{item}<" in page.text for item in township_ids)
    files = downloads(page.text)
    assert set(files) == {"青禾镇-批注.docx", "青禾镇.html", "青禾镇.json"}
    annotated = docx.Document(io.BytesIO(files["青禾镇-批注.docx"]))
    assert annotated.paragraphs[0].text == "临川县青禾镇人民政府关于2024年度法治政府建设情况的报告"
    assert next(iter(annotated.comments)).text.startswith(f"fazhi 评查：{strong.score:g} 分")
    # nothing outlives the request (pymp-…: the socket of the forkserver that starts the graders)
    assert [p for p in tmp_path.iterdir() if not p.name.startswith("pymp-")] == []


def test_several_reports_show_the_batch_page_and_an_xlsx(client):
    files = [(p.name, p.read_bytes()) for p in sorted(REPORTS.glob("*.txt"))]
    page = post(client, files)
    assert page.status_code == 200 and "排名" in page.text and "覆盖矩阵" in page.text
    assert "核查结果.xlsx" in downloads(page.text)


def test_a_bad_file_gets_its_message_and_the_others_are_graded(client, strong):
    page = post(client, [("坏文件.docx", b"not a zip"), ("空.txt", b""), ("青禾镇.txt", STRONG), ("图.bmp", b"x")])
    assert page.status_code == 200 and f"{strong.score:.1f}" in page.text
    assert "坏文件.docx</code>：不是有效的 .docx 文件" in page.text
    assert "空.txt</code>：文件为空" in page.text
    assert "图.bmp</code>：不支持的格式" in page.text


def test_a_file_over_the_cap_is_refused_and_the_others_graded(client, monkeypatch):
    monkeypatch.setattr(serve, "MAX_FILE", 1000)
    page = post(client, [("大.txt", b"x" * 2000), ("青禾镇.txt", STRONG[:900])])
    assert "大.txt</code>：文件过大" in page.text and "青禾镇" in page.text


def test_a_request_over_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "MAX_REQUEST", 10_000)
    client = opened(TestClient(serve.app(), base_url="http://localhost"))
    page = post(client, [("青禾镇.txt", STRONG * 10)])
    assert page.status_code == 413 and "上传内容过大" in page.text


def test_pasted_text_is_graded(client, strong):
    page = post(client, [], text=STRONG.decode("utf-8"))
    assert page.status_code == 200 and f"{strong.score:.1f}" in page.text and "粘贴的文本" in page.text


def test_nothing_chosen_is_a_message(client):
    page = post(client, [])
    assert page.status_code == 400 and "请选择要核查的报告文件" in page.text


def test_an_uploaded_profile_is_used_and_cannot_reach_outside(client):
    profile = "extends: township-annual\nid: mine\ntitle: 本县清单\ndisable: [{id: A4, reason: 本县不要求}]\n"
    page = client.post("/check", files=[("reports", ("青禾镇.txt", STRONG)), ("profile", ("mine.yaml", profile))],
                       data={"csrf": client.csrf})
    assert page.status_code == 200 and ">A4<" not in page.text and ">A3<" in page.text
    hostile = "extends: /etc/passwd.yaml\nid: x\ntitle: x\n"
    page = client.post("/check", files=[("reports", ("青禾镇.txt", STRONG)), ("profile", ("x.yaml", hostile))],
                       data={"csrf": client.csrf})
    assert page.status_code == 400 and "extends 只能是内置清单编号" in page.text and "root:" not in page.text


def test_an_unknown_bundled_checklist_is_a_message(client):
    page = post(client, [("青禾镇.txt", STRONG)], checklist="../../etc/passwd")
    assert page.status_code == 400 and "未知的核查清单" in page.text


def test_a_malformed_request_is_a_message_not_a_crash(client):
    page = client.post("/check", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data; boundary=x"})
    assert page.status_code in (400, 403) and "请" in page.text


def test_listens_on_localhost_unless_told_and_warns_then(monkeypatch, capsys):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets: calls.append(sockets[0].getsockname()[0]))
    monkeypatch.setattr("checker.commands.serve_jobs.start_forkserver", lambda: None)
    assert serve.serve("127.0.0.1", free_port()) == 0
    assert "警告" not in capsys.readouterr().err
    serve.serve("0.0.0.0", free_port())
    assert calls == ["127.0.0.1", "0.0.0.0"]
    assert "警告：网页服务将在 0.0.0.0 上对其他计算机开放" in capsys.readouterr().err
    assert serve.is_loopback("::1") and serve.is_loopback("localhost") and not serve.is_loopback("192.168.1.5")


def test_the_command_line_defaults_to_localhost(monkeypatch):
    from checker.commands.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8765)
    assert Path(serve.__file__).name == "serve.py"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the kernel's socket table (Linux)")
def test_fazhi_serve_listens_on_127_0_0_1_only():
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        listening: list[str] = []
        for _ in range(100):
            rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
            rows += [line.split() for line in Path("/proc/net/tcp6").read_text().splitlines()[1:]]
            listening = [r[1] for r in rows if r[3] == "0A" and r[1].endswith(f":{port:04X}")]  # 0A: LISTEN
            if listening:
                break
            time.sleep(0.1)
        assert listening == [f"0100007F:{port:04X}"]  # 127.0.0.1, nothing else
    finally:
        server.terminate()
        err = server.communicate(timeout=10)[1].decode()
    assert f"网页核查已启动：http://127.0.0.1:{port}/" in err and "警告" not in err


def test_pasted_text_is_graded_as_it_is_typed(client, township_ids):
    """/live answers with the report's section for the page to put under the text box."""
    text = STRONG.decode("utf-8")
    answer = client.post("/live", data={"text": text, "checklist": "township-annual", "csrf": client.csrf})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert 'id="report-live"' in answer.text and "<html" not in answer.text
    assert all(f">{item}<" in answer.text for item in township_ids)
    graded = client.post("/check", data={"text": text, "csrf": client.csrf}).text
    score = re.search(r'<div class="value">([\d.]+)</div>', graded).group(1)
    assert f'<div class="value">{score}</div>' in answer.text  # the same grading as 开始核查


def test_live_check_of_nothing_or_of_bad_input_is_a_short_message(client, monkeypatch):
    token = client.csrf
    assert "粘贴报告全文后" in client.post("/live", data={"text": "  \n", "csrf": token}).text
    unknown = client.post("/live", data={"text": "某镇报告", "checklist": "../secret", "csrf": token})
    assert unknown.status_code == 400 and "未知的核查清单" in unknown.text
    binary = client.post("/live", data={"text": "\x01\x02\x03\x04\x05\x06\x07" * 10, "csrf": token})
    assert binary.status_code == 400 and "控制字符" in binary.text
    monkeypatch.setattr(serve, "MAX_TEXT", 100)
    long = client.post("/live", data={"text": "法治" * 200, "csrf": token})
    assert long.status_code == 413 and "文字过多" in long.text


def test_the_upload_page_asks_for_a_live_check_as_the_text_changes(client):
    page = client.get("/").text
    assert 'id="live"' in page
    assert '<p class="hint" id="live-line" aria-live="polite">' in page  # the short line is read out
    script = client.get("/serve.js").text
    assert '<script src="serve.js"></script>' in page and "<script>" not in page  # no inline script (CSP)
    assert 'fetch("live"' in script and 'addEventListener("input"' in script


def test_a_live_check_the_page_has_dropped_is_not_graded(monkeypatch):
    """Typing into a long paste sends a request per pause; one whose page has gone (the browser
    aborted it for newer text) by the time its turn comes is answered empty, not graded."""
    graded: list = []
    monkeypatch.setattr("checker.commands.serve_grading._live_view", lambda *args: graded.append(args))
    form = {"text": "某镇2024年法治政府建设情况报告", "checklist": "township-annual", "csrf": "t" * 24}
    body = urlencode(form).encode()
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    headers = [(b"content-type", b"application/x-www-form-urlencoded"), (b"content-length", str(len(body)).encode()),
               (b"host", b"127.0.0.1:8765"), (b"cookie", b"fazhi_csrf=" + b"t" * 24)]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/live", "raw_path": b"/live", "root_path": "", "query_string": b"", "headers": headers,
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8765)}
    asyncio.run(serve.app()(scope, receive, send))
    assert sent[0]["status"] == 204 and graded == []


# ---------------------------------------------------------------- safe to share (issue 24)


def test_a_request_naming_another_host_is_refused_unless_allowed(tmp_path):
    """DNS rebinding: a page of evil.example, its name pointed at this server, sends Host: evil.example."""
    client = TestClient(serve.app(("fazhi.county.example",)), base_url="http://localhost")
    assert client.get("/").status_code == 200
    for allowed in ("127.0.0.1:8765", "[::1]:8765", "localhost", "192.168.1.20", "fazhi.county.example:443"):
        assert client.get("/", headers={"host": allowed}).status_code == 200, allowed
    refused = client.get("/", headers={"host": "evil.example:8765"})
    assert refused.status_code == 421 and "--allow-host evil.example" in refused.text
    assert client.post("/check", headers={"host": "evil.example"}).status_code == 421


def test_a_post_from_another_site_is_refused(client):
    text = STRONG.decode("utf-8")
    for header in ({"origin": "http://evil.example"}, {"referer": "http://evil.example/page"}, {"origin": "null"},
                   {"origin": "http://192.168.1.9"}):
        page = client.post("/check", data={"text": text, "csrf": client.csrf}, headers=header)
        assert page.status_code == 403 and "100.0" not in page.text and "其他网站" in page.text, header
    same = client.post("/check", data={"text": text, "csrf": client.csrf}, headers={"origin": "http://localhost"})
    assert same.status_code == 200


def test_a_post_without_the_pages_token_is_refused(client):
    """The token is in the page (a page of another site cannot read it) and must match the cookie."""
    page = client.get("/").text
    assert f'<input type="hidden" name="csrf" value="{client.csrf}">' in page
    for token in ("", "x" * 24):
        refused = post(client, [("青禾镇.txt", STRONG)], csrf=token)
        assert refused.status_code == 403 and "页面已过期" in refused.text
        live = client.post("/live", data={"text": "某镇报告", "csrf": token})
        assert live.status_code == 403
    fresh = TestClient(serve.app(), base_url="http://localhost")  # no cookie: the token alone is not enough
    assert fresh.post("/check", data={"text": "某镇报告", "csrf": client.csrf}).status_code == 403


def test_every_answer_carries_the_security_headers(client):
    answers = [client.get("/"), client.get("/serve.js"), post(client, [("青禾镇.txt", STRONG)]),
               client.get("/", headers={"host": "evil.example"}), client.get("/nothing")]
    for answer in answers:
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp.split(
            "script-src")[1].split(";")[0]
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"
    assert "<script>" not in answers[0].text and "<script" not in answers[2].text  # no inline script to allow
    assert answers[1].headers["content-type"].startswith("text/javascript")


def test_the_multipart_limits_are_chinese_messages_with_413(client, monkeypatch):
    monkeypatch.setattr(serve, "MAX_FILES", 3)
    many = post(client, [(f"{n}.txt", STRONG) for n in range(4)])
    assert many.status_code == 413 and "文件过多：一次最多上传 3 个文件" in many.text
    fields = client.post("/check", data={f"f{n}": "x" for n in range(20)} | {"csrf": client.csrf},
                         files=[("reports", ("a.txt", STRONG))])
    assert fields.status_code == 413 and "表单字段过多" in fields.text
    monkeypatch.setattr(serve, "MAX_TEXT", 1000)
    monkeypatch.setattr(serve, "MAX_PASTE", 3000)
    paste = client.post("/check", data={"text": "法" * 2000, "csrf": client.csrf}, files=[("reports", ("a.txt", b""))])
    assert paste.status_code == 413 and "粘贴的文字过多" in paste.text and "HTTPException" not in paste.text


def test_a_25_mb_paste_is_refused_with_413(client):
    paste = client.post("/check", data={"text": "法" * (25 * 1024 * 1024 // 3), "csrf": client.csrf},
                        files=[("reports", ("a.txt", b""))])
    assert paste.status_code == 413 and "粘贴的文字过多（上限 200 万字）" in paste.text


def test_an_extends_error_never_shows_the_servers_folder(client, tmp_path):
    for extends in ("missing-one", "../../x.yaml", "sub/base.yaml", "/etc/passwd.yaml"):
        profile = f"extends: {extends}\nid: x\ntitle: x\n"
        page = client.post("/check", files=[("reports", ("青禾镇.txt", STRONG)), ("profile", ("本县.yaml", profile))],
                           data={"csrf": client.csrf})
        message = re.search(r'<div class="message" role="alert">\s*<p>(.*?)</p>', page.text, re.S).group(1)
        assert page.status_code == 400 and "fazhi-serve-" not in message and str(tmp_path) not in message, message
        assert "/tmp" not in message and "profile.yaml" not in message, message


def test_only_unreadable_files_give_their_reasons_and_no_downloads(client):
    page = post(client, [("坏文件.docx", b"not a zip"), ("空.txt", b""), ("表.xyz", b"x")])
    assert page.status_code == 422
    assert "坏文件.docx</code>：不是有效的 .docx 文件" in page.text and "空.txt</code>：文件为空" in page.text
    assert "表.xyz</code>：不支持的格式" in page.text
    assert not downloads(page.text) and "下载" not in page.text and 'id="upload"' in page.text


def test_several_reports_give_a_word_copy_with_comments_each(client):
    files = [(p.name, p.read_bytes()) for p in sorted(REPORTS.glob("*.txt"))]
    given = downloads(post(client, files).text)
    copies = {name: data for name, data in given.items() if name.endswith("-批注.docx")}
    assert sorted(copies) == sorted(f"{Path(name).stem}-批注.docx" for name, _ in files)
    for data in copies.values():
        assert next(iter(docx.Document(io.BytesIO(data)).comments)).text.startswith("fazhi 评查：")


def test_many_reports_give_their_word_copies_in_one_zip(client, monkeypatch):
    import zipfile

    monkeypatch.setattr(serve, "WORD_LINKS", 1)
    given = downloads(post(client, [("甲镇.txt", STRONG), ("乙镇.txt", STRONG)]).text)
    assert not [name for name in given if name.endswith(".docx")]
    assert zipfile.ZipFile(io.BytesIO(given["批注版.zip"])).namelist() == ["甲镇-批注.docx", "乙镇-批注.docx"]


def test_the_page_and_the_word_summary_name_the_checklist_by_its_title_and_years(client):
    from checker.checklist.loading import load_editions

    page = post(client, [("青禾镇.txt", STRONG)])
    used = next(e for e in load_editions("township-annual").editions if e.years and e.years.covers(2024))
    name = f"{used.title}（{used.years.label}度适用）"
    assert f"<dt>清单</dt><dd>{name}，报告年度为 2024 年</dd>" in page.text and "township-annual 20" not in page.text
    summary = next(iter(docx.Document(io.BytesIO(downloads(page.text)["青禾镇-批注.docx"])).comments)).text
    assert f"核查清单：{name}" in summary


def test_the_page_explains_the_statuses_and_the_score(client):
    page = post(client, [("青禾镇.txt", STRONG)]).text
    legend = page[page.index('<section class="legend"'):page.index("</section>", page.index('<section class="legend"'))]
    assert all(word in legend for word in ("达标", "部分", "仅计划", "缺失", "满分 100"))


def test_the_profile_option_is_folded_under_advanced(client):
    page = client.get("/").text
    folded = page[page.index('<details class="advanced"'):page.index("</details>")]
    assert 'name="profile"' in folded and "高级" in folded and "extends" not in page


def test_a_full_queue_is_told_to_come_back_later(client):
    jobs = client.app.app.app.state.jobs  # Guard → LimitBody → Starlette
    jobs.running, queue, jobs.queue = jobs.slots, jobs.queue, 0  # every slot taken, no room to wait
    try:
        page = post(client, [("青禾镇.txt", STRONG)])
        assert page.status_code == 503 and "服务器正忙" in page.text and page.headers["retry-after"]
        assert "服务器正忙" in client.get("/").text
        assert client.get("/status").json() == {"slots": jobs.slots, "running": jobs.slots, "waiting": 0}
    finally:
        jobs.running, jobs.queue = 0, queue


def test_the_address_shown_brackets_an_ipv6_host():
    assert serve.url("::", 8781) == "http://[::]:8781/"
    assert serve.url("0.0.0.0", 8781) == "http://0.0.0.0:8781/" and serve.url("localhost", 1) == "http://127.0.0.1:1/"


def test_a_bad_port_is_one_chinese_line(capsys):
    assert serve.serve("127.0.0.1", 99999) == 2
    assert capsys.readouterr().err == "fazhi: 端口 99999 无效：端口号应在 1 到 65535 之间，如 --port 8765\n"


def test_the_limits_are_set_on_the_command_line(monkeypatch, capsys):
    for name in ("JOBS", "QUEUE", "MAX_REQUEST", "MAX_FILE", "MAX_FILES"):
        monkeypatch.setattr(serve, name, getattr(serve, name))  # restored after the test
    monkeypatch.setattr("checker.commands.serve_jobs.start_forkserver", lambda: None)
    import uvicorn

    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets: None)
    assert serve.serve("127.0.0.1", free_port(), jobs=1, queue=0, max_request_mb=5, max_file_mb=2, max_files=3) == 0
    assert (serve.JOBS, serve.QUEUE, serve.MAX_REQUEST, serve.MAX_FILE, serve.MAX_FILES) == (1, 0, 5 << 20, 2 << 20, 3)
    assert serve.serve("127.0.0.1", free_port(), jobs=0) == 2
    assert "fazhi: --jobs 0 无效：应为不小于 1 的整数" in capsys.readouterr().err


def test_a_profile_whose_regexes_cost_too_much_together_is_refused_at_load(client):
    """Twenty patterns, each within the per-pattern limit (961 ways a position), cost 19,220 together."""
    def profile(count: int) -> str:
        signs = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
        words = "".join(f"  c{n}: [{{re: '[^。]{{0,30}}[^，]{{0,30}}[{signs[n]}]'}}]\n" for n in range(count))
        items = "".join(f"  - {{id: X{n}, title: 规则{n}, group: G, basis: 本县, advice: 写明。, "
                        f"match: [{{any: [$c{n}]}}]}}\n" for n in range(count))
        return (f"extends: township-annual\nid: costly\ntitle: 本县\ngroups: [{{id: G, title: 本县}}]\n"
                f"vocabulary:\n{words}items:\n{items}")

    def check(count: int):
        return client.post("/check", data={"csrf": client.csrf},
                           files=[("reports", ("青禾镇.txt", STRONG)), ("profile", ("本县.yaml", profile(count)))])

    refused = check(20)
    assert refused.status_code == 400
    assert "本县.yaml:6: vocabulary.c0.0.re: 本文件正则表达式的总代价 19220 超过上限 2000" in refused.text
    graded = check(1)
    assert graded.status_code == 200 and ">X0<" in graded.text  # one costly pattern is within the budget
