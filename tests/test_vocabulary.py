"""Vocabulary as data: concepts in YAML, named by rules, inherited and extended by profiles."""

import textwrap
from pathlib import Path

import pytest

from checker.checklist import loading
from checker.checklist.vocabulary import Concept, RegexWord, Vocabulary, merge
from checker.commands.cli import main
from checker.models import FazhiError

from .conftest import statuses

PROFILE = """\
extends: township-annual
id: my-county
title: 本县乡镇清单
vocabulary:
{vocabulary}
"""


def profile(tmp_path: Path, vocabulary: str, name: str = "mine.yaml") -> str:
    p = tmp_path / name
    p.write_text(PROFILE.format(vocabulary=textwrap.indent(textwrap.dedent(vocabulary).strip(), "  ")), "utf-8")
    return str(p)


def load_error(path: str) -> str:
    with pytest.raises(FazhiError) as exc:
        loading.load(path)
    return str(exc.value)


# ---------------------------------------------------------------- concepts turn into patterns


def test_a_concept_is_its_words_longest_first_with_gaps_references_and_regexes():
    words = Vocabulary(merge({}, {
        "leader": ["书记", "党委书记"],
        "act": ["主持…会议", "$leader", RegexWord(re="听取[^。]{0,6}汇报")],
    }))
    act = words.regex("act")
    assert act.search("镇党委书记主持召开党委会议").group() == "党委书记"  # the longer term first
    assert act.search("主持召开专题会议").group() == "主持召开专题会议"  # … is a short gap
    assert act.search("听取执法工作汇报") and not act.search("听取意见")


def test_a_cycle_between_concepts_is_refused():
    words = Vocabulary(merge({}, {"a": ["$b"], "b": ["$a"]}))
    with pytest.raises(ValueError, match="概念循环引用：a → b → a"):
        words.pattern("a")


def test_merge_adds_by_default_and_can_remove_or_replace():
    base = merge({}, {"leader": ["书记", "镇长"]})
    assert merge(base, {"leader": ["镇委书记"]})["leader"].words == ["书记", "镇长", "镇委书记"]
    assert merge(base, {"leader": Concept(remove=["镇长"])})["leader"].words == ["书记"]
    assert merge(base, {"leader": Concept(words=["乡长"], replace=True)})["leader"].words == ["乡长"]
    assert merge(base, {"town": ["镇"]})["town"].words == ["镇"]  # a new name is a new concept


# ---------------------------------------------------------------- profiles change verdicts without Python

SENTENCE = "一、主要举措和成效\n镇委书记主持召开会议专题研究法治建设3次。\n"


def test_a_profile_that_adds_a_leader_title_changes_the_verdict(tmp_path):
    assert statuses(SENTENCE)["A1"] == "missing"  # 镇委书记 is not a title the bundled checklist knows
    mine = loading.load(profile(tmp_path, "principal_leader: [镇委书记]"))
    assert "镇委书记" in mine.words.concepts["principal_leader"].words
    assert statuses(SENTENCE, mine)["A1"] == "met"


def test_a_profile_can_teach_the_engine_a_plan_marker(tmp_path):
    text = "一、主要举措和成效\n届时编制重大行政决策事项目录，共5项。\n"
    assert statuses(text)["D1"] == "met"
    mine = loading.load(profile(tmp_path, "future: [届时]"))
    assert statuses(text, mine)["D1"] == "planned"


def test_a_profile_can_remove_a_word(tmp_path):
    text = "一、主要举措和成效\n镇长主持召开会议研究法治建设2次。\n"
    mine = loading.load(profile(tmp_path, "principal_leader: {remove: [镇长]}"))
    assert statuses(text)["A1"] == "met" and statuses(text, mine)["A1"] == "missing"


# ---------------------------------------------------------------- validation, with lines


def test_an_unknown_concept_is_an_error_with_its_line_and_a_hint(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent("""\
        extends: township-annual
        id: bad
        title: 坏清单
        override:
          A1:
            match:
              - all: [[$leaders], [主持召开]]
        """), "utf-8")
    assert load_error(str(path)) == (
        f"{path}:7: override.A1.match.0.all.0.0: 未定义的概念 $leaders（是否指 $leader_act？）"
    )


def test_an_unknown_concept_inside_a_regex_is_an_error_too(tmp_path):
    message = load_error(profile(tmp_path, "leader_act: [{re: '${chief}主持'}]"))
    assert message.endswith(":5: vocabulary.leader_act.0.re: 未定义的概念 $chief（概念须在 vocabulary 中定义）")


def test_emptying_a_concept_the_engine_reads_is_an_error(tmp_path):
    message = load_error(profile(tmp_path, "negation: {words: [], replace: true}"))
    assert message.endswith(":4: vocabulary: 引擎需要的概念 negation 没有任何说法")


def test_a_regex_that_backtracks_once_expanded_is_refused(tmp_path):
    path = profile(tmp_path, "many: [{re: '法+'}]\nprincipal_leader: [{re: '(?:${many})+'}]")
    message = load_error(path)  # each regex alone is safe; (?:(?:法+))+ is not
    assert f"{path}:6: vocabulary.principal_leader.0.re: 展开概念后正则表达式可能灾难性回溯" in message


def test_an_unused_concept_is_a_warning_that_validate_prints(tmp_path, capsys):
    path = profile(tmp_path, "town_leader: [镇委书记]")
    assert loading.load(path).warnings == [f"{path}:5: 概念 town_leader 没有被任何检查项或其他概念使用"]
    assert main(["checklist", "validate", path]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"⚠ {path}:5: 概念 town_leader 没有被任何检查项或其他概念使用\n✔ ")


def test_bundled_checklists_use_every_concept_they_define():
    for name in loading.bundled():
        assert loading.load(name).warnings == [], name


def test_explain_lists_the_concepts_and_their_words(capsys):
    assert main(["explain", "C1"]) == 0
    out = capsys.readouterr().out
    assert "counsel 政府（部门）的法律顾问、公职律师（完整证据）" in out
    assert "驻点律师" in out and "village_counsel" in out and "（先排除）" in out


def test_the_common_vocabulary_validates_like_a_checklist(tmp_path, capsys):
    from .conftest import ROOT

    assert main(["checklist", "validate", str(ROOT / "checklists" / "vocabulary.yaml")]) == 0
    assert "通用词汇有效" in capsys.readouterr().out
    broken = tmp_path / "vocabulary.yaml"
    broken.write_text("vocabulary:\n  negation: [$nothing]\n", "utf-8")
    assert main(["checklist", "validate", str(broken)]) == 2
    assert f"{broken}:2: vocabulary.negation.0: 未定义的概念 $nothing" in capsys.readouterr().err
