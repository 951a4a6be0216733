"""The checklist format: pydantic models, and loading a YAML file with line-exact errors.

A checklist is data. Each item names a check kind the engine knows:

- ``content`` (default): evidence sentences found by rules (``match`` = full evidence,
  ``weak`` = a generic claim, worth ``partial`` at most), judged by section role,
  negation, future tense and concreteness.
- ``section``: a part of the report whose heading has a given role or wording, with body.
- ``signature``: issuing unit and date at the end, the date inside a window.

A rule holds any of ``any`` (one of the terms), ``all`` (one term of each group) and
``regex``; every condition it holds must be met inside its ``scope`` (a sentence or a
clause). A term may contain ``…`` for "up to 12 characters of anything in between".
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .models import FazhiError, Role

GAP = "[^。；！？]{0,12}?"  # what "…" in a term stands for
M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def term_pattern(term: str) -> str:
    """A literal term as regex; "…" (or "...") stands for a short gap."""
    return GAP.join(re.escape(p) for p in re.split(r"…|\.\.\.", term) if p)


def compile_regex(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"正则表达式无效：{pattern!r}（{exc}）") from exc


class Rule(Strict):
    """One way an item can be evidenced in a sentence."""

    any: list[str] = Field(default_factory=list, description="one of these terms")
    all: list[list[str]] = Field(default_factory=list, description="one term from each group")
    regex: str | None = Field(default=None, description="a regular expression")
    scope: Literal["sentence", "clause"] = "sentence"

    @model_validator(mode="after")
    def _not_empty(self) -> Rule:
        if not (self.any or self.all or self.regex):
            raise ValueError("规则至少需要 any、all、regex 之一")
        if any(not group for group in self.all) or any(not t.strip() for t in self.terms()):
            raise ValueError("词语列表不能为空")
        return self

    @field_validator("regex")
    @classmethod
    def _valid_regex(cls, v: str | None) -> str | None:
        if v is not None:
            compile_regex(v)
        return v

    def terms(self) -> list[str]:
        return [*self.any, *(t for group in self.all for t in group)]

    def anchors(self) -> list[str]:
        """Words one of which any match of the rule contains (none for a regex rule): the first
        literal piece of each term of `any`, or of the smallest `all` group."""
        if self.regex:
            return []
        terms = self.any or min(self.all, key=len)
        return [re.split(r"…|\.\.\.", t)[0] or t for t in terms]

    @cached_property
    def patterns(self) -> list[re.Pattern[str]]:
        """One compiled pattern per condition: all of them must match."""
        pats = []
        if self.any:
            pats.append(re.compile("|".join(term_pattern(t) for t in self.any)))
        pats.extend(re.compile("|".join(term_pattern(t) for t in group)) for group in self.all)
        if self.regex:
            pats.append(re.compile(self.regex))
        return pats


class CountRule(Strict):
    """At least `need` of the named elements (D2: the five decision procedures)."""

    need: int = Field(ge=1)
    context: list[str] = Field(default_factory=list, description="the sentence must also name one of these")
    of: dict[str, list[str]]

    @cached_property
    def context_pattern(self) -> re.Pattern[str] | None:
        return re.compile("|".join(map(term_pattern, self.context))) if self.context else None

    @cached_property
    def element_patterns(self) -> dict[str, re.Pattern[str]]:
        return {name: re.compile("|".join(map(term_pattern, terms))) for name, terms in self.of.items()}


class SectionRule(Strict):
    """A part of the report: by role, or by words in its heading."""

    role: Role | None = None
    heading: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> SectionRule:
        if self.role is None and not self.heading:
            raise ValueError("section 需要 role 或 heading")
        return self

    @cached_property
    def heading_pattern(self) -> re.Pattern[str] | None:
        return re.compile("|".join(map(term_pattern, self.heading))) if self.heading else None


class Window(Strict):
    """The date window of the signature, as month-day after the report year."""

    after: str = Field(default="12-01", pattern=r"^\d{2}-\d{2}$", description="report year, exclusive")
    until: str = Field(default="04-01", pattern=r"^\d{2}-\d{2}$", description="next year, inclusive")


class Example(Strict):
    """A short report-like snippet, and the heading of the part it sits under."""

    text: str = Field(min_length=1)
    heading: str = Field(default="一、主要举措和成效", description="the part heading; sets the role")


class Item(Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,15}$")
    title: str
    group: str
    basis: str
    weight: float = Field(default=1.0, ge=0)
    severity: Literal["required", "recommended"] = "required"
    check: Literal["content", "section", "signature"] = "content"
    match: list[Rule] = Field(default_factory=list, description="full evidence")
    weak: list[Rule] = Field(default_factory=list, description="a generic claim: partial at most")
    exclude: list[str] = Field(default_factory=list, description="regex masked out before matching")
    concrete: list[str] = Field(default_factory=list, description="extra regex that count as concrete")
    needs_concrete: bool = True
    global_concrete: bool = Field(default=True, description="the checklist's concrete signals count too")
    count: CountRule | None = None
    section: SectionRule | None = None
    window: Window | None = None
    advice: str
    examples: dict[Literal["met", "partial", "planned", "missing"], list[str | Example]] = Field(
        default_factory=dict, description="snippets and the status each must get"
    )

    @field_validator("exclude", "concrete")
    @classmethod
    def _valid_patterns(cls, v: list[str]) -> list[str]:
        for p in v:
            compile_regex(p)
        return v

    @model_validator(mode="after")
    def _kind_fields(self) -> Item:
        if self.check == "content" and not (self.match or self.count):
            raise ValueError(f"{self.id}: content 类检查项需要 match 或 count")
        if self.check == "section" and self.section is None:
            raise ValueError(f"{self.id}: section 类检查项需要 section")
        return self

    @cached_property
    def anchors(self) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
        """What every match of the item contains: one of these words, or a match of the pattern
        (the item's regex rules). Sentences with neither are skipped without a look."""
        rules = [*self.match, *self.weak]
        words = [a for rule in rules for a in rule.anchors()]
        if self.count is not None:
            words += [re.split(r"…|\.\.\.", t)[0] or t for terms in self.count.of.values() for t in terms]
        regexes = [f"(?:{rule.regex})" for rule in rules if rule.regex]
        return tuple(dict.fromkeys(words)), re.compile("|".join(regexes)) if regexes else None

    @cached_property
    def exclude_pattern(self) -> re.Pattern[str] | None:
        return re.compile("|".join(self.exclude)) if self.exclude else None

    @cached_property
    def concrete_pattern(self) -> re.Pattern[str] | None:
        return re.compile("|".join(self.concrete)) if self.concrete else None


class Group(Strict):
    id: str
    title: str


class Grade(Strict):
    name: str
    min: float = Field(ge=0, le=100)


class Checklist(Strict):
    id: str
    title: str
    version: str
    applies_to: str
    pass_score: float = Field(ge=0, le=100)
    grades: list[Grade] = Field(min_length=1)
    concrete: list[str] = Field(default_factory=list, description="regex: concrete detail in any item")
    terms: list[str] = Field(default_factory=list, description="extra words for the jieba dictionary")
    groups: list[Group] = Field(min_length=1)
    items: list[Item] = Field(min_length=1)

    @field_validator("concrete")
    @classmethod
    def _valid_patterns(cls, v: list[str]) -> list[str]:
        for p in v:
            compile_regex(p)
        return v

    @cached_property
    def concrete_pattern(self) -> re.Pattern[str]:
        return re.compile("|".join(self.concrete) or r"(?!)")

    def group_title(self, group_id: str) -> str:
        return next((g.title for g in self.groups if g.id == group_id), group_id)

    def grade_for(self, score: float) -> str:
        for grade in sorted(self.grades, key=lambda g: -g.min):
            if score >= grade.min:
                return grade.name
        return self.grades[-1].name

    def all_terms(self) -> list[str]:
        words = set(self.terms)
        for item in self.items:
            for rule in [*item.match, *item.weak]:
                words.update(t for t in rule.terms() if "…" not in t and "..." not in t)
        return sorted(words)


# ---------------------------------------------------------------- loading

BUNDLED_DIRS = (
    Path(__file__).resolve().parent / "checklists",  # inside a built wheel
    Path(__file__).resolve().parent.parent / "checklists",  # source tree / editable install
)
DEFAULT_CHECKLIST = "township-annual"


def bundled() -> dict[str, Path]:
    """Bundled checklists by id (file stem)."""
    found: dict[str, Path] = {}
    for folder in BUNDLED_DIRS:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, path)
    return found


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
    path = resolve(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FazhiError(f"{path}: 无法读取核查清单（{exc}）") from exc
    return parse_checklist(text, str(path))


def parse_checklist(text: str, name: str) -> Checklist:
    checklist, lines = _validated(text, name, Checklist)
    problems = _cross_check(checklist, lines, name)
    if problems:
        raise FazhiError("\n".join(problems))
    return checklist


def load_yaml_model(text: str, name: str, model: type[M]) -> M:
    """YAML text validated by a pydantic model; every problem with its file and line."""
    return _validated(text, name, model)[0]


def _validated(text: str, name: str, model: type[M]) -> tuple[M, dict[tuple, int]]:
    try:
        node = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise FazhiError(f"{name}:{line}: YAML 语法错误：{exc.problem}") from exc
    if node is None:
        raise FazhiError(f"{name}: 文件为空")
    lines: dict[tuple, int] = {}
    problems: list[str] = []
    _index(node, (), lines, problems, name)
    if problems:
        raise FazhiError("\n".join(problems))
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise FazhiError(f"{name}:1: 顶层应是映射（键: 值）")
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        raise FazhiError("\n".join(_describe(err, lines, name) for err in exc.errors())) from exc


def _index(node: yaml.Node, path: tuple, lines: dict, problems: list[str], name: str) -> None:
    """Record the line of every value by its path; report duplicate keys."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(f"{name}:{key.start_mark.line + 1}: 重复的键 “{key.value}”")
            seen.add(key.value)
            lines[(*path, key.value, "__key__")] = key.start_mark.line + 1
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


def _line_of(loc: tuple, lines: dict) -> int:
    for end in range(len(loc), -1, -1):
        key = tuple(loc[:end])
        if end == len(loc) and (*key, "__key__") in lines:
            return lines[(*key, "__key__")]
        if key in lines:
            return lines[key]
    return 1


def _describe(err: dict[str, Any], lines: dict, name: str) -> str:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    where = ".".join(str(p) for p in loc) or "（顶层）"
    if err["type"] == "value_error":
        what = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    else:
        what = MESSAGES.get(err["type"], err["msg"])
        if err["type"] in ("literal_error", "enum") and "ctx" in err:
            what += f"（可选：{err['ctx'].get('expected', '')}）"
    return f"{name}:{_line_of(loc, lines)}: {where}: {what}"


def _cross_check(checklist: Checklist, lines: dict, name: str) -> list[str]:
    problems = []
    group_ids = {g.id for g in checklist.groups}
    seen: set[str] = set()
    for i, item in enumerate(checklist.items):
        if item.id in seen:
            problems.append(f"{name}:{_line_of(('items', i, 'id'), lines)}: 重复的检查项编号 {item.id}")
        seen.add(item.id)
        if item.group not in group_ids:
            problems.append(
                f"{name}:{_line_of(('items', i, 'group'), lines)}: {item.id} 的类别 “{item.group}” 未在 groups 中定义"
            )
    if sum(item.weight for item in checklist.items) <= 0:
        problems.append(f"{name}:{_line_of(('items',), lines)}: 所有检查项的权重之和必须大于 0")
    return problems
