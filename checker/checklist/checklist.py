"""The checklist format: the pydantic models a checklist file is validated against.

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
checklist's ``vocabulary`` (see ``vocabulary.py``).

A file is either complete (``ChecklistFile``) or a profile (``Extension``, see ``profiles.py``);
loading either (``loading.py``) gives a ``Checklist``. Regexes are judged safe by ``regexes.py``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from ..models import Role, edition_label
from .regexes import Regex
from .vocabulary import ConceptSpec, Term, Vocabulary, as_concept, references, term_pattern


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# ---------------------------------------------------------------- the format


class Rule(Strict):
    """One way an item can be evidenced in a sentence."""

    any: list[Term] = Field(default_factory=list, description="其中任一词语出现即命中")
    all: list[list[Term]] = Field(default_factory=list, description="每组各出现一个词语才命中")
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


Terms = Annotated[list[Term], Field(min_length=1)]


class CountRule(Strict):
    """At least `need` of the named elements (D2: the five decision procedures)."""

    need: int = Field(ge=1, description="至少写明几项")
    context: list[Term] = Field(default_factory=list, description="句子还须提到其中之一（如“决策”）")
    of: dict[str, Terms] = Field(description="各项要素及其说法")

    @model_validator(mode="after")
    def _no_blank_terms(self) -> CountRule:
        words = [*self.context, *(t for terms in self.of.values() for t in terms)]
        if any(not term_pattern(t.strip()) for t in words):
            raise ValueError("词语不能为空")
        return self


class Substance(Strict):
    """What a part must say to be more than a bare claim (S2: two shortcomings, or one and its cause)."""

    need: int = Field(default=2, ge=1, description="至少写明几条具体内容（分句）才算达标")
    point: list[Term] = Field(
        default_factory=list, description="一个分句算一条具体内容时须含的词语（空：不限）"
    )
    cause: list[Term] = Field(default_factory=list, description="说明原因的词语：一条具体内容加原因也算达标")
    filler: list[Term] = Field(default_factory=list, description="不说明任何具体内容的套话词语（计字数时去掉）")
    chars: int = Field(default=4, ge=1, description="去掉套话后至少还剩几个汉字，才算具体")


class SectionRule(Strict):
    """A part of the report: by role, or by words in its heading."""

    role: Role | None = Field(default=None, description="部分的作用：work（工作）、problems（问题）、plans（计划）")
    heading: list[Term] = Field(default_factory=list, description="标题中的词语")
    substance: Substance | None = Field(
        default=None, description="部分正文须有实质内容（如至少两条具体不足）才算达标，否则为部分"
    )

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
    weight: float = Field(default=1.0, ge=0, le=100, allow_inf_nan=False, description="权重（默认 1，至多 100）")
    severity: Literal["required", "recommended"] = Field(
        default="required", description="必查（required）或建议（recommended）"
    )
    check: Literal["content", "section", "signature"] = Field(default="content", description="检查方式")
    match: list[Rule] = Field(default_factory=list, description="完整证据的规则：有具体内容为达标，否则为部分")
    weak: list[Rule] = Field(default_factory=list, description="笼统表述的规则：至多为部分")
    exclude: list[Regex] = Field(default_factory=list, description="先遮去再匹配的正则（如 村（居）法律顾问）")
    topic: list[Term] = Field(
        default_factory=list, description="本项的主题词：句子只写 other_topics 之一、不写其中任何一个时不计分"
    )
    other_topics: list[Term] = Field(
        default_factory=list, description="别的工作领域（安全生产、防汛……）：只写这些的句子不是本项的事"
    )
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


class Years(Strict):
    """The report years an edition of a checklist applies to: the law in force for them."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, populate_by_name=True)
    start: int = Field(alias="from", ge=2000, le=2100, description="适用的第一个报告年度")
    until: int | None = Field(default=None, ge=2000, le=2100, description="适用的最后一个报告年度（不写：至今）")

    @model_validator(mode="after")
    def _ordered(self) -> Years:
        if self.until is not None and self.until < self.start:
            raise ValueError("until 不能早于 from")
        return self

    def covers(self, year: int) -> bool:
        return self.start <= year and (self.until is None or year <= self.until)

    def distance(self, year: int) -> int:
        """How many years `year` lies outside (0 inside)."""
        return self.start - year if year < self.start else 0 if self.until is None else max(0, year - self.until)

    @property
    def label(self) -> str:
        if self.until is None:
            return f"{self.start}年起"
        return f"{self.start}年" if self.until == self.start else f"{self.start}—{self.until}年"


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
    years: Years | None = Field(
        default=None, description="本版适用的报告年度（from、until）；同一清单的各版按报告年度自动选用"
    )
    later: str = Field(default="", description="报告年度晚于本版适用年度、又没有更新的版本时，附在提示后的说明")
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
    extends: str | None = None  # the base as the profile wrote it (an id, id@year, or a path)
    disabled: list[DisabledItem] = Field(default_factory=list)
    overridden: list[str] = Field(default_factory=list)  # ids of base items the profile changed
    added: list[str] = Field(default_factory=list)  # ids of the profile's own items
    warnings: list[str] = Field(default_factory=list)  # file:line notes that do not stop loading

    @property
    def edition(self) -> str:
        """Which checklist, which version, for which report years: 'township-annual 2026.1（2026年起）'."""
        return edition_label(self.id, self.version, self.years.label if self.years else "")

    @cached_property
    def words(self) -> Vocabulary:
        """The merged vocabulary: the common concepts, the base's and this file's."""
        return Vocabulary({name: as_concept(spec) for name, spec in self.vocabulary.items()})

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
            fields[key] = (annotation, Field(default=None, description=info.description, json_schema_extra=_no_default))
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
    years: Years | None = Field(default=None, description="本版适用的报告年度（默认沿用基础清单）")
    later: str | None = Field(default=None, description="报告年度晚于本版适用年度时的说明（默认沿用基础清单）")
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

class VocabularyFile(Strict):
    """The common vocabulary: concepts only."""

    vocabulary: dict[str, ConceptSpec] = Field(description="通用概念及其说法")


# ---------------------------------------------------------------- where rules are written

RULE_KEYS = ("items", "override", "concrete", "vocabulary")  # where concept references may be written
PROSE = {"examples", "advice", "title", "basis", "about", "id", "group", "severity", "check", "applies_to"}


def rule_strings(value: Any, path: tuple = (), top: bool = True) -> list[tuple[tuple, str]]:
    """(path, text) of every string where a rule, signal or concept word is written."""
    if isinstance(value, dict):
        return [
            found
            for key, sub in value.items()
            if key not in PROSE and (not top or key in RULE_KEYS or "match" in value)
            for found in rule_strings(sub, (*path, key), False)
        ]
    if isinstance(value, list):
        return [found for i, sub in enumerate(value) for found in rule_strings(sub, (*path, i), False)]
    return [(path, value)] if isinstance(value, str) else []


def concepts_of(item: Item) -> dict[str, list[str]]:
    """The concepts an item's rules name, each with the keys it is named under (match, weak, …)."""
    found: dict[str, list[str]] = {}
    for path, text in rule_strings(item.model_dump(exclude_none=True)):
        for ref in references(text):
            uses = found.setdefault(ref, [])
            if path[0] not in uses:
                uses.append(path[0])
    return found
