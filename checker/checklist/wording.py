"""The wording of a checklist's own text — its items' titles and advice — as the evidence stage
compares a report's sentences with it (evidence/earning.py: a bare item title, the tool's own words).
Made once per checklist, when it is compiled (compile.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

SHINGLE = 6  # characters of a piece of wording compared with the checklist's advice
TITLE_MIN = 4  # characters of the shortest title a sentence can repeat
WORDING = re.compile(r"[\u4e00-\u9fffA-Za-z]+")  # what wording is compared by: runs of Han characters and letters
NAME = re.compile(r"《[^》]{1,80}》")


def wording(text: str) -> str:
    """The text's words: Chinese characters and letters, without digits, marks and spaces."""
    return "".join(WORDING.findall(text))  # (joining the runs: a third faster than deleting what is between)


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


LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
WORD_MIN = 2  # characters of a rule's word (a single character would let any sentence be made of them)


def rule_words(patterns: Iterable[str]) -> frozenset[str]:
    """The words an item's rules are made of: the runs of Chinese characters in their regexes, without
    what a regex only tests around a match (lookarounds: 述法 but not the 论/阐 of (?<![论阐])述法) or
    allows for one character ([镇乡]). A sentence made of nothing else repeats the item's names."""
    found: set[str] = set()
    for pattern in patterns:
        found.update(w for w in re.split(r"[^\u4e00-\u9fff]+", _literal(pattern)) if len(w) >= WORD_MIN)
    return frozenset(found)


def _literal(pattern: str) -> str:
    """The pattern with escapes, character classes and lookarounds turned into a separator (a space)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(" ")
            i += 2
        elif ch == "[":
            i = _class_end(pattern, i)
            out.append(" ")
        elif ch == "(" and pattern.startswith(LOOKAROUND, i):
            i = _group_end(pattern, i)
            out.append(" ")
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class that opens at `i`."""
    i += 2 if pattern.startswith("[^]", i) or pattern.startswith("[]", i) else 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _group_end(pattern: str, i: int) -> int:
    """The index after the group that opens at `i` (its nested groups and classes skipped)."""
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(pattern, i)
            continue
        depth += ch == "("
        depth -= ch == ")"
        i += 1
        if depth == 0:
            break
    return i


EXAMPLE_NAME = "示例"  # the name the checklists' examples give their unit (示例镇, 示例律师事务所)
KIND = re.compile("街道|乡")  # a unit's kind, written as the examples write it (镇)


def generic(text: str, name: str = "") -> str:
    """The wording of a sentence with its unit's name (`name`, without 镇/乡/街道) and the examples'
    示例 taken out and 乡/街道 written 镇: 湾坡乡政府聘请… and 示例镇政府聘请… are one wording."""
    words = wording(text).replace(EXAMPLE_NAME, "")
    if name:
        words = words.replace(name, "")
    return KIND.sub("镇", words)


def example_sentences(examples: Iterable[str]) -> tuple[tuple[str, frozenset[str]], ...]:
    """The sentences of the checklist's examples, each with the pieces of its generic wording."""
    found: dict[str, frozenset[str]] = {}
    for example in examples:
        for sentence in re.split(r"(?<=[。！？；])|\n", example):
            words = generic(sentence)
            if len(words) >= SHINGLE:
                found.setdefault(sentence.strip(), frozenset(words[i : i + SHINGLE]
                                                            for i in range(len(words) - SHINGLE + 1)))
    return tuple(sorted(found.items()))
