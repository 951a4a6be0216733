"""Copy detection: shared passages across a batch, and text reused from a unit's previous report."""

import random
from pathlib import Path

import pytest

from checker.evidence import passages
from checker.evidence.copies import find_copies, find_reuse
from checker.models import CopyDoc, CopyGroup
from checker.normalise.normalise import normalise
from checker.read import read

from .conftest import SHARED

# Fictional report sentences, written for these tests.
PATROL = "镇司法所联合派出所每月开展一次矛盾纠纷集中排查，对排查出的问题逐件登记、限期化解并跟踪回访。"
COUNSEL = "镇政府聘请两名执业律师担任常年法律顾问，全年审核合同四十二份，出具书面法律意见十一份。"
LEARNING = "镇党委理论学习中心组全年开展专题学法六次，邀请县法院法官讲解行政诉讼典型案例。"


def doc(path: str, *lines: tuple[int, str], unit: str = "") -> CopyDoc:
    return CopyDoc.of(path, unit or Path(path).stem, lines)


def summary(groups: list[CopyGroup]) -> list[tuple[str, list[tuple[str, int]]]]:
    return [(g.text, [(p.path, p.line) for p in g.places]) for g in groups]


def test_a_report_s_lines_cross_as_one_text_and_come_back_line_by_line():
    """A batch's workers send each report's lines joined in one text: odd line breaks inside a line
    (U+2028, a vertical tab, NEL), blank and repeated lines all come back as they were, each with
    its line in the file."""
    import pickle

    from checker.evidence.copies import copy_doc
    from checker.models import Source

    text = f"柳溪乡2024年法治政府建设情况报告\n\n{PATROL}\u2028{COUNSEL}\v\n{LEARNING}\x85{LEARNING}\n\n{PATROL}\n"
    document = normalise(Source("t.txt", text))
    pairs = [(document.line_number(line.source_offset(0)), line.text) for line in document.lines]
    doc = pickle.loads(pickle.dumps(copy_doc("t.txt", "柳溪乡", document)))
    assert doc.lines == pairs and [n for n, _ in pairs] == [1, 3, 4, 6] and doc.text.count("\n") == 3
    assert summary(find_copies([doc, copy_doc("u.txt", "青禾镇", normalise(Source("u.txt", PATROL)))])) == [
        (PATROL, [("t.txt", 3), ("u.txt", 1)])]  # a passage repeated in one report: its first place


def test_passage_shared_by_two_of_three_reports_is_found_once_with_units_and_lines():
    title = "2024年法治政府建设情况报告"
    docs = [
        doc("a.txt", (1, "东坪镇" + title), (5, "一是强化源头治理。" + PATROL), unit="东坪镇"),
        doc("b.txt", (1, "西岭乡" + title), (3, f"今年以来，{PATROL}全年化解纠纷八十余起。"), unit="西岭乡"),
        doc("c.txt", (1, "南塘街道" + title), (4, COUNSEL), unit="南塘街道"),
    ]
    groups = find_copies(docs)
    assert len(groups) == 1
    assert groups[0].text == PATROL
    assert [(p.path, p.unit, p.line) for p in groups[0].places] == [("a.txt", "东坪镇", 5), ("b.txt", "西岭乡", 3)]


def test_a_passage_one_character_short_of_min_chars_is_not_reported():
    short = PATROL[:29]
    docs = [doc("a.txt", (1, "甲" + short + "乙乙乙")), doc("b.txt", (1, "丙" + short + "丁丁丁"))]
    assert find_copies(docs, min_chars=30) == []
    assert summary(find_copies(docs, min_chars=29)) == [(short, [("a.txt", 1), ("b.txt", 1)])]


def test_passage_shared_by_three_reports_is_one_group_with_three_places():
    docs = [doc(f"{name}.txt", (line, f"{name}{PATROL}")) for name, line in (("甲镇", 2), ("乙乡", 7), ("丙街道", 9))]
    groups = find_copies(docs)
    assert summary(groups) == [(PATROL, [("丙街道.txt", 9), ("乙乡.txt", 7), ("甲镇.txt", 2)])]


