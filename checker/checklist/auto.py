"""`--checklist auto`: each report graded by the checklist for its kind of unit.

A county's folder holds townships' and street offices' reports and, now and then, a county
department's (司法局, 发改委, 政务服务中心). Which kind a report is comes from the unit the parser read
from its title or signature, never from the file's name: a unit that ends in a department's word
(`department_unit` in the vocabulary: 局, 委员会, 办公室, 中心 …) and names no township or street
(`township_unit`: 镇, 乡, 街道) is a department, graded by `county-department`; every other unit,
and a report whose unit was not read, is graded by `township-annual`. The words are data
(checklists/vocabulary.yaml); each report's edition says which checklist and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import ParsedReport
from .checklist import Checklist
from .editions import Editions, Pick

AUTO = "auto"
TOWNSHIP = "township-annual"
DEPARTMENT = "county-department"


@dataclass(frozen=True)
class ByUnit(Editions):
    """The township checklist's editions and the department checklist's, one picked per report."""

    township: Editions = field(default=None)  # type: ignore[assignment]
    department: Editions = field(default=None)  # type: ignore[assignment]

    @property
    def newest(self) -> Checklist:
        """The run's own checklist (its header, pass score, vocabulary): the townships'."""
        return self.township.newest

    @property
    def label(self) -> str:
        return f"按单位类别自动选择：{self.township.label}；{self.department.label}"

    def pick_report(self, report: ParsedReport) -> Pick:
        family, reason = self.family_of(report)
        pick = family.pick(report.year)
        return Pick(pick.compiled, "；".join(w for w in (reason, pick.why) if w), pick.finding)

    def family_of(self, report: ParsedReport) -> tuple[Editions, str]:
        """The checklist family for the report's unit, and why, in Chinese."""
        words = self.township.compiled[-1].words
        unit = report.unit or report.issuer
        if not unit:
            return self.township, "未认出报告单位，按乡镇（街道）清单"
        suffix = words.regex("department_unit", suffix="$").search(unit)
        if suffix and not words.regex("township_unit").search(unit[: suffix.start()]):
            return self.department, f"单位“{unit}”以“{suffix.group()}”结尾，属县级部门"
        return self.township, f"单位“{unit}”属乡镇（街道）"


def by_unit(township: Editions, department: Editions) -> ByUnit:
    return ByUnit(AUTO, township.compiled + department.compiled, township=township, department=department)
