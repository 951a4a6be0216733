"""`fazhi checklist …`: checklists are written, checked and tested like code.

- ``list``: the bundled checklists (id, title, item count, base).
- ``show ID|FILE``: groups → items with weight, severity and basis; disabled items as 不适用.
- ``validate FILE``: every problem at once, each with its YAML line; exit 0 or 2.
- ``test FILE``: the items' examples graded as tiny reports; exit 1 if any gets another status.
- ``schema``: the JSON Schema of the format, from the pydantic models (editors validate with it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from pydantic.json_schema import GenerateJsonSchema, models_json_schema
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..checklist import loading
from ..checklist.checklist import Checklist, ChecklistFile, Extension, Item, VocabularyFile
from ..checklist.loading import families, load_editions
from ..checklist.yamlfile import read_text
from ..models import STATUS_ZH, FazhiError, Status

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
SCHEMA_FILE = Path(__file__).resolve().parents[1] / "checklist.schema.json"
SEVERITY_ZH = {"required": "必查", "recommended": "建议"}
NOT_MET = ("partial", "planned", "missing")


def run(args: argparse.Namespace) -> int:
    actions = {"list": list_bundled, "show": show, "validate": validate, "test": run_tests, "schema": schema}
    return actions[args.action](args)


def _console(stream: TextIO) -> Console:
    return Console(file=stream, width=100, highlight=False)


# ---------------------------------------------------------------- list


def list_bundled(args: argparse.Namespace) -> int:
    table = Table(show_header=True, header_style="bold", show_edge=False, pad_edge=False)
    for title in ("编号", "名称", "适用年度", "检查项", "基于"):
        table.add_column(title, no_wrap=title != "名称", overflow="fold")
    for name in families():  # one row per edition, named as --checklist pins it: township-annual@2026
        try:
            editions = load_editions(name).editions
        except FazhiError as exc:
            table.add_row(name, Text(f"有误：{str(exc).splitlines()[0]}", style="red"), "", "—", "")
            continue
        for c in editions:
            pin = f"{name}@{c.years.start}" if len(editions) > 1 and c.years else name
            years = c.years.label if c.years else "不限"
            table.add_row(pin, c.title, years, str(len(c.items)), c.based_on or "")
    _console(sys.stdout).print(table)
    return EXIT_OK


# ---------------------------------------------------------------- show


def show(args: argparse.Namespace) -> int:
    """Every edition of the checklist (a pinned one: that one), oldest first."""
    console = _console(sys.stdout)
    editions = load_editions(args.checklist)
    if len(editions.editions) > 1:
        spans = "；".join(e.years.label for e in editions.editions if e.years)
        head = f"{editions.newest.id} 有 {len(editions.editions)} 版，按报告年度选用：{spans}"
        console.print(Text(head, style="bold"))
    for c in editions.editions:
        console.print(tree(c))
    return EXIT_OK


def tree(c: Checklist) -> Tree:
    """Groups → items, each with weight, severity and basis; disabled items with their reason."""
    head = Text.assemble((f"{c.title}（{c.id} {c.version}）", "bold"), f"\n{_summary(c)}")
    root = Tree(head, guide_style="dim")
    for group in c.groups:
        items = [i for i in c.items if i.group == group.id]
        disabled = [d for d in c.disabled if d.item.group == group.id]
        if not items and not disabled:
            continue
        branch = root.add(Text(f"{group.title}（{group.id}）", style="bold"))
        for item in items:
            branch.add(_item_line(item, c))
        for d in disabled:
            branch.add(Text(f"{d.item.id} {d.item.title}\n不适用：{d.reason}", style="dim"))
    return root


def _summary(c: Checklist) -> str:
    parts = [f"{len(c.items)} 项", f"及格 {c.pass_score:g} 分"]
    if c.years:
        parts.insert(0, f"适用于 {c.years.label}的报告")
    parts.append("、".join(f"{g.name} ≥ {g.min:g}" for g in sorted(c.grades, key=lambda g: -g.min)))
    if c.based_on:
        parts.insert(0, f"基于 {c.based_on}")
    if c.disabled:
        parts.append(f"{len(c.disabled)} 项不适用")
    return "；".join(parts)


def _item_line(item: Item, c: Checklist) -> Text:
    line = Text.assemble((f"{item.id} {item.title}", "bold" if item.severity == "required" else ""))
    if item.id in c.overridden:
        line.append("  〔本清单调整〕", style="cyan")
    if item.id in c.added:
        line.append("  〔本清单新增〕", style="green")
    line.append(f"\n权重 {item.weight:g} · {SEVERITY_ZH[item.severity]} · 依据：{item.basis}", style="dim")
    return line


# ---------------------------------------------------------------- validate


def validate(args: argparse.Namespace) -> int:
    try:
        if loading.is_vocabulary_file(args.file):
            concepts = loading.parse_vocabulary(read_text(args.file, "词表文件"), args.file)
            sys.stdout.write(f"✔ {args.file}：通用词汇有效（{len(concepts)} 个概念）\n")
            return EXIT_OK
        c = loading.load(args.file)
    except FazhiError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_INVALID
    for warning in c.warnings:
        sys.stdout.write(f"⚠ {warning}\n")
    extra = f"，基于 {c.based_on}" if c.based_on else ""
    extra += f"，{len(c.disabled)} 项不适用" if c.disabled else ""
    sys.stdout.write(f"✔ {args.file}：核查清单有效（{c.id} {c.version}，{len(c.items)} 个检查项{extra}）\n")
    return EXIT_OK


# ---------------------------------------------------------------- test


def run_tests(args: argparse.Namespace) -> int:
    from .examples import run_examples  # the grading pipeline: loaded only here

    c = loading.load(args.file)
    results = run_examples(c)
    failed = [r for r in results if not r.ok]
    for r in failed:
        where = f"（标题：{r.heading}）" if r.heading else "（无标题）"
        sys.stdout.write(f"✘ {r.item} 应为{_status(r.want)}，实为{_status(r.got)}：{r.text}{where}\n")
    for gap in example_gaps(c):
        sys.stdout.write(f"提示：{gap}\n")
    if failed:
        sys.stdout.write(f"{args.file}：{len(results)} 个示例，{len(failed)} 个未通过\n")
        return EXIT_FAILED
    sys.stdout.write(f"{args.file}：{len(results)} 个示例全部通过\n")
    return EXIT_OK


def _status(value: str) -> str:
    return f"“{STATUS_ZH[Status(value)]}”（{value}）"


def example_gaps(c: Checklist) -> list[str]:
    """Items without a met example or without an example of some other status."""
    gaps = []
    for item in c.items:
        if not item.examples.get("met"):
            gaps.append(f"{item.id} 没有达标（met）示例")
        if not any(item.examples.get(s) for s in NOT_MET):
            gaps.append(f"{item.id} 没有未达标（partial/planned/missing）示例")
    return gaps


# ---------------------------------------------------------------- schema


class _Generator(GenerateJsonSchema):
    """No per-field titles ("Weight"): an editor shows the description instead."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


