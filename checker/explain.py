"""`fazhi explain ITEM`: what an item asks, on what legal basis, and what earns each status."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .checklist import Checklist, Example, Item
from .models import FazhiError

CONTENT_RULES = {
    "met": "在报告“本年度工作”部分写明已经落实，并有具体内容：数字加量词（次、件、份、台、名、人次、%）、"
    "《文件名称》、日期、渠道或工具（门户网站、公示栏、平台、执法记录仪），或具名领导的具体行为",
    "partial": "工作部分只有笼统表述（如“严格落实”“高度重视”），没有具体内容；或只做到一部分",
    "planned": "只出现在下一步计划、工作打算、意见建议中，或在工作部分用将来时（下一步、将、拟、计划于、次年）",
    "missing": "没有提到；或只出现在“存在问题”部分；或只以否定形式出现（未、尚未、没有、有待）；或只是空标题",
}
SECTION_RULES = {
    "met": "报告有专门部分（带标题）且标题下有正文",
    "partial": "没有专门部分，但正文中写到了相关内容",
    "planned": "只在计划中提到",
    "missing": "没有相应部分，或只有空标题",
}
SIGNATURE_RULES = {
    "met": "文末有落款单位和成文日期，日期在报告年度12月1日之后、次年4月1日（含）之前",
    "partial": "有日期但不在上述期间，或缺少落款单位",
    "planned": "（不适用）",
    "missing": "文末没有成文日期",
}
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
    rules = dict({"section": SECTION_RULES, "signature": SIGNATURE_RULES}.get(item.check, CONTENT_RULES))
    if item.check == "content" and not item.needs_concrete:
        rules["met"] = "在报告“本年度工作”部分写明已经落实（本项不要求数字等具体内容）"
        rules["partial"] = "只有相近的一般提法，没有点明本项要求"
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("状态", width=8, no_wrap=True)
    table.add_column("什么情况下", ratio=1, overflow="fold")
    for status, text in rules.items():
        table.add_row(ZH[status], text)
    console.print(table)
    words = sorted({t for rule in [*item.match, *item.weak] for t in rule.terms()})
    if words:
        console.print(Text("识别的说法：" + "、".join(words[:30]) + ("……" if len(words) > 30 else "")))
    if item.count is not None:
        names = "、".join(item.count.of)
        console.print(Text(f"需写明其中至少 {item.count.need} 项：{names}（1 项至 {item.count.need - 1} 项为“部分”）"))
    console.print(Text(f"建议：{item.advice}"))
    examples = [e.text if isinstance(e, Example) else e for e in item.examples.get("met", [])][:2]
    if examples:
        console.print(Text("达标的写法示例：", style="bold"))
        for e in examples:
            console.print(Text(f"  · {e}"))
