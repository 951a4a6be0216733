"""The `fazhi` command: a thin layer that turns arguments into a pipeline run and an exit code."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ..checklist import loading
from ..checklist.editions import Editions
from ..checklist.loading import load_editions
from ..models import STATUS_ZH, FazhiError, ReportResult
from ..read import read
from ..read.files import expand, expand_all
from ..render import FORMATS, quotes_shown, write_text
from ..score.gate import FAIL_LEVELS, Gate, failing_statuses
from ..score.run import Run, new_run
from ..view.view import ReportView, RunView, build, report_view, shown

if TYPE_CHECKING:
    from .batch import Arrivals, Graded

EXIT_PASS, EXIT_BELOW, EXIT_BAD_INPUT = 0, 1, 2

EPILOG = """退出码：
  0  所有报告均达到及格分（或 --min-score），且没有必查项触发 --fail-on
  1  有报告低于及格分、有必查项触发 --fail-on，或有文件未能读取
  2  输入或用法错误（文件都无法读取、核查清单有误、参数错误）"""


class _Version(argparse.Action):
    """`--version`: the version is read from the installed package only when asked for (reading it
    on every start cost a tenth of a cold check)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        from .. import __version__

        sys.stdout.write(f"fazhi {__version__}\n")
        parser.exit()


class Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        message = (
            message.replace("the following arguments are required", "缺少参数")
            .replace("unrecognized arguments", "无法识别的参数")
            .replace("invalid choice", "无效的选项")
            .replace("argument ", "参数 ")
            .replace("expected one argument", "需要一个值")
            .replace("invalid float value", "应为数字")
        )
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"fazhi: 错误：{message}\n")


CHECKLIST_HELP = ("内置清单编号或 YAML 文件路径（默认 township-annual；"
                  "auto：县级部门的报告按 county-department、乡镇街道的按 township-annual）")

def build_parser() -> Parser:
    parser = Parser(
        prog="fazhi",
        description="按核查清单评查法治政府建设年度报告，列出缺失项。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=Parser)
    check = _grading_command(
        sub, "check", "评查一份或多份报告，逐份列出缺失项",
        "评查报告：文件、目录（递归，仅支持的格式）、通配符，或 - （标准输入）。",
        "报告文件、目录、通配符，或 - 表示标准输入",
    )
    check.add_argument("--keywords", action="store_true", help="用 jieba 提取每份报告的关键词（较慢）")
    check.add_argument(
        "-v", "--verbose", action="store_true", help="列出每个检查项的全部候选句子及取舍理由，并显示文件格式与编码"
    )
    check.add_argument(
        "--previous", metavar="LAST",
        help="上一年度的报告：逐条列出其“存在问题”部分的不足在本年报告中是否整改、仅再次列入计划或未提及",
    )
    explain = sub.add_parser("explain", help="说明一个检查项：要求、依据、各状态的判定标准和示例")
    explain.add_argument("item", metavar="ITEM", help="检查项编号，如 A4")
    _checklist_option(explain)
    diff = sub.add_parser("diff", help="对比同一单位两年的报告：检查项进退、往年问题是否回应、沿用原文")
    diff.add_argument("old", metavar="OLD", help="往年报告")
    diff.add_argument("new", metavar="NEW", help="本年报告")
    _checklist_option(diff)
    diff.add_argument("--format", choices=("terminal", "json"), default="terminal", help="输出格式")
    diff.add_argument("--overrides", metavar="FILE", help="改判文件 YAML：两年的报告都按改判后的状态计分并列出改判")
    batch = _grading_command(
        sub, "batch", "批量评查（并行）：排名、覆盖矩阵、各项汇总、雷同文字",
        "批量评查一个县（区）的报告：并行评查，输出排名、检查项×单位覆盖矩阵、各项汇总和雷同文字。",
        "报告目录、文件或通配符",
    )
    batch.add_argument("-j", "--jobs", type=int, metavar="N", help="并行进程数（默认 CPU 核数）")
    batch.add_argument("--xlsx", metavar="FILE", help="另存 Excel 工作簿（汇总表与证据表）")
    batch.add_argument("--csv", metavar="FILE", help="另存 CSV 汇总表")
    batch.add_argument("--previous", metavar="DIR", help="往年报告目录：找出各单位沿用往年报告的文字")
    batch.add_argument("--no-copies", action="store_true", help="不做雷同文字检测")
    batch.add_argument("--no-progress", action="store_true", help="不显示进度条")
    batch.add_argument("--annotate", metavar="DIR", help="为每份报告另存带批注的 Word 文档到该目录")
    batch.add_argument("--roster", metavar="FILE", help="应交名单：每行一个单位；列出应交未交的单位（有则退出码 1）")
    _annotate_command(sub)
    serve = sub.add_parser("serve", help="启动本机网页：上传报告自查，下载带批注的 Word 文档")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，仅本机可访问）")
    serve.add_argument("--port", type=int, default=8765, help="端口（默认 %(default)s）")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="允许以该域名访问（可重复；经反向代理或以域名访问时需要，localhost 与 IP 地址总是允许）")
    serve.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="同时核查的请求数（默认 2；其余排队）")
    serve.add_argument("--queue", type=int, default=None, metavar="N",
                       help="最多排队的请求数（默认 20；再多则请稍后再试）")
    serve.add_argument("--max-request-mb", type=int, default=None, metavar="MB", help="一次上传的上限（默认 200 MB）")
    serve.add_argument("--max-file-mb", type=int, default=None, metavar="MB", help="每份文件的上限（默认 20 MB）")
    serve.add_argument("--max-files", type=int, default=None, metavar="N", help="一次最多上传的文件数（默认 200）")
    _checklist_commands(sub)
    return parser


