"""What a grading command leaves behind: the run's gate, its output in the chosen format, the
files it could not read on stderr, the Word copies and workbooks asked for, and the exit code, which
is the gate's verdict (the same every format shows)."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from ..checklist.editions import Editions
from ..models import FazhiError, ReportResult
from ..read import read
from ..render import FORMATS, write_text
from ..score.gate import Gate, failing_statuses
from ..score.run import Run, new_run
from ..view.view import ReportView, RunView, shown
from .arguments import EXIT_BAD_INPUT, EXIT_BELOW, EXIT_PASS


def gate(checklist: Editions, args: argparse.Namespace) -> Gate:
    """The one pass/fail rule of the run: the checklist's pass score unless --min-score, and --fail-on."""
    return Gate(
        pass_score=checklist.newest.pass_score if args.min_score is None else args.min_score,
        fail_on=failing_statuses(args.fail_on),
        min_score=args.min_score is not None,
        fail_on_from=getattr(args, "fail_on_from", ""),
        min_score_from=getattr(args, "min_score_from", ""),
    )


def start_run(checklist: Editions, results: list[ReportResult], unreadable: list[tuple[str, str]],
              args: argparse.Namespace) -> Run:
    return new_run(checklist, results, unreadable, gate(checklist, args))


def finish(view: RunView, args: argparse.Namespace, entries: Sequence[bytes] | None = None) -> int:
    """Write the output (with its reports' entries when made already: `render.report_entry`); the
    exit code is the gate's verdict, the same every format shows."""
    _write(view, args.format, args.output, entries)
    return exit_code(view)


def exit_code(view: RunView) -> int:
    """The files that could not be read named on stderr; the exit code: 2 when no report was graded."""
    for path, reason in view.unreadable:
        sys.stderr.write(f"fazhi: {path}: {reason}\n")
    if not view.reports:
        return EXIT_BAD_INPUT
    return EXIT_PASS if view.passed else EXIT_BELOW


def _write(view: RunView, fmt: str, output: str | None, entries: Sequence[bytes] | None = None) -> None:
    from .batch import collector_off

    buffer = io.StringIO()
    render = FORMATS[fmt] if entries is None else partial(FORMATS[fmt], entries=entries)
    with collector_off():
        render(view, sys.stdout if output is None else buffer)
    if output is not None:
        write_text(output, buffer.getvalue())


def write_batch_files(view: RunView, results: list[ReportResult], args: argparse.Namespace) -> None:
    """`batch --annotate DIR --xlsx FILE --csv FILE`: the files asked for besides the output."""
    if args.annotate:
        annotate_all([(r.path, v) for r, v in zip(results, view.reports, strict=True)], None, args.annotate)
    if args.xlsx:
        from ..render.spreadsheet import write_xlsx

        write_xlsx(view, args.xlsx)
    if args.csv:
        from ..render.spreadsheet import write_csv

        write_csv(view, args.csv)


def annotate_all(
    reports: list[tuple[str, ReportView]], output: str | None, folder: str
) -> list[tuple[str, ReportView, str]]:
    """Write each report's annotated copy (read again: a result does not keep its text); (path,
    report, the file written) of each written, and a message on stderr for each that could not be."""
    from ..render.annotated import annotated_name, write_annotated

    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FazhiError(f"{folder}: 无法创建目录（{exc.strerror}）") from exc
    taken: set[str] = set()
    written = []
    for path, report in reports:
        out = output or annotated_name(path, folder, taken)
        try:
            write_annotated(report, read(path), out)
        except FazhiError as exc:
            sys.stderr.write(f"fazhi: {shown(str(exc))}\n")  # the message names the file
            continue
        except Exception as exc:  # a document python-docx cannot take comments in: this one, not the run
            sys.stderr.write(f"fazhi: {shown(path)}: 无法生成带批注的文档（{type(exc).__name__}）\n")
            continue
        written.append((path, report, out))
    return written
