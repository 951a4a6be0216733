"""The checklist format: pydantic models, and loading a YAML file with line-exact errors.

A checklist is data. Each item names a check kind the engine knows:

- ``content`` (default): evidence sentences found by rules (``match`` = full evidence,
  ``weak`` = a generic claim, worth ``partial`` at most), judged by section role,
  negation, future tense and concreteness.
- ``section``: a part of the report whose heading has a given role or wording, with body.
- ``signature``: issuing unit and date at the end, the date inside a window.

A rule holds any of ``any`` (one of the terms), ``all`` (one term of each group) and
``regex``; every condition it holds must be met inside its ``scope`` (a sentence, a clause, or
the clauses that share one actor). A term may contain ``…`` for "up to 12 characters of anything
in between"; ``$concept`` in a term list and ``${concept}`` in a regex name a concept of the
checklist's ``vocabulary`` (see ``vocabulary.py``), checked on load: an unknown name is an error
with its line, a concept nothing uses a warning.

A file is either complete (``ChecklistFile``) or a profile (``Extension``): ``extends`` names a
base, and the file changes it — overrides item fields, disables items with a reason, adds groups,
items, concrete signals and terms, replaces the pass score or the grades. Loading either gives a
``Checklist``; a disabled item is absent from its ``items`` and listed in ``disabled``.

Every regex is checked on load (``regexes.py``), once as written and once with its concepts
expanded: it must compile, must not match empty text, and must not backtrack catastrophically.
"""

from __future__ import annotations

import difflib
import os
import re
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    model_validator,
)

from .models import FazhiError, Role
from .regexes import Regex, compile_regex
from .vocabulary import ENGINE, Concept, ConceptSpec, Vocabulary, as_concept, merge, references, term_pattern

if TYPE_CHECKING:
    from .matchers import ItemMatcher

M = TypeVar("M", bound=BaseModel)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: several times faster
Lines = dict[tuple, int]  # YAML path → line; (*path, key, "__key__") → the line of the key itself
Problem = tuple[int, str]  # (line, message): sorted by line before they are shown


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- the format


