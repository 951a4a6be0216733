"""The whole pipeline for one report: read → normalise → parse → evidence → judge → score."""

from __future__ import annotations

from dataclasses import replace

from .checklist import Checklist
from .evidence import find_evidence
from .judge import judge
from .models import Document, ReportResult, Source
from .normalise import normalise
from .parse import parse
from .readers import read
from .score import score


def grade_source(source: Source, checklist: Checklist) -> ReportResult:
    return grade_document(source, checklist)[0]


def grade_document(source: Source, checklist: Checklist) -> tuple[ReportResult, Document]:
    """The result, and the normalised document it was graded on (batch mode reuses its text)."""
    doc = normalise(source)
    report = parse(doc)
    items = judge(report, find_evidence(report, checklist))
    return replace(score(report, items, checklist), format=source.format, encoding=source.encoding), doc


def grade_file(path: str, checklist: Checklist) -> ReportResult:
    return grade_source(read(path), checklist)
