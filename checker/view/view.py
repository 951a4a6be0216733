"""Stage 7 — view: what every output shows, decided once from the graded run.

The graded run says what each report got; the view says what that means and how it is shown.
Per item: whether it counts as met, whether it fails the gate, its level (error / warning / note /
pass, see `gate.py`), glyph and status word, the evidence shown, the notes; per report: score,
grade, verdict and why; per batch: the ranking, the item × unit matrix, per-item totals, the
copied and reused passages, the files that could not be read. Every output format lays out a
`RunView` and decides nothing of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from ..models import (
    LINES,
    MET,
    STATUS_ZH,
    Decision,
    EditionUsed,
    Evidence,
    Finding,
    FollowUp,
    ItemResult,
    Places,
    ReportResult,
    Role,
    Status,
)
from ..score.gate import Gate, Level
from ..score.roster import not_submitted
from ..score.run import Run

SKIPPED = "跳过（格式不支持）"  # how every output lists a file it did not grade
NOT_SUBMITTED = "应交未交"
CHECKLIST_EACH = "各报告所用清单"  # the list of which checklist graded each report, and why (--checklist auto)
GLYPH = {Status.MET: "✔", Status.PARTIAL: "◐", Status.PLANNED: "◇", Status.MISSING: "✘"}
WAIVED = "豁免"
NOTES = 3  # mentions that did not count, shown per item to add
# each role's word, looked up once: an enum's `.value` is a Python property, read for every quote
ROLE_VALUE = {role: role.value for role in Role}


class Quote(NamedTuple):  # a tuple, as ItemView
    """A sentence of the report as written, where it is, and what it meant for the item."""

    line: int
    part: str  # the path of the part it sits in
    text: str
    terms: tuple[str, ...]  # the matched words, to mark
    reason: str
    role: str  # work / problems / plans: what the sentence counted as
    status: Status  # what this sentence alone earns
    review: str = ""
    located: str = ""  # where a reader finds it in the file (Places.where); "" for its line

    @property
    def where(self) -> str:
        """第3页 (PDF, OFD), 第12段 (.docx), 第59行 (text): as the report's `Places` write it."""
        return self.located or LINES.where(self.line)

    @property
    def place(self) -> str:
        """The part to name beside the line ("" when the sentence is the part's own heading)."""
        return self.part if self.part and self.part != self.text else ""

    def clipped(self, width: int) -> str:
        """At most `width` characters, centred on the first matched word."""
        return clip(self.text, self.terms, width)


class ItemView(NamedTuple):  # a tuple: eighteen a report, and a frozen dataclass of 23 fields is 4× slower to make
    id: str
    title: str
    group: str
    group_title: str
    severity: str  # "required" | "recommended"
    weight: float
    earned: float
    status: Status
    word: str  # 达标 / 部分 / 仅计划 / 缺失, or 豁免
    glyph: str
    level: Level
    waiver: str  # the reason, when waived
    review: str  # why the status is a borderline call (待复核)
    advice: str
    basis: str
    shown: Quote | None  # the sentence shown for the item: what decided it, else the nearest mention
    decided: bool  # `shown` decided the status (not merely a mention that did not count)
    evidence: tuple[Quote, ...]  # the sentences that decided the status, best first
    elsewhere: tuple[Quote, ...]  # mentions that did not count (plans, problems, negated …)
    notes: tuple[Quote, ...]  # for an item to add: where the report speaks of it (the claim, the plan …)
    candidates: tuple[Quote, ...]  # every sentence looked at (--verbose)
    line: int  # the line to point at: the shown sentence's, else 1
    home: int = 0  # the heading line of the part where the item belongs (0: none)
    computed: Status | None = None  # the tool's status, when a grader's override replaced it
    decision: Decision | None = None  # the override: who decided, when, why

    @property
    def overridden(self) -> bool:
        return self.decision is not None

    @property
    def decided_by(self) -> str:
        """The override in one line: '改判：缺失 → 达标（张三，2025-03-02：附件显示已聘请）'; "" without one."""
        return "" if self.decision is None else self.decision.says(self.computed, self.status)

    @property
    def met(self) -> bool:
        return self.status is MET

    @property
    def fails(self) -> bool:
        return self.level == "error"

    @property
    def to_add(self) -> bool:
        """Not met and not waived: in the "需要补充" list."""
        return not self.met and not self.waiver

    @property
    def recommended(self) -> bool:
        return self.severity == "recommended"


