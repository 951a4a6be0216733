"""Overrides: the grader's own call on an item, with who made it, when and why.

    overrides:
      - unit: 白云镇             # or  file: 白云镇报告.docx
        item: C1
        status: met              # met | partial | planned | missing（或 达标 | 部分 | 仅计划 | 缺失）
        by: 张三
        date: 2025-03-02
        note: 附件显示已签订法律顾问合同

The tool's status stays beside the final one (`computed`), and every output shows both and who
decided. The final status is what the score and the gate use. The file lives beside the
reports, like waivers: the same calls hold on every re-run, and `fazhi diff` shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import PurePath

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..checklist.yamlfile import load_yaml_model, read_text
from ..models import STATUS_ZH, Decision, ItemResult, Status
from .roster import same_unit

BY_WORD = {word: status for status, word in STATUS_ZH.items()}


class Override(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    unit: str = Field(default="", description="单位名称（与 file 二选一）")
    file: str = Field(default="", description="报告文件名（与 unit 二选一）")
    item: str = Field(min_length=1, description="检查项编号，如 C1")
    status: Status = Field(description="改判后的状态：met、partial、planned、missing（或 达标、部分、仅计划、缺失）")
    by: str = Field(min_length=1, description="改判人")
    date: date
    note: str = Field(min_length=1, description="改判理由")

    @field_validator("status", mode="before")
    @classmethod
    def _chinese_status(cls, value: object) -> object:
        return BY_WORD.get(value, value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_target(self) -> Override:
        if bool(self.unit) == bool(self.file):
            raise ValueError("unit（单位）和 file（文件名）须写且只写一个")
        return self

    @property
    def target(self) -> str:
        return self.unit or self.file

    def applies_to(self, unit: str, path: str) -> bool:
        if self.file:
            return PurePath(path).name == PurePath(self.file).name
        return same_unit(self.unit, unit)

    @property
    def decision(self) -> Decision:
        return Decision(self.by, self.date, self.note)


class Overrides(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    overrides: list[Override]


def load(path: str) -> list[Override]:
    return list(load_yaml_model(read_text(path, "改判文件"), path, Overrides).overrides)


def apply(overrides: Sequence[Override], unit: str, path: str, items: list[ItemResult]) -> None:
    """The grader's calls laid on this report's items, before they are scored: the last one in the
    file wins where two name the same item."""
    by_id = {i.id: i for i in items}
    for o in overrides:
        item = by_id.get(o.item)
        if item is None or not o.applies_to(unit, path):
            continue
        if item.computed is None:
            item.computed = item.status
        item.status, item.decision = o.status, o.decision


def warnings(overrides: Sequence[Override], reports: Iterable[tuple[str, str]], item_ids: Sequence[str]) -> list[str]:
    """A warning for each override that names no report of the run (by unit or file) or no item of
    the checklist: such a call changes nothing, which the grader should know."""
    graded = list(reports)
    out = []
    for o in overrides:
        if o.item not in item_ids:
            out.append(f"改判的检查项 {o.item}（{o.target}）不在核查清单中，此改判不起作用")
        elif not any(o.applies_to(unit, path) for unit, path in graded):
            what = "单位" if o.unit else "文件"
            out.append(f"改判的{what} {o.target}（{o.item}）不在本次评查的报告中，此改判不起作用")
    return out
