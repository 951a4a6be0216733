"""Grade many reports at once: the pipeline in parallel processes, then what a county needs.

Each worker loads the checklist once and grades whole files; it sends back the result and
the report's normalised lines (for copy detection), so no text is read twice.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING

from ..checklist.editions import Editions
from ..checklist.loading import load_editions
from ..checklist.vocabulary import Vocabulary
from ..evidence.copies import copy_doc
from ..models import CopyDoc, EditionUsed, Evidence, FazhiError, ItemResult, ReportResult
from ..normalise.normalise import normalise
from ..pipeline import grade_document
from ..read import read
from ..score.overrides import Override
from ..score.run import Run
from ..score.waivers import Waiver
from ..view.view import ReportView, RunView, build, report_view

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext


@dataclass(frozen=True)
class Work:
    """What every worker needs to know: the checklist, the waivers, what to send back."""

    checklist_ref: str
    waivers: tuple[Waiver, ...] = ()
    overrides: tuple[Override, ...] = ()  # the grader's own calls on items (--overrides)
    copies: bool = True  # send the normalised text back, for copy detection
    quotes: bool = True  # send each item's quoted sentences back (False: the output quotes none)
    verbose: bool = False  # keep every sentence looked at (check -v)


@cache
def pickled_by_fields() -> None:
    """Results cross from the workers with their items, evidence and edition pickled as a tuple of
    their fields in order (made in C) instead of a dictionary of names: the pool's pickling and
    unpickling were a sixth of a short report's time. Only the pool's pickler does so; everything
    else pickles them the ordinary way. Set up when a pool starts (and in each of its workers), so
    a command grading in one process does not import the pool's modules (14 ms of a start)."""
    from multiprocessing.reduction import ForkingPickler

    for kind in (Evidence, ItemResult, EditionUsed):
        values = attrgetter(*(f.name for f in fields(kind)))
        ForkingPickler.register(kind, lambda obj, kind=kind, values=values: (kind, values(obj)))


_worker: tuple[Work, Editions] | None = None
RARE_COLLECTIONS = (50_000, 20, 20)  # gc thresholds once graded (`keep_results`): a young collection per 50,000 objects


@dataclass(frozen=True)
class Graded:
    path: str
    result: ReportResult | None
    error: str
    text: CopyDoc | None
    peak_kb: int = 0  # the grading process's peak resident memory so far (for the benchmark)


class Arrivals:
    """What this process makes of each report's result as it comes in, while the workers grade the
    rest (else it all waits for the last one): the report's view, and with `entry` the output's
    entry for that report (JSON's: made after the last result, the entries of 2,000 short reports
    took a tenth of the batch's time with one core idle). `views=False`: made after the last
    instead (keywords and follow-ups change the results once all are in)."""

    def __init__(self, run: Run, views: bool = True, entry: Callable[[ReportView], bytes] | None = None) -> None:
        self.run, self.views, self.entry = run, views, entry
        self.tick: Callable[[], None] | None = None  # the progress bar's
        self.made: list[ReportView] = []
        self.entries: list[bytes] = []

    def __call__(self, graded: Graded) -> None:
        if self.tick is not None:
            self.tick()
        if graded.result is not None and self.views:
            view = report_view(self.run, graded.result)
            self.made.append(view)
            if self.entry is not None:
                self.entries.append(self.entry(view))

    def remake(self, n: int) -> None:
        """The view (and entry) of the run's n-th result made again: the result changed after it came in."""
        if self.views and n < len(self.made):
            self.made[n] = view = report_view(self.run, self.run.results[n])
            if self.entry is not None:
                self.entries[n] = self.entry(view)

    def build(self) -> RunView:
        """The run's view, of the views made as the results came in."""
        return build(self.run, self.made if self.views else None)

    def made_entries(self) -> list[bytes] | None:
        """The output's entries of the reports, in the view's order, when made as they came in."""
        return self.entries if self.views and self.entry is not None else None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def grade_many(
    paths: Sequence[str], work: Work, jobs: int, on_done: Callable[[Graded], None] | None = None,
    checklist: Editions | None = None,
) -> list[Graded]:
    """Grade every path, in the order given; `on_done` is called with each as it comes in (to tick a
    progress bar, to make its view while the workers grade the rest). In this process when
    `jobs` is 1 (with `checklist`, when the caller has it loaded already)."""
    out = []
    with _collector():
        for graded in _graded(paths, work, jobs, checklist):
            out.append(graded)
            if on_done is not None:
                on_done(graded)
    return out


