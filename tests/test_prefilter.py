"""prefilter.py: what lets the engine skip text must never change what a pattern matches."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checklist import loading
from checker.checklist.prefilter import (
    compile_pattern,
    consumed_characters,
    literal_gate,
    looks_before,
    part_matches_imply_whole,
    required_literals,
    required_ways,
)
from checker.parse.reading import Reader

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


@functools.cache
def bundled_patterns() -> list[re.Pattern[str]]:
    """Every pattern the bundled checklist runs over reports (loaded when a test first asks, never
    while pytest collects: a broken bundled checklist fails these tests, not the whole run)."""
    checklist = loading.load_compiled()
    found: list[re.Pattern[str]] = [checklist.concrete]
    for m in checklist.matchers.values():
        found += [p for rule in (*m.match, *m.weak) for p in rule.patterns]
        found += [p for p in (m.exclude, m.concrete, m.heading) if p is not None]
        found += list(m.count.elements.values()) if m.count else []
    reader = Reader(checklist.words, 2024)
    # its attributes by name: compiled by mypyc, a Reader has no __dict__
    found += [v for name in dir(reader) if isinstance(v := getattr(reader, name), re.Pattern)]
    return list({p.pattern: p for p in found}.values())


@functools.cache
def guarded() -> list[re.Pattern[str]]:
    return [p for p in bundled_patterns() if GUARD.match(p.pattern)]


def test_the_bundled_concrete_details_are_guarded():
    assert len(guarded()) >= 10
    assert any("《" in p.pattern for p in guarded())


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
    for pattern in guarded():
        assert all(_same_matches(pattern, line) for line in [*SENTENCES, *lines]), pattern.pattern


PIECES = [piece for s in SENTENCES for piece in re.split(r"(?<=[，。、])", s) if piece]


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.deferred(lambda: st.sampled_from(guarded() or [re.compile("x")])),
    text=st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from([*"12十第副余·《》", "3次", "两名"])),
                  max_size=12).map("".join),
)
def test_a_guard_changes_no_match(pattern, text):
    assert _same_matches(pattern, text)


def test_the_analyses_read_a_guarded_pattern_as_the_plain_one():
    for pattern in guarded():
        plain = GUARD.match(pattern.pattern).group(1)
        assert required_literals(pattern.pattern) == required_literals(plain)
        assert part_matches_imply_whole(pattern.pattern) == part_matches_imply_whole(plain)


def test_literal_gate_holds_the_words_every_match_contains():
    gate = literal_gate([re.compile("下一步|明年"), re.compile(r"(?<!按)计划(?=开展)")])
    assert gate is not None and gate.pattern == "下一步|明年|计划"
    assert literal_gate([re.compile("明年"), re.compile(r"\d+")]) is None  # a match may be all digits


def _ways(regex: str) -> list[list[list[str]]] | None:
    found = required_ways(regex)
    return None if found is None else [[sorted(words) for words in way] for way in found]


@pytest.mark.parametrize(
    ("regex", "ways"),
    [
        # a word of each set, in one of the ways: 执法 alone does not make the first way
        (r"(?:执法|检查)[^。]{0,20}(?:普法|释法)|以案释法", [[["以案释法"]], [["执法", "检查"], ["普法", "释法"]]]),
        ("宣传|宣讲", [[["宣传", "宣讲"]]]),  # the parser writes it 宣[传讲]: joined back into words
        ("[镇乡]长", [[["乡长", "镇长"]]]),
        ("法治(?:政府)?建设", [[["法治建设", "法治政府建设"]]]),  # an optional word inside a word
        ("(?:主要)?负责人|主持召开|主持", [[["主持", "负责人"]]]),  # 主持召开 holds 主持: one hit, not two
        (r"《[^》]{1,40}(?:法|条例)》", [[["条例》", "法》"]]]),  # 《 alone, a character on every page, is left out
        (r"\d+次", [[["次"]]]),  # a single character, when nothing longer is needed
    ],
)
def test_the_ways_a_match_can_be_made(regex, ways):
    assert _ways(regex) == ways


def test_ways_beyond_the_bound_are_looked_for_as_one():
    pairs = ["甲乙", "子丑", "寅卯", "辰巳", "午未", "申酉", "戌亥", "东西", "南北"]  # nine ways of two sets each
    regex = "|".join(f"{a}[^，]{{0,4}}{a}{a}" for a in pairs)
    assert _ways(regex) == [[sorted(a + a for a in pairs)]]  # of each way its longer words


def test_required_literals_are_one_set_of_each_way():
    assert required_literals(r"(?:执法|检查)[^。]{0,20}(?:普法|释法)|以案释法") == ("以案释法", "执法", "检查")
    assert required_literals(r"\d+") is None


@pytest.mark.parametrize("regex", [r"[^，]{2,8}", "(?:执法|)", r"(?i:app)", "a|\\d+"])
def test_no_ways_when_a_match_may_hold_no_word(regex):
    assert required_ways(regex) is None


def _made_one_way(ways: tuple[frozenset[str], ...], text: str) -> bool:
    return any(all(any(w in text for w in words) for words in way) for way in ways)


@functools.cache
def words() -> list[str]:
    return sorted({w for p in bundled_patterns() for way in required_ways(p.pattern) or () for ws in way for w in ws})


@settings(max_examples=400, deadline=None)
@given(
    pattern=st.deferred(lambda: st.sampled_from(bundled_patterns())),
    text=st.lists(st.one_of(st.sampled_from(PIECES), st.deferred(lambda: st.sampled_from(words())),
                            st.sampled_from([*"12十《》，"])), max_size=10).map("".join),
)
def test_every_match_holds_a_word_of_every_set_of_one_way(pattern, text):
    ways = required_ways(pattern.pattern)
    if ways is not None:
        for m in pattern.finditer(text):
            assert _made_one_way(ways, m.group()), (pattern.pattern, m.group())


def test_the_anchor_pass_drops_no_sentence_an_item_matches_and_skips_no_mask_it_needs(monkeypatch):
    """Grading with every sentence handed to every item, and every excluded phrase looked for in
    every sentence, finds exactly the evidence the anchors find."""
    from checker.evidence import evidence
    from checker.evidence.evidence import find_evidence
    from checker.models import Source
    from checker.normalise.normalise import normalise
    from checker.parse.parse import parse

    checklist = loading.load_compiled()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "reports").glob("*.txt"))]
    texts.append("\n".join(["XX镇2024年法治政府建设情况报告", "一、主要工作", *SENTENCES]))
    excluded_phrases = ["分管副镇长主持召开执法工作会议3次。", "为全镇8个村配备村法律顾问，提供咨询50余次。",
                        "镇合同合法性审查率达到100%。", "严格落实县委依法治县委员会的部署要求。"]
    texts.append("\n".join(["YY镇2024年法治政府建设情况报告", "一、主要工作", *excluded_phrases]))
    actors_elsewhere = ["三、党政主要负责人履行推进法治建设第一责任人职责情况", "全年主持召开专题会议研究法治建设3次。",
                        "四、其他工作", "镇党委书记认真履行第一责任人职责。先后听取法治建设工作汇报2次。"]
    texts.append("\n".join(["ZZ镇2024年法治政府建设情况报告", *actors_elsewhere]))
    reports = [parse(normalise(Source(path="r.txt", text=t)), checklist.words) for t in texts]
    found = [find_evidence(r, checklist) for r in reports]
    every = {item.id: None for item in checklist.checklist.items}
    monkeypatch.setattr(checklist.scanner, "ways", every)  # None: look in every sentence
    masked = evidence._mentions_in
    monkeypatch.setattr(evidence, "_mentions_in", lambda *args: masked(*args[:5], True))  # mask every one
    assert [find_evidence(r, checklist) for r in reports] == found
    assert sum(len(e.mentions) for ev in found for e in ev) > 100
    excluded = [s.text for r in reports for s in r.sentences for m in checklist.matchers.values()
                if m.exclude is not None and m.exclude.search(s.text)]
    assert len(excluded) >= 5  # the masks were needed somewhere


@pytest.mark.parametrize(
    ("regex", "looks"),
    [("镇长|书记", False), ("法律顾问(?=参与)", False), ("(?<!副)书记", True), ("^由", True), (r"\bAPP", True),
     ("(?:我镇|(?<=，)镇)", True)],
)
def test_what_looks_before_where_a_match_starts(regex, looks):
    assert looks_before(regex) is looks


def test_actors_matched_in_place_start_the_runs_the_cut_clauses_do():
    reader = Reader(loading.load().words, 2024)
    assert reader.actor_at is not None  # the bundled actor never looks before its start
    cut = Reader(loading.load().words, 2024)
    cut.actor_at = None  # as a vocabulary whose actor has a look-behind: each clause cut out
    texts = [*SENTENCES, "镇党委高度重视，书记亲自部署，法律顾问全程参与，全年审查合同21份",
             "完善以书记为核心的领导机制，由司法所负责具体工作，我镇每季度召开一次会议"]
    assert [reader.read(t).runs for t in texts] == [cut.read(t).runs for t in texts]
    assert any(len(reader.read(t).runs) > 1 for t in texts)


def test_the_plan_and_negation_gates_read_what_reading_every_clause_reads():
    """A sentence, and a clause of it, without any word a future marker holds is not read for plans,
    nor a clause without a negation's words for what it denies: every sentence of the samples gets
    the plans and negations it gets when every clause is read for both."""
    from checker.models import Source
    from checker.normalise.normalise import normalise
    from checker.parse.parse import parse
    from checker.parse.reading import ANYTHING

    words = loading.load().words
    texts = [*SENTENCES, "已完成年度目标，下一步将继续推进，2025年拟修订制度。", "将述法纳入考核，明年将开展评议。"]
    for path in sorted((ROOT / "reports").glob("*.txt")):
        report = parse(normalise(Source(path=str(path), text=path.read_text(encoding="utf-8"))), words)
        texts += [s.text for s in report.sentences] + [s.context for s in report.sentences if s.context]
    gated, every = Reader(words, 2024), Reader(words, 2024)
    every.may_plan = every.may_deny = ANYTHING
    plans = [(r.plan_from, r.plan_marker, r.doubt) for r in map(gated.read, texts)]
    assert plans == [(r.plan_from, r.plan_marker, r.doubt) for r in map(every.read, texts)]
    assert sum(start < len(text) for (start, _, _), text in zip(plans, texts, strict=True)) >= 10
    clauses = [r.plain[a:b] for r in map(gated.read, texts) for a, b in r.clauses]
    denied = [gated.negation(c) for c in clauses]
    assert denied == [every.negation(c) for c in clauses]
    assert sum(map(bool, denied)) >= 10


@pytest.mark.parametrize(
    ("regex", "chars"),
    [
        (r"(?<![第届])\d+(?:余|多)?[次件]", set("余多次件")),  # what a look-behind reads is not consumed
        (r"[一-三]场(?!会)", set("一丁丂七丄丅丆万丈三场")),  # a narrow range, one by one
        (r"学习[^，。]{0,8}", None),  # a negated class may consume almost any character
        (r"法.治", None),
        (r"(?i:app)", None),
    ],
)
def test_the_characters_a_match_may_consume(regex, chars):
    found = consumed_characters(regex)
    assert (found if found is None else set(found)) == chars
    if chars is not None:  # every match is made of them, digits and spaces aside
        for m in re.finditer(regex, "第3次，共5余次；一场会，三场，12件"):
            assert set(m.group()) - set("0123456789 ") <= chars


@functools.cache
def _counted() -> re.Pattern[str]:
    return Reader(loading.load().words, 2024).counted


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="执法公示5条1次X件若干项。审核", max_size=30))
def test_a_telegram_is_read_the_same_with_the_count_characters_gate(text):
    """The gate in `_telegraphic` only skips what the count's pattern would also reject."""
    from checker.evidence import earning

    gated = earning._telegraphic(text, _counted(), earning.Worded())
    without, counts = _counted().subn("", text)
    words = earning.wording(text if not counts else without)
    assert gated == (len(words) <= (earning.TELEGRAPHIC if counts else earning.LIST_ELEMENT))
    assert earning.telegraphic(text, _counted()) == (counts > 0 and len(words) <= earning.TELEGRAPHIC)