def _annotate_command(sub: argparse._SubParsersAction) -> None:
    """`fazhi annotate`: a Word copy of each report with a comment per item to add."""
    parser = sub.add_parser(
        "annotate", help="生成带批注的 Word 文档：每个需要补充的检查项一条批注，标题处附评分摘要",
        description="为报告生成带批注的 Word 文档（.docx 原文和格式不变，只添加批注；其他格式转为 .docx）。",
    )
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="报告文件、目录或通配符")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="OUT.docx", help="输出文件（仅一份报告时）")
    where.add_argument("--outdir", metavar="DIR", help="输出目录（默认当前目录；文件名为“原名-批注.docx”）")
    parser.add_argument("--checklist", help=CHECKLIST_HELP)
    parser.add_argument("--min-score", type=_score, metavar="N", help="低于 N 分即判为未通过（默认用清单的及格分）")
    parser.add_argument("--fail-on", choices=FAIL_LEVELS, metavar="STATUS", help="必查项处于该状态或更差时判为未通过")
    parser.add_argument("--waivers", metavar="FILE", help="豁免清单 YAML")
    parser.add_argument("--config", metavar="FILE", help="配置文件（默认向上查找 fazhi.toml 或 pyproject.toml）")
    parser.add_argument("--no-config", action="store_true", help="不读取任何配置文件")


def _checklist_commands(sub: argparse._SubParsersAction) -> None:
    """`fazhi checklist list|show|validate|test|schema` (checker/authoring.py)."""
    parser = sub.add_parser("checklist", help="编写核查清单：列出、查看、校验、运行示例、导出 JSON Schema")
    actions = parser.add_subparsers(dest="action", metavar="操作", required=True)
    actions.add_parser("list", help="列出内置核查清单：编号、名称、检查项数")
    show = actions.add_parser("show", help="按类别列出检查项：权重、必查/建议、依据；不适用项及原因")
    show.add_argument("checklist", metavar="ID|FILE", help="内置清单编号或 YAML 文件路径")
    validate = actions.add_parser("validate", help="校验清单文件，一次列出全部问题及行号（有误退出码 2）")
    validate.add_argument("file", metavar="FILE", help="YAML 文件路径（或内置清单编号）")
    test = actions.add_parser("test", help="运行各检查项的示例，列出未得到预期状态的（有则退出码 1）")
    test.add_argument("file", metavar="FILE", help="YAML 文件路径（或内置清单编号）")
    actions.add_parser("schema", help="输出清单格式的 JSON Schema（供编辑器校验和补全）")


def _grading_command(
    sub: argparse._SubParsersAction, name: str, summary: str, description: str, reports: str
) -> argparse.ArgumentParser:
    """A command that grades reports: the reports, and the options `check` and `batch` share."""
    parser = sub.add_parser(
        name, help=summary, description=description, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("reports", nargs="+", metavar="REPORT", help=reports)
    _common(parser)
    return parser


def _checklist_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--checklist", default=loading.DEFAULT_CHECKLIST, help="内置清单编号或 YAML 文件路径（默认 %(default)s）"
    )


