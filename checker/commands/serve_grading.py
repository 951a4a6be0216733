"""`fazhi serve`, in the child process that grades an upload (serve_jobs.py starts it): the
reports read and graded, one bad file never stopping the others; the page to answer with written
into the upload's own temporary folder, with its downloads inside it (the Word copy with comments
of each report, HTML, JSON, the Excel workbook of a batch). Also the pasted text's live section.

Nothing here knows of requests: serve.py receives the upload, hands a CheckJob over, and sends
the page back.
"""

from __future__ import annotations

import base64
import gc
import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..checklist.editions import Editions
from ..checklist.loading import families, load_editions
from ..models import FazhiError, ReportResult, Source
from ..pipeline import grade_document
from ..read import read
from ..score.gate import Gate
from ..score.run import Run, new_run
from ..view.view import RunView, build

if TYPE_CHECKING:
    from ..evidence.copies import CopyDoc

PASTED = "粘贴的文本"  # the name pasted text goes by
Upload = tuple[str, str]  # (the name the user gave, the temporary path it was saved under)


@dataclass(frozen=True)
class CheckJob:
    """One upload, as the child grading it needs it."""

    folder: str
    uploads: list[Upload]
    refused: list[tuple[str, str]]
    chosen: str  # the bundled checklist chosen
    profile: tuple[str, str] | None  # (name shown, saved path) of an uploaded profile
    csrf: str  # for the upload page, when it comes back with a message
    # the server's limits as it has them (the child's module is the forkserver's, with the defaults)
    word_links: int = 10  # WORD_LINKS
    max_file_mb: int = 20  # MAX_FILE, in MB


def answer_check(job: CheckJob) -> tuple[int, str]:
    """In a child: grade the upload, write the page to answer with into the job's folder;
    (HTTP status, the page's file name there)."""
    folder = Path(job.folder)
    try:
        checklist = _load_checklist(job)
        view, graded = _grade(job.uploads, job.refused, checklist)
    except FazhiError as exc:
        return _page_file(folder, scrubbed(str(exc), folder), 400, job)
    if not view.reports:  # nothing could be read: the reasons, and no downloads of an empty result
        reasons = "；".join(f"{name}：{why}" for name, why in view.unreadable)
        return _page_file(folder, f"没有可核查的报告。{reasons}。", 422, job, unreadable=view.unreadable)
    downloads = _downloads(view, graded, folder, job.word_links)
    from ..render.html import _env

    # written as it is made: a batch's page, its downloads inside, is tens of MB
    page = _env().get_template("result.html.j2").stream(view=view, downloads=downloads, statuses=_statuses())
    page.dump(str(folder / "answer.html"), encoding="utf-8")
    return 200, "answer.html"


def _page_file(folder: Path, message: str, status: int, job: CheckJob, unreadable: Any = ()) -> tuple[int, str]:
    """The upload page again, with the message, written as the answer."""
    html = render_text("serve.html.j2", checklists=bundled_checklists(), max_file=job.max_file_mb, message=message,
                        csrf=job.csrf, unreadable=unreadable)
    (folder / "answer.html").write_text(html, encoding="utf-8")
    return status, "answer.html"


def _load_checklist(job: CheckJob) -> Editions:
    """The uploaded profile (its messages naming it as uploaded), else the bundled checklist chosen."""
    if job.profile is None:
        return load_editions(job.chosen)
    name, path = job.profile
    try:
        return load_editions(path)
    except FazhiError as exc:
        raise FazhiError(str(exc).replace(path, name)) from exc


Graded = tuple[str, Source, "CopyDoc | None"]  # the name shown, what was read, its text for copy detection


def _grade(
    uploads: list[Upload], refused: list[tuple[str, str]], checklist: Editions
) -> tuple[RunView, list[Graded]]:
    """Grade each file on its own (one bad file never stops the others); paths shown as uploaded."""
    from ..evidence.copies import copy_doc, find_copies

    results: list[ReportResult] = []
    graded: list[Graded] = []
    unreadable = list(refused)
    several = len(uploads) > 1
    for name, path in uploads:
        try:
            source = read(path)
            result, report = grade_document(source, checklist)
        except FazhiError as exc:
            unreadable.append((name, str(exc).removeprefix(f"{path}: ").replace(path, name)))
            continue
        results.append(replace(result, path=name))
        # the parsed report is dropped here: only its lines are kept, for copy detection (200
        # reports' parse trees held at once took half a GB)
        graded.append((name, source, copy_doc(name, report.unit, report.document) if several else None))
        del report
    gc.collect()  # what grading left in cycles, before the downloads are made
    run = _run(checklist, results, unreadable)
    if several:
        run.batch = True
        run.copies = find_copies([text for _, _, text in graded if text is not None])
    return build(run), graded


