"""The small value types that flow through the pipeline.

read → normalise → parse → evidence → judge → score → render: each stage takes the
previous stage's value and returns its own; no stage reaches back into an earlier one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum


class FazhiError(Exception):
    """Bad input or usage: a Chinese message for the user, exit code 2."""


class Role(StrEnum):
    """What a part of a report is for, as the spec defines it."""

    WORK = "work"
    PROBLEMS = "problems"
    PLANS = "plans"


class Status(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    PLANNED = "planned"
    MISSING = "missing"


# A member read from its class runs the enum type's __getattr__ hook in Python 3.11 (0.2 µs, four
# times a plain attribute); a loop over every item of every report compares with this name instead.
MET = Status.MET
RANK = {Status.MET: 3, Status.PARTIAL: 2, Status.PLANNED: 1, Status.MISSING: 0}  # better statuses rank higher
STATUS_CREDIT = {Status.MET: 1.0, Status.PARTIAL: 0.5, Status.PLANNED: 0.0, Status.MISSING: 0.0}
STATUS_ZH = {Status.MET: "达标", Status.PARTIAL: "部分", Status.PLANNED: "仅计划", Status.MISSING: "缺失"}
ROLE_ZH = {Role.WORK: "工作成效", Role.PROBLEMS: "存在问题", Role.PLANS: "下一步计划"}


@dataclass(frozen=True)
class Places:
    """Where each page (PDF, OFD) or paragraph (.docx) of a file starts in its text: the one
    thing that decides how a location is written (第3页, 第12段, 第59行)."""

    unit: str = "行"  # 行 | 页 | 段
    starts: tuple[int, ...] = ()  # the 1-based line each page or paragraph starts on, ascending

    def number(self, line: int) -> int:
        """The page or paragraph holding a 1-based line (the line itself for 行)."""
        if not self.starts:
            return line
        return max(bisect_right(self.starts, line), 1)

    def where(self, line: int) -> str:
        return f"第{self.number(line) if self.starts else line}{self.unit}"  # a text's line is itself (most quotes)


LINES = Places()


@dataclass(frozen=True)
class Source:
    """A report as read from disk: its text as written, and what the file format told us.

    `outline` maps 1-based lines to a heading depth that the text itself does not show
    (a Word heading style without visible numbering). `places` says how a reader of the file
    finds a line of the text: its page, its paragraph, or the line itself. `findings` are the
    reader's own (a scan read by OCR), reported with the parser's.
    """

    path: str
    text: str
    encoding: str = "utf-8"
    format: str = "txt"
    outline: dict[int, int] = field(default_factory=dict)
    places: Places = field(default_factory=lambda: LINES)
    findings: tuple[Finding, ...] = ()  # what reading it found worth saying (pages read by OCR …)
    doubtful: frozenset[int] = frozenset()  # 1-based lines recognised (OCR) with low confidence: 待复核


@dataclass(frozen=True)
class Line:
    """One logical line after normalisation (physical lines broken mid-sentence are joined).

    `spans` maps offsets in `text` back to offsets in the original text: each entry is
    (offset in text, offset in source); characters between two entries map one to one.
    """

    text: str
    spans: tuple[tuple[int, int], ...]

    def source_offset(self, i: int) -> int:
        spans = self.spans
        if len(spans) == 1:  # most lines: one stretch, nothing joined or taken out inside it
            norm, orig = spans[0]
        else:
            norm, orig = spans[max(bisect_right(spans, (i, 1 << 62)) - 1, 0)]
        return orig + (i - norm)


@dataclass(frozen=True)
class Document:
    """The normalised report: logical lines plus the map back to the original."""

    source: Source
    lines: tuple[Line, ...]
    line_starts: tuple[int, ...]

    def line_number(self, source_offset: int) -> int:
        """1-based line number of an offset in the original text."""
        return bisect_right(self.line_starts, source_offset)

    def quote(self, line: Line, start: int, end: int) -> str:
        """The original words behind line.text[start:end], on one line."""
        a, b = line.source_offset(start), line.source_offset(max(end - 1, start)) + 1
        return " ".join(self.source.text[a:b].split()) if b > a else line.text[start:end]


@dataclass(slots=True)  # a few hundred a report, as sentences: slots make them quicker to build and read
class Segment:
    """A stretch of body text: line.text[start:end]."""

    line: Line
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start : self.end]


@dataclass(slots=True)
class Sentence:
    """A sentence of the report, with where it sits and what its part is for."""

    text: str
    line: int
    part: str
    role: Role
    heading: bool = False  # the sentence is (part of) a heading
    empty_heading: bool = False  # … of a heading with no body
    plan_context: bool = False  # inside a paragraph that opens with 下一步/今后…
    context: str = ""  # for a heading: the start of its part's own body, where its details are
    previous: str = ""  # the sentence before it in the same paragraph
    doc: Document | None = field(default=None, repr=False, compare=False)
    segment: Segment | None = field(default=None, repr=False, compare=False)

    @property
    def quote(self) -> str:
        """The sentence as written in the original (worked out only for evidence shown)."""
        if self.doc is None or self.segment is None:
            return self.text
        return self.doc.quote(self.segment.line, self.segment.start, self.segment.end)


@dataclass(slots=True)
class Part:
    """A numbered part of a report (一、 （一） 1、 （1） 一是 …)."""

    heading: str
    marker: str
    rank: float  # depth: 1 for 一、 … 7 for 一是; a group title over restarted numbering sits half a step up
    titled: bool = True  # the heading is a title, not the first words of a numbered statement
    borderline: bool = False  # a run-in title of nearly a statement's length: titled or not is a close call
    role: Role = Role.WORK
    own_role: bool = False  # the role came from this heading, not from a parent
    mixed: bool = False  # the heading names both problems and plans
    year_plan: bool = False  # a plans heading that names next year's work (2025年工作安排), not only 意见建议
    heading_line: Line | None = field(default=None, repr=False)
    line: int = 0  # 1-based line in the original, filled in by the parser
    body: list[Segment] = field(default_factory=list)
    children: list[Part] = field(default_factory=list)
    # The headings from the top down to this part (一、… › （一）…), filled in by the parser. A part
    # holds no link to its parent: a tree whose children point back is a cycle that refcounting
    # cannot free, and collecting every report's parts took a tenth of the time of grading.
    path: str = ""

    def has_body(self) -> bool:
        return bool(self.body) or any(c.has_body() for c in self.children)

    def walk(self) -> list[Part]:
        """This part and every part below it, in reading order (a list: a recursive generator
        passed each part up through every level above it)."""
        found, todo = [], [self]
        while todo:
            part = todo.pop()
            found.append(part)
            todo.extend(reversed(part.children))
        return found


@dataclass
class Finding:
    kind: str
    line: int
    message: str


@dataclass
class ParsedReport:
    """What the parser understood of a report."""

    path: str
    title: str
    unit: str
    year: int | None
    date: date | None
    date_line: int
    issuer: str
    doc_number: str
    root: Part
    sentences: list[Sentence]
    has_headings: bool
    findings: list[Finding]
    document: Document | None = field(default=None, repr=False, compare=False)  # what it was parsed from
    title_line: int = 1  # the title's line in the original (1 when there is none)


@dataclass(slots=True)
class Evidence:
    """One sentence that mentions an item, and why it counts or not."""

    text: str
    line: int
    part: str
    role: Role
    terms: list[str]
    verdict: Status  # what this sentence alone would earn
    reason: str  # short Chinese explanation
    heading: bool = False  # the words are a heading (its body is shown in preference)
    generic: bool = False  # found by a weak rule (a generic claim): shown after full evidence
    review: str = ""  # why this reading is borderline (待复核)
    # the sentence, while the judge still has to quote it as written; None in a result, which never
    # holds the document
    sentence: Sentence | None = field(default=None, repr=False, compare=False)

    def judged(self, verdict: Status, reason: str) -> Evidence:
        """This evidence with another verdict."""
        return replace(self, verdict=verdict, reason=reason)


@dataclass(frozen=True)
class Decision:
    """A grader's own call on an item (an override): who, when, why."""

    by: str
    when: date  # the day of the call
    note: str

    def says(self, computed: Status | None, final: Status) -> str:
        """The call in one line: '改判：缺失→达标（张三，2025-03-02：附件显示已聘请）'."""
        was = STATUS_ZH[computed] if computed is not None else "—"
        return f"改判：{was}→{STATUS_ZH[final]}（{self.by}，{self.when.isoformat()}：{self.note}）"