@dataclass(frozen=True)
class GroupView:
    title: str
    items: tuple[ItemView, ...]

    @property
    def met(self) -> int:
        return sum(i.met for i in self.items)

    @property
    def earned(self) -> float:
        return sum(i.earned for i in self.items)

    @property
    def possible(self) -> float:
        return sum(i.weight for i in self.items)


@dataclass(frozen=True)
class ReportView:
    path: str
    unit: str
    year: int | None
    date: date | None
    title: str
    score: float
    grade: str
    passed: bool
    why: tuple[str, ...]  # why it fails ("" reasons when it passes)
    score_fails: bool
    items: tuple[ItemView, ...]
    findings: tuple[Finding, ...]
    format: str
    encoding: str
    keywords: tuple[str, ...]
    title_line: int = 1
    edition: EditionUsed | None = None  # the edition of the checklist that graded it, and why
    previous: str = ""  # last year's report, with --previous
    followup: tuple[FollowUp, ...] = ()  # last year's shortcomings, followed up
    places: Places = LINES  # how a reader finds a line of it: by page (PDF, OFD), paragraph (.docx), line
    checklist_title: str = ""  # the checklist's Chinese title, for readers

    @property
    def name(self) -> str:
        return self.unit or self.path

    @property
    def groups(self) -> tuple[GroupView, ...]:
        """The items by checklist group, in checklist order (made when a format shows them: JSON does not)."""
        return _groups(self.items)

    def where(self, line: int) -> str:
        """A line of the text as a reader of the file finds it: 第3页, 第12段, 第59行."""
        return self.places.where(line)

    @property
    def heading(self) -> str:
        return self.title or self.path

    @property
    def to_add(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.to_add)

    @property
    def duplicate(self) -> bool:
        """The unit submitted more than one report (a `duplicate_unit` finding)."""
        return any(f.kind == "duplicate_unit" for f in self.findings)

    @property
    def to_review(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.review and not i.waiver and not i.overridden)

    @property
    def overridden(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.overridden)

    @property
    def waived(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.waiver)

    @property
    def errors(self) -> tuple[ItemView, ...]:
        return tuple(i for i in self.items if i.fails)

    def count(self, status: Status) -> int:
        return sum(i.status is status for i in self.items)

    def item(self, item_id: str) -> ItemView | None:
        """The item of that id, or None when the edition that graded this report has no such item."""
        return next((i for i in self.items if i.id == item_id), None)

    def cells(self, item_ids: tuple[str, ...]) -> tuple[ItemView | None, ...]:
        """The items in the columns of a matrix; None where this report's edition has no such item."""
        return tuple(self.item(i) for i in item_ids)

    @property
    def checklist(self) -> str:
        """The edition that graded it, and why: 'township-annual 2026.1（2026年起），报告年度为 2026 年'."""
        if self.edition is None:
            return ""
        return self.edition.label + (f"，{self.edition.why}" if self.edition.why else "")

    @property
    def checklist_name(self) -> str:
        """The checklist as a reader knows it: its title, the report years its edition is for, and
        why that one: '乡镇（街道）法治政府建设年度报告核查清单（2019—2025年度适用），报告年度为 2024 年'
        (not its id and version)."""
        if self.edition is None or not self.checklist_title:
            return self.checklist
        years, why = self.edition.years, self.edition.why
        span = years.replace("年起", "年度起") if years.endswith("起") else years + "度"  # 2026年度起, 2019—2025年度
        name = f"{self.checklist_title}（{span}适用）" if years else self.checklist_title
        return name + (f"，{why}" if why else "")


@dataclass(frozen=True)
class TotalRow:
    id: str
    title: str
    counts: dict[Status, int]
    reports: int

    @property
    def not_met(self) -> int:
        return self.reports - self.counts[Status.MET]

    @property
    def summary(self) -> str:
        if not self.not_met:
            return f"{self.reports} 个单位全部达标"
        text = f"{self.reports} 个单位中 {self.not_met} 个未达标"
        missing = self.counts[Status.MISSING]
        return text + (f"，{missing} 个缺少{self.title.split('（')[0]}" if missing else "")


@dataclass(frozen=True)
class Place:
    path: str
    unit: str
    line: int


@dataclass(frozen=True)
class Passage:
    """Text shared between reports (copies) or kept from a unit's earlier report (reuse)."""

    text: str
    places: tuple[Place, ...]


