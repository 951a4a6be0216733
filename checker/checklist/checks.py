"""Checks on a checklist file as written, reported with the model's own errors, each at its line.

- ``cross_check``: duplicate group and item ids, items in a group nobody defined (a profile's
  base included);
- ``zero_weights``: weights that sum to nothing;
- ``vocabulary_problems``: unknown concepts, cycles between concepts, regexes that could
  backtrack once concepts are expanded, engine concepts left without words;
- ``unused_concepts``: concepts a file defines that nothing uses (a warning, not an error).
"""

from __future__ import annotations

import difflib

from .checklist import Checklist, rule_strings
from .regexes import BUDGET, compile_regex, cost
from .vocabulary import ENGINE, Vocabulary, as_concept, references
from .yamlfile import Lines, Problem, at, entries, line_of


def cross_check(data: dict, lines: Lines, name: str, base: Checklist | None = None) -> list[Problem]:
    """Duplicate group and item ids, and items in a group nobody defined (base ones included)."""
    problems: list[Problem] = []
    group_ids = {g.id for g in base.groups} if base else set()
    for i, group in entries(data, "groups"):
        gid = group.get("id")
        if isinstance(gid, str) and gid in group_ids:
            problems.append(at(name, ("groups", i, "id"), lines, f"重复的类别编号 {gid}"))
        group_ids.add(gid)
    seen = {i.id for i in base.items} | {d.item.id for d in base.disabled} if base else set()
    for i, item in entries(data, "items"):
        iid, group = item.get("id"), item.get("group")
        if isinstance(iid, str) and iid in seen:
            problems.append(at(name, ("items", i, "id"), lines, f"重复的检查项编号 {iid}"))
        seen.add(iid)
        if isinstance(group, str) and group not in group_ids:
            text = f"{iid} 的类别 “{group}” 未在 groups 中定义"
            problems.append(at(name, ("items", i, "group"), lines, text))
    return problems


def zero_weights(data: dict, lines: Lines, name: str) -> list[Problem]:
    weights = [item.get("weight", 1.0) for _, item in entries(data, "items")]
    numbers = all(isinstance(w, int | float) and not isinstance(w, bool) for w in weights)
    if weights and numbers and sum(weights) <= 0:
        return [at(name, ("items",), lines, "所有检查项的权重之和必须大于 0")]
    return []


# ---------------------------------------------------------------- vocabulary: concepts named by rules




def vocabulary_problems(data: dict, lines: Lines, name: str, concepts: dict) -> list[Problem]:
    """Unknown concepts, cycles, unsafe expanded regexes, engine concepts left without words."""
    words = Vocabulary({key: as_concept(value) for key, value in concepts.items()})
    problems: list[Problem] = []
    for path, text in rule_strings(data):
        for ref in references(text):
            if ref not in concepts:
                close = difflib.get_close_matches(ref, list(concepts), n=1)
                hint = f"（是否指 ${close[0]}？）" if close else "（概念须在 vocabulary 中定义）"
                problems.append(at(name, path, lines, f"{_dotted(path)}: 未定义的概念 ${ref}{hint}"))
    if problems:
        return problems
    costs: list[tuple[float, tuple]] = []  # what each regex of this file costs, and where it is
    for path, text in rule_strings(data):
        if _is_regex(path):
            try:
                costs.append((cost(compile_regex(words.expand(text)).pattern), path))
            except ValueError as exc:
                problems.append(at(name, path, lines, f"{_dotted(path)}: 展开概念后{exc}"))
    for concept in data.get("vocabulary") or {}:
        try:
            compile_regex(words.pattern(str(concept)))  # (its regex words are counted above, one by one)
        except ValueError as exc:
            problems.append(at(name, ("vocabulary", concept), lines, f"vocabulary.{concept}: {exc}"))
    total = sum(c for c, _ in costs)
    if total > BUDGET and not problems:
        costliest, path = max(costs, key=lambda found: found[0])
        problems.append(at(name, path, lines, (
            f"{_dotted(path)}: 本文件正则表达式的总代价 {total:.0f} 超过上限 {BUDGET}（这一条 {costliest:.0f}）："
            "可长可短的片段相连（如 [^。]{0,30}[^，]{0,30}）要在每句的每个字上逐一尝试，这样的规则多了，"
            "每份报告都要核查很久；请减少这类规则，或用字词开头、给片段更小的上限")))
    for engine in ENGINE:
        if not as_concept(concepts.get(engine, [])).words:
            problems.append(at(name, ("vocabulary",), lines, f"vocabulary: 引擎需要的概念 {engine} 没有任何说法"))
    return problems


def unused_concepts(data: dict, lines: Lines, name: str, checklist: Checklist) -> list[str]:
    """Concepts this file defines that no rule, signal or other concept names (a warning)."""
    used = set(ENGINE)
    texts = [*checklist.concrete]
    for item in checklist.items:
        texts += [t for _, t in rule_strings(item.model_dump(exclude_none=True))]
    for concept in checklist.words.concepts.values():
        texts += [w if isinstance(w, str) else w.re for w in concept.words]
    used.update(ref for text in texts for ref in references(text))
    defined = data.get("vocabulary") if isinstance(data.get("vocabulary"), dict) else {}
    return [
        f"{name}:{line}: 概念 {concept} 没有被任何检查项或其他概念使用"
        for concept in defined
        if concept not in used and (line := line_of(("vocabulary", concept), lines))
    ]


def _is_regex(path: tuple) -> bool:
    keys = [p for p in path if isinstance(p, str)]
    return bool(keys) and (keys[-1] in ("regex", "re", "exclude", "concrete"))


def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)