def _score(text: str) -> float:
    """--min-score: a number from 0 to 100 (nan and inf are no score)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 0 到 100 之间的数：{text}") from None
    if not 0 <= value <= 100:  # false for nan too
        raise argparse.ArgumentTypeError(f"应为 0 到 100 之间的数：{text}")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    """Options every grading command takes; unset ones come from a project's fazhi.toml (config.py)."""
    parser.add_argument("--checklist", help=CHECKLIST_HELP)
    parser.add_argument(
        "--format", choices=[*sorted(FORMATS), "auto"],
        help="输出格式（默认 terminal；auto：在 GitHub Actions 中输出 github 注释，否则 terminal）",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是标准输出")
    parser.add_argument("--min-score", type=_score, metavar="N", help="低于 N 分即判为未通过（默认用清单的及格分）")
    parser.add_argument(
        "--fail-on", choices=FAIL_LEVELS, metavar="STATUS",
        help="必查项处于该状态或更差时判为未通过：partial（部分及以下）、planned（仅计划及以下）、missing（缺失）",
    )
    parser.add_argument("--waivers", metavar="FILE", help="豁免清单 YAML：豁免的检查项不计分，显示为“豁免”")
    parser.add_argument(
        "--overrides", metavar="FILE",
        help="改判文件 YAML：评查人对检查项状态的改判（单位或文件、检查项、状态、改判人、日期、理由），计入得分",
    )
    parser.add_argument(
        "--config", metavar="FILE",
        help="项目配置文件（默认在当前目录及上级目录中找 fazhi.toml，或 pyproject.toml 中的 [tool.fazhi]）",
    )
    parser.add_argument("--no-config", action="store_true", help="不读取项目配置文件")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_BAD_INPUT
    try:
        if args.command in ("check", "batch", "annotate"):
            _apply_settings(args)
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


PARALLEL_FROM = 8  # reports: below this, starting worker processes costs more than it saves


def check(args: argparse.Namespace) -> int:
    from .batch import Arrivals, collector_off

    checklist = load_editions(args.checklist)
    paths, unreadable, skipped = expand_all(args.reports)
    run = _run(checklist, [], unreadable, args)
    run.verbose, run.skipped = args.verbose, skipped
    # --keywords are found in the quotes once graded, --previous in the parts: the views wait for them
    arrivals = Arrivals(run, views=not (args.keywords or args.previous))
    if args.previous:
        graded = _grade_with_previous(paths, args, checklist)
    else:
        graded = _grade(paths, args, checklist, verbose=args.verbose, arrivals=arrivals)
    run.results = [g.result for g in graded if g.result is not None]
    unreadable += [(g.path, g.error) for g in graded if g.result is None]
    if args.keywords:
        from ..view.keywords import add_keywords

        run.results = add_keywords(run.results, checklist.newest)
    with collector_off():
        view = arrivals.build()
    return _finish(view, args)


def _grade(paths: list[str], args: argparse.Namespace, checklist: Editions, verbose: bool = False,
           arrivals: Arrivals | None = None) -> list[Graded]:
    """Every report graded by the batch engine: in parallel from PARALLEL_FROM reports on (never
    with stdin among them, which only this process can read)."""
    from .batch import Work, default_jobs, grade_many, keep_results

    quotes = args.command != "check" or quotes_shown("check", args.format) or args.keywords  # keywords: of the quotes
    overrides = _overrides(args)
    work = Work(args.checklist, tuple(_waivers(args, checklist)), overrides, copies=False, quotes=quotes,
                verbose=verbose)
    jobs = default_jobs() if len(paths) >= PARALLEL_FROM and "-" not in paths else 1
    graded = grade_many(paths, work, jobs, arrivals, checklist=checklist)
    keep_results()
    _warn_overrides(overrides, [g.result for g in graded if g.result is not None], checklist, args)
    return graded


def _grade_with_previous(paths: list[str], args: argparse.Namespace, checklist: Editions) -> list[Graded]:
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
        result = grade_following_up(read(paths[0]), last, checklist, _waivers(args, checklist), args.verbose)
    except FazhiError as exc:
        return [Graded(paths[0], None, str(exc).removeprefix(f"{paths[0]}: "), None)]
    result.previous = args.previous
    return [Graded(paths[0], result, "", None)]


def batch(args: argparse.Namespace) -> int:
    from ..evidence.copies import between_units, find_copies, find_reuse, overlaps
    from .batch import Arrivals, Work, collector_off, default_jobs, grade_many, keep_results, previous_texts

    checklist = load_editions(args.checklist)  # fail fast, before any worker starts
    cores = default_jobs()
    jobs = cores if args.jobs is None else args.jobs
    if jobs < 1:
        raise FazhiError("--jobs 至少为 1")
    if jobs > cores:  # more processes than cores only costs memory (each holds the checklist)
        sys.stderr.write(f"fazhi: 警告：--jobs {jobs} 多于可用的 CPU 核数，按 {cores} 个进程评查\n")
        jobs = cores
    paths, unreadable, skipped = expand_all(args.reports)
    roster = _roster(args)
    waivers = _waivers(args, checklist)
    overrides = _overrides(args)
    # the workbook's evidence sheet and the annotated copies quote each item
    quotes = quotes_shown("batch", args.format) or bool(args.xlsx or args.annotate)
    work = Work(args.checklist, tuple(waivers), overrides, copies=not args.no_copies or bool(args.previous),
                quotes=quotes)
    run = _run(checklist, [], unreadable, args)
    run.batch, run.skipped, run.roster = True, skipped, roster
    arrivals = Arrivals(run)

    def grade(tick: Callable[[], None] | None) -> list[Graded]:
        arrivals.tick = tick
        return grade_many(paths, work, jobs, arrivals, checklist)

    graded = _with_progress(paths, grade, args)
    keep_results()
    results = run.results = [g.result for g in graded if g.result is not None]
    unreadable += [(g.path, g.error) for g in graded if g.result is None]
    texts = [g.text for g in graded if g.text is not None]
    _mark_duplicates(run, arrivals)
    if not args.no_copies:
        run.copies = between_units(find_copies(texts))
        run.overlaps = overlaps(texts, run.copies)
    if args.previous:
        earlier_paths, skipped = expand([args.previous])
        unreadable += skipped
        earlier = previous_texts(earlier_paths, checklist.newest.words)
        run.reuse = [g for doc in texts if doc.unit in earlier for g in find_reuse(doc, earlier[doc.unit])]
    _warn_off_roster(roster, results, args)
    _warn_overrides(overrides, results, checklist, args)
    with collector_off():
        view = arrivals.build()
    if args.annotate:
        _annotate_all([(r.path, v) for r, v in zip(results, view.reports, strict=True)], None, args.annotate)
    if args.xlsx:
        from ..render.spreadsheet import write_xlsx

        write_xlsx(view, args.xlsx)
    if args.csv:
        from ..render.spreadsheet import write_csv

        write_csv(view, args.csv)
    return _finish(view, args)


def _with_progress(paths: list[str], work, args: argparse.Namespace):
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


def annotate(args: argparse.Namespace) -> int:
    """Grade each report and write its annotated copy; the exit code is the gate's, as for check."""
    checklist = load_editions(args.checklist)
    paths, unreadable = expand(args.reports)
    if args.output and len(paths) > 1:
        raise FazhiError("-o 只能用于一份报告；多份报告请用 --outdir DIR")
    graded = _grade(paths, args, checklist)
    done = [g for g in graded if g.result is not None]
    unreadable += [(g.path, g.error) for g in graded if g.result is None]
    view = build(_run(checklist, [g.result for g in done if g.result is not None], unreadable, args))
    pairs = [(g.path, v) for g, v in zip(done, view.reports, strict=True)]
    for path, report, out in _annotate_all(pairs, args.output, args.outdir or "."):
        gaps = len(report.to_add)
        sys.stdout.write(f"✔ {shown(path)} → {shown(out)}（{report.score:g} 分，{gaps} 条批注和 1 条评分摘要）\n")
    for path, reason in view.unreadable:
        sys.stderr.write(f"fazhi: {path}: {reason}\n")
    if not view.reports:
        return EXIT_BAD_INPUT
    return EXIT_PASS if view.passed else EXIT_BELOW


def _annotate_all(
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

    result = diffing.compare(args.old, args.new, load_editions(args.checklist), _overrides(args))
    if args.format == "json":
        json.dump(diffing.to_dict(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        diffing.render(result, sys.stdout)
    return EXIT_PASS


def checklist(args: argparse.Namespace) -> int:
    from . import authoring

    return authoring.run(args)


def _mark_duplicates(run: Run, arrivals: Arrivals) -> None:
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
            if arrivals.views and n < len(arrivals.made):
                arrivals.made[n] = report_view(run, r)


def _roster(args: argparse.Namespace) -> tuple[str, ...]:
    if not args.roster:
        return ()
    from ..score import roster

    return roster.load(args.roster)


def _warn_off_roster(units: tuple[str, ...], results: list[ReportResult], args: argparse.Namespace) -> None:
    """A report from a unit the roster does not name: a typo in either, or a stray file."""
    if not units:
        return
    from ..score import roster

    for unit in roster.not_on_roster(units, (r.unit for r in results)):
        sys.stderr.write(f"fazhi: 警告：{args.roster}: 报告单位 {unit} 不在应交名单中\n")


def _overrides(args: argparse.Namespace) -> tuple:  # tuple[Override, ...]
    if not getattr(args, "overrides", None):
        return ()
    from ..score import overrides

    return tuple(overrides.load(args.overrides))


def _warn_overrides(overrides: tuple, results: list[ReportResult], checklist: Editions,
                    args: argparse.Namespace) -> None:
    """An override that changes nothing (no such unit, file or item), or that the tool now agrees with."""
    if not overrides:
        return
    from ..score.overrides import warnings

    ids = list(dict.fromkeys(i.id for edition in checklist.editions for i in edition.items))
    for warning in warnings(overrides, [(r.unit, r.path) for r in results], ids):
        sys.stderr.write(f"fazhi: 警告：{args.overrides}: {warning}\n")
    for r in results:
        for i in r.items:
            if i.decision is not None and i.computed is i.status:
                sys.stderr.write(f"fazhi: 提示：{args.overrides}: {r.unit or r.path} 的 {i.id} 评查结果已是"
                                 f"“{STATUS_ZH[i.status]}”，与改判一致，此改判可以删去\n")


def _waivers(args: argparse.Namespace, checklist: Editions) -> list:  # list[Waiver]
    if not args.waivers:
        return []
    from datetime import date

    from ..score import waivers

    loaded = waivers.load(args.waivers)
    for w in waivers.expired(loaded, date.today()):
        sys.stderr.write(f"fazhi: 警告：豁免已过期，已忽略：{w.item}（{w.reason}，{w.expires} 到期）\n")
    ids = list(dict.fromkeys(i.id for edition in checklist.editions for i in edition.items))
    for warning in waivers.unknown(loaded, ids, checklist.newest.id):
        sys.stderr.write(f"fazhi: 警告：{args.waivers}: {warning}\n")
    return loaded


def _apply_settings(args: argparse.Namespace) -> None:
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


def _gate(checklist: Editions, args: argparse.Namespace) -> Gate:
    return Gate(
        pass_score=checklist.newest.pass_score if args.min_score is None else args.min_score,
        fail_on=failing_statuses(args.fail_on),
        min_score=args.min_score is not None,
        fail_on_from=getattr(args, "fail_on_from", ""),
        min_score_from=getattr(args, "min_score_from", ""),
    )


def _run(checklist: Editions, results: list[ReportResult], unreadable, args) -> Run:
    return new_run(checklist, results, unreadable, _gate(checklist, args))


def _finish(view: RunView, args: argparse.Namespace) -> int:
    """Write the output; the exit code is the gate's verdict, the same every format shows."""
    _write(view, args.format, args.output)
    for path, reason in view.unreadable:
        sys.stderr.write(f"fazhi: {path}: {reason}\n")
    if not view.reports:
        return EXIT_BAD_INPUT
    return EXIT_PASS if view.passed else EXIT_BELOW


def _write(view: RunView, fmt: str, output: str | None) -> None:
    from .batch import collector_off

    buffer = io.StringIO()
    with collector_off():
        FORMATS[fmt](view, sys.stdout if output is None else buffer)
    if output is not None:
        write_text(output, buffer.getvalue())


COMMANDS = {
    "check": check, "batch": batch, "annotate": annotate, "serve": serve, "explain": explain, "diff": diff,
    "checklist": checklist,
}


if __name__ == "__main__":
    run()