@contextmanager
def collector_off() -> Iterator[None]:
    """The garbage collector held off while making what holds no cycles (the view, an output): it
    would only scan the objects, a tenth of the time of making them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _collector() -> Iterator[None]:
    """The garbage collector is off while results pile up here, hundreds of objects each, to live to
    the end. A parent that only receives its workers' results makes no cycles (results hold none),
    so the collector would find nothing at a growing cost (half the parent's time in a batch of
    4,000). Grading in this process collects what reading a file leaves behind itself (`grade_settled`).
    Either way the results are frozen out of it at the end."""
    with collector_off():
        try:
            yield
        finally:
            gc.freeze()


def _graded(paths: Sequence[str], work: Work, jobs: int, checklist: Editions | None) -> Iterator[Graded]:
    if jobs <= 1 or len(paths) < 2:
        _init(work, checklist)
        yield from map(grade_settled, paths)
        return
    # 16 reports a message: a worker's chunk of results (28 KB each) goes through the pipe in pieces
    # the parent takes as they come; chunks of 64 were 3% slower with 2 workers (four turns each)
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(16, len(paths) // (jobs * 8)))
    pickled_by_fields()
    context = _start_method()
    inherited = checklist if context.get_start_method() == "fork" else None  # never pickled to a worker
    if inherited is not None:
        # what a forked worker inherits (modules, the checklist) frozen out of the collector first: the
        # worker's first collection would touch every object and copy its page (20 ms a worker)
        gc.freeze()
    workers = min(jobs, len(paths))
    with ProcessPoolExecutor(workers, context, initializer=_init_worker, initargs=(work, inherited)) as pool:
        yield from pool.map(grade_settled, paths, chunksize=chunk)


def _start_method() -> BaseContext:
    """How workers start. On Linux, while this process runs one thread (cli's progress bar has none), fork:
    a worker starts at once with the checklist loaded, where importing and loading took a third
    of a second. Otherwise forkserver (a fork after threads may deadlock), else spawn."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _init(work: Work, checklist: Editions | None = None) -> None:
    """A grading process (a worker, or this one): the checklist loaded, frozen out of the collector
    for good, and the collector off, as each report is settled instead (`grade_settled`)."""
    global _worker
    _worker = (work, checklist or load_editions(work.checklist_ref))
    gc.collect()
    gc.freeze()
    gc.disable()


def _init_worker(work: Work, checklist: Editions | None) -> None:
    """A pool's worker: `_init`, its results pickled as the parent reads them (set up already in a
    forked worker; one started afresh sets it up here)."""
    pickled_by_fields()
    _init(work, checklist)


def grade_one(path: str) -> Graded:
    assert _worker is not None, "the worker was not initialised"
    work, checklist = _worker
    try:
        source = read(path)
        result, report = grade_document(source, checklist, work.waivers, work.verbose, work.overrides)
    except FazhiError as exc:
        return Graded(path, None, str(exc).removeprefix(f"{path}: "), None)
    if not work.quotes:
        result.unquoted()
    text = copy_doc(path, result.unit, report.document) if work.copies else None
    return Graded(path, result, "", text, _peak_kb())


def grade_settled(path: str) -> Graded:
    """`grade_one`, then settled, with the collector off: reference counting frees all that grading a
    text file makes (it makes no cycles), but reading a PDF leaves some 29,000 objects in cycles, a
    Word file a hundred, a failed read a few. Those are collected here from the youngest generation,
    which holds this report's objects only; then what is left, the result, is frozen out of every
    later collection. Collections that each scanned every result so far took a tenth of the time."""
    graded = grade_one(path)
    if graded.result is None or graded.result.format != "txt":
        gc.collect(0)
    gc.freeze()
    return graded


def keep_results() -> None:
    """What exists now lives to the end: the collector skips it and looks at the rest rarely. For a
    command that has graded its reports, the results and what is built from them (the view, the
    output) — scanning tens of thousands of result objects again and again took longer than building
    the view."""
    gc.freeze()
    gc.set_threshold(*RARE_COLLECTIONS)


def _peak_kb() -> int:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def previous_texts(paths: Sequence[str], words: Vocabulary) -> dict[str, CopyDoc]:
    """Earlier reports by unit, for `--previous`: only their text is needed, not a grade."""
    from ..parse.parse import parse

    found: dict[str, CopyDoc] = {}
    for path in paths:
        try:
            doc = normalise(read(path))
            unit = parse(doc, words).unit
        except Exception:  # an earlier report that cannot be read or parsed only means no reuse found in it
            continue
        found.setdefault(unit, copy_doc(path, unit, doc))
    return found