SHARE_SHOWN = 0.05  # a share of a report's text below this is a few stock phrases, not copying


@dataclass(frozen=True)
class Share:
    """Another report that holds some of this one's text, and how much of this one's text."""

    unit: str
    path: str
    share: float  # 0…1 of this report's characters

    @property
    def label(self) -> str:
        return f"{self.unit or self.path} {self.share:.0%}"


@dataclass(frozen=True)
class Pair:
    """Two reports of different units that share text: the share of each one's text."""

    a: Share  # `a.unit` is the first report's; its share, of the first report's text
    b: Share

    @property
    def share(self) -> float:
        return max(self.a.share, self.b.share)

    @property
    def label(self) -> str:
        return f"{self.a.unit or self.a.path} ↔ {self.b.unit or self.b.path}，重合 {self.share:.0%}"


@dataclass(frozen=True)
class BatchView:
    ranking: tuple[ReportView, ...]  # best first
    item_ids: tuple[str, ...]  # the matrix's columns
    totals: tuple[TotalRow, ...]  # most often not met first
    copies: tuple[Passage, ...]
    reuse: tuple[Passage, ...]
    shares: tuple[tuple[Share, ...], ...] = ()  # per ranking row: the reports it shares text with, most first
    pairs: tuple[Pair, ...] = ()  # reports that share text, most first

    def shared(self, rank: int) -> tuple[Share, ...]:
        """The reports the ranking's row `rank` (0-based) shares text with."""
        return self.shares[rank] if rank < len(self.shares) else ()

    def copy_note(self, rank: int) -> str:
        """The ranking row's words on copies: '重复提交；程庄镇 85%' ("" when it shares little)."""
        notes = ["重复提交"] if self.ranking[rank].duplicate else []
        return "；".join(notes + [s.label for s in self.shared(rank)])


@dataclass(frozen=True)
class RunView:
    checklist_id: str
    checklist_version: str
    checklist_title: str
    checklist_editions: str  # every edition, when the checklist has several ("" for one)
    gate: Gate
    reports: tuple[ReportView, ...]
    unreadable: tuple[tuple[str, str], ...]  # (path, reason)
    batch: BatchView | None
    verbose: bool
    skipped: tuple[str, ...] = ()  # files of a format fazhi cannot read: listed as 跳过（格式不支持）
    roster: tuple[str, ...] = ()  # the units that owe a report (--roster); () without a roster
    not_submitted: tuple[str, ...] = ()  # the roster's units with no graded report (应交未交)
    why: tuple[str, ...] = ()  # why the run fails beside its reports (gate.run_reasons)
    by_unit: bool = False  # --checklist auto: each report graded by its unit's kind of checklist
    graded_on: date | None = None  # the grading date on a batch's 评查意见 (None: a blank to fill in)

    @property
    def checklist_each(self) -> bool:
        """Whether each report's row names the checklist that graded it and why: under --checklist
        auto, and whenever the reports were not all graded by one edition (reports of several years)."""
        return self.by_unit or len({r.edition.label for r in self.reports if r.edition is not None}) > 1

    @property
    def passed(self) -> bool:
        """Every report passes, every file could be read and every unit on the roster submitted: exit code 0."""
        return all(r.passed for r in self.reports) and not self.why

    @property
    def checklist(self) -> str:
        if self.checklist_editions:
            return f"{self.checklist_title}（{self.checklist_editions}）"
        return f"{self.checklist_title}（{self.checklist_id} {self.checklist_version}）"

    @property
    def checklist_name(self) -> str:
        """The checklist as a reader knows it: its title, and the report years of each edition."""
        spans = self.checklist_editions.partition("版：")[2].removesuffix("）")
        return f"{self.checklist_title}（各版适用：{spans}）" if spans else self.checklist_title


# ---------------------------------------------------------------- building the view


