"""The wording of a checklist's own text — its items' titles and advice — as the evidence stage
compares a report's sentences with it (evidence/earning.py: a bare item title, the tool's own words).
Made once per checklist, when it is compiled (compile.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

SHINGLE = 6  # characters of a piece of wording compared with the checklist's advice
TITLE_MIN = 4  # characters of the shortest title a sentence can repeat
NOT_WORDING = re.compile(r"[^\u4e00-\u9fffA-Za-z]")  # what wording is compared without
NAME = re.compile(r"《[^》]{1,80}》")


def wording(text: str) -> str:
    """The text's words: Chinese characters and letters, without digits, marks and spaces."""
    return NOT_WORDING.sub("", text)


def shingles(text: str) -> set[str]:
    """The pieces of the text's wording (the names of documents, which anyone may cite, left out)."""
    words = wording(NAME.sub("", text) if "《" in text else text)
    return {words[i : i + SHINGLE] for i in range(len(words) - SHINGLE + 1)}


def title_forms(titles: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """The wordings of item titles a bare sentence may repeat, each with the title as written: each
    title whole, without its parenthesis, and the parenthesis alone (配备政府法律顾问（公职律师）:
    配备政府法律顾问, 公职律师)."""
    forms: dict[str, str] = {}
    for title in titles:
        outside = re.sub(r"[（(][^）)]*[）)]", "", title)
        inside = re.findall(r"[（(]([^）)]*)[）)]", title)
        for form in (title, outside, *inside):
            if len(wording(form)) >= TITLE_MIN:
                forms.setdefault(wording(form), form)
    return tuple(sorted(forms.items()))  # in order: the title named in a reason is the same every run
