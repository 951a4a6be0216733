"""The signals a grader reads in a sentence: role, negation, future, concreteness, exclusions."""

import re

from checker.evidence.evidence import find_evidence
from checker.models import Role
from checker.parse import reading

from .conftest import parsed


def mentions(text: str, item_id: str, township_compiled):
    report = parsed(text)
    (ev,) = [e for e in find_evidence(report, township_compiled) if e.item.id == item_id]
    return ev.mentions


def test_concrete_details_are_collected(township_compiled):
    (m,) = mentions("我镇为执法队配备执法记录仪6台。\n", "B2", township_compiled)
    assert m.role is Role.WORK and m.strength == "match"
    assert "6台" in m.concrete and "执法记录仪" in m.concrete


def test_named_document_and_date_are_concrete(township_compiled):
    (m,) = mentions("3月15日印发《青禾镇重大行政决策事项目录》。\n", "D1", township_compiled)
    assert {"3月15日", "《青禾镇重大行政决策事项目录》", "印发"} <= set(m.concrete)


def test_negation_in_a_work_part_counts_as_a_problem(township_compiled):
    (m,) = mentions("我镇尚未编制重大行政决策事项目录。\n", "D1", township_compiled)
    assert (m.role, m.negation) == (Role.PROBLEMS, "尚未")


def test_negation_in_another_clause_does_not_spoil_the_match(township_compiled):
    (m,) = mentions("作出决定前严格进行法制审核，未经审核的不得作出决定，全年审核8件。\n", "B3", township_compiled)
    assert m.role is Role.WORK and m.negation == ""


def test_future_tense_in_a_work_part_counts_as_a_plan(township_compiled):
    (m,) = mentions("我镇将进一步完善执法全过程记录制度。\n", "B2", township_compiled)
    assert (m.role, m.future) == (Role.PLANS, "我镇将")


def test_next_year_counts_as_a_plan(township_compiled):
    text = "青禾镇2024年法治政府建设情况报告\n2025年启动述职述法工作。\n"
    (m,) = mentions(text, "A4", township_compiled)
    assert m.role is Role.PLANS


def test_disposal_jiang_is_not_future(township_compiled):
    (m,) = mentions("将法治建设纳入年终述职内容，12名班子成员述职述法。\n", "A4", township_compiled)
    assert m.role is Role.WORK


def test_village_counsel_is_masked_for_c1(township_compiled):
    assert mentions("各村聘请村（居）法律顾问，实现一村一法律顾问全覆盖。\n", "C1", township_compiled) == []
    (m,) = mentions("村居法律顾问全覆盖，镇政府聘请律师事务所担任政府法律顾问。\n", "C1", township_compiled)
    assert "法律顾问" in m.terms


def test_c2_needs_counsel_and_task_in_one_clause(township_compiled):
    (m,) = mentions("聘请1名律师担任政府法律顾问，做到应审必审。\n", "C2", township_compiled)
    assert m.strength == "weak"
    (m,) = mentions("法律顾问全年审核合同21份。\n", "C2", township_compiled)
    assert m.strength == "match" and "审核合同" in m.concrete


def test_count_rule_names_elements_only_in_decision_context(township_compiled):
    (m,) = mentions("重大行政决策经公众参与、专家论证和集体讨论决定。\n", "D2", township_compiled)
    assert m.elements == ("公众参与", "专家论证", "集体讨论决定")
    assert mentions("规范性文件全部经过合法性审核。\n", "D2", township_compiled) == []


def test_shu_fa_inside_lun_shu_is_not_a_match(township_compiled):
    assert mentions("深入学习习近平总书记重要论述法治精神。\n", "A4", township_compiled) == []


def test_generic_claim_is_weak(township_compiled):
    (m,) = mentions("严格落实三项制度。\n", "B1", township_compiled)
    assert m.strength == "weak"


def test_details_are_remembered_per_pattern_and_the_memory_is_bounded(township_compiled, monkeypatch):
    """A reader remembers a text's details by the pattern's id: two patterns on one text keep their
    own answers, and the memory is emptied rather than let grow past FOUND_MAX."""
    monkeypatch.setattr(reading, "FOUND_MAX", 3)
    reader = reading.Reader(township_compiled.words, 2024)
    counts, documents = re.compile(r"\d+(?:次|份)"), re.compile(r"《[^》]+》")
    text = "印发《普法工作要点》，开展宣传3次，发放资料200份。"
    assert reader.found(counts, text) == ("3次", "200份")
    assert reader.found(documents, text) == ("《普法工作要点》",)
    assert reader.found(counts, text) == ("3次", "200份")  # from memory, not the other pattern's
    for n in range(5):
        reader.found(counts, f"开展{n}次")
        assert len(reader._found) <= 3


def test_details_are_remembered_within_one_report_only(township_compiled, monkeypatch):
    """Grading a report starts from an empty memory: what the batch graded before never answers
    for it (it saved nothing on real reports and only flattered the benchmark)."""
    readers: list[reading.Reader] = []
    made = reading.Reader.__init__

    def init(self: reading.Reader, *args: object) -> None:
        made(self, *args)
        readers.append(self)

    monkeypatch.setattr(reading.Reader, "__init__", init)
    find_evidence(parsed("镇司法所印发《普法工作要点》，开展宪法宣传3次。\n"), township_compiled)
    assert any("3次" in text for _, text in readers[-1]._found)
    find_evidence(parsed("镇党委书记主持召开法治专题会议2次。\n"), township_compiled)
    remembered = [text for _, text in readers[-1]._found]
    assert remembered and not any("3次" in text for text in remembered)


def test_a_sentence_splits_into_clauses_and_into_runs_where_an_actor_opens_a_clause(township_compiled):
    """Empty clauses (，，) and a trailing separator keep their places: positions hold for every item."""
    reader = reading.Reader(township_compiled.words, 2024)
    read = reader.read("镇党委高度重视，，全年研究2次；法律顾问参与审核，")
    assert read.clauses == ((0, 7), (8, 8), (9, 15), (16, 24), (25, 25))
    assert read.runs == ((0, 15), (16, 25))
    assert reader.read("").clauses == ((0, 0),) and reader.read("").runs == ((0, 0),)


def test_a_parts_body_is_the_same_found_by_the_index_as_by_reading_every_sentence():
    """Bodies (the index by part path) gives each part's body sentences of a role as a scan of the
    whole report does, for a report that repeats its headings (parts sharing one path)."""
    from checker.evidence.evidence import Bodies

    text = ("××镇2024年法治政府建设情况报告\n一、存在的问题\n（一）学法不够\n部分干部学法次数少，全年仅2次。\n"
            "二、下一步打算\n明年将组织学法4次。\n") * 3
    report = parsed(text)
    bodies = Bodies(report.sentences)
    for part in report.root.walk():
        for role in Role:
            below = part.path + " › "
            scanned = [s.text for s in report.sentences if s.role is role
                       and ((s.part == part.path and not s.heading) or s.part.startswith(below))]
            assert bodies.texts(part.path, role) == scanned, (part.path, role)
    assert any(bodies.texts(part.path, Role.PROBLEMS) for part in report.root.walk())  # (not all empty)