def test_the_longest_passage_is_reported_not_its_pieces():
    long = PATROL + COUNSEL + LEARNING
    docs = [doc("a.txt", (3, "一、" + long)), doc("b.txt", (8, "（二）" + long + "下一步继续加强。"))]
    assert summary(find_copies(docs)) == [(long, [("a.txt", 3), ("b.txt", 8)])]


def test_a_piece_held_by_more_reports_is_its_own_group():
    long = PATROL + COUNSEL
    docs = [doc("a.txt", (1, long)), doc("b.txt", (1, long)), doc("c.txt", (2, "另外，" + COUNSEL + "此外无他。"))]
    assert summary(find_copies(docs)) == [
        (COUNSEL, [("a.txt", 1), ("b.txt", 1), ("c.txt", 2)]),  # most places first
        (long, [("a.txt", 1), ("b.txt", 1)]),
    ]


def test_repeats_within_one_report_are_not_copies():
    docs = [doc("a.txt", (1, PATROL), (4, "再次强调：" + PATROL)), doc("b.txt", (1, COUNSEL))]
    assert find_copies(docs) == []


def test_a_report_repeating_a_shared_passage_is_placed_at_its_first_line():
    docs = [doc("a.txt", (2, PATROL), (6, PATROL)), doc("b.txt", (3, PATROL))]
    assert summary(find_copies(docs)) == [(PATROL, [("a.txt", 2), ("b.txt", 3)])]


def test_passages_do_not_run_across_lines():
    docs = [doc("a.txt", (1, PATROL[:20]), (2, PATROL[20:])), doc("b.txt", (1, PATROL))]
    assert find_copies(docs, min_chars=30) == []


def test_a_stock_phrase_in_many_reports_lists_every_report():
    # Each report has its own character on either side, so the phrase itself is the whole copy.
    docs = [doc(f"r{i:03d}.txt", (i % 7 + 1, chr(0x4E00 + 2 * i) + LEARNING + chr(0x4E01 + 2 * i))) for i in range(150)]
    groups = find_copies(docs)
    assert len(groups) == 1
    assert groups[0].text == LEARNING
    assert [p.path for p in groups[0].places] == [f"r{i:03d}.txt" for i in range(150)]
    assert [p.line for p in groups[0].places] == [i % 7 + 1 for i in range(150)]


def test_groups_are_ordered_and_capped():
    docs = [doc("a.txt", (1, PATROL), (2, COUNSEL)), doc("b.txt", (1, PATROL), (2, COUNSEL)), doc("c.txt", (1, PATROL))]
    assert [g.text for g in find_copies(docs)] == [PATROL, COUNSEL]
    assert [g.text for g in find_copies(docs, max_groups=1)] == [PATROL]
    assert find_copies(docs[:1]) == []


def test_find_reuse_finds_text_taken_from_the_previous_report():
    previous = doc("2023/东坪镇.txt", (1, "东坪镇2023年法治政府建设情况报告"), (6, "（一）" + COUNSEL), (9, LEARNING))
    current = doc("2024/东坪镇.txt", (1, "东坪镇2024年法治政府建设情况报告"), (4, PATROL), (7, "（二）" + COUNSEL))
    groups = find_reuse(current, previous)
    assert summary(groups) == [("）" + COUNSEL, [("2023/东坪镇.txt", 6), ("2024/东坪镇.txt", 7)])]
    assert all(len(g.places) == 2 for g in groups)
    fresh = doc("2024/东坪镇.txt", (1, PATROL))
    assert find_reuse(fresh, previous) == []


def test_same_input_same_output_whatever_the_order():
    rng = random.Random(7)
    sentences = [PATROL, COUNSEL, LEARNING]
    docs = [
        doc(f"d{i}.txt", *((n, "".join(rng.sample(sentences, 2)) + f"第{i}{n}项。") for n in range(1, 4)))
        for i in range(12)
    ]
    first = find_copies(docs)
    assert first == find_copies(docs)
    assert first == find_copies(list(reversed(docs)))


