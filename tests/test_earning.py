"""What earns no credit (issue 23): reports written for the tool score no higher than honest ones.

The gaming set in tests/data/gaming/ pairs each gamed report with the honest report it was made
from (cases.yaml); the expected outcomes are read from the honest report's run, never pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.checklist import loading
from checker.models import RANK, ReportResult, Source, Status
from checker.pipeline import grade_source

GAMING = Path(__file__).parent / "data" / "gaming"
CASES: dict[str, dict] = yaml.safe_load((GAMING / "cases.yaml").read_text(encoding="utf-8"))["cases"]


def graded(text: str, path: str = "report.txt") -> ReportResult:
    return grade_source(Source(path=path, text=text), loading.load("township-annual"))


def graded_file(name: str) -> ReportResult:
    return graded((GAMING / name).read_text(encoding="utf-8"), name)


def earned(result: ReportResult, leaving_out: list[str]) -> float:
    return sum(i.earned for i in result.items if i.id not in leaving_out)


@pytest.mark.parametrize("name", sorted(CASES))
def test_gamed_report_earns_no_more_than_the_honest_one(name: str) -> None:
    case = CASES[name]
    honest, gamed = graded_file(case["honest"]), graded_file(name)
    rises = case.get("may_rise", [])
    if rises:  # the points of the other items
        assert earned(gamed, rises) <= earned(honest, rises), f"{name}: more points than honest（{case['about']}）"
    else:
        assert gamed.score <= honest.score, f"{name}: {gamed.score} > {honest.score}（{case['about']}）"
    before = {i.id: i.status for i in honest.items}
    risen = [i.id for i in gamed.items if RANK[i.status] > RANK[before[i.id]] and i.id not in rises]
    assert not risen, f"{name}: {risen} rose above the honest report's status"
    kinds = {f.kind for f in gamed.findings}
    for kind in case.get("findings", []):
        assert kind in kinds, f"{name}: no {kind} finding"
    items = {i.id: i for i in gamed.items}
    for item_id, status in case.get("status", {}).items():
        assert items[item_id].status == Status(status), f"{name}: {item_id} is {items[item_id].status}"
    for item_id in case.get("review", []):
        assert case["note"] in items[item_id].review, f"{name}: {item_id} not flagged: {items[item_id].review!r}"


def test_a_zero_count_says_the_act_did_not_happen() -> None:
    """0次 denies its clause (missing, with the reason), but a bad outcome counted zero is a success."""
    result = graded("一、主要举措和成效\n镇党委书记主持召开法治建设专题会议0次。\n")
    a1 = next(i for i in result.items if i.id == "A1")
    assert a1.status is Status.MISSING
    assert any("数量为零" in e.reason for e in a1.elsewhere)
    said = graded("一、主要举措和成效\n镇政府法律顾问审核合同数量为0。\n")
    assert next(i for i in said.items if i.id == "C2").status is Status.MISSING
    ok = graded("一、主要举措和成效\n镇政府法律顾问全年审核合同21份，行政诉讼败诉0起。\n")
    assert next(i for i in ok.items if i.id == "C2").status is Status.MET


def test_a_sentence_that_is_only_a_name_earns_nothing() -> None:
    """述职述法。 alone is the name of a practice (no actor, no act, no count): it earns what a report
    without it earns; with an act (开展…) or a date it reports work."""
    frame = "示例镇2024年度法治政府建设情况报告\n一、主要举措和成效\n{}\n"
    bare = next(i for i in graded(frame.format("述职述法。")).items if i.id == "A4")
    assert bare.status is Status.MISSING
    assert any("只写了做法的名称" in e.reason for e in bare.elsewhere)
    for said in ("开展述职述法。", "2024年12月述职述法。"):
        assert next(i for i in graded(frame.format(said)).items if i.id == "A4").status is Status.MET, said


def test_another_townships_work_is_not_the_reports_own() -> None:
    """白云镇聘请… in 示例镇's report is 白云镇's work, with no word that says so; a verb before 镇
    (组织镇干部…, 代理镇政府…) opens the unit's own work, and so does the unit's own name."""
    frame = "示例镇2024年度法治政府建设情况报告\n一、主要举措和成效\n{}\n示例镇人民政府\n2025年1月10日\n"

    def status(text: str, item: str) -> Status:
        return next(i for i in graded(frame.format(text)).items if i.id == item).status

    other = "白云镇聘请律师事务所担任常年法律顾问，全年审核合同21份。"
    assert status(other, "C1") is Status.MISSING and status(other, "C2") is Status.MISSING
    c1 = next(i for i in graded(frame.format(other)).items if i.id == "C1")
    assert any("白云镇的工作" in e.reason for e in c1.elsewhere)
    assert status("白云镇聘请了律师，我镇聘请律师担任常年法律顾问，全年审核合同21份。", "C2") is Status.MET
    assert status("示例镇聘请律师担任常年法律顾问，全年审核合同21份。", "C2") is Status.MET
    assert status("组织镇干部开展集中学法4次，专题学习了民法典。", "A3") is Status.MET
    assert status("法律顾问全年审核合同21份。代理镇政府行政诉讼案件2件。", "C2") is Status.MET


def test_acts_dated_to_an_earlier_year_are_background() -> None:
    """In a 2024 report, 2021年，…聘请了法律顾问 is not this year's work; a stretch from then to now
    (自2021年以来…坚持), a comparison (较2023年增长) and this year named beside it are."""
    frame = "示例镇2024年度法治政府建设情况报告\n一、主要举措和成效\n{}\n"

    def c2(text: str) -> Status:
        return next(i for i in graded(frame.format(text)).items if i.id == "C2").status

    dated = "2021年，镇政府聘请律师担任常年法律顾问，审核合同21份。"
    assert c2(dated) is Status.MISSING
    item = next(i for i in graded(frame.format(dated)).items if i.id == "C2")
    assert any("2021年的事" in e.reason for e in item.elsewhere)
    for now in ("自2021年以来，镇政府坚持聘请律师担任常年法律顾问，审核合同21份。",
                "镇政府法律顾问审核合同21份，较2023年增长5份。",
                "2023年，镇政府聘请律师担任常年法律顾问，今年审核合同21份。"):
        assert c2(now) is Status.MET, now


def test_the_checklists_own_examples_copied_earn_nothing() -> None:
    """The met examples of the checklist (what `fazhi explain` shows), copied into a report with
    another unit's name, another kind (乡) and other numbers, earn what the report earns without
    them; one or two keep their credit (each example still passes
    as a tiny report: tests/test_examples.py)."""
    checklist = loading.load("township-annual")
    frame = "湾坡乡2024年度法治政府建设情况报告\n一、主要举措和成效\n{}\n湾坡乡人民政府\n2025年1月10日\n"
    copies = [e.replace("示例镇", "湾坡乡").replace("镇", "乡").replace("3", "5").replace("2", "7")
              for item in checklist.items for e in item.examples.get("met", [])[:1]
              if isinstance(e, str) and "\n" not in e]
    assert len(copies) >= 4
    without = graded(frame.format("乡政府依法推进各项工作。"))
    assert graded(frame.format("\n".join(copies))).score <= without.score


def test_a_superior_bodys_work_is_not_the_townships_own() -> None:
    """县司法局聘请… in a township's report is the county's work; done for the unit (为我镇…), or
    reached through (通过县政府门户网站…), it is the unit's own."""
    frame = "示例镇2024年度法治政府建设情况报告\n一、主要举措和成效\n{}\n示例镇人民政府\n2025年1月10日\n"

    def status(text: str, item: str) -> Status:
        return next(i for i in graded(frame.format(text)).items if i.id == item).status

    assert status("县司法局聘请律师担任常年法律顾问，全年审核合同21份。", "C2") is Status.MISSING
    assert status("县委依法治县办组织开展述职述法。", "A4") is Status.MISSING
    assert status("县司法局为我镇聘请律师担任常年法律顾问，全年审核合同21份。", "C2") is Status.MET
    assert status("通过县政府门户网站公示执法主体和执法人员，全年公开行政处罚结果12条。", "B1") is Status.MET


