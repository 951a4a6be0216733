"""The roster: which units owe a report (`--roster FILE`, one unit a line).

A county's 依法治县办 knows who must submit. A unit on the roster with no graded report among the
batch's is 应交未交: listed in every output, and the run fails (gate.py) until it is in. Blank
lines and lines starting with # are left out; a unit is matched by name, written in full or short
(“白云镇” matches a report of 白云镇人民政府).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..checklist.yamlfile import read_text
from ..models import FazhiError, short_unit

MAX_UNITS = 10_000  # a county has tens; a roster of more is not a roster


def load(path: str) -> tuple[str, ...]:
    """The units of a roster file, in its order, each once."""
    units: list[str] = []
    for number, line in enumerate(read_text(path, "应交名单").splitlines(), 1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if len(name) > 60 or any(ch.isspace() for ch in name):
            raise FazhiError(f"{path}:{number}: 应交名单每行写一个单位名称：{name[:30]}")
        units.append(name)
    if len(units) > MAX_UNITS:
        raise FazhiError(f"{Path(path)}: 应交名单过长（上限 {MAX_UNITS} 个单位）")
    if not units:
        raise FazhiError(f"{path}: 应交名单中没有单位（每行写一个单位名称）")
    return tuple(dict.fromkeys(units))


short = short_unit


def same_unit(a: str, b: str) -> bool:
    """Whether two names are one unit: equal once their formal tails are left out."""
    return bool(a) and bool(b) and short(a) == short(b)


def not_submitted(roster: Iterable[str], units: Iterable[str]) -> tuple[str, ...]:
    """The roster's units that no graded report is from, in the roster's order."""
    graded = {short(u) for u in units if u}
    return tuple(u for u in roster if short(u) not in graded)


def not_on_roster(roster: Iterable[str], units: Iterable[str]) -> tuple[str, ...]:
    """Units of graded reports that the roster does not name (a typo in either, or a stray file)."""
    listed = {short(u) for u in roster}
    return tuple(dict.fromkeys(u for u in units if u and short(u) not in listed))