def build(run: Run, made: Sequence[ReportView] | None = None) -> RunView:
    """The run's view; `made`: its results' views, when made already (`report_view`, as each result
    came in from a batch's workers)."""
    gate = run.gate
    reports = tuple(made) if made is not None else tuple(_report(run, gate, r) for r in run.results)
    missing = not_submitted(run.roster, (r.unit for r in reports)) if run.roster else ()
    return RunView(
        checklist_id=run.checklist_id,
        checklist_version=run.checklist_version,
        checklist_title=run.checklist_title,
        checklist_editions=run.checklist_editions,
        gate=gate,
        reports=reports,
        unreadable=tuple((shown(path), shown(reason)) for path, reason in run.unreadable),
        batch=_batch(run, reports) if run.batch else None,
        verbose=run.verbose,
        skipped=tuple(shown(path) for path in run.skipped),
        roster=run.roster,
        not_submitted=missing,
        why=gate.run_reasons(len(run.unreadable), missing),
        by_unit=run.by_unit,
        graded_on=run.graded_on,
    )


def report_view(run: Run, r: ReportResult) -> ReportView:
    """One report's view, as `build` makes it."""
    return _report(run, run.gate, r)


def _report(run: Run, gate: Gate, r: ReportResult) -> ReportView:
    items = tuple([_item(run, gate, i, r.places) for i in r.items])  # a list made: no generator to resume 18 times
    why = gate.reasons(r)
    return ReportView(
        path=shown(r.path), unit=r.unit, year=r.year, date=r.date, title=r.title, score=r.score, grade=r.grade,
        passed=not why, why=why, score_fails=gate.score_fails(r), items=items,
        findings=tuple(r.findings), format=r.format, encoding=r.encoding, keywords=tuple(r.keywords),
        title_line=r.title_line,
        edition=r.edition, previous=shown(r.previous) if r.previous else "", followup=r.followup, places=r.places,
        checklist_title=run.checklist_title,
    )


def _item(run: Run, gate: Gate, i: ItemResult, places: Places) -> ItemView:
    evidence = _quotes(i.evidence, places) if i.evidence else ()
    elsewhere = _quotes(i.elsewhere, places) if i.elsewhere else ()
    shown = evidence[0] if evidence else elsewhere[0] if elsewhere else None
    # notes: the deciding sentence, then the mentions that did not count, each sentence once
    notes = _distinct((*evidence[:1], *elsewhere))[:NOTES] if elsewhere else evidence[:1]
    # made with its fields in order: given by name, they made the named tuple's __new__ unpack a
    # dictionary each time, a third of a report's view once compiled
    return ItemView(
        i.id, i.title, i.group, run.group_titles.get(i.group, i.group),  # id, title, group, group_title
        i.severity, i.weight, i.earned, i.status,  # severity, weight, earned, status
        WAIVED if i.waiver else STATUS_ZH[i.status], GLYPH[i.status], gate.level(i),  # word, glyph, level
        i.waiver, i.review, i.advice, i.basis,  # waiver, review, advice, basis
        shown, bool(evidence), evidence, elsewhere,  # shown, decided, evidence, elsewhere
        notes, _quotes(i.candidates, places) if i.candidates else (),  # notes, candidates
        _first_line(evidence) or _first_line(elsewhere) or 1, i.home, i.computed, i.decision,  # line, home, …
    )


def _quotes(found: list[Evidence], places: Places) -> tuple[Quote, ...]:
    # a list made, not a generator: eighteen items a report, three lists each
    return tuple([_quote(e, places) for e in found])


def _first_line(quotes: tuple[Quote, ...]) -> int:
    """Where the item is shown in the report: its first quote with a line (0: none has one; the
    item is then shown at the title's, line 1)."""
    for q in quotes:
        if q.line >= 1:
            return q.line
    return 0


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """Text that can be written to any output: the undecodable bytes of a file name (a GBK name from a
    Windows zip) and control characters (a newline in a name, a terminal escape) as \\xNN escapes."""
    if text.isprintable():
        return text
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _quote(e: Evidence, places: Places) -> Quote:
    # quoted as written, less the control characters normalisation also ignored (a terminal escape)
    text = e.text if e.text.isprintable() else CONTROL.sub("", e.text)  # no control character is printable
    return Quote(e.line, e.part, text, tuple(filter(None, e.terms)), e.reason, ROLE_VALUE[e.role], e.verdict,
                 e.review, places.where(e.line))


def _distinct(quotes: tuple[Quote, ...]) -> tuple[Quote, ...]:
    seen: set[tuple[int, str]] = set()
    out = []
    for q in quotes:
        if (q.line, q.text) not in seen:
            seen.add((q.line, q.text))
            out.append(q)
    return tuple(out)


