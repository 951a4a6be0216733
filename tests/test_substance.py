"""S2 and S4 need substance: two specific points (S2: or one with its cause); a bare claim is partial."""

from .conftest import grade

REPORT = """
    青禾镇2024年度法治政府建设情况报告
    2024年，我镇坚持依法行政。
    一、主要举措和成效
    镇党委书记主持召开法治建设专题会议3次。
    二、存在的不足和原因
    {problems}
    三、2025年工作安排
    {plans}
"""
PROBLEMS = "执法人员数量不足，部分执法文书制作不够规范。"
PLANS = "编制重大行政决策事项目录，组织领导干部旁听庭审。"


def item(item_id: str, problems: str = PROBLEMS, plans: str = PLANS):
    return next(i for i in grade(REPORT.format(problems=problems, plans=plans)).items if i.id == item_id)


def test_two_specific_shortcomings_meet_s2():
    assert item("S2").status.value == "met"


def test_a_bare_claim_of_shortcomings_is_partial_and_says_why():
    s2 = item("S2", problems="有不足。")
    assert s2.status.value == "partial"
    assert "笼统" in s2.evidence[0].reason


def test_some_gap_in_many_words_is_still_bare():
    assert item("S2", problems="我镇法治政府建设工作还存在一些不足和差距。").status.value == "partial"


def test_one_shortcoming_alone_is_partial():
    assert item("S2", problems="执法人员数量不足。").status.value == "partial"


def test_one_shortcoming_with_its_cause_meets_s2():
    assert item("S2", problems="执法人员数量不足。主要原因是镇级编制少。").status.value == "met"


def test_a_cause_in_the_same_sentence_counts():
    assert item("S2", problems="决策公众参与的渠道不多，主要原因是宣传引导不够。").status.value == "met"


def test_two_concrete_arrangements_meet_s4():
    assert item("S4").status.value == "met"


def test_a_slogan_for_next_year_is_partial_and_says_why():
    s4 = item("S4", plans="继续推进。")
    assert s4.status.value == "partial"
    assert "笼统" in s4.evidence[0].reason


def test_a_longer_slogan_is_still_partial():
    assert item("S4", plans="我镇将继续推进法治政府建设，努力开创新局面。").status.value == "partial"


def test_one_arrangement_alone_is_partial():
    assert item("S4", plans="编制重大行政决策事项目录。").status.value == "partial"


BOTH = """
    白沙镇2023年度法治政府建设情况报告
    一、主要举措和成效
    镇党委书记主持召开法治建设专题会议3次。
    二、存在的不足和原因
    执法人员数量不足，部分执法文书制作不够规范。
    三、有关意见建议
    建议县司法局加强对镇级执法人员的业务培训，建议增加镇综合执法队编制。
    四、{plans_heading}
    修订镇重大行政决策事项目录，组织村干部参加民法典专题培训。
"""


def s4_of(plans_heading: str):
    report = BOTH.format(plans_heading=plans_heading)
    return next(i for i in grade(report).items if i.id == "S4")


def test_s4_quotes_next_years_work_not_the_suggestions_before_it():
    s4 = s4_of("2024年工作安排")
    assert s4.status.value == "met"
    assert "工作安排" in s4.evidence[0].text and "意见建议" not in s4.evidence[0].text


def test_a_plans_heading_that_names_next_steps_is_preferred_too():
    assert "下一步工作计划" in s4_of("下一步工作计划").evidence[0].text


def test_suggestions_alone_are_still_quoted():
    report = BOTH.format(plans_heading="其他事项").replace("四、其他事项\n", "")
    s4 = next(i for i in grade(report).items if i.id == "S4")
    assert "意见建议" in s4.evidence[0].text