def with_line_before_problems(text: str, line: str) -> str:
    """The report with `line` as the last paragraph of its work part (before the problems part)."""
    at = text.index("二、存在")
    at = text.rindex("\n", 0, at) + 1
    return text[:at] + line + "\n" + text[at:]


SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "002_06903343dc56706e.txt"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds not available")
def test_a_line_of_item_names_with_counts_does_not_lift_a_real_report() -> None:
    """Issue 23's before-stop check: a real failing report (seed 002) and one paragraph of item
    names with counts of 1 (that paragraph, written for the tool, is the test's own)."""
    text = SEED.read_text(encoding="utf-8")
    line = ("（七）其他工作。主要负责人主持召开会议1次研究法治建设。中心组学法1次。年终述法。行政执法公示1条。"
            "执法全过程记录1次。重大执法决定法制审核1件。公布重大行政决策事项目录1项。落实谁执法谁普法普法责任制1项。")
    honest, gamed = graded(text), graded(with_line_before_problems(text, line))
    assert gamed.score <= honest.score
    assert "keyword_stuffing" in {f.kind for f in gamed.findings}


def test_a_generic_list_declared_done_does_not_turn_a_plan_into_delivery() -> None:
    """liuxi-2024-plans says it will hire a counsel (拟聘请); a list of tasks 均按要求落实 changes nothing."""
    text = (Path(__file__).resolve().parent.parent / "reports" / "liuxi-2024-plans.txt").read_text(encoding="utf-8")
    claim = "全乡重大决策、法律顾问、审核合同、执法公示、普法宣传等工作均按要求落实。"
    added = text.replace("（六）深入开展法治宣传", f"{claim}\n\n（六）深入开展法治宣传")
    honest, gamed = graded(text), graded(added)
    assert gamed.score <= honest.score
    c1 = {i.id: i.status for i in gamed.items}["C1"]
    assert c1 == {i.id: i.status for i in honest.items}["C1"] == Status.PLANNED


