"""The `fazhi` command line: every command's arguments, their help texts, and the usage errors.

One function a command, in the order `fazhi --help` lists them; the options `check` and `batch`
share are in `_common`. Unset grading options are filled in from the project's configuration later
(inputs.apply_settings), so their defaults here are None.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import NoReturn

from ..checklist import loading
from ..render import FORMATS
from ..score.gate import FAIL_LEVELS

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
    _check_command(sub)
    _explain_command(sub)
    _diff_command(sub)
    _batch_command(sub)
    _annotate_command(sub)
    _serve_command(sub)
    _checklist_commands(sub)
    return parser


def _check_command(sub: argparse._SubParsersAction) -> None:
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


def _explain_command(sub: argparse._SubParsersAction) -> None:
    explain = sub.add_parser("explain", help="说明一个检查项：要求、依据、各状态的判定标准和示例")
    explain.add_argument("item", metavar="ITEM", help="检查项编号，如 A4")
    _checklist_option(explain)


def _diff_command(sub: argparse._SubParsersAction) -> None:
    diff = sub.add_parser("diff", help="对比同一单位两年的报告：检查项进退、往年问题是否回应、沿用原文")
    diff.add_argument("old", metavar="OLD", help="往年报告")
    diff.add_argument("new", metavar="NEW", help="本年报告")
    _checklist_option(diff)
    diff.add_argument("--format", choices=("terminal", "json"), default="terminal", help="输出格式")
    diff.add_argument("--overrides", metavar="FILE", help="改判文件 YAML：两年的报告都按改判后的状态计分并列出改判")


def _batch_command(sub: argparse._SubParsersAction) -> None:
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
    batch.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
                       help="评查日期，印在每份评查意见上（默认今天；设有 SOURCE_DATE_EPOCH 时用其日期）")


def _serve_command(sub: argparse._SubParsersAction) -> None:
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
    """`fazhi checklist list|show|validate|test|schema` (authoring.py)."""
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


def _day(text: str) -> date:
    """--date: a day written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 YYYY-MM-DD 格式的日期：{text}") from None


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
