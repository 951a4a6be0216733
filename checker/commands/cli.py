"""The `fazhi` command: arguments in (arguments.py), one command run, an exit code out.

Each command below only puts the pieces together: the grader's inputs (settings, waivers,
overrides, roster) are read in inputs.py, reports graded through grading.py on the batch engine
(batch.py), and the output and exit code are written by output.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from ..checklist.loading import load_editions
from ..models import FazhiError
from ..read.files import expand, expand_all
from ..render import quotes_shown, report_entry
from ..score.run import grading_day
from ..view.view import build, shown
from . import grading, inputs, output
from .arguments import EXIT_BAD_INPUT, EXIT_BELOW, EXIT_PASS, build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_BAD_INPUT
    try:
        if args.command in ("check", "batch", "annotate"):
            inputs.apply_settings(args)
        return COMMANDS[args.command](args)
    except FazhiError as exc:
        sys.stderr.write(f"fazhi: {exc}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `fazhi check … | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BELOW
    except KeyboardInterrupt:
        sys.stderr.write("fazhi: 已中断\n")
        return 130


def run() -> NoReturn:
    """The `fazhi` command: `main`, its output flushed, and its exit code."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # a reader that left (`… | head`): what is left to write goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except ValueError:  # stdout closed by whoever called us
        pass
    sys.exit(code)


def check(args: argparse.Namespace) -> int:
    from .batch import Arrivals, collector_off

    checklist = load_editions(args.checklist)
    paths, unreadable, skipped = expand_all(args.reports)
    run = output.start_run(checklist, [], unreadable, args)
    run.verbose, run.skipped = args.verbose, skipped
    # --keywords are found in the quotes once graded, --previous in the parts: the views wait for them
    arrivals = Arrivals(run, views=not (args.keywords or args.previous))
    if args.previous:
        graded = grading.grade_with_previous(paths, args, checklist)
    else:
        graded = grading.grade(paths, args, checklist, verbose=args.verbose, arrivals=arrivals)
    run.results = [g.result for g in graded if g.result is not None]
    unreadable += [(g.path, g.error) for g in graded if g.result is None]
    if args.keywords:
        from ..view.keywords import add_keywords

        run.results = add_keywords(run.results, checklist.newest)
    with collector_off():
        view = arrivals.build()
    return output.finish(view, args)


def batch(args: argparse.Namespace) -> int:
    from .batch import Arrivals, Graded, Work, collector_off, grade_many, keep_results

    checklist = load_editions(args.checklist)  # fail fast, before any worker starts
    jobs = grading.batch_jobs(args.jobs)
    paths, unreadable, skipped = expand_all(args.reports)
    roster = inputs.load_roster(args)
    waivers = inputs.load_waivers(args, checklist)
    overrides = inputs.load_overrides(args)
    # the workbook's evidence sheet and the annotated copies quote each item
    quotes = quotes_shown("batch", args.format) or bool(args.xlsx or args.annotate)
    work = Work(args.checklist, tuple(waivers), overrides, copies=not args.no_copies or bool(args.previous),
                quotes=quotes)
    run = output.start_run(checklist, [], unreadable, args)
    run.batch, run.skipped, run.roster, run.graded_on = True, skipped, roster, grading_day(args.date)
    arrivals = Arrivals(run, entry=report_entry(args.format))

    def grade(tick: grading.Tick | None) -> list[Graded]:
        arrivals.tick = tick
        return grade_many(paths, work, jobs, arrivals, checklist)

    graded = grading.with_progress(paths, grade, args)
    keep_results()
    results = run.results = [g.result for g in graded if g.result is not None]
    unreadable += [(g.path, g.error) for g in graded if g.result is None]
    inputs.mark_duplicates(run, arrivals)
    grading.copies_and_reuse(run, [g.text for g in graded if g.text is not None], args, checklist)
    inputs.warn_off_roster(roster, results, args)
    inputs.warn_overrides(overrides, results, checklist, args)
    with collector_off():
        view = arrivals.build()
    output.write_batch_files(view, results, args)
    return output.finish(view, args, arrivals.made_entries())


def annotate(args: argparse.Namespace) -> int:
    """Grade each report and write its annotated copy; the exit code is the gate's, as for check."""
    checklist = load_editions(args.checklist)
    paths, unreadable = expand(args.reports)
    if args.output and len(paths) > 1:
        raise FazhiError("-o 只能用于一份报告；多份报告请用 --outdir DIR")
    graded = grading.grade(paths, args, checklist)
    done = [g for g in graded if g.result is not None]
    unreadable += [(g.path, g.error) for g in graded if g.result is None]
    view = build(output.start_run(checklist, [g.result for g in done if g.result is not None], unreadable, args))
    pairs = [(g.path, v) for g, v in zip(done, view.reports, strict=True)]
    for path, report, out in output.annotate_all(pairs, args.output, args.outdir or "."):
        gaps = len(report.to_add)
        sys.stdout.write(f"✔ {shown(path)} → {shown(out)}（{report.score:g} 分，{gaps} 条批注和 1 条评分摘要）\n")
    return output.exit_code(view)


def serve(args: argparse.Namespace) -> int:
    from .serve import serve as run_server

    limits = {"jobs": args.jobs, "queue": args.queue, "max_request_mb": args.max_request_mb,
              "max_file_mb": args.max_file_mb, "max_files": args.max_files}
    return run_server(args.host, args.port, tuple(args.allow_host), **limits)


def explain(args: argparse.Namespace) -> int:
    from . import explain as explaining

    checklist = load_editions(args.checklist).newest
    explaining.render(checklist, explaining.find_item(checklist, args.item), sys.stdout)
    return EXIT_PASS


def diff(args: argparse.Namespace) -> int:
    from . import diff as diffing

    result = diffing.compare(args.old, args.new, load_editions(args.checklist), inputs.load_overrides(args))
    if args.format == "json":
        import json

        json.dump(diffing.to_dict(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        diffing.render(result, sys.stdout)
    return EXIT_PASS


def checklist(args: argparse.Namespace) -> int:
    from . import authoring

    return authoring.run(args)


COMMANDS = {
    "check": check, "batch": batch, "annotate": annotate, "serve": serve, "explain": explain, "diff": diff,
    "checklist": checklist,
}


if __name__ == "__main__":
    run()
