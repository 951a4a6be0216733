"""Optional: a report's highlights as keywords (jieba TF-IDF), domain terms kept whole.

jieba loads its dictionary in about a second, so this runs only on request (`--keywords`)
and stays off the path of a plain check (its set-up: evidence/terms.py).
"""

from __future__ import annotations

from dataclasses import replace

from ..checklist.checklist import Checklist
from ..evidence.terms import analyser
from ..models import ReportResult

TOP = 8


def keywords(text: str, checklist: Checklist) -> list[str]:
    analyse = analyser(tuple(checklist.all_terms()))
    tags = analyse.extract_tags(text, topK=TOP * 2)
    stop = checklist.words.regex("keyword_stop", prefix="^", suffix="$")
    return [t for t in tags if not stop.match(t) and not t.isdigit()][:TOP]


def add_keywords(results: list[ReportResult], checklist: Checklist) -> list[ReportResult]:
    out = []
    for r in results:
        text = " ".join(e.text for item in r.items for e in item.evidence)
        out.append(replace(r, keywords=keywords(text, checklist)))
    return out