class Rule(Strict):
    """One way an item can be evidenced in a sentence."""

    any: list[str] = Field(default_factory=list, description="其中任一词语出现即命中")
    all: list[list[str]] = Field(default_factory=list, description="每组各出现一个词语才命中")
    regex: Regex | None = Field(default=None, description="正则表达式（Python re 语法）")
    scope: Literal["sentence", "clause", "subject"] = Field(
        default="sentence",
        description="在一句（sentence）、一个分句（clause）或同一行为人的连续分句（subject）内",
    )
    review: str = Field(
        default="", description="由本规则定下状态（完整证据定为达标、笼统表述定为部分）时标“待复核”的理由"
    )
    concrete: list[Regex] = Field(
        default_factory=list, description="由本规则命中时，另外也算“具体内容”的正则（如主要负责人出席的具名会议）"
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Rule:
        if not (self.any or self.all or self.regex):
            raise ValueError("规则至少需要 any、all、regex 之一")
        if any(not group for group in self.all) or any(not term_pattern(t.strip()) for t in self.terms()):
            raise ValueError("词语列表不能为空")
        return self

    def terms(self) -> list[str]:
        return [*self.any, *(t for group in self.all for t in group)]


Terms = Annotated[list[str], Field(min_length=1)]


class CountRule(Strict):
    """At least `need` of the named elements (D2: the five decision procedures)."""

    need: int = Field(ge=1, description="至少写明几项")
    context: list[str] = Field(default_factory=list, description="句子还须提到其中之一（如“决策”）")
    of: dict[str, Terms] = Field(description="各项要素及其说法")

    @model_validator(mode="after")
    def _no_blank_terms(self) -> CountRule:
        words = [*self.context, *(t for terms in self.of.values() for t in terms)]
        if any(not term_pattern(t.strip()) for t in words):
            raise ValueError("词语不能为空")
        return self


class SectionRule(Strict):
    """A part of the report: by role, or by words in its heading."""

    role: Role | None = Field(default=None, description="部分的作用：work（工作）、problems（问题）、plans（计划）")
    heading: list[str] = Field(default_factory=list, description="标题中的词语")

    @model_validator(mode="after")
    def _something(self) -> SectionRule:
        if self.role is None and not self.heading:
            raise ValueError("section 需要 role 或 heading")
        if any(not term_pattern(t.strip()) for t in self.heading):
            raise ValueError("词语不能为空")
        return self


class Window(Strict):
    """The date window of the signature, as month-day after the report year."""

    after: str = Field(default="12-01", pattern=r"^\d{2}-\d{2}$", description="报告年度的月-日之后（不含）")
    until: str = Field(default="04-01", pattern=r"^\d{2}-\d{2}$", description="次年的月-日之前（含）")


class Example(Strict):
    """A short report-like snippet, and the heading of the part it sits under."""

    text: str = Field(min_length=1, description="示例文字")
    heading: str = Field(default="一、主要举措和成效", description="所在部分的标题（决定工作/问题/计划）")


class Item(Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,15}$", description="编号，如 A2")
    title: str = Field(description="检查项名称")
    group: str = Field(description="所属类别的编号（groups 中的 id）")
    basis: str = Field(description="依据（法规、文件）")
    weight: float = Field(default=1.0, ge=0, description="权重（默认 1）")
    severity: Literal["required", "recommended"] = Field(
        default="required", description="必查（required）或建议（recommended）"
    )
    check: Literal["content", "section", "signature"] = Field(default="content", description="检查方式")
    match: list[Rule] = Field(default_factory=list, description="完整证据的规则：有具体内容为达标，否则为部分")
    weak: list[Rule] = Field(default_factory=list, description="笼统表述的规则：至多为部分")
    exclude: list[Regex] = Field(default_factory=list, description="先遮去再匹配的正则（如 村（居）法律顾问）")
    concrete: list[Regex] = Field(default_factory=list, description="本项自己的“具体内容”正则")
    needs_concrete: bool = Field(default=True, description="false：工作部分有肯定表述即达标")
    global_concrete: bool = Field(default=True, description="false：只认本项自己的 concrete")
    count: CountRule | None = Field(default=None, description="至少写明其中几项要素（如决策五个法定程序）")
    section: SectionRule | None = Field(default=None, description="section 类：按作用或标题词找部分")
    window: Window | None = Field(default=None, description="signature 类：成文日期的期间")
    advice: str = Field(description="未达标时给出的建议")
    examples: dict[Literal["met", "partial", "planned", "missing"], list[str | Example]] = Field(
        default_factory=dict, description="示例：met/partial/planned/missing 下的文字须得到该状态"
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> Item:
        if self.check == "content" and not (self.match or self.count):
            raise ValueError(f"{self.id}: content 类检查项需要 match 或 count")
        if self.check == "section" and self.section is None:
            raise ValueError(f"{self.id}: section 类检查项需要 section")
        return self


class Group(Strict):
    id: str = Field(description="类别编号，如 A")
    title: str = Field(description="类别名称")


class Grade(Strict):
    name: str = Field(description="等级名称，如 优秀")
    min: float = Field(ge=0, le=100, description="该等级的最低分")


class ChecklistFile(Strict):
    """A complete checklist, as written in a file without `extends`."""

    id: str = Field(description="清单编号（内置清单即文件名）")
    title: str = Field(description="清单名称")
    version: str = Field(description="版本，如 \"2026.1\"")
    applies_to: str = Field(description="适用的报告")
    pass_score: float = Field(ge=0, le=100, description="及格分")
    grades: list[Grade] = Field(min_length=1, description="等级及其最低分")
    concrete: list[Regex] = Field(
        default_factory=list, description="各项通用的“具体内容”正则（数字加量词、《文件》、日期……）"
    )
    terms: list[str] = Field(default_factory=list, description="分词时保持完整的词语（jieba 词典）")
    vocabulary: dict[str, ConceptSpec] = Field(
        default_factory=dict, description="概念及其说法（列表：在通用词汇上追加；映射：可 remove、replace）"
    )
    groups: list[Group] = Field(min_length=1, description="类别")
    items: list[Item] = Field(min_length=1, description="检查项")

    def group_title(self, group_id: str) -> str:
        return next((g.title for g in self.groups if g.id == group_id), group_id)

    def grade_for(self, score: float) -> str:
        for grade in sorted(self.grades, key=lambda g: -g.min):
            if score >= grade.min:
                return grade.name
        return self.grades[-1].name


class DisabledItem(Strict):
    """A base item a profile declared not applicable: never graded, listed as 不适用."""

    item: Item
    reason: str


class Checklist(ChecklistFile):
    """A loaded checklist: a complete file, or a profile merged onto its base."""

    based_on: str | None = None  # the id of the base, for a profile
    disabled: list[DisabledItem] = Field(default_factory=list)
    overridden: list[str] = Field(default_factory=list)  # ids of base items the profile changed
    added: list[str] = Field(default_factory=list)  # ids of the profile's own items
    warnings: list[str] = Field(default_factory=list)  # file:line notes that do not stop loading

    @cached_property
    def words(self) -> Vocabulary:
        """The merged vocabulary: the common concepts, the base's and this file's."""
        return Vocabulary({name: as_concept(spec) for name, spec in self.vocabulary.items()})

    @cached_property
    def matchers(self) -> dict[str, ItemMatcher]:
        from .matchers import compile_item  # compiled on first use: loading stays cheap

        return {item.id: compile_item(item, self.words) for item in self.items}

    @cached_property
    def concrete_regex(self) -> re.Pattern[str]:
        """What counts as a concrete detail in any item."""
        return re.compile("|".join(self.words.expand(c) for c in self.concrete) or r"(?!)")

    def all_terms(self) -> list[str]:
        """Words the segmenter keeps whole: the terms, the items' plain terms, the concepts' words."""
        words = set(self.terms) | set(self.words.literal_words())
        for item in self.items:
            for rule in [*item.match, *item.weak]:
                words.update(t for t in rule.terms() if "…" not in t and "..." not in t and "$" not in t)
        return sorted(words)


class Disable(Strict):
    id: str = Field(description="基础清单中的检查项编号")
    reason: str = Field(min_length=1, description="不适用的原因（显示为“不适用”）")


def _all_optional(model: type[BaseModel], name: str, drop: str) -> type[Strict]:
    """`model`'s fields, each optional with its constraints kept (null is still rejected)."""
    fields: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        if key != drop:
            annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
            extra = {"default": None, "description": info.description, "json_schema_extra": _no_default}
            fields[key] = (annotation, Field(**extra))
    return create_model(name, __base__=Strict, __doc__=f"Fields of {model.__name__} to replace.", **fields)


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


ItemOverride = _all_optional(Item, "ItemOverride", drop="id")


class Extension(Strict):
    """A profile: a checklist written as changes to a base."""

    extends: str = Field(min_length=1, description="基础清单：内置清单编号，或相对于本文件的 YAML 路径")
    id: str = Field(description="清单编号")
    title: str = Field(description="清单名称")
    version: str | None = Field(default=None, description="版本（默认沿用基础清单）")
    applies_to: str | None = Field(default=None, description="适用的报告（默认沿用基础清单）")
    pass_score: float | None = Field(default=None, ge=0, le=100, description="及格分（默认沿用基础清单）")
    grades: Annotated[list[Grade], Field(min_length=1)] | None = Field(default=None, description="等级（整体替换）")
    concrete: list[Regex] = Field(default_factory=list, description="追加的通用“具体内容”正则")
    terms: list[str] = Field(default_factory=list, description="追加的分词词语")
    vocabulary: dict[str, ConceptSpec] = Field(
        default_factory=dict, description="概念及其说法（列表：在基础清单上追加；映射：可 remove、replace）"
    )
    groups: list[Group] = Field(default_factory=list, description="新增的类别")
    items: list[Item] = Field(default_factory=list, description="新增的检查项（排在同类别检查项之后）")
    override: dict[str, ItemOverride] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="按编号修改基础清单的检查项：写出的键整体替换原值"
    )
    disable: list[Disable] = Field(default_factory=list, description="不适用的检查项及原因：不评查、不计分")


# ---------------------------------------------------------------- loading

BUNDLED_DIRS = (
    Path(__file__).resolve().parent / "checklists",  # inside a built wheel
    Path(__file__).resolve().parent.parent / "checklists",  # source tree / editable install
)
DEFAULT_CHECKLIST = "township-annual"
VOCABULARY_FILE = "vocabulary.yaml"  # beside the bundled checklists, and not one of them


def bundled() -> dict[str, Path]:
    """Bundled checklists by id (file stem)."""
    found: dict[str, Path] = {}
    for folder in BUNDLED_DIRS:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                if path.name != VOCABULARY_FILE:
                    found.setdefault(path.stem, path)
    return found


class VocabularyFile(Strict):
    """The common vocabulary: concepts only."""

    vocabulary: dict[str, ConceptSpec] = Field(description="通用概念及其说法")


@cache
def common_vocabulary() -> dict[str, Concept]:
    """The bundled concepts every checklist starts from (checklists/vocabulary.yaml)."""
    path = next(p for folder in BUNDLED_DIRS if (p := folder / VOCABULARY_FILE).is_file())
    return parse_vocabulary(path.read_text(encoding="utf-8"), str(path))


def parse_vocabulary(text: str, name: str) -> dict[str, Concept]:
    """A vocabulary file (concepts only), checked like a checklist's: references, cycles, regexes."""
    data, lines, problems = _read_yaml(text, name)
    spec, more = _validate(data, lines, name, VocabularyFile)
    _raise(problems + more)
    assert spec is not None
    concepts = merge({}, spec.vocabulary)
    _raise(vocabulary_problems(data, lines, name, concepts))
    return concepts


def is_vocabulary_file(path: str) -> bool:
    """A file with concepts and neither a checklist id nor a base: the common vocabulary's form."""
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "vocabulary" in data and not {"id", "extends"} & set(data)


def resolve(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise FazhiError(f"找不到核查清单文件：{name_or_path}")
        return path
    known = bundled()
    if name_or_path in known:
        return known[name_or_path]
    names = "、".join(known) or "（无）"
    raise FazhiError(f"未知的核查清单：{name_or_path}（内置清单：{names}；也可给出 YAML 文件路径）")


def load(name_or_path: str = DEFAULT_CHECKLIST) -> Checklist:
    return _load(resolve(name_or_path), ())


Chain = tuple[tuple[str, str], ...]  # (resolved path, name as shown) of the files being loaded


def _load(path: Path, chain: Chain) -> Checklist:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FazhiError(f"{path}: 无法读取核查清单（{exc}）") from exc
    return parse_checklist(text, str(path), chain)


def parse_checklist(text: str, name: str, chain: Chain = ()) -> Checklist:
    """A checklist from YAML text; every problem at once, each with its file and line."""
    chain = (*chain, (str(Path(name).resolve()), name))
    data, lines, problems = _read_yaml(text, name)
    if "extends" in data:
        return _parse_profile(data, lines, name, chain, problems)
    spec, more = _validate(data, lines, name, ChecklistFile)
    problems += more + _cross_check(data, lines, name) + _zero_weights(data, lines, name)
    _raise(problems)
    assert spec is not None
    concepts = merge(common_vocabulary(), spec.vocabulary)
    _raise(vocabulary_problems(data, lines, name, concepts))
    fields = {key: getattr(spec, key) for key in ChecklistFile.model_fields} | {"vocabulary": concepts}
    checklist = Checklist.model_construct(**fields)
    checklist.warnings.extend(_unused_concepts(data, lines, name, checklist))
    return checklist


def load_yaml_model(text: str, name: str, model: type[M]) -> M:
    """YAML text validated by a pydantic model; every problem with its file and line."""
    data, lines, problems = _read_yaml(text, name)
    value, more = _validate(data, lines, name, model)
    _raise(problems + more)
    assert value is not None
    return value


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise FazhiError("\n".join(message for _, message in sorted(problems, key=lambda p: p[0])))


def _syntax_error(text: str, name: str) -> NoReturn:
    """Report a syntax error as the pure-Python parser words it, whichever parser found it."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise FazhiError(f"{name}:{line}: YAML 语法错误：{exc.problem}") from exc
    raise FazhiError(f"{name}: YAML 语法错误")


def _read_yaml(text: str, name: str) -> tuple[dict, Lines, list[Problem]]:
    """The mapping at the top of the file, the line of every value, and duplicate keys."""
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError:
        node = _syntax_error(text, name)
    if node is None:
        raise FazhiError(f"{name}: 文件为空")
    lines: Lines = {}
    problems: list[Problem] = []
    _index(node, (), lines, problems, name)
    data = yaml.load(text, Loader=LOADER)
    if not isinstance(data, dict):
        raise FazhiError(f"{name}:1: 顶层应是映射（键: 值）")
    return data, lines, problems


def _validate(data: dict, lines: Lines, name: str, model: type[M]) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_describe(err, lines, name) for err in exc.errors()]


def _index(node: yaml.Node, path: tuple, lines: Lines, problems: list[Problem], name: str) -> None:
    """Record the line of every value by its path; report duplicate keys."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                problems.append((line, f"{name}:{line}: 重复的键 “{key.value}”"))
            seen.add(key.value)
            lines[(*path, key.value, "__key__")] = line
            _index(value, (*path, key.value), lines, problems, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _index(value, (*path, i), lines, problems, name)


MESSAGES = {
    "extra_forbidden": "未知的键",
    "missing": "缺少必填的键",
    "string_type": "应为文本",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_pattern_mismatch": "格式不正确",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "too_short": "不能为空",
    "date_from_datetime_parsing": "应为日期（如 2026-12-31）",
    "date_parsing": "应为日期（如 2026-12-31）",
    "date_type": "应为日期（如 2026-12-31）",
}


def _line_of(loc: tuple, lines: Lines) -> int:
    for end in range(len(loc), -1, -1):
        key = tuple(loc[:end])
        if end == len(loc) and (*key, "__key__") in lines:
            return lines[(*key, "__key__")]
        if key in lines:
            return lines[key]
    return 1


def _at(name: str, loc: tuple, lines: Lines, text: str) -> Problem:
    line = _line_of(loc, lines)
    return line, f"{name}:{line}: {text}"


def _describe(err: Any, lines: Lines, name: str, prefix: tuple = ()) -> Problem:
    loc = (*prefix, *(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))))
    where = ".".join(str(p) for p in loc) or "（顶层）"
    if err["type"] == "value_error":
        what = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    else:
        what = MESSAGES.get(err["type"], err["msg"])
        if err["type"] in ("literal_error", "enum") and "ctx" in err:
            what += f"（可选：{err['ctx'].get('expected', '')}）"
    return _at(name, loc, lines, f"{where}: {what}")


# ---------------------------------------------------------------- cross-checks on the raw data
# They look at the data as written, so they are reported together with the model's own errors.


def _entries(data: dict, key: str) -> list[tuple[int, dict]]:
    value = data.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _cross_check(data: dict, lines: Lines, name: str, base: Checklist | None = None) -> list[Problem]:
    """Duplicate group and item ids, and items in a group nobody defined (base ones included)."""
    problems: list[Problem] = []
    group_ids = {g.id for g in base.groups} if base else set()
    for i, group in _entries(data, "groups"):
        gid = group.get("id")
        if isinstance(gid, str) and gid in group_ids:
            problems.append(_at(name, ("groups", i, "id"), lines, f"重复的类别编号 {gid}"))
        group_ids.add(gid)
    seen = {i.id for i in base.items} | {d.item.id for d in base.disabled} if base else set()
    for i, item in _entries(data, "items"):
        iid, group = item.get("id"), item.get("group")
        if isinstance(iid, str) and iid in seen:
            problems.append(_at(name, ("items", i, "id"), lines, f"重复的检查项编号 {iid}"))
        seen.add(iid)
        if isinstance(group, str) and group not in group_ids:
            text = f"{iid} 的类别 “{group}” 未在 groups 中定义"
            problems.append(_at(name, ("items", i, "group"), lines, text))
    return problems


def _zero_weights(data: dict, lines: Lines, name: str) -> list[Problem]:
    weights = [item.get("weight", 1.0) for _, item in _entries(data, "items")]
    numbers = all(isinstance(w, int | float) and not isinstance(w, bool) for w in weights)
    if weights and numbers and sum(weights) <= 0:
        return [_at(name, ("items",), lines, "所有检查项的权重之和必须大于 0")]
    return []


# ---------------------------------------------------------------- profiles: extends


def _parse_profile(data: dict, lines: Lines, name: str, chain: Chain, problems: list[Problem]) -> Checklist:
    ext, more = _validate(data, lines, name, Extension)
    problems += more
    base = _load_base(data["extends"], lines, name, chain, problems)
    if base is not None:
        problems += _cross_check(data, lines, name, base) + _check_targets(data, base, lines, name)
    _raise(problems)
    assert ext is not None and base is not None
    checklist = _merge(base, ext, lines, name, problems)
    _raise(problems)
    assert checklist is not None
    _raise(vocabulary_problems(data, lines, name, checklist.vocabulary))
    checklist.warnings.extend(_unused_concepts(data, lines, name, checklist))
    return checklist


def _load_base(extends: Any, lines: Lines, name: str, chain: Chain, problems: list[Problem]) -> Checklist | None:
    """The base checklist, or None with the reason added to `problems`."""
    if not isinstance(extends, str) or not extends:
        return None  # the model reports it
    try:
        path = _base_path(extends, name)
    except FazhiError as exc:
        problems.append(_at(name, ("extends",), lines, f"extends: {exc}"))
        return None
    key = str(path.resolve())
    if key in (k for k, _ in chain):
        names = " → ".join([*(shown for _, shown in chain), str(path)])
        problems.append(_at(name, ("extends",), lines, f"extends: 循环继承：{names}"))
        return None
    try:
        return _load(path, chain)
    except FazhiError as exc:  # the base's own problems, with its file and lines
        problems.append((_line_of(("extends",), lines), str(exc)))
        return None


def _base_path(extends: str, name: str) -> Path:
    if extends.endswith((".yaml", ".yml")) or "/" in extends:
        path = Path(os.path.normpath(Path(name).parent / extends))
        if not path.is_file():
            raise FazhiError(f"找不到基础清单文件 {path}")
        return path
    known = bundled()
    if extends not in known:
        close = difflib.get_close_matches(extends, known, n=1)
        hint = f"是否指 {close[0]}？" if close else ""
        raise FazhiError(
            f"未知的基础清单 “{extends}”（{hint}内置清单见 fazhi checklist list；也可给出相对于本文件的 YAML 路径）"
        )
    return known[extends]


def _check_targets(data: dict, base: Checklist, lines: Lines, name: str) -> list[Problem]:
    """Every id in `override` and `disable` is an item of the base, named once."""
    problems: list[Problem] = []
    override = data.get("override") if isinstance(data.get("override"), dict) else {}
    for key in override:
        if (why := _unknown_target(str(key), base)) is not None:
            problems.append(_at(name, ("override", key), lines, f"override.{key}: {why}"))
    seen: set[str] = set()
    for i, entry in _entries(data, "disable"):
        iid = entry.get("id")
        if not isinstance(iid, str):
            continue
        if (why := _unknown_target(iid, base)) is not None:
            problems.append(_at(name, ("disable", i, "id"), lines, f"disable.{i}.id: {why}"))
        elif iid in override:
            text = f"disable.{i}.id: {iid} 已在 override 中修改，不能同时停用"
            problems.append(_at(name, ("disable", i, "id"), lines, text))
        elif iid in seen:
            problems.append(_at(name, ("disable", i, "id"), lines, f"disable.{i}.id: 重复停用 {iid}"))
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
        pass_score=base.pass_score if ext.pass_score is None else ext.pass_score,
        grades=ext.grades or base.grades,
        concrete=[*base.concrete, *ext.concrete],
        terms=list(dict.fromkeys([*base.terms, *ext.terms])),
        vocabulary=merge({k: as_concept(v) for k, v in base.vocabulary.items()}, ext.vocabulary),
        groups=[*base.groups, *ext.groups],
        items=items,
        based_on=base.id,
        disabled=[*base.disabled, *disabled],
        overridden=list(ext.override),
        added=[i.id for i in ext.items],
    )


