"""The whole pipeline for one report: read → normalise → parse → evidence → judge → score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from .checklist import Checklist
from .evidence import find_evidence
from .judge import judge
from .models import Document, ReportResult, Source
from .normalise import normalise
from .parse import parse
from .readers import read
from .score import score
from .waivers import Waiver, for_unit


def grade_source(source: Source, checklist: Checklist, waivers: Sequence[Waiver] = ()) -> ReportResult:
    return grade_document(source, checklist, waivers)[0]


def grade_document(
    source: Source, checklist: Checklist, waivers: Sequence[Waiver] = ()
) -> tuple[ReportResult, Document]:
    """The result, and the normalised document it was graded on (batch mode reuses its text)."""
    doc = normalise(source)
    report = parse(doc, checklist.words)
    items = judge(report, find_evidence(report, checklist))
    waived = for_unit(list(waivers), report.unit, date.today()) if waivers else {}
    result = score(report, items, checklist, waived)
    return replace(result, format=source.format, encoding=source.encoding), doc


def grade_file(path: str, checklist: Checklist, waivers: Sequence[Waiver] = ()) -> ReportResult:
    return grade_source(read(path), checklist, waivers)
