"""Loading checklists: the bundled one, and clear Chinese errors with YAML lines for broken ones."""

import textwrap
from pathlib import Path

import pytest
import yaml

from checker.checklist import checklist as checklists
from checker.checklist import loading, regexes
from checker.checklist.loading import load_editions
from checker.checklist.regexes import backtracking_risk
from checker.models import FazhiError

SPEC_IDS = ["S1", "S2", "S3", "S4", "M1", "A1", "A2", "A3", "A4", "B1", "B2", "B3", "C1", "C2", "D1", "D2", "E1", "E2"]

MINIMAL = """\
id: tiny
title: 小清单
version: "1"
applies_to: 测试
pass_score: 60
grades:
  - {name: 合格, min: 60}
  - {name: 不合格, min: 0}
groups:
  - {id: E, title: 普法}
items:
  - id: E1
    title: 普法活动
    group: E
    basis: 八五普法规划
    match:
      - any: [普法]
    advice: 写明普法活动。
"""


def test_bundled_checklist_has_the_spec_items(township):
    assert [i.id for i in township.items] == SPEC_IDS
    assert {i.group for i in township.items} == {"S", "M", "A", "B", "C", "D", "E"}
    assert all(i.advice and i.basis for i in township.items)
    assert township.grade_for(95) == "优秀" and township.grade_for(59.9) == "不合格"


def _ids_of(checklists) -> tuple[set[str], set[str]]:
    """The item ids and group ids found in any of these loaded checklists."""
    return ({i.id for c in checklists for i in c.items}, {g.id for c in checklists for g in c.groups})


def test_bundled_profiles_add_no_item_or_group_id_their_base_already_has():
    """A profile's new items and groups must not reuse an id of the checklist it extends — of any
    edition it is laid on (county-department on township-annual@2026 too), or, for an edition, of
    the base file. One test names every clash, read from the files as written, so a new item in a
    base whose id a bundled profile already uses is found here by name."""
    bundled = loading.bundled()
    clashes = []
    for stem, path in sorted(bundled.items()):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = data.get("extends")
        family = (base or "").partition("@")[0]
        if family not in bundled:
            continue  # not a profile of a bundled checklist
        if stem.startswith(f"{family}@") or "@" in base:  # an edition: laid on the base file, or a pinned one
            under = [loading.load(str(bundled[family]))] if "@" not in base else load_editions(base).editions
        else:  # a profile: laid on every edition of its base
            under = load_editions(base).editions
        items, groups = _ids_of(under)
        added_items = {i["id"] for i in data.get("items") or []}
        added_groups = {g["id"] for g in data.get("groups") or []}
        clashes += [f"{stem}: 检查项 {i} 已在 {base} 中" for i in sorted(added_items & items)]
        clashes += [f"{stem}: 类别 {g} 已在 {base} 中" for g in sorted(added_groups & groups)]
    assert clashes == []


def test_bundled_checklist_is_found_by_id_and_by_path():
    path = loading.resolve("township-annual")
    assert path.name == "township-annual.yaml"
    assert loading.load(str(path)).id == "township-annual"


def test_minimal_checklist_loads(tmp_path: Path):
    p = tmp_path / "tiny.yaml"
    p.write_text(MINIMAL, encoding="utf-8")
    loaded = loading.load(str(p))
    assert [i.id for i in loaded.items] == ["E1"]


def broken(tmp_path: Path, text: str) -> str:
    p = tmp_path / "bad.yaml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(FazhiError) as exc:
        loading.load(str(p))
    return str(exc.value).replace(str(p), "bad.yaml")


def test_unknown_key_names_file_and_line(tmp_path):
    msg = broken(tmp_path, MINIMAL.replace("    group: E\n", "    group: E\n    wieght: 2\n"))
    assert msg == "bad.yaml:15: items.0.wieght: 未知的键"


def test_wrong_type(tmp_path):
    msg = broken(tmp_path, MINIMAL.replace("    basis: 八五普法规划\n", "    basis: 八五普法规划\n    weight: 很重\n"))
    assert msg == "bad.yaml:16: items.0.weight: 应为数字"