def _merged_problems(base: Checklist, ext: Extension, items: list[Item], lines: Lines, name: str) -> list[Problem]:
    problems = []
    if not items:
        problems.append(_at(name, ("disable",), lines, "停用后没有剩下任何检查项"))
    elif sum(item.weight for item in items) <= 0:
        where = ("override",) if ext.override else ("disable",)
        problems.append(_at(name, where, lines, "合并后所有检查项的权重之和必须大于 0"))
    group_ids = {g.id for g in [*base.groups, *ext.groups]}
    for key, change in ext.override.items():
        group = getattr(change, "group", None)
        if group is not None and group not in group_ids:
            problems.append(_at(name, ("override", key, "group"), lines, f"{key} 的类别 “{group}” 未在 groups 中定义"))
    return problems


def _override(item: Item, change: BaseModel, lines: Lines, name: str, problems: list[Problem]) -> Item:
    """The item with the fields the profile wrote replaced; checked again as a whole."""
    fields = {key: getattr(item, key) for key in item.model_fields_set}
    fields.update({key: getattr(change, key) for key in change.model_fields_set})
    try:
        return Item.model_validate(fields)
    except ValidationError as exc:
        problems.extend(_describe(err, lines, name, ("override", item.id)) for err in exc.errors())
        return item


def _insert(items: list[Item], new: Item) -> None:
    """After the last item of its group, or at the end for a new group."""
    last = max((i for i, item in enumerate(items) if item.group == new.group), default=len(items) - 1)
    items.insert(last + 1, new)