def test_words_inside_a_studied_document_title_are_the_title_not_the_act() -> None:
    studied = graded("一、主要举措和成效\n组织干部学习了《关于推行法律顾问制度和公职律师公司律师制度的意见》。\n")
    assert {i.id: i.status for i in studied.items}["C1"] is Status.MISSING
    own = graded("一、主要举措和成效\n印发《示例镇政府法律顾问工作规则》，聘请律师事务所律师担任常年法律顾问。\n")
    assert {i.id: i.status for i in own.items}["C1"] is Status.MET
    law = graded("一、主要举措和成效\n党委理论学习中心组专题学习了《中华人民共和国行政处罚法》。\n")
    assert {i.id: i.status for i in law.items}["A3"] is Status.MET  # a law studied is legal study


def test_a_leaders_meeting_on_another_field_is_not_about_rule_of_law() -> None:
    other = graded("一、主要举措和成效\n镇党委书记主持召开防汛工作专题会议4次。\n")
    a1 = next(i for i in other.items if i.id == "A1")
    assert a1.status is Status.MISSING and any("防汛" in e.reason for e in a1.elsewhere)
    both = graded("一、主要举措和成效\n镇党委书记主持召开会议4次，专题研究安全生产领域依法行政工作。\n")
    assert {i.id: i.status for i in both.items}["A1"] is Status.MET


def test_a_plan_for_publicity_is_not_an_activity() -> None:
    result = graded("一、主要举措和成效\n制定年度普法工作方案，印发普法依法治理工作要点。\n")
    assert {i.id: i.status for i in result.items}["E1"] is Status.MISSING


def test_the_checklists_own_advice_pasted_as_a_report_does_not_pass() -> None:
    """Every item's advice as a line of the work part: the tool's words, not the unit's work. What
    still earns credit is flagged 待复核 as the checklist's wording."""
    checklist = loading.load("township-annual")
    lines = [item.advice for item in checklist.items]
    report = "\n".join(["示例镇2024年度法治政府建设情况报告", "一、主要举措和成效", *lines, "二、存在的问题",
                         "执法力量薄弱，原因是人员少。", "三、2025年工作打算", "一是完善制度。二是加强培训。",
                         "示例镇人民政府", "2025年1月10日"])
    result = graded(report)
    assert not result.passed
    pasted = range(3, 3 + len(lines))  # the advice's lines
    content = {item.id for item in checklist.items if item.check == "content"}  # (structure is the parts')
    for item in result.items:
        credited = item.status in (Status.MET, Status.PARTIAL)
        if item.id in content and credited and all(e.line in pasted for e in item.evidence):
            assert "与核查建议措辞一致" in item.review, item.id


