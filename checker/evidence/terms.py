"""jieba, set up once: the domain's terms kept whole, its dictionary cache in the user's own folder.

jieba loads its dictionary in about a second, so only what asks for it (`--keywords`,
`--previous`) imports it. jieba keeps the built dictionary as a cache file and by default in the
shared /tmp, where another user could plant one; fazhi gives it a folder of the user's own
(``~/.cache/fazhi``, mode 0700).
"""

from __future__ import annotations

import logging
from functools import cache

from ..checklist.cache import cache_dir


@cache
def analyser(terms: tuple[str, ...]):
    """jieba.analyse (TF-IDF key words) with `terms` added to the dictionary."""
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())  # the user's own folder, not the shared /tmp
    for term in terms:
        jieba.add_word(term, freq=20000)
    return jieba.analyse
