"""The `fazhi` command: a thin layer that turns arguments into a pipeline run and an exit code."""

from __future__ import annotations

import argparse
import glob
import io
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import checklist as checklists
from .formats import FORMATS
from .models import FazhiError, ReportResult, Run
from .pipeline import grade_source
from .readers import SUPPORTED, read

EXIT_PASS, EXIT_BELOW, EXIT_BAD_INPUT = 0, 1, 2

EPILOG = """退出码：
  0  所有报告均达到及格分（或 --min-score）
  1  有报告低于及格分，或有文件未能读取
  2  输入或用法错误（文件都无法读取、核查清单有误、参数错误）"""


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


def build_parser() -> Parser:
    parser = Parser(
        prog="fazhi",
        description="按核查清单评查法治政府建设年度报告，列出缺失项。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version="fazhi 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=Parser)
    check = sub.add_parser(
        "check",
        help="评查一份或多份报告",
        description="评查报告：文件、目录（递归，仅支持的格式）、通配符，或 - （标准输入）。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("reports", nargs="+", metavar="REPORT", help="报告文件、目录，或 - 表示标准输入")
    check.add_argument(
        "--checklist", default=checklists.DEFAULT_CHECKLIST, help="内置清单编号或 YAML 文件路径（默认 %(default)s）"
    )
    check.add_argument("--format", choices=sorted(FORMATS), default="terminal", help="输出格式（默认 %(default)s）")
    check.add_argument("-o", "--output", metavar="FILE", help="写入文件而不是标准输出")
    check.add_argument("--min-score", type=float, metavar="N", help="低于 N 分即判为未通过（默认用清单的及格分）")
    check.add_argument("--keywords", action="store_true", help="用 jieba 提取每份报告的关键词（较慢）")
    check.add_argument("-v", "--verbose", action="store_true", help="显示文件格式与识别出的文本编码")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_BAD_INPUT
    try:
        return check(args)
    except FazhiError as exc:
        sys.stderr.write(f"fazhi: {exc}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `fazhi check … | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BELOW
    except KeyboardInterrupt:
        sys.stderr.write("fazhi: 已中断\n")
        return 130


def check(args: argparse.Namespace) -> int:
    checklist = checklists.load(args.checklist)
    results: list[ReportResult] = []
    unreadable: list[tuple[str, str]] = []
    for path in expand(args.reports):
        try:
            results.append(grade_source(read(path), checklist))
        except FazhiError as exc:
            unreadable.append((path, str(exc).removeprefix(f"{path}: ")))
    if args.keywords:
        from .keywords import add_keywords

        results = add_keywords(results, checklist)
    if args.min_score is not None:
        for r in results:
            r.passed = r.score >= args.min_score
    run = Run(
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        checklist_title=checklist.title,
        group_titles={g.id: g.title for g in checklist.groups},
        results=results,
        unreadable=unreadable,
        min_score=args.min_score,
        verbose=args.verbose,
    )
    _write(run, args.format, args.output)
    for path, reason in unreadable:
        sys.stderr.write(f"fazhi: {path}: {reason}\n")
    if not results:
        return EXIT_BAD_INPUT
    return EXIT_PASS if all(r.passed for r in results) and not unreadable else EXIT_BELOW


def expand(args: list[str]) -> list[str]:
    """Files as given; directories recursively (supported formats only); glob patterns; `-`."""
    paths: list[str] = []
    for arg in args:
        p = Path(arg)
        if arg != "-" and p.is_dir():
            paths += sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
        elif not p.exists() and any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise FazhiError(f"没有与 {arg} 匹配的文件")
            paths += [m for m in matches if Path(m).is_file()]
        else:
            paths.append(arg)
    if not paths:
        raise FazhiError(f"没有找到可评查的报告（支持：{'、'.join(SUPPORTED)}）：{' '.join(args)}")
    return list(dict.fromkeys(paths))


def _write(run: Run, fmt: str, output: str | None) -> None:
    if output is None:
        FORMATS[fmt](run, sys.stdout)
        return
    buffer = io.StringIO()
    FORMATS[fmt](run, buffer)
    try:
        Path(output).write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        raise FazhiError(f"{output}: 无法写入（{exc.strerror}）") from exc


if __name__ == "__main__":
    sys.exit(main())