# A line of terms with no full stop runs on into the next paragraph as one sentence: the list
# hidden inside it still claims nothing (checker/evidence/earning.py, _holds_list).
RUN_ON = ("执法公示、法制审核、法律顾问、决策目录、普法责任清单"
          "2024年，本镇在县委、县政府领导下依法履行职责，规范行政行为，各项工作取得新进展，群众满意度进一步提高。")
RUN_ON_CLAIMS = {"B1": {"执法公示"}, "B3": {"法制审核"}, "C1": {"法律顾问"}, "D1": {"决策目录"}, "E2": {"普法责任清单"}}


def test_a_list_of_names_inside_a_longer_sentence_is_a_list() -> None:
    from checker.evidence.earning import _holds_list

    assert _holds_list(RUN_ON, RUN_ON_CLAIMS)


def test_names_of_one_item_listed_in_a_sentence_are_not_stuffing() -> None:
    from checker.evidence.earning import _holds_list

    assert not _holds_list("开展宪法、民法典、反诈、禁毒宣传活动12场，覆盖群众3000人次。", {"E1": {"宪法", "民法典"}})


def test_names_joined_by_spaces_run_together_are_a_list() -> None:
    from checker.evidence.earning import _holds_list

    # normalising drops the spaces between Chinese words: 执法公示 法制审核 … → one piece
    blob = "第一责任人述职述法执法公示全过程记录法制审核法律顾问决策目录普法责任清单2024年，本镇依法履职。"
    claims = {"A1": {"第一责任人"}, "A4": {"述职述法"}, "B1": {"执法公示"}, "B2": {"全过程记录"},
              "B3": {"法制审核"}, "C1": {"法律顾问"}, "D1": {"决策目录"}, "E2": {"普法责任清单"}}
    assert _holds_list(blob, claims)


def test_a_heading_of_names_only_is_a_list() -> None:
    from checker.evidence.earning import listed_heading

    claims = {"B1": {"执法公示"}, "B2": {"全过程记录"}, "B3": {"法制审核"}}
    assert listed_heading("执法公示、全过程记录、法制审核", claims)


def test_a_topical_heading_naming_items_is_no_list() -> None:
    from checker.evidence.earning import listed_heading

    claims = {"A1": {"组织领导"}, "S3": {"第一责任人"}}
    assert not listed_heading("强化组织领导，落实党政主要负责人推进法治建设第一责任人职责", claims)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds not available")
def test_a_heading_of_item_names_does_not_lift_a_real_report() -> None:
    """A numbered heading that lists item names (the heading is the test's own) is no part about them."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    heading = "1.第一责任人、述法、法律顾问、合法性审查、重大行政决策事项目录、行政执法公示、执法全过程记录、普法"
    gamed = graded("\n".join([*lines[:2], heading, *lines[2:]]))
    assert gamed.score <= graded("\n".join(lines)).score
    assert "keyword_stuffing" in {f.kind for f in gamed.findings}


def test_a_count_under_a_bare_name_heading_is_no_detail_of_it() -> None:
    text = "云溪镇2024年法治政府建设情况报告\n一、主要举措和成效\n（一）法律顾问\n全年开展5次。\n"
    text += "云溪镇人民政府\n2025年1月10日\n"
    c1 = next(i for i in graded(text).items if i.id == "C1")
    assert c1.status is Status.PARTIAL


def test_one_count_after_a_list_closed_by_deng_is_no_items_own() -> None:
    text = "云溪镇2024年法治政府建设情况报告\n一、主要举措和成效\n全年开展法治讲座、执法公示、法制审核等工作38次。\n"
    b3 = next(i for i in graded(text + "云溪镇人民政府\n2025年1月10日\n").items if i.id == "B3")
    assert b3.status is Status.PARTIAL


def test_names_listed_and_said_to_have_results_are_a_roll_call() -> None:
    text = "云溪镇2024年法治政府建设情况报告\n一、主要举措和成效\n"
    text += "聘请法律顾问、推行执法公示、开展年终述法等工作均有成效。\n"
    a4 = next(i for i in graded(text + "云溪镇人民政府\n2025年1月10日\n").items if i.id == "A4")
    assert a4.status is Status.MISSING