# ---------------------------------------------------------------- vocabulary: concepts named by rules

RULE_KEYS = ("items", "override", "concrete", "vocabulary")  # where concept references may be written
PROSE = {"examples", "advice", "title", "basis", "about", "id", "group", "severity", "check", "applies_to"}


def vocabulary_problems(data: dict, lines: Lines, name: str, concepts: dict) -> list[Problem]:
    """Unknown concepts, cycles, unsafe expanded regexes, engine concepts left without words."""
    words = Vocabulary({key: as_concept(value) for key, value in concepts.items()})
    problems: list[Problem] = []
    for path, text in _rule_strings(data):
        for ref in references(text):
            if ref not in concepts:
                close = difflib.get_close_matches(ref, list(concepts), n=1)
                hint = f"（是否指 ${close[0]}？）" if close else "（概念须在 vocabulary 中定义）"
                problems.append(_at(name, path, lines, f"{_dotted(path)}: 未定义的概念 ${ref}{hint}"))
    if problems:
        return problems
    for path, text in _rule_strings(data):
        if _is_regex(path):
            try:
                compile_regex(words.expand(text))
            except ValueError as exc:
                problems.append(_at(name, path, lines, f"{_dotted(path)}: 展开概念后{exc}"))
    for concept in data.get("vocabulary") or {}:
        try:
            compile_regex(words.pattern(str(concept)))
        except ValueError as exc:
            problems.append(_at(name, ("vocabulary", concept), lines, f"vocabulary.{concept}: {exc}"))
    for engine in ENGINE:
        if not as_concept(concepts.get(engine, [])).words:
            problems.append(_at(name, ("vocabulary",), lines, f"vocabulary: 引擎需要的概念 {engine} 没有任何说法"))
    return problems


