"""`fazhi explain ITEM`: what an item asks, on what legal basis, and what earns each status."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..checklist.checklist import Checklist, Example, Item, concepts_of
from ..checklist.kinds import KINDS
from ..checklist.vocabulary import Word
from ..models import FazhiError

ZH = {"met": "达标", "partial": "部分", "planned": "仅计划", "missing": "缺失"}


def find_item(checklist: Checklist, item_id: str) -> Item:
    for item in [*checklist.items, *(d.item for d in checklist.disabled)]:
        if item.id.lower() == item_id.lower():
            return item
    ids = "、".join(i.id for i in checklist.items)
    raise FazhiError(f"清单 {checklist.id} 中没有检查项 {item_id}（可选：{ids}）")


def render(checklist: Checklist, item: Item, stream: TextIO) -> None:
    console = Console(file=stream, width=100, highlight=False)
    head = Text.assemble((f"{item.id} {item.title}", "bold"), f"\n类别：{checklist.group_title(item.group)}")
    head.append(f"    权重：{item.weight:g}    {'必查项' if item.severity == 'required' else '建议项'}")
    head.append(f"\n依据：{item.basis}")
    reason = next((d.reason for d in checklist.disabled if d.item.id == item.id), None)
    if reason:
        head.append(f"\n本清单中不适用：{reason}（不评查、不计分）", style="bold yellow")
    console.print(Panel(head, title=f"{checklist.title}（{checklist.id} {checklist.version}）"))
    rules = dict(KINDS[item.check].rules)
    if item.check == "content" and not item.needs_concrete:
        rules["met"] = "在报告“本年度工作”部分写明已经落实（本项不要求数字等具体内容）"
        rules["partial"] = "只有相近的一般提法，没有点明本项要求"
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("状态", width=8, no_wrap=True)
    table.add_column("什么情况下", ratio=1, overflow="fold")
    for status, text in rules.items():
        table.add_row(ZH[status], text)
    console.print(table)
    _print_vocabulary(console, checklist, item)
    if item.count is not None:
        names = "、".join(item.count.of)
        console.print(Text(f"需写明其中至少 {item.count.need} 项：{names}（1 项至 {item.count.need - 1} 项为“部分”）"))
    console.print(Text(f"建议：{item.advice}"))
    examples = [e.text if isinstance(e, Example) else e for e in item.examples.get("met", [])][:2]
    if examples:
        console.print(Text("达标的写法示例：", style="bold"))
        for e in examples:
            console.print(Text(f"  · {e}"))


USES = {  # where an item names a concept → what it is for there
    "match": "完整证据", "weak": "笼统表述", "count": "计数要素", "section": "标题",
    "concrete": "具体内容", "exclude": "先排除",
}


def _print_vocabulary(console: Console, checklist: Checklist, item: Item) -> None:
    """The concepts the item's rules name, with their words; then its own plain terms."""
    concepts = concepts_of(item)
    if concepts:
        console.print(Text("用到的概念（清单 vocabulary 中的说法；$名称 指另一个概念）：", style="bold"))
    for name, uses in concepts.items():
        concept = checklist.words.concepts[name]
        what = f"（{'、'.join(USES[u] for u in uses)}）"
        console.print(Text.assemble(("  " + name, "cyan"), f" {concept.about}{what}"))
        console.print(Text("    " + _words(concept.words)), overflow="fold")
    own = sorted({t for rule in [*item.match, *item.weak] for t in rule.terms() if not t.startswith("$")})
    if own:
        console.print(Text("本项自己的词语：" + "、".join(own[:30]) + ("……" if len(own) > 30 else "")))


def _words(words: list[Word], shown: int = 24) -> str:
    texts = [w if isinstance(w, str) else f"〔正则〕{w.re}" for w in words]
    return "、".join(texts[:shown]) + (f"……（共 {len(texts)} 个）" if len(texts) > shown else "")
