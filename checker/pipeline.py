"""The whole pipeline for one report: read → normalise → parse → evidence → judge → score.

With the editions of a checklist (editions.py), the report is parsed, its year read, and the
edition for that year does the grading (the report is parsed again only if that edition's engine
concepts — headings, titles, signatures — differ from the newest one's).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .checklist.checklist import Checklist
from .checklist.compile import CompiledChecklist, compile
from .checklist.editions import Editions, Pick
from .evidence.evidence import find_evidence
from .judge.judge import judge, only_planned
from .models import EditionUsed, FazhiError, Finding, ParsedReport, ReportResult, Source
from .normalise.normalise import normalise
from .parse.genre import genre
from .parse.parse import parse
from .read import read
from .score.overrides import Override
from .score.overrides import apply as override
from .score.score import score
from .score.waivers import Waiver, for_unit

# What grades a report: a compiled checklist, or a checklist's editions (the one for the report's
# year grades it). A plain `Checklist` is compiled for the call (a tenth of a second): whoever
# grades many reports passes it compiled (`loading.load_compiled`, `loading.load_editions`).
Grader = CompiledChecklist | Editions | Checklist


def grade_source(
    source: Source, checklist: Grader, waivers: Sequence[Waiver] = (), verbose: bool = False
) -> ReportResult:
    return grade_document(source, checklist, waivers, verbose)[0]


def grade_document(
    source: Source, checklist: Grader, waivers: Sequence[Waiver] = (), verbose: bool = False,
    overrides: Sequence[Override] = (),
) -> tuple[ReportResult, ParsedReport]:
    """The result, and the parsed report it was graded on: `batch` and `diff` reuse its parts and
    its normalised text (`report.document`) instead of parsing again. `verbose` keeps every
    sentence looked at for each item (`check -v`); `overrides`, the grader's own calls, replace the
    statuses they name before the report is scored."""
    if isinstance(checklist, Checklist):
        checklist = compile(checklist)
    try:
        report, pick = _parse(source, checklist)
        chosen = pick.checklist
        kind = genre(report, pick.compiled.words)  # is it a report at all: decided before grading
        if kind.kind != "report":
            report.findings.append(Finding("not_a_report", report.title_line or 1, kind.reason))
        items = judge(report, find_evidence(report, pick.compiled), candidates=verbose)
        if kind.kind == "plan":
            items = only_planned(items)
        waived = for_unit(list(waivers), report.unit, date.today()) if waivers else {}
        if overrides:
            override(overrides, report.unit, source.path, items)
        result = score(report, items, chosen, waived)
    except Exception as exc:  # a defect shown on one report, never a traceback that stops a batch
        raise FazhiError(f"{source.path}: 评查时出现内部错误（{type(exc).__name__}），请将此文件反馈给维护者") from exc
    years = chosen.years.label if chosen.years else ""
    result.edition = EditionUsed(chosen.id, chosen.version, years, pick.why)
    if pick.finding is not None:
        result.findings = [*result.findings, pick.finding]
    if source.findings:  # the reader's own (a scan read by OCR) come first: they say how the text was had
        result.findings = [*source.findings, *result.findings]
    result.format, result.encoding = source.format, source.encoding
    result.places = source.places
    return result, report


def parse_source(source: Source, checklist: Grader) -> ParsedReport:
    """The report parsed as grading parses it (with the words of the edition for its year)."""
    if isinstance(checklist, Checklist):
        return parse(normalise(source), checklist.words)
    return _parse(source, checklist)[0]


def _parse(source: Source, checklist: CompiledChecklist | Editions) -> tuple[ParsedReport, Pick]:
    """The report parsed with the words of the edition that grades it."""
    if isinstance(checklist, CompiledChecklist):
        return parse(normalise(source), checklist.words), Pick(checklist, "")
    document = normalise(source)
    first = checklist.newest
    report = parse(document, first.words)
    pick = checklist.pick_report(report)
    if pick.checklist is not first and not checklist.reads_like_newest(pick.checklist):
        report = parse(document, pick.compiled.words)
    return report, pick


def grade_file(path: str, checklist: Grader, waivers: Sequence[Waiver] = ()) -> ReportResult:
    return grade_source(read(path), checklist, waivers)


def grade_following_up(
    source: Source, last: ParsedReport, checklist: Grader, waivers: Sequence[Waiver] = (), verbose: bool = False
) -> ReportResult:
    """The report graded, with each shortcoming of the unit's report of last year (`last`, parsed by
    `parse_source`) followed up in it (`check --previous`); one named again this year is a finding too."""
    from .evidence.followup import follow_up  # with jieba's set-up: only for --previous

    result, report = grade_document(source, checklist, waivers, verbose)
    newest = checklist.newest if isinstance(checklist, Editions) else (
        checklist.checklist if isinstance(checklist, CompiledChecklist) else checklist)
    rows = tuple(follow_up(last, report, newest))
    repeated = [
        Finding("repeated_problem", row.repeated_line, f"连续两年列为问题：{_clipped(row.text)}（上年第{row.line}行）")
        for row in rows if row.repeated
    ]
    result.followup = rows
    result.findings = [*result.findings, *repeated]
    return result


def _clipped(text: str, width: int = 40) -> str:
    return text if len(text) <= width else f"{text[:width]}…"