def test_duplicate_id_and_unknown_group(tmp_path):
    extra = "  - id: E1\n    title: 重复\n    group: X\n    basis: 无\n    match: [{any: [宣传]}]\n    advice: 无\n"
    msg = broken(tmp_path, MINIMAL + extra)
    assert msg.splitlines() == [
        "bad.yaml:19: 重复的检查项编号 E1",
        "bad.yaml:21: E1 的类别 “X” 未在 groups 中定义",
    ]


def test_bad_regex(tmp_path):
    msg = broken(tmp_path, MINIMAL.replace("      - any: [普法]", "      - regex: '普法(宣传'"))
    assert msg.startswith("bad.yaml:17: items.0.match.0.regex: 正则表达式无效：'普法(宣传'")


def test_yaml_syntax_error(tmp_path):
    msg = broken(tmp_path, MINIMAL.replace("    title: 普法活动", "    title: [普法活动"))
    assert msg.startswith("bad.yaml:14: YAML 语法错误")


def test_duplicate_key(tmp_path):
    msg = broken(tmp_path, MINIMAL.replace("    title: 普法活动\n", "    title: 普法活动\n    title: 又一个\n"))
    assert msg == "bad.yaml:14: 重复的键 “title”"


def test_empty_rule_and_zero_weights(tmp_path):
    msg = broken(tmp_path, MINIMAL.replace("      - any: [普法]", "      - any: []"))
    assert msg == "bad.yaml:17: items.0.match.0: 规则至少需要 any、all、regex 之一"
    msg = broken(tmp_path, MINIMAL.replace("    group: E\n", "    group: E\n    weight: 0\n"))
    assert msg == "bad.yaml:11: 所有检查项的权重之和必须大于 0"


def test_unknown_bundled_name():
    with pytest.raises(FazhiError, match=r"未知的核查清单：nope（内置清单：.*township-annual"):
        loading.load("nope")


# ---------------------------------------------------------------- unsafe or broken rules


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(a+)+", "nested"),
        (r"(\d*)*", "nested"),
        (r"(.+)*", "nested"),
        (r"(?:[^。]+普法){2,}", "nested"),
        (r"((a+)b)+", "nested"),
        (r"(?:(a+)?)+", "nested"),
        (r"(?=(a+)+)b", "nested"),
        (r"(?:x|xy)+", "overlap"),
        (r"(a|aa)+", "overlap"),
        (r"(?:法治|法治宣传)+", "overlap"),
        (r"(\d|\d\d)+", "overlap"),
        (r"(a|b?a)+$", "overlap"),  # the alternatives' first characters, past an optional one
        (r"(?:a|aa){11,20}", "overlap"),
        (r"\d+\d+\d+\d+\d+x", "adjacent"),
        (r"[^。]*[^。]*[^。]*x", "adjacent"),
        (r"[^。]*执法[^。]*x", "adjacent"),  # 执法 could have been eaten by the first run too
        (r"\s*[【]?\s*大", "adjacent"),
        (r"[^。]{0,40}[^，]{0,40}x", "adjacent"),  # 41 × 41 ways > 1000
        (r"(a{1,1000}){1,1000}b", "iterated"),
        (r"(a?a)+", "iterated"),
        (r"(?:[^，。]{0,8}普法){2,}", "iterated"),
    ],
)
def test_patterns_that_can_backtrack_catastrophically(pattern, why):
    risk = backtracking_risk(pattern)
    kinds = {"nested": regexes.NESTED, "overlap": regexes.OVERLAP, "adjacent": regexes.ADJACENT}
    assert risk == {**kinds, "iterated": regexes.ITERATED}[why]


@pytest.mark.parametrize(
    "pattern",
    [r"a+b+", r"(a+)?", r"[^。]{0,12}", r"(?:\d{1,6}、)+", r"(?:次|件)+", r"(?:ab|ac)+", r"(?>a+)+", r"(?:a++)+",
     r"(?:余|多)?(?:次|件)", r"(?<![论阐])述法", r"\d+(?:\.\d+)?", r"公示[^。]{0,20}执法[^。]{0,20}",
     r"每年[^，。]{0,10}?\d+次", r"(?:、?某某)+", r"(?:宣传?){2,}", r"[^>]{0,20}>\s*[^>]{1,14}>[^，]*$"],
)
def test_safe_patterns_pass(pattern):
    assert backtracking_risk(pattern) is None