@dataclass(slots=True)
class ItemResult:
    id: str
    title: str
    group: str
    status: Status
    weight: float
    earned: float
    severity: str
    basis: str
    advice: str
    evidence: list[Evidence]  # the sentences that decided the status (best first)
    elsewhere: list[Evidence]  # mentions that did not count (problems, plans, negated …)
    candidates: list[Evidence] = field(default_factory=list)  # every sentence looked at (--verbose)
    waiver: str = ""  # the reason, when a waiver leaves the item out of the score (shown as 豁免)
    review: str = ""  # why the status rests on a borderline reading (shown as 待复核), "" when it does not
    home: int = 0  # the heading line of the part where the item belongs (0: none, the title stands for it)
    computed: Status | None = None  # the tool's status, when a grader's override replaced it (None: not overridden)
    decision: Decision | None = None  # the override: who decided, when, why


@dataclass(frozen=True)
class EditionUsed:
    """Which edition of the checklist graded a report, and why that one."""

    id: str
    version: str
    years: str  # "2021—2025年", "2026年起", "" when the checklist states none
    why: str  # "报告年度为 2026 年"

    @property
    def label(self) -> str:
        return edition_label(self.id, self.version, self.years)


def edition_label(checklist_id: str, version: str, years: str) -> str:
    """Which checklist, which version, for which report years: 'township-annual 2026.1（2026年起）'."""
    return f"{checklist_id} {version}" + (f"（{years}）" if years else "")


