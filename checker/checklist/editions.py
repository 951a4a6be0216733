"""Editions: the law in force for the report's year.

A checklist states the report years it applies to (`years: {from: 2021, until: 2025}`). A bundled
checklist may have several editions, one file each: `township-annual.yaml` and
`township-annual@2026.yaml` (a profile of the first that adds what the law asks from 2026). Each
report is graded by the edition for its year:

- `--checklist township-annual` — the edition whose years hold the report's year;
- `--checklist township-annual@2025` — pinned: the edition for 2025, whatever the report's year;
- a report whose year no edition holds gets the nearest edition and a finding; a report with no
  year gets the newest edition and a finding;
- a profile that `extends: township-annual` (a family of editions) is laid on each edition in
  turn, so a county's changes follow the law's.

Every view names the edition that graded a report, and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..models import FazhiError, Finding, ReportResult, Run
from ..score.gate import Gate
from . import loading
from .checklist import Checklist
from .vocabulary import ENGINE


@dataclass(frozen=True)
class Pick:
    """The edition that grades one report, why, and what the reader should know about the choice."""

    checklist: Checklist
    why: str
    finding: Finding | None = None


@dataclass(frozen=True)
class Editions:
    """A checklist's editions, oldest first."""

    name: str
    editions: tuple[Checklist, ...]
    pinned: int | None = None  # the year written after @

    @property
    def newest(self) -> Checklist:
        return self.editions[-1]

    @cached_property
    def _reading(self) -> dict[int, tuple[str, ...]]:
        """Each edition's engine concepts, expanded: all the parser reads a report with."""
        return {id(e): tuple(e.words.pattern(name) for name in ENGINE) for e in self.editions}

    def reads_like_newest(self, edition: Checklist) -> bool:
        """True when `edition` parses a report as the newest does (editions that only add items do),
        so the report parsed to find its year need not be parsed again."""
        return self._reading[id(edition)] == self._reading[id(self.newest)]

    def pick(self, year: int | None) -> Pick:
        if self.pinned is not None:
            return Pick(self.editions[0], f"指定按 {self.pinned} 年度的版本核查")
        if all(e.years is None for e in self.editions):
            return Pick(self.newest, "")
        if year is None:
            text = f"未识别到报告年度，按最新一版核查：{self.newest.edition}"
            return Pick(self.newest, "报告未写明年度，用最新一版", Finding("edition_no_year", 0, text))
        covering = _covering(self.editions, year)
        if covering:
            return Pick(covering[-1], f"报告年度为 {year} 年")
        nearest = min(self.editions, key=lambda e: (e.years.distance(year) if e.years else 0, -_start(e)))
        spans = "、".join(e.years.label for e in self.editions if e.years)
        text = f"报告年度 {year} 年不在清单各版的适用年度内（{spans}），按最接近的一版核查：{nearest.edition}"
        if nearest.later and nearest.years and nearest.years.until is not None and year > nearest.years.until:
            text += f"；{nearest.later}"
        return Pick(nearest, f"报告年度为 {year} 年，最接近的一版", Finding("edition_out_of_range", 0, text))

    @property
    def label(self) -> str:
        """Every edition, for headers: 'township-annual 2026.1（2021—2025年；2026年起）'."""
        if len(self.editions) == 1:
            return self.editions[0].edition
        spans = "；".join(e.years.label for e in self.editions if e.years)
        return f"{self.newest.id}（{len(self.editions)} 版：{spans}）"


def _covering(editions: tuple[Checklist, ...], year: int) -> list[Checklist]:
    """The editions that apply to `year`, oldest first (an edition that states no years applies to all)."""
    return [e for e in editions if e.years is None or e.years.covers(year)]


def _start(checklist: Checklist) -> int:
    return checklist.years.start if checklist.years else 0


def families() -> list[str]:
    """The bundled checklists by id, one entry however many editions each has."""
    return sorted({stem.partition("@")[0] for stem in loading.bundled()})


def family(name: str) -> list[str]:
    """The bundled files of a checklist id: `name.yaml` and every `name@….yaml`."""
    return sorted(stem for stem in loading.bundled() if stem == name or stem.startswith(f"{name}@"))


def load_editions(name_or_path: str = loading.DEFAULT_CHECKLIST) -> Editions:
    """The editions of a bundled id, the one pinned by `id@year`, or a file's (a profile of a
    family of editions is laid on each)."""
    base, at, year = name_or_path.partition("@")
    members = family(base) if not loading.is_path(name_or_path) else []
    if at and year.isdigit() and members:
        return Editions(name_or_path, (pinned(base, int(year)),), pinned=int(year))
    if len(members) > 1:
        return Editions(base, _members(base))
    checklist = loading.load(name_or_path)
    bases = checklist.extends
    if bases is not None and "@" not in bases and not loading.is_path(bases) and len(family(bases)) > 1:
        path = loading.resolve(name_or_path)
        return Editions(name_or_path, tuple(loading.load_on(path, b) for b in _members(bases)))
    return Editions(name_or_path, (checklist,))


def pinned(name: str, year: int) -> Checklist:
    """The edition of a bundled checklist that applies to `year`."""
    editions = load_editions(name).editions
    covering = _covering(editions, year)
    if not covering:
        spans = "、".join(e.years.label for e in editions if e.years)
        raise FazhiError(f"核查清单 {name} 没有适用于 {year} 年的版本（各版适用：{spans}）")
    return covering[-1]


def _members(name: str) -> tuple[Checklist, ...]:
    return tuple(sorted((loading.load(stem) for stem in family(name)), key=_start))


def new_run(editions: Editions, results: list[ReportResult], unreadable: list[tuple[str, str]], gate: Gate) -> Run:
    """The run of one command: its checklist (every edition, when it has several) and what it found."""
    newest = editions.newest
    groups = {g.id: g.title for e in editions.editions for g in e.groups}
    return Run(
        checklist_id=newest.id, checklist_version=newest.version, checklist_title=newest.title,
        checklist_editions=editions.label if len(editions.editions) > 1 else "",
        group_titles=groups, results=results, gate=gate, unreadable=unreadable,
    )