def _run(checklist: Editions, results: list[ReportResult], unreadable: list[tuple[str, str]]) -> Run:
    """The page's run: the checklist's own pass score decides, for 开始核查 and the live check alike."""
    return new_run(checklist, results, unreadable, Gate(pass_score=checklist.newest.pass_score))


# ---------------------------------------------------------------- downloads, inside the page


def _downloads(view: RunView, graded: list[Graded], folder: Path, word_links: int) -> list[tuple[str, str, str]]:
    """(label, file name, data: URI) for each download the page offers; files made on the way go
    in the request's `folder` (removed by the server even when this child is killed)."""
    from ..render import FORMATS

    out: list[tuple[str, str, str]] = []
    stem = Path(view.reports[0].path).stem if len(view.reports) == 1 else "核查结果"
    out += _word_copies(view, graded, folder, word_links)
    if view.batch is not None:
        from ..render.spreadsheet import write_xlsx

        target = folder / "county.xlsx"
        write_xlsx(view, str(target))
        out.append(("Excel 汇总表", "核查结果.xlsx", _data_uri(target.read_bytes(), XLSX)))
    for label, fmt, suffix, mime in (("网页（HTML）", "html", "html", "text/html"),
                                     ("JSON", "json", "json", "application/json")):
        buffer = io.StringIO()
        FORMATS[fmt](view, buffer)
        out.append((label, f"{stem}.{suffix}", _data_uri(buffer.getvalue().encode("utf-8"), mime)))
    return out


def _word_copies(view: RunView, graded: list[Graded], folder: Path, word_links: int) -> list[tuple[str, str, str]]:
    """A Word copy with comments for each report: a link each, or one .zip of them beyond WORD_LINKS."""
    from ..render.annotated import annotated_name, write_annotated

    copies: list[tuple[str, bytes]] = []
    taken: set[str] = set()
    (folder / "word").mkdir()
    for report, (_, source, _) in zip(view.reports, graded, strict=True):
        target = Path(annotated_name(report.path, str(folder / "word"), taken))
        try:
            write_annotated(report, source, str(target))
        except Exception:  # a document that takes no comments still gets its page and the rest
            continue
        copies.append((target.name, target.read_bytes()))
        target.unlink()
    if len(view.reports) == 1:
        return [("带批注的 Word 文档", name, _data_uri(data, DOCX)) for name, data in copies]
    if len(copies) <= word_links:
        return [(f"批注版：{name.removesuffix('-批注.docx')}", name, _data_uri(data, DOCX)) for name, data in copies]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in copies:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return [(f"带批注的 Word 文档（{len(copies)} 份，ZIP）", "批注版.zip", _data_uri(buffer.getvalue(), ZIP))]


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# ---------------------------------------------------------------- the pasted text, graded as it is typed


def live_fragment(text: str, chosen: str) -> str:
    """In a child: the pasted text's section of the result page."""
    return render_text("_live.html.j2", view=_live_view(text, chosen))


def _live_view(text: str, chosen: str) -> RunView:
    from ..read.text import checked

    checklist = load_editions(chosen)
    result, _ = grade_document(checked(PASTED, text, "utf-8"), checklist)
    return build(_run(checklist, [result], []))


# ---------------------------------------------------------------- helpers


def scrubbed(message: str, folder: Path) -> str:
    """A message without the server's temporary folder (a profile's `extends` error names it)."""
    return message.replace(str(folder.resolve()) + "/", "").replace(str(folder) + "/", "")


def bundled_checklists() -> list[tuple[str, str]]:
    """(id, title with the years of each edition) of every bundled checklist."""
    out = []
    for name in families():
        try:
            editions = load_editions(name)
        except FazhiError:
            continue
        spans = "、".join(e.years.label for e in editions.editions if e.years)
        out.append((name, f"{editions.newest.title}（{spans}）" if spans else editions.newest.title))
    return out


def _statuses() -> list:
    from ..models import Status

    return list(Status)


def render_text(template: str, **context: Any) -> str:
    from ..render.html import _env

    return _env().get_template(template).render(**context)
