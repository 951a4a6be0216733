"""`fazhi serve`: a web page to check reports without a terminal (Starlette, served by uvicorn),
safe to run for a whole county (docs/county-server.md).

Upload one or more reports (or paste the text), choose a bundled checklist or upload a profile:
one report gives the same page as `--format html` with downloads (the annotated .docx, HTML,
JSON); several give the batch page (ranking, matrix, totals, copied text), an .xlsx and a Word
copy with comments per file. Pasted text is also graded as it is typed (`/live`, with a bundled
checklist): its result appears under the text box a moment after each pause.

Safe by default: it listens on 127.0.0.1 (another host only when asked, with a warning); requests
naming another host, or posted from another site, are refused (serve_guard.py); a request is
capped at MAX_REQUEST bytes and a file at MAX_FILE; grading runs in child processes, JOBS at once
(serve_jobs.py), which read, grade and write the answer page (serve_grading.py). Uploads are
written to a temporary folder that is removed when the request ends, and downloads travel inside
the result page itself, so nothing outlives a request and no upload is ever served to another
one; nothing a report says is logged. A bad file gets the same Chinese message as on the command
line, and the other files are still graded.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..checklist import loading
from ..checklist.loading import families
from ..models import FazhiError
from ..read import SUPPORTED
from .serve_grading import (
    PASTED,
    CheckJob,
    Upload,
    answer_check,
    bundled_checklists,
    live_fragment,
    render_text,
    scrubbed,
)
from .serve_guard import CSRF_COOKIE, BodyStalled, Guard, csrf_ok, guarded_h11, new_token
from .serve_jobs import Busy, ChildFailed, ClientGone, Jobs

MAX_FILE = 20 * 1024 * 1024  # one uploaded report
MAX_REQUEST = 200 * 1024 * 1024  # everything one request carries
MAX_FILES = 200
MAX_TEXT = 2_000_000  # characters of pasted text (the same cap as a report's text)
MAX_PASTE = MAX_TEXT * 3 + 1024  # bytes of the pasted-text field (UTF-8: three bytes a Chinese character)
JOBS = 2  # gradings at once (each in a child process)
QUEUE = 20  # requests waiting for a free slot; more are told to come back later
JOB_TIMEOUT = 600.0  # seconds one grading may take
WORD_LINKS = 10  # several reports: a Word copy link each up to this many, else one .zip of them all
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]
TEMPLATES = Path(__file__).parent.parent / "render" / "templates"


class TooLarge(Exception):
    """The request body passed MAX_REQUEST while it was being read."""


class LimitBody:
    """ASGI middleware: refuse a request whose body is larger than `limit`, by its Content-Length
    before reading anything, or by counting while it streams in."""

    def __init__(self, app: ASGI, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]], send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if length.isdigit() and int(length) > MAX_REQUEST:
            await _too_large(Request(scope).cookies.get(CSRF_COOKIE, ""))(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_REQUEST:
                raise TooLarge
            return message

        await self.app(scope, counted, send)


def _too_large(csrf: str = "") -> Response:
    """The upload page again, with the message (and this browser's token, to try again from it)."""
    return _page(f"上传内容过大（一次最多 {MAX_REQUEST // 1024 // 1024} MB），请分批上传。", status=413, csrf=csrf)


# ---------------------------------------------------------------- the pages


async def index(request: Request) -> Response:
    token = _token(request)
    page = _render("serve.html.j2", checklists=bundled_checklists(), max_file=MAX_FILE // 1024 // 1024, csrf=token,
                   busy=_jobs(request).status())
    return _with_cookie(page, request, token)


async def script(request: Request) -> Response:
    """The upload page's script: a file of this server, so the page needs no inline script (CSP)."""
    return Response((TEMPLATES / "serve.js").read_bytes(), media_type="text/javascript; charset=utf-8")


async def status(request: Request) -> Response:
    """How busy the server is: the upload page shows it while its request waits."""
    return JSONResponse(_jobs(request).status())


async def check(request: Request) -> Response:
    token = _token(request)
    return _with_cookie(await _check(request, token), request, token)


async def _check(request: Request, token: str) -> Response:
    folder = Path(tempfile.mkdtemp(prefix="fazhi-serve-"))
    handed = False  # whether the folder went with a Queued answer (which removes it when done)
    try:
        async with request.form(max_files=MAX_FILES, max_fields=MAX_FILES + 10, max_part_size=MAX_PASTE) as form:
            if not csrf_ok(request.cookies.get(CSRF_COOKIE), form.get("csrf")):
                return _page("页面已过期或来自其他网站：请在本服务的上传页重新选择文件后提交。", status=403, csrf=token)
            uploads, refused = await _save_uploads(form, folder)
            profile = await _save_profile(form, folder)
            chosen = _bundled(form)
        if not uploads and not refused:
            return _page("请选择要核查的报告文件，或粘贴报告全文。", status=400, csrf=token)
        job = CheckJob(str(folder), uploads, refused, chosen, profile, token, WORD_LINKS, MAX_FILE // 1024 // 1024)
        jobs = _jobs(request)
        if jobs.must_wait() and not jobs.full():
            handed = True
            return Queued(request, job)
        status_code, page = await jobs.run(request, answer_check, job)
        return HTMLResponse((folder / page).read_bytes(), status_code=status_code)
    except Refused as exc:
        return _page(exc.message, status=exc.status, csrf=token)
    except TooLarge:
        return _too_large(token)
    except BodyStalled:
        page = _page("上传中断（长时间没有收到数据），请重试。", status=408, csrf=token)
        page.headers["connection"] = "close"  # the rest of the body is not waited for
        return page
    except HTTPException as exc:  # the multipart parser's limits
        status_code, message = _form_refusal(str(exc.detail))
        return _page(message, status=status_code, csrf=token)
    except Busy:
        return _busy(request, token)
    except ClientGone:
        return Response(status_code=499)
    except ChildFailed:
        return _page("核查进程意外停止（可能是内存不足），请减少一次上传的文件后重试。", status=500, csrf=token)
    except FazhiError as exc:
        return _page(scrubbed(str(exc), folder), status=400, csrf=token)
    except Exception as exc:  # a malformed request (broken multipart): a message, never a crash
        return _page(f"无法处理这次上传（{type(exc).__name__}），请重试。", status=400, csrf=token)
    finally:
        if not handed:
            shutil.rmtree(folder, ignore_errors=True)


class Queued(Response):
    """The answer to an upload that has to wait for a free grading, sent as it goes: its place in
    the line (排队中), then that its grading has started, then the result. The browser shows each
    part as it arrives, so the page says where the upload stands from the moment it was sent,
    without a script. The answer is 200 whatever comes (its status went before the result was
    known); the upload waits in its temporary folder, removed when the answer ends."""

    def __init__(self, request: Request, job: CheckJob) -> None:
        self.request = request
        self.job = job
        self.status_code = 200
        self.background = None
        # (nginx passes it on as it comes, not once it is whole)
        self.raw_headers = [(b"content-type", b"text/html; charset=utf-8"), (b"x-accel-buffering", b"no")]

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        folder = Path(self.job.folder)
        shown = 0

        async def part(html: str) -> None:
            await send({"type": "http.response.body", "body": html.encode("utf-8"), "more_body": True})

        async def told(place: int) -> None:
            nonlocal shown
            shown += 1
            hide = f"<style>#wait-{shown - 1}{{display:none}}</style>\n" if shown > 1 else ""
            await part(f'{hide}<p class="notice waiting" id="wait-{shown}" role="status">{_waiting_line(place)}</p>\n')

        try:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            await part(render_text("_waiting.html.j2"))
            try:
                _, page = await _jobs(self.request).run(self.request, answer_check, self.job, told=told)
            except ClientGone:
                return
            except Busy:
                await part(_message_part("服务器正忙，排队已满：请过几分钟再提交。"))
            except ChildFailed:
                await part(_message_part("核查进程意外停止（可能是内存不足），请减少一次上传的文件后重试。"))
            except FazhiError as exc:
                await part(_message_part(scrubbed(str(exc), folder)))
            else:
                await part("<style>.waiting{display:none}</style>\n")
                for chunk in _body_of(folder / page):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _waiting_line(place: int) -> str:
    if place == 0:
        return "正在核查，请稍候……"
    ahead = "下一个就轮到您" if place == 1 else f"前面还有 {place - 1} 份"
    return f"排队中：您排在第 {place} 位（{ahead}），轮到后自动开始核查，请不要关闭本页。"


def _message_part(message: str) -> str:
    from markupsafe import escape

    return ('<style>.waiting{display:none}</style>\n'
            f'<div class="message" role="alert"><p>{escape(message)}</p></div>\n<p><a href="./">返回上传页</a></p>\n')


def _body_of(page: Path, size: int = 1 << 20) -> Iterator[bytes]:
    """A page written by answer_check, to follow the waiting part already sent: its styles, then
    its body (the `<body>` tag gives the page its attributes), in pieces."""
    with page.open("rb") as source:
        start = source.read(size)
        head, found, rest = start.partition(b"</head>")
        yield b"".join(re.findall(rb"<style>.*?</style>", head, re.S)) + b"\n" + rest if found else start
        while chunk := source.read(size):
            yield chunk


async def live(request: Request) -> Response:
    """The pasted text graded as it is typed: the report's section of the result page, which the
    upload page puts under the text box (it asks again a moment after each pause in typing)."""
    try:
        async with request.form(max_files=0, max_fields=4, max_part_size=MAX_PASTE) as form:
            if not csrf_ok(request.cookies.get(CSRF_COOKIE), form.get("csrf")):
                return _live_message("页面已过期：请刷新本页后再粘贴。", status=403)
            text = str(form.get("text") or "")
            chosen = _bundled(form)
    except TooLarge:
        return _live_message(f"{_too_much_text()}。", status=413)
    except BodyStalled:
        page = _live_message("请求中断，请重试。", status=408)
        page.headers["connection"] = "close"
        return page
    except HTTPException as exc:
        status_code, message = _form_refusal(str(exc.detail))
        return _live_message(message, status=status_code)
    except FazhiError as exc:
        return _live_message(str(exc), status=400)
    except Exception as exc:  # a malformed request: a message, never a crash
        return _live_message(f"无法处理这次请求（{type(exc).__name__}）。", status=400)
    if not text.strip():
        return _live_message("粘贴报告全文后，这里即时显示核查结果。")
    if len(text) > MAX_TEXT:
        return _live_message(f"{_too_much_text()}。", status=413)
    # One at a time: a long paste typed into makes a request per pause, and the page drops all but
    # the last; one it has dropped while waiting here is not graded at all.
    async with request.app.state.live:
        if await request.is_disconnected():
            return Response(status_code=204)
        try:
            return HTMLResponse(await _jobs(request).run(request, live_fragment, text, chosen))
        except FazhiError as exc:
            return _live_message(str(exc).removeprefix(f"{PASTED}: "), status=400)
        except Busy:
            return _live_message("服务器正忙，请稍后再试（或点“开始核查”排队）。", status=503)
        except ClientGone:
            return Response(status_code=204)
        except ChildFailed:
            return _live_message("核查进程意外停止，请重试。", status=500)


class Refused(Exception):
    """A request refused with a Chinese message and an HTTP status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _form_refusal(detail: str) -> tuple[int, str]:
    """The multipart parser's English refusal as a Chinese message and its status."""
    if detail.startswith("Too many files"):
        return 413, f"文件过多：一次最多上传 {MAX_FILES} 个文件，请分批上传。"
    if detail.startswith("Too many fields"):
        return 413, "表单字段过多：请只用本页的表单上传。"
    if "exceeded maximum size" in detail:
        return 413, f"粘贴的{_too_much_text()}：请把报告保存为文件后上传。"
    return 400, "上传的数据不完整或格式有误，请重试。"


def _too_much_text() -> str:
    return f"文字过多（上限 {MAX_TEXT // 10_000} 万字）"


def _busy(request: Request, token: str) -> Response:
    waiting = _jobs(request).status()["waiting"]
    page = _page(f"服务器正忙：已有 {waiting} 个核查在排队，请过几分钟再提交。", status=503, csrf=token)
    page.headers["retry-after"] = "60"
    return page


def _jobs(request: Request) -> Jobs:
    return request.app.state.jobs


def _token(request: Request) -> str:
    """This browser's CSRF token: its cookie when it has a well-formed one, else a new one."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return cookie if 16 <= len(cookie) <= 64 and cookie.replace("-", "").replace("_", "").isalnum() else new_token()


def _with_cookie(response: Response, request: Request, token: str) -> Response:
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


def _live_message(message: str, status: int = 200) -> HTMLResponse:
    return _render("_live.html.j2", status=status, view=None, message=message)


# ---------------------------------------------------------------- uploads


async def _save_uploads(form: Any, folder: Path) -> tuple[list[Upload], list[tuple[str, str]]]:
    """Each uploaded report under a name of our own (its number and suffix only); pasted text as
    a .txt. Returns the saved files and the refused ones with their reason."""
    saved: list[Upload] = []
    refused: list[tuple[str, str]] = []
    for n, upload in enumerate(form.getlist("reports")):
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        name = Path(upload.filename.replace("\\", "/")).name or f"文件{n + 1}"
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED:
            refused.append((name, f"不支持的格式（支持：{'、'.join(SUPPORTED)}）"))
        elif (upload.size or 0) > MAX_FILE:
            refused.append((name, f"文件过大（上限 {MAX_FILE // 1024 // 1024} MB）"))
        else:
            path = folder / f"{n:03d}{suffix}"
            with path.open("wb") as out:
                await upload.seek(0)
                shutil.copyfileobj(upload.file, out)
            saved.append((name, str(path)))
    text = str(form.get("text") or "").strip()
    if text:
        if len(text) > MAX_TEXT:
            refused.append((PASTED, _too_much_text()))
        else:
            path = folder / "pasted.txt"
            path.write_text(text + "\n", encoding="utf-8")
            saved.append((PASTED, str(path)))
    return saved, refused


async def _save_profile(form: Any, folder: Path) -> tuple[str, str] | None:
    """The uploaded profile, saved alone in its own folder (so `extends` finds nothing beside it):
    (the name it was uploaded as, where it was saved), or None."""
    profile = form.get("profile")
    if not (isinstance(profile, UploadFile) and profile.filename):
        return None
    data = await profile.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise Refused(f"清单文件过大（上限 {MAX_FILE // 1024 // 1024} MB）。", 413)
    own = folder / "profile"
    own.mkdir()
    path = own / "profile.yaml"
    path.write_bytes(data)
    return Path(profile.filename.replace("\\", "/")).name or "profile.yaml", str(path)


def _bundled(form: Any) -> str:
    """The id of the bundled checklist chosen on the page (only a bundled id is ever loaded)."""
    chosen = str(form.get("checklist") or loading.DEFAULT_CHECKLIST)
    if chosen not in families():
        raise FazhiError(f"未知的核查清单：{chosen}")
    return chosen


# ---------------------------------------------------------------- helpers


def _render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(render_text(template, **context), status_code=status)


def _page(message: str, status: int = 200, csrf: str = "") -> HTMLResponse:
    return _render("serve.html.j2", status=status, checklists=bundled_checklists(), max_file=MAX_FILE // 1024 // 1024,
                   message=message, csrf=csrf or new_token())


def app(allowed_hosts: tuple[str, ...] = (), jobs: int | None = None) -> ASGI:
    """The server's ASGI app: the pages behind the Host/Origin guard and the size limit."""
    routes = [Route("/", index), Route("/serve.js", script), Route("/status", status),
              Route("/check", check, methods=["POST"]), Route("/live", live, methods=["POST"])]
    pages = Starlette(routes=routes)
    pages.state.live = asyncio.Lock()
    pages.state.jobs = Jobs(jobs or JOBS, QUEUE, JOB_TIMEOUT)
    return Guard(LimitBody(pages, MAX_REQUEST), allowed_hosts)


# ---------------------------------------------------------------- the command


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url(host: str, port: int) -> str:
    """The address to open: `http://127.0.0.1:8765/`, `http://[::]:8781/`."""
    shown = "127.0.0.1" if host == "localhost" else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def bind(host: str, port: int) -> socket.socket:
    """The socket bound (not yet listening), or a FazhiError saying in Chinese what to do instead."""
    if not 1 <= port <= 65535:
        raise FazhiError(f"端口 {port} 无效：端口号应在 1 到 65535 之间，如 --port 8765")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise FazhiError(f"无法识别监听地址“{host}”：请用 --host 指定本机的 IP 地址，如 --host 0.0.0.0") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise FazhiError(f"端口 {port} 已被占用（可能已有一个 fazhi serve 在运行）：请用 --port 换一个端口，"
                             f"如 fazhi serve --port {port + 1 if port < 65535 else 8765}") from None
        if exc.errno == errno.EACCES:
            raise FazhiError(f"无权使用端口 {port}（1024 以下的端口需要管理员权限）：请用 --port 换一个端口，"
                             "如 --port 8765") from None
        raise FazhiError(f"无法在 {host} 上监听（{exc.strerror}）：请用 --host 指定本机的地址") from None
    return sock


def serve(host: str, port: int, allowed_hosts: tuple[str, ...] = (), **limits: int | None) -> int:
    """Run the server until it is stopped; `limits`: jobs, queue, max_request_mb, max_file_mb,
    max_files (None: the default)."""
    import uvicorn

    from .serve_jobs import start_forkserver

    try:
        _set_limits(**limits)
        sock = bind(host, port)
    except FazhiError as exc:
        sys.stderr.write(f"fazhi: {exc}\n")
        return 2
    if not is_loopback(host):
        sys.stderr.write(f"fazhi: 警告：网页服务将在 {host} 上对其他计算机开放；只在可信的内部网络中这样做\n")
    start_forkserver()
    own = () if host in ("0.0.0.0", "::", "") else (host,)
    server_class = _server_class()
    config = uvicorn.Config(
        app(allowed_hosts + own), log_level="critical", access_log=False, lifespan="off",
        http=guarded_h11(), timeout_keep_alive=5, timeout_graceful_shutdown=3,
        limit_concurrency=QUEUE + 100, server_header=False,
    )
    sock.listen(2048)
    sys.stderr.write(f"fazhi: 网页核查已启动：{url(host, port)}（按 Ctrl-C 停止）\n")
    server_class(config).run(sockets=[sock])
    return 0


def _set_limits(jobs: int | None = None, queue: int | None = None, max_request_mb: int | None = None,
                max_file_mb: int | None = None, max_files: int | None = None) -> None:
    """The command line's limits in place of the defaults (each a whole number, 1 or more; a queue may be 0)."""
    global JOBS, QUEUE, MAX_REQUEST, MAX_FILE, MAX_FILES
    for option, value, least in (("--jobs", jobs, 1), ("--queue", queue, 0), ("--max-request-mb", max_request_mb, 1),
                                 ("--max-file-mb", max_file_mb, 1), ("--max-files", max_files, 1)):
        if value is not None and value < least:
            raise FazhiError(f"{option} {value} 无效：应为不小于 {least} 的整数")
    JOBS = jobs or JOBS
    QUEUE = QUEUE if queue is None else queue
    MAX_REQUEST = max_request_mb * 1024 * 1024 if max_request_mb else MAX_REQUEST
    MAX_FILE = max_file_mb * 1024 * 1024 if max_file_mb else MAX_FILE
    MAX_FILES = max_files or MAX_FILES


def _server_class() -> type:
    import uvicorn

    from .serve_jobs import kill_all, remove_folder

    class Stopping(uvicorn.Server):
        """uvicorn's server, killing the graders first when told to stop (SIGTERM, Ctrl-C): their
        requests end at once instead of holding the server for minutes; nothing left in $TMPDIR."""

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            kill_all()
            try:
                await super().shutdown(sockets)
            finally:
                remove_folder()

    return Stopping
