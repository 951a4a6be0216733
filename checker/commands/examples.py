"""Checklists are tested like code: every example of an item must get its stated status.

An example is graded as a tiny report: a title, the example's part heading (which sets its
role: work, problems or plans), the snippet, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checklist.checklist import Checklist, Example
from ..checklist.compile import compile
from ..models import Source
from ..pipeline import grade_source

TITLE = "示例镇2024年法治政府建设情况报告"


@dataclass(frozen=True)
class ExampleResult:
    item: str
    want: str
    got: str
    text: str
    heading: str

    @property
    def ok(self) -> bool:
        return self.want == self.got


def run_examples(checklist: Checklist) -> list[ExampleResult]:
    results = []
    compiled = compile(checklist)  # once, for every example
    for item in checklist.items:
        for want, examples in item.examples.items():
            for example in examples:
                ex = example if isinstance(example, Example) else Example(text=example)
                report = f"{TITLE}\n{ex.heading}\n{ex.text}\n"
                graded = grade_source(Source(path=f"<{item.id} 示例>", text=report), compiled)
                got = next(r.status.value for r in graded.items if r.id == item.id)
                results.append(ExampleResult(item.id, want, got, ex.text, ex.heading))
    return results