def test_every_unsafe_pattern_is_named_with_its_own_line(tmp_path):
    exclude = "    exclude: ['村法律顾问', '(?:[^，]+顾问)+']\n    concrete: ['(?:聘请)?']\n"
    msg = broken(tmp_path, MINIMAL.replace("    group: E\n", "    group: E\n" + exclude))
    assert msg.splitlines() == [
        "bad.yaml:15: items.0.exclude.1: 正则表达式可能灾难性回溯：'(?:[^，]+顾问)+'"
        f"（{regexes.NESTED}）",
        "bad.yaml:16: items.0.concrete.0: 正则表达式会匹配空文本（任何句子都算命中）：'(?:聘请)?'",
    ]


def test_model_errors_and_cross_checks_come_together(tmp_path):
    extra = "  - id: E1\n    title: 重复\n    group: X\n    basis: 无\n    match: [{regex: '(宣传'}]\n    advice: 无\n"
    msg = broken(tmp_path, MINIMAL + extra)
    assert msg.splitlines() == [
        "bad.yaml:19: 重复的检查项编号 E1",
        "bad.yaml:21: E1 的类别 “X” 未在 groups 中定义",
        "bad.yaml:23: items.1.match.0.regex: 正则表达式无效：'(宣传'"
        "（missing ), unterminated subpattern at position 0）",
    ]


def test_empty_terms_in_count_rules_and_headings(tmp_path):
    count = "    count: {need: 1, of: {公众参与: [], 专家论证: [专家论证]}}\n"
    msg = broken(tmp_path, MINIMAL.replace("    match:\n      - any: [普法]\n", count))
    assert msg == "bad.yaml:16: items.0.count.of.公众参与: 不能为空"
    msg = broken(tmp_path, MINIMAL.replace("      - any: [普法]", "      - any: ['…']"))
    assert msg == "bad.yaml:17: items.0.match.0.any.0: 词语不能以 … 开头或结尾（… 只表示两段文字之间的间隔）：'…'"
    msg = broken(tmp_path, MINIMAL.replace("      - any: [普法]", "      - any: ['  ']"))
    assert msg == "bad.yaml:17: items.0.match.0: 词语列表不能为空"


def test_profile_keys_need_extends(tmp_path):
    msg = broken(tmp_path, MINIMAL + "disable: [{id: E1, reason: 不适用}]\n")
    assert msg == "bad.yaml:19: disable: 未知的键"


def test_a_profile_can_write_every_key_of_a_complete_checklist():
    assert set(checklists.ChecklistFile.model_fields) < set(checklists.Extension.model_fields)
    assert set(checklists.ItemOverride.model_fields) == set(checklists.Item.model_fields) - {"id"}


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(?i)普法", regexes.GLOBAL_FLAG),  # joined after another rule it would be a late flag
        (r"(?P<what>普法)", regexes.NAMED),  # two rules naming one group cannot be joined
        (r"(普法)宣传\1", regexes.BACKREF),  # group numbers change once rules are joined
        (r"(普法)?(?(1)宣传|活动)", regexes.BACKREF),
        (r"(?>(普法)宣传\1)", regexes.BACKREF),  # inside an atomic group too
    ],
)
def test_patterns_that_cannot_be_joined_are_refused(pattern, reason):
    with pytest.raises(ValueError, match="不能使用") as exc:
        regexes.compile_regex(pattern)
    assert reason in str(exc.value)


def test_scoped_flags_are_accepted():
    assert regexes.compile_regex(r"(?i:pdf)文件").search("PDF文件")


def test_what_a_regex_costs_at_every_position_of_a_text():
    """Pieces after fixed words run only where the words stand; free pieces at the start run everywhere."""
    assert regexes.cost("(?:制定|印发)了?《[^》]{0,30}审查[^》]{0,30}》") == 1
    assert regexes.cost("公示[^。]{0,20}执法") == 1
    assert regexes.cost("[^。]{0,30}[^，]{0,30}[甲乙]") == 31 * 31
    assert regexes.cost("[^。]{0,9}[^，]{0,9}") == 100


def test_the_bundled_checklists_are_within_the_budget():
    from checker.checklist.loading import families, load_editions

    for name in families():
        assert load_editions(name).editions  # loading checks the budget of every file
