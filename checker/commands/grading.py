"""How the grading commands grade their reports on the batch engine (batch.py): in parallel from a
few reports on, with a progress bar, against last year's report (`check --previous`), and the
copies between units and from last year's reports (`batch`)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..checklist.editions import Editions
from ..models import CopyDoc, FazhiError
from ..read import read
from ..read.files import expand
from ..render import quotes_shown
from ..score.run import Run
from ..view.view import shown
from . import inputs

if TYPE_CHECKING:
    from .batch import Arrivals, Graded

PARALLEL_FROM = 8  # reports: below this, starting worker processes costs more than it saves

T = TypeVar("T")
Tick = Callable[[], None]  # one more report graded: the progress bar moves


def grade(paths: list[str], args: argparse.Namespace, checklist: Editions, verbose: bool = False,
          arrivals: Arrivals | None = None) -> list[Graded]:
    """Every report graded by the batch engine: in parallel from PARALLEL_FROM reports on (never
    with stdin among them, which only this process can read)."""
    from .batch import Work, default_jobs, grade_many, keep_results

    quotes = args.command != "check" or quotes_shown("check", args.format) or args.keywords  # keywords: of the quotes
    overrides = inputs.load_overrides(args)
    work = Work(args.checklist, tuple(inputs.load_waivers(args, checklist)), overrides, copies=False, quotes=quotes,
                verbose=verbose)
    jobs = default_jobs() if len(paths) >= PARALLEL_FROM and "-" not in paths else 1
    graded = grade_many(paths, work, jobs, arrivals, checklist=checklist)
    keep_results()
    inputs.warn_overrides(overrides, [g.result for g in graded if g.result is not None], checklist, args)
    return graded


def grade_with_previous(paths: list[str], args: argparse.Namespace, checklist: Editions) -> list[Graded]:
    """One report graded here, its parts compared with last year's report (`--previous`): each of
    last year's shortcomings followed up, and each named again this year a finding."""
    from ..pipeline import grade_following_up, parse_source
    from .batch import Graded

    if len(paths) != 1:
        raise FazhiError(f"--previous 只能与一份报告一起使用（收到 {len(paths)} 份）")
    if Path(args.previous).is_dir():
        raise FazhiError(f"{shown(args.previous)}: 是目录；--previous 需要上一年度的一份报告")
    last = parse_source(read(args.previous), checklist)  # unreadable: a message naming it, exit 2
    try:
        result = grade_following_up(read(paths[0]), last, checklist, inputs.load_waivers(args, checklist),
                                    args.verbose)
    except FazhiError as exc:
        return [Graded(paths[0], None, str(exc).removeprefix(f"{paths[0]}: "), None)]
    result.previous = args.previous
    return [Graded(paths[0], result, "", None)]


def batch_jobs(asked: int | None) -> int:
    """`batch --jobs`: the worker processes, at least one and at most one a core."""
    from .batch import default_jobs

    cores = default_jobs()
    jobs = cores if asked is None else asked
    if jobs < 1:
        raise FazhiError("--jobs 至少为 1")
    if jobs > cores:  # more processes than cores only costs memory (each holds the checklist)
        sys.stderr.write(f"fazhi: 警告：--jobs {jobs} 多于可用的 CPU 核数，按 {cores} 个进程评查\n")
        jobs = cores
    return jobs


def with_progress(paths: list[str], work: Callable[[Tick | None], T], args: argparse.Namespace) -> T:
    """Run `work(tick)` with a rich progress bar on stderr when it is a terminal."""
    if args.no_progress or not sys.stderr.isatty():
        return work(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("评查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # Redrawn from the ticks, not by rich's refresh thread: with no thread of its own running, this
    # process may fork its workers (batch.py), which start at once with the checklist loaded.
    with Progress(*columns, console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
        task = progress.add_task("grading", total=len(paths))
        drawn = time.monotonic()

        def tick() -> None:
            nonlocal drawn
            progress.advance(task)
            if time.monotonic() - drawn >= 0.1:  # ten frames a second, however fast reports come
                progress.refresh()
                drawn = time.monotonic()

        return work(tick)


def copies_and_reuse(run: Run, texts: list[CopyDoc], args: argparse.Namespace, checklist: Editions) -> None:
    """`batch`: text shared between units (unless --no-copies), and text reused from each unit's
    report of an earlier year (--previous DIR); a file there that cannot be read joins the unreadable."""
    from ..evidence.copies import between_units, find_copies, find_reuse, overlaps
    from .batch import previous_texts

    if not args.no_copies:
        run.copies = between_units(find_copies(texts))
        run.overlaps = overlaps(texts, run.copies)
    if args.previous:
        earlier_paths, skipped = expand([args.previous])
        run.unreadable += skipped
        earlier = previous_texts(earlier_paths, checklist.newest.words)
        run.reuse = [g for doc in texts if doc.unit in earlier for g in find_reuse(doc, earlier[doc.unit])]
