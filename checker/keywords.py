"""Optional: a report's highlights as keywords (jieba TF-IDF), domain terms kept whole.

jieba loads its dictionary in about a second, so this runs only on request (`--keywords`)
and stays off the path of a plain check. jieba keeps the built dictionary as a cache file and
by default in the shared /tmp, where another user could plant one; fazhi gives it a folder of
the user's own (``~/.cache/fazhi``, mode 0700).
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

from .checklist import Checklist
from .models import ReportResult

TOP = 8


@cache
def _tokenizer(terms: tuple[str, ...]):
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())
    for term in terms:
        jieba.add_word(term, freq=20000)
    return jieba.analyse


def cache_dir() -> Path:
    """The user's own cache folder ($XDG_CACHE_HOME/fazhi or ~/.cache/fazhi), private to them; a
    fresh private temporary folder when that one cannot be made or is not theirs alone."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fazhi"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
        if folder.is_symlink() or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise PermissionError(folder)
        if info.st_mode & 0o077:
            folder.chmod(0o700)
        return folder
    except OSError:
        return Path(tempfile.mkdtemp(prefix="fazhi-"))


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
