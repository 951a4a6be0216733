"""Optional: a report's highlights as keywords (jieba TF-IDF), domain terms kept whole.

jieba loads its dictionary in about a second, so this runs only on request (`--keywords`)
and stays off the path of a plain check. jieba keeps the built dictionary as a cache file and
by default in the shared /tmp, where another user could plant one; fazhi gives it a folder of
the user's own (``~/.cache/fazhi``, mode 0700).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import cache

from ..checklist.cache import cache_dir
from ..checklist.checklist import Checklist
from ..models import ReportResult

TOP = 8


@cache
def _tokenizer(terms: tuple[str, ...]):
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())  # the user's own folder, not the shared /tmp
    for term in terms:
        jieba.add_word(term, freq=20000)
    return jieba.analyse


def keywords(text: str, checklist: Checklist) -> list[str]:
    analyse = _tokenizer(tuple(checklist.all_terms()))
    tags = analyse.extract_tags(text, topK=TOP * 2)
    stop = checklist.words.regex("keyword_stop", prefix="^", suffix="$")
    return [t for t in tags if not stop.match(t) and not t.isdigit()][:TOP]


def add_keywords(results: list[ReportResult], checklist: Checklist) -> list[ReportResult]:
    out = []
    for r in results:
        text = " ".join(e.text for item in r.items for e in item.evidence)
        out.append(replace(r, keywords=keywords(text, checklist)))
    return out
