"""Waivers: an item a unit need not meet, for a stated reason, until a date.

    waivers:
      - item: B1
        reason: 街道无行政执法权
        expires: 2026-12-31
        units: [南湖街道]        # optional: every unit when left out

A waived item is shown as 豁免 with its reason and left out of the score. A waiver past its
expiry date is ignored, with a warning.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ..checklist.yamlfile import load_yaml_model, read_text


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    item: str
    reason: str = Field(min_length=1)
    expires: date
    units: list[str] = Field(default_factory=list)


class Waivers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    waivers: list[Waiver]


def load(path: str) -> list[Waiver]:
    return list(load_yaml_model(read_text(path, "豁免文件"), path, Waivers).waivers)


def unknown(waivers: list[Waiver], item_ids: list[str], checklist_id: str) -> list[str]:
    """A warning for each waiver naming no item of the checklist (ids are case-sensitive)."""
    by_upper = {i.upper(): i for i in item_ids}
    warnings = []
    for w in waivers:
        if w.item not in item_ids:
            hint = f"（编号区分大小写：是否指 {by_upper[w.item.upper()]}？）" if w.item.upper() in by_upper else ""
            warnings.append(f"豁免的检查项 {w.item} 不在核查清单 {checklist_id} 中{hint}，此豁免不起作用")
    return warnings


def expired(waivers: list[Waiver], today: date) -> list[Waiver]:
    return [w for w in waivers if w.expires < today]


def for_unit(waivers: list[Waiver], unit: str, today: date) -> dict[str, str]:
    """Item id → reason, for the waivers in force for this unit."""
    return {
        w.item: w.reason
        for w in waivers
        if w.expires >= today and (not w.units or unit in w.units)
    }