def test_hash_collisions_never_make_a_false_passage(monkeypatch):
    # With base 1 the hash is the sum of the codes: every anagram collides.
    monkeypatch.setattr(passages, "BASE", 1)
    monkeypatch.setattr(passages, "BASE_INV", 1)
    rng = random.Random(3)
    docs = [doc(f"d{i}.txt", (1, "".join(rng.sample(PATROL, len(PATROL))) + PATROL[:35])) for i in range(4)]
    groups = find_copies(docs, min_chars=10)
    assert groups
    for group in groups:
        for place in group.places:
            line = next(text for d in docs if d.path == place.path for n, text in d.lines if n == place.line)
            assert group.text in line


# The definition, checked by brute force on small random batches: every maximal common
# substring of two reports, held by all reports containing it, unless a longer one is held by the same.
def brute_force(docs: list[CopyDoc], min_chars: int) -> dict[str, tuple[str, ...]]:
    texts = set()
    for i, first in enumerate(docs):
        for second in docs[i + 1 :]:
            for _, s in first.lines:
                for _, t in second.lines:
                    texts |= maximal_common(s, t, min_chars)
    holders = {x: tuple(d.path for d in docs if any(x in s for _, s in d.lines)) for x in texts}
    return {
        x: h
        for x, h in holders.items()
        if len(h) >= 2 and not any(x != y and x in y and holders[y] == h for y in texts)
    }


def maximal_common(s: str, t: str, min_chars: int) -> set[str]:
    found = set()
    for p in range(len(s)):
        for q in range(len(t)):
            if s[p] != t[q] or (p and q and s[p - 1] == t[q - 1]):
                continue
            n = 0
            while p + n < len(s) and q + n < len(t) and s[p + n] == t[q + n]:
                n += 1
            if n >= min_chars:
                found.add(s[p : p + n])
    return found


def random_batch(rng: random.Random) -> list[CopyDoc]:
    alphabet = "法治政府建设乡镇"
    snippets = ["".join(rng.choice(alphabet) for _ in range(rng.randint(20, 60))) for _ in range(6)]
    docs = []
    for d in range(rng.randint(2, 5)):
        unused, lines = rng.sample(snippets, rng.randint(1, 5)), []
        for n in range(rng.randint(1, 3)):
            parts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))]
            while unused and rng.random() < 0.6:
                snippet = unused.pop()
                a, b = (0, len(snippet)) if rng.random() < 0.5 else sorted(rng.sample(range(len(snippet) + 1), 2))
                parts += [snippet[a:b], "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))]
            lines.append((2 * n + 1, "".join(parts)))
        docs.append(doc(f"d{d}.txt", *lines))
    return docs


@pytest.mark.parametrize("seed", range(40))
def test_small_batches_agree_with_brute_force(seed):
    rng = random.Random(seed)
    docs = random_batch(rng)
    min_chars = rng.choice([8, 15, 30])
    got = {g.text: tuple(p.path for p in g.places) for g in find_copies(docs, min_chars, max_groups=10_000)}
    assert got == brute_force(docs, min_chars)


SEEDS = SHARED / "seeds"


def seed_doc(name: str) -> CopyDoc:
    document = normalise(read(str(SEEDS / name)))
    lines = tuple((document.line_number(line.source_offset(0)), line.text) for line in document.lines)
    return CopyDoc.of(name, name[:3], lines)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_two_seed_reports_share_the_three_separations_passage():
    groups = find_copies([seed_doc("000_1e5f6b8966dd89dd.txt"), seed_doc("001_5f909840e5b15e48.txt")])
    shared = [g for g in groups if "办、审、定" in g.text]
    assert len(shared) == 1
    assert [p.path for p in shared[0].places] == ["000_1e5f6b8966dd89dd.txt", "001_5f909840e5b15e48.txt"]
