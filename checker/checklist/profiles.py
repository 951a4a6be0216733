"""Profiles: a checklist written as changes to a base (`extends`).

A profile names its base (a bundled id, or a YAML path relative to itself) and changes it: it
overrides fields of base items, disables items with a reason (listed as 不适用), adds groups, items,
concrete signals, terms and concepts, and may replace the pass score and the grades. Every id it
names must exist in the base; a base may itself be a profile, but not in a cycle.
"""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from .checklist import Checklist, DisabledItem, Extension, Item
from .checks import cross_check, unused_concepts, vocabulary_problems
from .vocabulary import as_concept, merge
from .yamlfile import Lines, Problem, at, describe, entries, raise_problems, validate


def merge_profile(data: dict, lines: Lines, name: str, base: Checklist | None, problems: list[Problem]) -> Checklist:
    """The profile `data` merged onto `base` (None when the base could not be loaded: its reason is
    in `problems` already); every problem at once."""
    ext, more = validate(data, lines, name, Extension)
    problems += more
    if base is not None:
        problems += cross_check(data, lines, name, base) + _check_targets(data, base, lines, name)
    raise_problems(problems)
    assert ext is not None and base is not None
    checklist = _merge(base, ext, lines, name, problems)
    raise_problems(problems)
    assert checklist is not None
    raise_problems(vocabulary_problems(data, lines, name, checklist.vocabulary))
    checklist.warnings.extend(unused_concepts(data, lines, name, checklist))
    return checklist


def _check_targets(data: dict, base: Checklist, lines: Lines, name: str) -> list[Problem]:
    """Every id in `override` and `disable` is an item of the base, named once."""
    problems: list[Problem] = []
    override = data.get("override") if isinstance(data.get("override"), dict) else {}
    for key in override:
        if (why := _unknown_target(str(key), base)) is not None:
            problems.append(at(name, ("override", key), lines, f"override.{key}: {why}"))
    seen: set[str] = set()
    for i, entry in entries(data, "disable"):
        iid = entry.get("id")
        if not isinstance(iid, str):
            continue
        if (why := _unknown_target(iid, base)) is not None:
            problems.append(at(name, ("disable", i, "id"), lines, f"disable.{i}.id: {why}"))
        elif iid in override:
            text = f"disable.{i}.id: {iid} 已在 override 中修改，不能同时停用"
            problems.append(at(name, ("disable", i, "id"), lines, text))
        elif iid in seen:
            problems.append(at(name, ("disable", i, "id"), lines, f"disable.{i}.id: 重复停用 {iid}"))
        seen.add(iid)
    return problems


def _unknown_target(item_id: str, base: Checklist) -> str | None:
    if any(i.id == item_id for i in base.items):
        return None
    if any(d.item.id == item_id for d in base.disabled):
        return f"检查项 {item_id} 已在基础清单 {base.id} 中停用"
    return f"基础清单 {base.id} 中没有检查项 {item_id}（可选：{'、'.join(i.id for i in base.items)}）"


def _merge(base: Checklist, ext: Extension, lines: Lines, name: str, problems: list[Problem]) -> Checklist | None:
    reasons = {d.id: d.reason for d in ext.disable}
    items: list[Item] = []
    for item in base.items:
        if item.id in ext.override:
            item = _override(item, ext.override[item.id], lines, name, problems)
        if item.id not in reasons:
            items.append(item)
    for new in ext.items:
        _insert(items, new)
    found = len(problems)
    problems += _merged_problems(base, ext, items, lines, name)
    if len(problems) > found:
        return None
    disabled = [DisabledItem(item=i, reason=reasons[i.id]) for i in base.items if i.id in reasons]
    return Checklist(
        id=ext.id,
        title=ext.title,
        version=ext.version or base.version,
        applies_to=ext.applies_to or base.applies_to,
        years=ext.years or base.years,
        later=base.later if ext.later is None else ext.later,
        pass_score=base.pass_score if ext.pass_score is None else ext.pass_score,
        grades=ext.grades or base.grades,
        concrete=[*base.concrete, *ext.concrete],
        terms=list(dict.fromkeys([*base.terms, *ext.terms])),
        vocabulary=merge({k: as_concept(v) for k, v in base.vocabulary.items()}, ext.vocabulary),
        groups=[*base.groups, *ext.groups],
        items=items,
        based_on=base.id,
        extends=ext.extends,
        disabled=[*base.disabled, *disabled],
        overridden=list(ext.override),
        added=[i.id for i in ext.items],
    )


def _merged_problems(base: Checklist, ext: Extension, items: list[Item], lines: Lines, name: str) -> list[Problem]:
    problems = []
    if not items:
        problems.append(at(name, ("disable",), lines, "停用后没有剩下任何检查项"))
    elif sum(item.weight for item in items) <= 0:
        where = ("override",) if ext.override else ("disable",)
        problems.append(at(name, where, lines, "合并后所有检查项的权重之和必须大于 0"))
    group_ids = {g.id for g in [*base.groups, *ext.groups]}
    for key, change in ext.override.items():
        group = getattr(change, "group", None)
        if group is not None and group not in group_ids:
            problems.append(at(name, ("override", key, "group"), lines, f"{key} 的类别 “{group}” 未在 groups 中定义"))
    return problems


def _override(item: Item, change: BaseModel, lines: Lines, name: str, problems: list[Problem]) -> Item:
    """The item with the fields the profile wrote replaced; checked again as a whole."""
    fields = {key: getattr(item, key) for key in item.model_fields_set}
    fields.update({key: getattr(change, key) for key in change.model_fields_set})
    try:
        return Item.model_validate(fields)
    except ValidationError as exc:
        problems.extend(describe(err, lines, name, ("override", item.id)) for err in exc.errors())
        return item


def _insert(items: list[Item], new: Item) -> None:
    """After the last item of its group, or at the end for a new group."""
    last = max((i for i, item in enumerate(items) if item.group == new.group), default=len(items) - 1)
    items.insert(last + 1, new)
