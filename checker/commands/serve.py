"""`fazhi serve`: a local web page to check reports without a terminal (Starlette, served by uvicorn).

Upload one or more reports (or paste the text), choose a bundled checklist or upload a profile:
one report gives the same page as `--format html` with downloads (the annotated .docx, HTML,
JSON); several give the batch page (ranking, matrix, totals, copied text) and an .xlsx. Pasted
text is also graded as it is typed (`/live`, with a bundled checklist): its result appears under
the text box a moment after each pause.

Safe by default: it listens on 127.0.0.1 (another host only when asked, with a warning); a request
is capped at MAX_REQUEST bytes and a file at MAX_FILE; uploads are written to a temporary folder
that is removed when the request ends, and downloads travel inside the result page itself, so
nothing outlives a request and no upload is ever served to another one. A bad file gets the same
Chinese message as on the command line, and the other files are still graded.
"""

from __future__ import annotations

import asyncio
import base64
import io
import ipaddress
import sys
import tempfile
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..checklist import loading
from ..checklist.editions import Editions
from ..checklist.loading import families, load_editions
from ..models import FazhiError, ParsedReport, ReportResult, Source
from ..pipeline import grade_document
from ..read import SUPPORTED, read
from ..score.gate import Gate
from ..score.run import Run, new_run
from ..view.view import RunView, build