class Outcome(StrEnum):
    """What became of a shortcoming named in last year's report (`check --previous`)."""

    ADDRESSED = "addressed"  # this year's work parts take it up
    PLANNED = "planned"  # only this year's plans do: planned again
    ABSENT = "absent"  # not mentioned


OUTCOME_ZH = {Outcome.ADDRESSED: "已整改", Outcome.PLANNED: "仅再次列入计划", Outcome.ABSENT: "未提及"}


@dataclass(frozen=True)
class FollowUp:
    """One of last year's shortcomings, followed up in this year's report."""

    text: str  # the shortcoming as last year's report put it
    line: int  # its line in last year's report
    terms: tuple[str, ...]  # the key words it was looked for by
    outcome: Outcome
    found: str = ""  # the sentence of this year's report that takes it up ("" when absent)
    found_line: int = 0
    repeated_line: int = 0  # where this year's problems part names it again (0: it does not)

    @property
    def repeated(self) -> bool:
        return self.repeated_line > 0

    @property
    def word(self) -> str:
        return OUTCOME_ZH[self.outcome]


@dataclass
class ReportResult:
    path: str
    unit: str
    year: int | None
    date: date | None
    title: str
    score: float
    grade: str
    passed: bool
    items: list[ItemResult]
    findings: list[Finding]
    keywords: list[str] = field(default_factory=list)
    format: str = "txt"  # the file format it was read from
    encoding: str = ""  # the detected text encoding (txt/md) or the reader (docx, pdf)
    title_line: int = 1  # the title's line, where a summary of the grade is pinned (annotate)
    edition: EditionUsed | None = None  # which edition of the checklist graded it
    previous: str = ""  # last year's report it was compared with (check --previous)
    followup: tuple[FollowUp, ...] = ()  # last year's shortcomings, followed up
    places: Places = field(default_factory=lambda: LINES)  # how a reader finds a line: 第N页 / 第N段 / 第N行

    @property
    def to_review(self) -> list[ItemResult]:
        """Items whose status rests on a borderline reading (待复核)."""
        return [i for i in self.items if i.review and not i.waiver]

    def unquoted(self) -> None:
        """Drop the sentences quoted for each item, for an output that quotes none (a batch's
        ranking and coverage): statuses, scores and review notes stay. Three quarters of a result's
        objects are its quotes, and a batch's workers send every result to the parent."""
        for item in self.items:
            item.evidence, item.elsewhere, item.candidates = [], [], []


# ---------------------------------------------------------------- copy detection (evidence/copies.py)


@dataclass(frozen=True)
class CopyDoc:
    """One report as copy detection sees it: its normalised logical lines, and the line of the
    original file where each starts. Held as two values, not a pair a line: a batch's workers send
    one for every report, and each pair was two more objects to pickle and unpickle."""

    path: str
    unit: str
    text: str  # the lines joined by line breaks (no normalised line holds one)
    numbers: tuple[int, ...]  # each line's 1-based line number in the original file

    @classmethod
    def of(cls, path: str, unit: str, lines: Iterable[tuple[int, str]]) -> CopyDoc:
        pairs = list(lines)
        return cls(path, unit, "\n".join(text for _, text in pairs), tuple(number for number, _ in pairs))

    @property
    def lines(self) -> list[tuple[int, str]]:
        """(line number in the original file, normalised text) for each line."""
        return list(zip(self.numbers, self.text.split("\n"), strict=True)) if self.numbers else []


@dataclass(frozen=True)
class Place:
    path: str
    unit: str
    line: int  # 1-based line where the shared passage starts in that report


FORMAL_TAILS = ("人民政府", "办事处")  # the formal tail of a unit's name, left out when names are compared


def short_unit(name: str) -> str:
    """A unit's name without its formal tail: 白云镇人民政府 → 白云镇."""
    for tail in FORMAL_TAILS:
        if name.endswith(tail) and len(name) > len(tail) + 1:
            return name[: -len(tail)]
    return name


@dataclass(frozen=True)
class Overlap:
    """How much of one report's text another report holds too: the characters of `path`'s text
    inside passages both share, and all of its characters (line breaks left out)."""

    path: str
    other: str
    shared: int
    total: int


@dataclass(frozen=True)
class CopyGroup:
    text: str  # the shared passage (as in the first report where it occurs)
    places: tuple[Place, ...]  # every report (≥ 2 distinct reports) holding it, sorted by path
