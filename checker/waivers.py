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
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .models import FazhiError
from .yamlfile import load_yaml_model


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    reason: str = Field(min_length=1)
    expires: date
    units: list[str] = Field(default_factory=list)


class Waivers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    waivers: list[Waiver]


def load(path: str) -> list[Waiver]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FazhiError(f"{path}: 无法读取豁免文件（{exc}）") from exc
    return list(load_yaml_model(text, path, Waivers).waivers)


def expired(waivers: list[Waiver], today: date) -> list[Waiver]:
    return [w for w in waivers if w.expires < today]


def for_unit(waivers: list[Waiver], unit: str, today: date) -> dict[str, str]:
    """Item id → reason, for the waivers in force for this unit."""
    return {
        w.item: w.reason
        for w in waivers
        if w.expires >= today and (not w.units or unit in w.units)
    }