MAX_FILE = 20 * 1024 * 1024  # one uploaded report
MAX_REQUEST = 200 * 1024 * 1024  # everything one request carries
MAX_FILES = 200
MAX_TEXT = 2_000_000  # characters of pasted text (the same cap as a report's text)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


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
        if length.isdigit() and int(length) > self.limit:
            await _too_large()(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        await self.app(scope, counted, send)


def _too_large() -> Response:
    return _page(f"上传内容过大（一次最多 {MAX_REQUEST // 1024 // 1024} MB），请分批上传。", status=413)


# ---------------------------------------------------------------- the pages


async def index(request: Request) -> Response:
    return _render("serve.html.j2", checklists=_checklists(), max_file=MAX_FILE // 1024 // 1024)


async def check(request: Request) -> Response:
    try:
        async with request.form(max_files=MAX_FILES, max_fields=MAX_FILES + 10, max_part_size=MAX_FILE) as form:
            with tempfile.TemporaryDirectory(prefix="fazhi-serve-") as folder:
                uploads, refused = await _save_uploads(form, Path(folder))
                checklist = await _checklist(form, Path(folder))
                if not uploads and not refused:
                    return _page("请选择要核查的报告文件，或粘贴报告全文。", status=400)
                view, graded = await run_in_threadpool(_grade, uploads, refused, checklist)
                downloads = await run_in_threadpool(_downloads, view, graded)
    except TooLarge:
        return _too_large()
    except FazhiError as exc:
        return _page(str(exc), status=400)
    except Exception as exc:  # a malformed request (broken multipart): a message, never a crash
        return _page(f"无法处理这次上传（{type(exc).__name__}），请重试。", status=400)
    from ..render.html import _env

    html = _env().get_template("result.html.j2").render(view=view, downloads=downloads, statuses=_statuses())
    return HTMLResponse(html)


async def live(request: Request) -> Response:
    """The pasted text graded as it is typed: the report's section of the result page, which the
    upload page puts under the text box (it asks again a moment after each pause in typing)."""
    try:
        async with request.form(max_files=0, max_fields=4, max_part_size=MAX_FILE) as form:
            text = str(form.get("text") or "")
            chosen = _bundled(form)
    except TooLarge:
        return _too_large()
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
            view = await run_in_threadpool(_live_view, text, chosen)
        except FazhiError as exc:
            return _live_message(str(exc).removeprefix(f"{PASTED}: "), status=400)
    return _render("_live.html.j2", view=view)


PASTED = "粘贴的文本"  # the name pasted text goes by


def _too_much_text() -> str:
    return f"文字过多（上限 {MAX_TEXT // 10_000} 万字）"


def _live_view(text: str, chosen: str) -> RunView:
    from ..read.text import checked

    checklist = load_editions(chosen)
    result, _ = grade_document(checked(PASTED, text, "utf-8"), checklist)
    return build(_run(checklist, [result], []))


def _live_message(message: str, status: int = 200) -> HTMLResponse:
    return _render("_live.html.j2", status=status, view=None, message=message)


# ---------------------------------------------------------------- uploads


Upload = tuple[str, str]  # (the name the user gave, the temporary path it was saved under)


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
            path.write_bytes(await upload.read())
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


async def _checklist(form: Any, folder: Path) -> Editions:
    """The uploaded profile (saved alone in its own folder, so `extends` finds nothing beside it),
    else the bundled checklist chosen."""
    profile = form.get("profile")
    if isinstance(profile, UploadFile) and profile.filename:
        data = await profile.read(MAX_FILE + 1)
        own = folder / "profile"
        own.mkdir()
        path = own / "profile.yaml"
        path.write_bytes(data)
        try:
            return await run_in_threadpool(load_editions, str(path))
        except FazhiError as exc:
            raise FazhiError(str(exc).replace(str(path), Path(profile.filename).name)) from exc
    return await run_in_threadpool(load_editions, _bundled(form))


def _bundled(form: Any) -> str:
    """The id of the bundled checklist chosen on the page (only a bundled id is ever loaded)."""
    chosen = str(form.get("checklist") or loading.DEFAULT_CHECKLIST)
    if chosen not in families():
        raise FazhiError(f"未知的核查清单：{chosen}")
    return chosen


Graded = tuple[str, Source, ParsedReport]  # the name shown, what was read, what was understood


def _grade(
    uploads: list[Upload], refused: list[tuple[str, str]], checklist: Editions
) -> tuple[RunView, list[Graded]]:
    """Grade each file on its own (one bad file never stops the others); paths shown as uploaded."""
    results: list[ReportResult] = []
    graded: list[Graded] = []
    unreadable = list(refused)
    for name, path in uploads:
        try:
            source = read(path)
            result, report = grade_document(source, checklist)
        except FazhiError as exc:
            unreadable.append((name, str(exc).removeprefix(f"{path}: ").replace(path, name)))
            continue
        results.append(replace(result, path=name))
        graded.append((name, source, report))
    run = _run(checklist, results, unreadable)
    if len(uploads) > 1:
        from ..evidence.copies import copy_doc, find_copies

        run.batch = True
        run.copies = find_copies([copy_doc(name, report.unit, report.document) for name, _, report in graded])
    return build(run), graded


def _run(checklist: Editions, results: list[ReportResult], unreadable: list[tuple[str, str]]) -> Run:
    """The page's run: the checklist's own pass score decides, for 开始核查 and the live check alike."""
    return new_run(checklist, results, unreadable, Gate(pass_score=checklist.newest.pass_score))


# ---------------------------------------------------------------- downloads, inside the page


def _downloads(view: RunView, graded: list[Graded]) -> list[tuple[str, str, str]]:
    """(label, file name, data: URI) for each download the page offers."""
    from ..render import FORMATS

    out: list[tuple[str, str, str]] = []
    stem = Path(view.reports[0].path).stem if len(view.reports) == 1 else "核查结果"
    if len(view.reports) == 1 and graded:
        from ..render.annotated import write_annotated

        with tempfile.TemporaryDirectory(prefix="fazhi-serve-") as folder:
            target = Path(folder) / "annotated.docx"
            try:
                write_annotated(view.reports[0], graded[0][1], str(target))
                out.append(("带批注的 Word 文档", f"{stem}-批注.docx", _data_uri(target.read_bytes(), DOCX)))
            except Exception:  # a document that takes no comments still gets its page and the rest
                pass
    if view.batch is not None:
        from ..render.spreadsheet import write_xlsx

        with tempfile.TemporaryDirectory(prefix="fazhi-serve-") as folder:
            target = Path(folder) / "county.xlsx"
            write_xlsx(view, str(target))
            out.append(("Excel 汇总表", "核查结果.xlsx", _data_uri(target.read_bytes(), XLSX)))
    for label, fmt, suffix, mime in (("网页（HTML）", "html", "html", "text/html"),
                                     ("JSON", "json", "json", "application/json")):
        buffer = io.StringIO()
        FORMATS[fmt](view, buffer)
        out.append((label, f"{stem}.{suffix}", _data_uri(buffer.getvalue().encode("utf-8"), mime)))
    return out


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# ---------------------------------------------------------------- helpers


def _checklists() -> list[tuple[str, str]]:
    """(id, title with the years of each edition) of every bundled checklist."""
    out = []
    for name in families():
        try:
            editions = load_editions(name)
        except FazhiError:
            continue
        spans = "、".join(e.years.label for e in editions.editions if e.years)
        out.append((name, f"{editions.newest.title}（{spans or name}）"))
    return out


def _statuses() -> list:
    from ..models import Status

    return list(Status)


def _render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    from ..render.html import _env

    return HTMLResponse(_env().get_template(template).render(**context), status_code=status)


def _page(message: str, status: int = 200) -> HTMLResponse:
    return _render("serve.html.j2", status=status, checklists=_checklists(), max_file=MAX_FILE // 1024 // 1024,
                   message=message)


def app() -> ASGI:
    routes = [Route("/", index), Route("/check", check, methods=["POST"]), Route("/live", live, methods=["POST"])]
    pages = Starlette(routes=routes)
    pages.state.live = asyncio.Lock()
    return LimitBody(pages, MAX_REQUEST)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int) -> int:
    import uvicorn

    if not is_loopback(host):
        sys.stderr.write(f"fazhi: 警告：网页服务将在 {host} 上对其他计算机开放；只在可信的内部网络中这样做\n")
    shown = "127.0.0.1" if host == "localhost" else host
    sys.stderr.write(f"fazhi: 网页核查已启动：http://{shown}:{port}/（按 Ctrl-C 停止）\n")
    uvicorn.run(app(), host=host, port=port, log_level="warning")
    return 0
