"""The gate: one decision of what fails, that the exit code and every output report alike.

A report **fails** when its score is below the pass score (the checklist's `pass_score`, or
`--min-score N`), or when a required item is in a status that `--fail-on` names (`partial` fails
on partial, planned and missing; `planned` on planned and missing; `missing` on missing). Waived
items never fail.

Each item gets a **level**, the word every format uses:

- `error` — the item fails the gate (only with `--fail-on`);
- `warning` — not met, and not failing the gate;
- `note` — not met but waived (豁免);
- `pass` — met.

A score below the pass score, and a document that is not a report at all (a `not_a_report`
finding: a plan, a notice, a news item, another field's summary, a README), are errors of the
report itself. So: the exit code is 1 ⇔ some
report has an error ⇔ JUnit has a failure ⇔ SARIF has an `error` result ⇔ GitHub gets an
`::error` line (files that cannot be read are errors everywhere too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..models import MET, STATUS_ZH, ItemResult, ReportResult, Status

NOT_A_REPORT = "not_a_report"  # the finding of a document that is no annual report (parse/genre.py)
FAIL_LEVELS = ("partial", "planned", "missing")  # from least to most severe
Level = Literal["error", "warning", "note", "pass"]


def failing_statuses(fail_on: str | None) -> tuple[str, ...]:
    """`--fail-on planned` fails on planned and anything worse (missing)."""
    return FAIL_LEVELS[FAIL_LEVELS.index(fail_on) :] if fail_on else ()


@dataclass(frozen=True)
class Gate:
    pass_score: float  # below it a report fails
    fail_on: tuple[str, ...] = ()  # statuses of required items that fail a report
    min_score: bool = False  # the pass score came from --min-score, not from the checklist
    # the project's configuration file that set min_score or fail_on ("" when flags did): the
    # outputs name it, not a flag nobody typed
    fail_on_from: str = ""
    min_score_from: str = ""

    def item_fails(self, item: ItemResult) -> bool:
        # a status is a StrEnum, equal to its word: compared as it is (its `.value` is a slow property)
        return item.severity == "required" and not item.waiver and item.status in self.fail_on

    def level(self, item: ItemResult) -> Level:
        if item.status is MET:
            return "pass"
        if item.waiver:
            return "note"
        return "error" if self.item_fails(item) else "warning"

    def score_fails(self, result: ReportResult) -> bool:
        """The report itself fails: its score is below the pass score, or it is not a report at all."""
        return result.score < self.pass_score or self.not_a_report(result) != ""

    def not_a_report(self, result: ReportResult) -> str:
        """Why the document is not a unit's annual report (a `not_a_report` finding), or ""."""
        return next((f.message for f in result.findings if f.kind == NOT_A_REPORT), "")

    def reasons(self, result: ReportResult) -> tuple[str, ...]:
        """Why the report fails, in Chinese; empty when it passes."""
        why = []
        if genre := self.not_a_report(result):
            why.append(genre)  # the finding says what the document is instead, in Chinese
        if result.score < self.pass_score:
            source = (" " if self.min_score_from else "") + self._min_score() if self.min_score else "及格分"
            why.append(f"得分 {result.score:.1f} 低于{source} {self.pass_score:g}")
        failing = [i.id for i in result.items if self.item_fails(i)]
        if failing:
            why.append(f"必查项未达到要求（{self._fail_on()}）：{'、'.join(failing)}")
        return tuple(why)

    def run_reasons(self, unreadable: int, not_submitted: tuple[str, ...]) -> tuple[str, ...]:
        """Why the run fails beside its reports, in Chinese: files that could not be read, units on
        the roster that have not submitted (应交未交). Empty when nothing beside the reports fails."""
        why = []
        if unreadable:
            why.append(f"{unreadable} 个文件未能读取")
        if not_submitted:
            why.append(f"应交未交 {len(not_submitted)} 个单位：{'、'.join(not_submitted)}")
        return tuple(why)

    def _fail_on(self) -> str:
        if self.fail_on_from:
            return f"{self.fail_on_from} 中 fail_on = {self.fail_on[0]}"
        return f"--fail-on {self.fail_on[0]}"

    def _min_score(self) -> str:
        return f"{self.min_score_from} 中的 min_score" if self.min_score_from else "--min-score"

    def describe(self) -> str:
        """The gate in one line, for the outputs that state it."""
        source = f"{self._min_score()} {self.pass_score:g}" if self.min_score else f"及格分 {self.pass_score:g}"
        words = "、".join(STATUS_ZH[Status(s)] for s in self.fail_on)
        return source + (f"；必查项为“{words}”时不通过（{self._fail_on()}）" if self.fail_on else "")
