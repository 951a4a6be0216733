"""The whole pipeline for one report: read → normalise → parse → evidence → judge → score."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .checklist import Checklist
from .evidence import find_evidence
from .judge import judge
from .models import FazhiError, ParsedReport, ReportResult, Source
from .normalise import normalise
from .parse import parse
from .readers import read
from .score import score
from .waivers import Waiver, for_unit


def grade_source(
    source: Source, checklist: Checklist, waivers: Sequence[Waiver] = (), verbose: bool = False
) -> ReportResult:
    return grade_document(source, checklist, waivers, verbose)[0]


def grade_document(
    source: Source, checklist: Checklist, waivers: Sequence[Waiver] = (), verbose: bool = False
) -> tuple[ReportResult, ParsedReport]:
    """The result, and the parsed report it was graded on: `batch` and `diff` reuse its parts and
    its normalised text (`report.document`) instead of parsing again. `verbose` keeps every
    sentence looked at for each item (`check -v`)."""
    try:
        report = parse(normalise(source), checklist.words)
        items = judge(report, find_evidence(report, checklist), candidates=verbose)
        waived = for_unit(list(waivers), report.unit, date.today()) if waivers else {}
        result = score(report, items, checklist, waived)
    except Exception as exc:  # a defect shown on one report, never a traceback that stops a batch
        raise FazhiError(f"{source.path}: 评查时出现内部错误（{type(exc).__name__}），请将此文件反馈给维护者") from exc
    result.format, result.encoding = source.format, source.encoding
    return result, report


def grade_file(path: str, checklist: Checklist, waivers: Sequence[Waiver] = ()) -> ReportResult:
    return grade_source(read(path), checklist, waivers)
