"""Is a word a name (checker/parse/lexicon.py): jieba's dictionary looked up in place."""

from __future__ import annotations

from checker.parse import lexicon


def test_verbs_before_a_township_are_no_names_and_unknown_words_may_be() -> None:
    for verb in ("组织", "通过", "代理", "建立起", "再提交"):
        assert not lexicon.may_be_name(verb), verb
    for name in ("白云", "石桥", "云溪", "罗子山"):
        assert lexicon.may_be_name(name), name
    # a common noun names a township only of another kind than the report's own
    assert not lexicon.may_be_name("石门") and lexicon.may_be_name("石门", nouns=True)


def test_halving_finds_what_reading_the_file_through_finds() -> None:
    found = lexicon._dictionary()
    assert found is not None and lexicon._sorted()
    lines = bytes(found).decode("utf-8").splitlines()
    for line in lines[100::997]:  # a few hundred words from all through the file
        word = line.split(" ")[0]
        assert lexicon._search(found, word.encode()) == lexicon._scan(found, word.encode()), word
    assert lexicon.tag("湾坡乡镇") == lexicon.ABSENT
