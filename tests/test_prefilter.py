"""prefilter.py: what lets the engine skip text must never change what a pattern matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import loading
from checker.prefilter import compile_pattern, literal_gate, part_matches_imply_whole, required_literals
from checker.reading import Reader

from .conftest import ROOT

GUARD = re.compile(r"^\(\?=\[(?:\\.|[^\]\\])*\]\)\(\?:(.*)\)$", re.S)


@pytest.mark.parametrize(
    ("regex", "guard"),
    [
        (r"一名|(?<![第届])\d+次|《[^》]{2,60}》", r"[\d《一]"),  # concrete details: a look-behind first
        (r"(?:主持|(?<!副)书记)", "[主书]"),
        (r"(?:\d+|十)(?:次|场)", r"[\d十]"),
        (r"(?:学习)?(?<!未)开展", "[学开]"),  # an optional opening: what follows may begin it
        ("[镇乡]长|街道", "[乡街镇]"),  # the engine's own set needs every branch to open with a word
    ],
)
def test_a_guard_names_the_first_characters(regex, guard):
    assert compile_pattern(regex).pattern == f"(?={guard})(?:{regex})"


@pytest.mark.parametrize(
    "regex",
    [
        "法律顾问",  # the engine skips to a literal prefix by itself
        "[镇乡]长",  # … or to a set of first characters
        r"(?<!未)[^，]{0,4}开展",  # a match may begin with almost anything
        r"(?i:app)平台",  # case folded: the characters are not the ones written
        r"(?<!未)(?:开展)?",  # may match empty text
        r"(?<!x)\S",  # \S, \D, \W: almost anything
        r"^(?:(?:由|经)?(?:镇|乡)?(?:书记|镇长))",  # ^…: the engine tries the start only
        r"\A(?:下一步|明年)",
    ],
)
def test_no_guard_where_none_helps_or_none_is_sure(regex):
    assert compile_pattern(regex).pattern == regex


def _bundled_patterns() -> list[re.Pattern[str]]:
    """Every pattern the bundled checklist runs over reports."""
    checklist = loading.load()
    found: list[re.Pattern[str]] = [checklist.concrete_regex]
    for m in checklist.matchers.values():
        found += [p for rule in (*m.match, *m.weak) for p in rule.patterns]
        found += [p for p in (m.exclude, m.concrete, m.heading) if p is not None]
        found += list(m.count.elements.values()) if m.count else []
    reader = Reader(checklist.words, 2024)
    found += [v for v in vars(reader).values() if isinstance(v, re.Pattern)]
    return list({p.pattern: p for p in found}.values())


PATTERNS = _bundled_patterns()
GUARDED = [p for p in PATTERNS if GUARD.match(p.pattern)]


def test_the_bundled_concrete_details_are_guarded():
    assert len(GUARDED) >= 10
    assert any("《" in p.pattern for p in GUARDED)


SENTENCES = [
    "镇党委书记主持召开专题会议3次，研究法治政府建设工作。",
    "全年开展普法宣传活动12场次，发放《民法典》宣传资料2000余份。",
    "第三届法治讲堂于5月12日举行，两名法律顾问参与审查合同21份。",
    "尚未编制重大行政决策事项目录，下一步将在门户网站公开。",
    "“12·4”国家宪法日当天，镇长带队进村宣讲，未发生行政诉讼败诉案件。",
]


def _same_matches(pattern: re.Pattern[str], text: str) -> bool:
    guarded = GUARD.match(pattern.pattern)
    assert guarded is not None
    plain = re.compile(guarded.group(1))
    if [m.span() for m in pattern.finditer(text)] != [m.span() for m in plain.finditer(text)]:
        return False
    starts = (0, 3, len(text) // 2)
    return all(
        ((a := pattern.search(text, s)) and a.span()) == ((b := plain.search(text, s)) and b.span()) for s in starts
    )


def test_a_guard_changes_no_match_in_the_samples():
    lines = [line for path in sorted((ROOT / "reports").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 50
    for pattern in GUARDED:
        assert all(_same_matches(pattern, line) for line in [*SENTENCES, *lines]), pattern.pattern


PIECES = [piece for s in SENTENCES for piece in re.split(r"(?<=[，。、])", s) if piece]


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.sampled_from(GUARDED or [re.compile("x")]),
    text=st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from([*"12十第副余·《》", "3次", "两名"])),
                  max_size=12).map("".join),
)
def test_a_guard_changes_no_match(pattern, text):
    assert _same_matches(pattern, text)


def test_the_analyses_read_a_guarded_pattern_as_the_plain_one():
    for pattern in GUARDED:
        plain = GUARD.match(pattern.pattern).group(1)
        assert required_literals(pattern.pattern) == required_literals(plain)
        assert part_matches_imply_whole(pattern.pattern) == part_matches_imply_whole(plain)


def test_literal_gate_holds_the_words_every_match_contains():
    gate = literal_gate([re.compile("下一步|明年"), re.compile(r"(?<!按)计划(?=开展)")])
    assert gate is not None and gate.pattern == "下一步|明年|计划"
    assert literal_gate([re.compile("明年"), re.compile(r"\d+")]) is None  # a match may be all digits