def _groups(items: tuple[ItemView, ...]) -> tuple[GroupView, ...]:
    """The items by checklist group, in checklist order."""
    groups: list[tuple[str, list[ItemView]]] = []
    for item in items:
        if not groups or groups[-1][0] != item.group_title:
            groups.append((item.group_title, []))
        groups[-1][1].append(item)
    return tuple(GroupView(title, tuple(members)) for title, members in groups)


def _batch(run: Run, reports: tuple[ReportView, ...]) -> BatchView:
    ranking = tuple(sorted(reports, key=lambda r: (-r.score, r.unit, r.path)))  # ties never change order
    item_ids = item_columns(reports)
    return BatchView(
        ranking=ranking,
        item_ids=item_ids,
        totals=_totals(ranking, item_ids),
        copies=tuple(_passage(g) for g in run.copies),
        reuse=tuple(_passage(g) for g in run.reuse),
        shares=_shares(run, ranking),
        pairs=_pairs(run, reports),
    )


def _shares(run: Run, ranking: tuple[ReportView, ...]) -> tuple[tuple[Share, ...], ...]:
    """Per report in `ranking`, the others that hold enough of its text, most first. The overlaps are
    grouped by report once: looked up report by report (a map of every result's unit made for each)
    they made a batch's view quadratic, 0.2–0.4 s of 2,000 reports even with no copies looked for."""
    units = {x.path: x.unit for x in run.results}
    by_path: dict[str, list[Share]] = {}
    for o in run.overlaps:
        if o.total and o.shared / o.total >= SHARE_SHOWN:
            share = Share(units.get(o.other, ""), shown(o.other), o.shared / o.total)
            by_path.setdefault(shown(o.path), []).append(share)
    return tuple(tuple(sorted(by_path.get(r.path, ()), key=lambda s: (-s.share, s.path))) for r in ranking)


def _pairs(run: Run, reports: tuple[ReportView, ...]) -> tuple[Pair, ...]:
    units = {x.path: x.unit for x in run.results}
    share = {(o.path, o.other): o.shared / o.total if o.total else 0.0 for o in run.overlaps}
    pairs = [
        Pair(Share(units.get(a, ""), shown(a), s), Share(units.get(b, ""), shown(b), share.get((b, a), 0.0)))
        for (a, b), s in share.items() if a < b and max(s, share.get((b, a), 0.0)) >= SHARE_SHOWN
    ]
    return tuple(sorted(pairs, key=lambda p: (-p.share, p.a.path, p.b.path)))


def item_columns(reports: tuple[ReportView, ...]) -> tuple[str, ...]:
    """Every item any edition graded, in checklist order (the edition with most items leads)."""
    return tuple(dict.fromkeys(i.id for r in sorted(reports, key=lambda r: -len(r.items)) for i in r.items))


def _totals(ranking: tuple[ReportView, ...], item_ids: tuple[str, ...]) -> tuple[TotalRow, ...]:
    """Per item, how many reports are in each status (of the reports whose edition has the item),
    counted in one pass over every report's items (a pass per item and status was a tenth of a
    batch's view); titled as in the first report of the ranking that has it."""
    tally = Counter((i.id, i.status) for r in ranking for i in r.items)
    titles = {i.id: i.title for r in reversed(ranking) for i in r.items}  # the first report's title wins
    rows = []
    for item_id in item_ids:
        counts = {s: tally[item_id, s] for s in Status}
        rows.append(TotalRow(item_id, titles[item_id], counts, sum(counts.values())))
    return tuple(sorted(rows, key=lambda t: (-t.not_met, t.id)))


def _passage(group: Any) -> Passage:  # a copies.CopyGroup
    return Passage(CONTROL.sub("", group.text), tuple(Place(shown(p.path), p.unit, p.line) for p in group.places))


# ---------------------------------------------------------------- quoting


def clip(text: str, terms: tuple[str, ...] | list[str], width: int) -> str:
    """At most `width` characters, centred on the first matched word."""
    if len(text) <= width:
        return text
    at = min((text.find(t) for t in terms if t and t in text), default=0)
    start = max(0, min(at - width // 3, len(text) - width))
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def term_spans(text: str, terms: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Where the matched words are in `text`: non-overlapping, longest first at each start."""
    found = [(start, start + len(t)) for t in set(terms) if t for start in _occurrences(text, t)]
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _occurrences(text: str, term: str) -> list[int]:
    out, at = [], text.find(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + len(term))
    return out


def points(value: float) -> str:
    return f"{value:g}"
