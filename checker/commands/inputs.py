"""What a grader brings to a run besides the reports: the project's settings, waivers, overrides and
the roster, each read and checked against the checklist with a warning on stderr for what has no
effect; and, once all reports are graded, the units that sent more than one."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..checklist import loading
from ..checklist.editions import Editions
from ..models import STATUS_ZH, FazhiError, ReportResult
from ..render import FORMATS
from ..score.run import Run

if TYPE_CHECKING:
    from ..score.overrides import Override
    from ..score.waivers import Waiver
    from .batch import Arrivals


def apply_settings(args: argparse.Namespace) -> None:
    """Flags first, then the project's configuration, then the built-in defaults."""
    from . import config

    settings = config.for_run(args.config, args.no_config)
    args.checklist = args.checklist or settings.checklist or loading.DEFAULT_CHECKLIST
    args.waivers = args.waivers or settings.waivers
    if hasattr(args, "overrides"):
        args.overrides = args.overrides or settings.overrides
    # where a setting came from, when not from a flag: the outputs name the file
    source = Path(settings.source).name
    args.fail_on_from = source if not args.fail_on and settings.fail_on else ""
    args.min_score_from = source if args.min_score is None and settings.min_score is not None else ""
    args.fail_on = args.fail_on or settings.fail_on
    args.min_score = args.min_score if args.min_score is not None else settings.min_score
    if not hasattr(args, "format"):  # annotate writes Word documents, no report format
        return
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    fmt = args.format or settings.format or ("auto" if in_actions else "terminal")
    if fmt == "auto":
        fmt = "github" if in_actions else "terminal"
    if fmt not in FORMATS:
        known = "、".join([*sorted(FORMATS), "auto"])
        raise FazhiError(f"{settings.source}: 配置有误：format: 未知的输出格式 {fmt}（可选：{known}）")
    args.format = fmt


def load_waivers(args: argparse.Namespace, checklist: Editions) -> list[Waiver]:
    """The --waivers file's waivers; an expired one, or one for an item no edition has, is warned of."""
    if not args.waivers:
        return []
    from datetime import date

    from ..score import waivers

    loaded = waivers.load(args.waivers)
    for w in waivers.expired(loaded, date.today()):
        sys.stderr.write(f"fazhi: 警告：豁免已过期，已忽略：{w.item}（{w.reason}，{w.expires} 到期）\n")
    for warning in waivers.unknown(loaded, _item_ids(checklist), checklist.newest.id):
        sys.stderr.write(f"fazhi: 警告：{args.waivers}: {warning}\n")
    return loaded


def load_overrides(args: argparse.Namespace) -> tuple[Override, ...]:
    if not getattr(args, "overrides", None):
        return ()
    from ..score import overrides

    return tuple(overrides.load(args.overrides))


def warn_overrides(overrides: tuple[Override, ...], results: list[ReportResult], checklist: Editions,
                   args: argparse.Namespace) -> None:
    """An override that changes nothing (no such unit, file or item), or that the tool now agrees with."""
    if not overrides:
        return
    from ..score.overrides import warnings

    for warning in warnings(overrides, [(r.unit, r.path) for r in results], _item_ids(checklist)):
        sys.stderr.write(f"fazhi: 警告：{args.overrides}: {warning}\n")
    for r in results:
        for i in r.items:
            if i.decision is not None and i.computed is i.status:
                sys.stderr.write(f"fazhi: 提示：{args.overrides}: {r.unit or r.path} 的 {i.id} 评查结果已是"
                                 f"“{STATUS_ZH[i.status]}”，与改判一致，此改判可以删去\n")


def _item_ids(checklist: Editions) -> list[str]:
    """Every edition's item ids, each once, in order: a waiver or override may name any of them."""
    return list(dict.fromkeys(i.id for edition in checklist.editions for i in edition.items))


def load_roster(args: argparse.Namespace) -> tuple[str, ...]:
    if not args.roster:
        return ()
    from ..score import roster

    return roster.load(args.roster)


def warn_off_roster(units: tuple[str, ...], results: list[ReportResult], args: argparse.Namespace) -> None:
    """A report from a unit the roster does not name: a typo in either, or a stray file."""
    if not units:
        return
    from ..score import roster

    for unit in roster.not_on_roster(units, (r.unit for r in results)):
        sys.stderr.write(f"fazhi: 警告：{args.roster}: 报告单位 {unit} 不在应交名单中\n")


def mark_duplicates(run: Run, arrivals: Arrivals) -> None:
    """A unit that submitted more than one report: a `duplicate_unit` finding on each, and its view
    made again (the views were made as the results came in, before the last said who is twice)."""
    from ..evidence.copies import duplicate_units
    from ..models import Finding

    others = duplicate_units([(r.unit, r.path) for r in run.results])
    for n, r in enumerate(run.results):
        if r.path in others:
            names = "、".join(Path(p).name for p in others[r.path])
            text = f"同一单位（{r.unit}）提交了多份报告，另见：{names}；排名中各列一次，请确认以哪份为准"
            r.findings = [*r.findings, Finding("duplicate_unit", 0, text)]
            arrivals.remake(n)
