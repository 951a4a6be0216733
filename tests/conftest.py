"""Shared helpers: grade a report given as text, with the bundled checklist."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from checker.checklist import loading
from checker.models import ReportResult, Source
from checker.normalise.normalise import normalise
from checker.parse.parse import parse
from checker.pipeline import grade_source

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# The compiled-checklist cache and jieba's go to a folder of the test run's own, never the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="fazhi-test-cache-")


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch):
    """The default output is GitHub annotations inside Actions; the tests expect a terminal's."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)  # no test appends to a real job's summary


@pytest.fixture(scope="session")
def township():
    """The bundled default checklist, loaded when a test asks for it (never at collection, so a
    broken bundled checklist fails the tests that use it instead of stopping the whole run)."""
    return loading.load("township-annual")


@pytest.fixture(scope="session")
def township_ids(township) -> list[str]:
    """The bundled default checklist's item ids in order: the one place tests get them from."""
    return [i.id for i in township.items]


@pytest.fixture(scope="session")
def township_compiled():
    """The bundled checklist compiled, for tests that grade many reports with it."""
    return loading.load_compiled("township-annual")


def source(text: str, path: str = "test.txt") -> Source:
    return Source(path=path, text=textwrap.dedent(text).strip("\n") + "\n")


def parsed(text: str):
    return parse(normalise(source(text)), loading.load("township-annual").words)


def grade(text: str, checklist=None) -> ReportResult:
    return grade_source(source(text), checklist or loading.load_compiled("township-annual"))


def statuses(text: str, checklist=None) -> dict[str, str]:
    return {i.id: i.status.value for i in grade(text, checklist).items}


def not_met(result: ReportResult) -> list[str]:
    """The ids of a graded report's items not met: the "需要补充" list when nothing is waived."""
    return [i.id for i in result.items if i.status.value != "met"]