def concepts_of(item: Item) -> dict[str, list[str]]:
    """The concepts an item's rules name, each with the keys it is named under (match, weak, …)."""
    found: dict[str, list[str]] = {}
    for path, text in _rule_strings(item.model_dump(exclude_none=True)):
        for ref in references(text):
            uses = found.setdefault(ref, [])
            if path[0] not in uses:
                uses.append(path[0])
    return found


def _unused_concepts(data: dict, lines: Lines, name: str, checklist: Checklist) -> list[str]:
    """Concepts this file defines that no rule, signal or other concept names (a warning)."""
    used = set(ENGINE)
    texts = [*checklist.concrete]
    for item in checklist.items:
        texts += [t for _, t in _rule_strings(item.model_dump(exclude_none=True))]
    for concept in checklist.words.concepts.values():
        texts += [w if isinstance(w, str) else w.re for w in concept.words]
    used.update(ref for text in texts for ref in references(text))
    defined = data.get("vocabulary") if isinstance(data.get("vocabulary"), dict) else {}
    return [
        f"{name}:{line}: 概念 {concept} 没有被任何检查项或其他概念使用"
        for concept in defined
        if concept not in used and (line := _line_of(("vocabulary", concept), lines))
    ]


def _rule_strings(value: Any, path: tuple = (), top: bool = True) -> list[tuple[tuple, str]]:
    """(path, text) of every string where a rule, signal or concept word is written."""
    if isinstance(value, dict):
        return [
            found
            for key, sub in value.items()
            if key not in PROSE and (not top or key in RULE_KEYS or "match" in value)
            for found in _rule_strings(sub, (*path, key), False)
        ]
    if isinstance(value, list):
        return [found for i, sub in enumerate(value) for found in _rule_strings(sub, (*path, i), False)]
    return [(path, value)] if isinstance(value, str) else []


def _is_regex(path: tuple) -> bool:
    keys = [p for p in path if isinstance(p, str)]
    return bool(keys) and (keys[-1] in ("regex", "re", "exclude", "concrete"))


def _dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)