MODEL_DESCRIPTIONS = {
    "ChecklistFile": "完整的核查清单",
    "Extension": "在基础清单（extends）上修改的清单：override 修改检查项，disable 停用检查项，items/groups 新增",
    "Item": "检查项",
    "ItemOverride": "要替换的检查项字段（写出的键整体替换原值）",
    "Rule": "规则：any、all、regex 中写出的条件须在同一 scope 内全部满足",
    "CountRule": "计数：至少写明 need 项要素",
    "SectionRule": "section 类检查项：按作用或标题词找报告的部分",
    "Window": "成文日期的期间（月-日）",
    "Example": "示例文字及其所在部分的标题",
    "Group": "类别",
    "Grade": "等级",
    "Disable": "停用的检查项",
    "Role": "部分的作用：work（工作）、problems（问题）、plans（计划）",
    "Concept": "概念：含义（about）及其说法（words）；在继承的概念上 remove 或 replace",
    "RegexWord": "用正则表达式写的说法",
    "VocabularyFile": "通用词汇（checklists/vocabulary.yaml）：只有 vocabulary",
}


def json_schema() -> dict[str, Any]:
    """The file format: a profile when `extends` is present, the common vocabulary when there is
    nothing but `vocabulary`, else a complete checklist."""
    models = [(ChecklistFile, "validation"), (Extension, "validation"), (VocabularyFile, "validation")]
    _, top = models_json_schema(models, schema_generator=_Generator)
    defs = top["$defs"]
    for name, text in MODEL_DESCRIPTIONS.items():
        defs[name]["description"] = text
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "fazhi 核查清单",
        "description": "法治政府建设年度报告核查清单（fazhi）。由 `fazhi checklist schema` 生成，请勿手改。",
        "type": "object",
        "if": {"required": ["extends"]},
        "then": {"$ref": "#/$defs/Extension"},
        "else": {  # the common vocabulary has concepts and nothing else
            "if": {"not": {"required": ["id"]}, "required": ["vocabulary"]},
            "then": {"$ref": "#/$defs/VocabularyFile"},
            "else": {"$ref": "#/$defs/ChecklistFile"},
        },
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return EXIT_OK
