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

Every view names the edition that graded a report, and why. `loading.load_editions` loads them,
each compiled.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..models import Finding, ParsedReport
from .checklist import Checklist
from .compile import CompiledChecklist
from .vocabulary import ENGINE


@dataclass(frozen=True)
class Pick:
    """The edition that grades one report, why, and what the reader should know about the choice."""

    compiled: CompiledChecklist
    why: str
    finding: Finding | None = None

    @property
    def checklist(self) -> Checklist:
        return self.compiled.checklist


@dataclass(frozen=True)
class Editions:
    """A checklist's editions, oldest first, each compiled (`loading.load_editions` makes them)."""

    name: str
    compiled: tuple[CompiledChecklist, ...]
    pinned: int | None = None  # the year written after @

    @property
    def editions(self) -> tuple[Checklist, ...]:
        return tuple(c.checklist for c in self.compiled)

    @property
    def newest(self) -> Checklist:
        return self.compiled[-1].checklist

    @cached_property
    def _reading(self) -> dict[int, tuple[str, ...]]:
        """Each edition's engine concepts, expanded: all the parser reads a report with."""
        return {id(c.checklist): tuple(c.words.pattern(name) for name in ENGINE) for c in self.compiled}

    def reads_like_newest(self, edition: Checklist) -> bool:
        """True when `edition` parses a report as the newest does (editions that only add items do),
        so the report parsed to find its year need not be parsed again."""
        return self._reading[id(edition)] == self._reading[id(self.newest)]

    def pick(self, year: int | None) -> Pick:
        newest = self.compiled[-1]
        if self.pinned is not None:
            return Pick(self.compiled[0], f"指定按 {self.pinned} 年度的版本核查")
        if all(e.years is None for e in self.editions):
            return Pick(newest, "")
        if year is None:
            text = f"未识别到报告年度，按最新一版核查：{self.newest.edition}"
            return Pick(newest, "报告未写明年度，用最新一版", Finding("edition_no_year", 0, text))
        found = covering(self.compiled, year)
        if found:
            return Pick(found[-1], f"报告年度为 {year} 年")
        nearest = min(self.compiled, key=lambda c: (_distance(c.checklist, year), -start(c)))
        edition = nearest.checklist
        spans = "、".join(e.years.label for e in self.editions if e.years)
        text = f"报告年度 {year} 年不在清单各版的适用年度内（{spans}），按最接近的一版核查：{edition.edition}"
        if edition.later and edition.years and edition.years.until is not None and year > edition.years.until:
            text += f"；{edition.later}"
        return Pick(nearest, f"报告年度为 {year} 年，最接近的一版", Finding("edition_out_of_range", 0, text))

    def pick_report(self, report: ParsedReport) -> Pick:
        """The edition that grades a parsed report (here by its year; `--checklist auto` also by its unit)."""
        return self.pick(report.year)

    @property
    def label(self) -> str:
        """Every edition, for headers: 'township-annual 2026.1（2021—2025年；2026年起）'."""
        if len(self.editions) == 1:
            return self.editions[0].edition
        spans = "；".join(e.years.label for e in self.editions if e.years)
        return f"{self.newest.id}（{len(self.editions)} 版：{spans}）"


def covering(editions: tuple[CompiledChecklist, ...], year: int) -> list[CompiledChecklist]:
    """The editions that apply to `year`, oldest first (an edition that states no years applies to all)."""
    return [c for c in editions if c.checklist.years is None or c.checklist.years.covers(year)]


def start(edition: CompiledChecklist) -> int:
    """The first report year of an edition (0 when it states none): editions sort by it."""
    years = edition.checklist.years
    return years.start if years else 0


def _distance(checklist: Checklist, year: int) -> int:
    return checklist.years.distance(year) if checklist.years else 0
