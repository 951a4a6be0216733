"""Check kinds: what the engine does with an item of each kind, in one table.

| kind | the evidence stage reads | judged by (judge.py) |
|---|---|---|
| `content` | sentences, with the item's rules | role, negation, plans, concreteness |
| `section` | the report's parts (by role or heading words), and sentences | a part of its own with body |
| `signature` | nothing: the parser found the issuing unit and date | the date window |

A new kind is a row here, a judging function in `judge.JUDGES` and its explanation below.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    sentences: bool  # the evidence stage searches sentences with the item's rules
    parts: bool  # … and the report's parts
    rules: dict[str, str]  # what earns each status, for `fazhi explain`


KINDS = {
    "content": Kind(
        sentences=True,
        parts=False,
        rules={
            "met": "在报告“本年度工作”部分写明已经落实，并有具体内容：数字加量词（次、件、份、台、名、人次、%）、"
            "《文件名称》、日期、渠道或工具（门户网站、公示栏、平台、执法记录仪），或具名领导的具体行为",
            "partial": "工作部分只有笼统表述（如“严格落实”“高度重视”），没有具体内容；或只做到一部分",
            "planned": "只出现在下一步计划、工作打算、意见建议中，或在工作部分用将来时（下一步、将、拟、计划于、次年）",
            "missing": "没有提到；或只出现在“存在问题”部分；或只以否定形式出现（未、尚未、没有、有待）；或只是空标题",
        },
    ),
    "section": Kind(
        sentences=True,
        parts=True,
        rules={
            "met": "报告有专门部分（带标题）且标题下有正文",
            "partial": "没有专门部分，但正文中写到了相关内容",
            "planned": "只在计划中提到",
            "missing": "没有相应部分，或只有空标题",
        },
    ),
    "signature": Kind(
        sentences=False,
        parts=False,
        rules={
            "met": "文末有落款单位和成文日期，日期在报告年度12月1日之后、次年4月1日（含）之前",
            "partial": "有日期但不在上述期间，或缺少落款单位",
            "planned": "（不适用）",
            "missing": "文末没有成文日期",
        },
    ),
}
