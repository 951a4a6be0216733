from datetime import date

from checker.models import Role

from .conftest import parsed

REPORT = """
    青禾镇人民政府文件
    青府发〔2025〕3号
    青禾镇人民政府关于2024年度法治政府
    建设情况的报告
    县委全面依法治县委员会办公室：
    2024年，我镇坚持依法行政。现将有关情况报告如下。
    一、主要举措和成效
    （一）加强组织领导
    1、健全机构。调整法治政府建设领导小组。
    2、强化学习。一是中心组学法。全年学法12次。二是会前学法。坚持常务会前学法。
    （二）规范行政执法
    二、存在问题及下一步工作计划
    （一）存在问题
    执法人员数量不足。
    （二）下一步工作计划
    编制重大行政决策事项目录。
    三、2025年工作安排
    继续加强普法。

    青禾镇人民政府
    2025年1月20日
"""


def test_front_matter_and_signature():
    r = parsed(REPORT)
    assert r.title == "青禾镇人民政府关于2024年度法治政府建设情况的报告"
    assert (r.unit, r.year, r.doc_number) == ("青禾镇", 2024, "青府发〔2025〕3号")
    assert (r.issuer, r.date, r.date_line) == ("青禾镇人民政府", date(2025, 1, 20), 21)


def test_heading_hierarchy_and_paths():
    r = parsed(REPORT)
    top = [p.marker + p.heading for p in r.root.children]
    assert top == ["一、主要举措和成效", "二、存在问题及下一步工作计划", "三、2025年工作安排"]
    study = r.root.children[0].children[0].children[1]
    assert study.path == "一、主要举措和成效 › （一）加强组织领导 › 2、强化学习"
    assert [c.marker + c.heading for c in study.children] == ["一是中心组学法", "二是会前学法"]


def test_roles_inherited_and_decided_by_sub_parts_of_a_mixed_heading():
    r = parsed(REPORT)
    work, mixed, plans = r.root.children
    assert work.role is Role.WORK and work.children[0].children[0].role is Role.WORK
    assert mixed.mixed
    assert [c.role for c in mixed.children] == [Role.PROBLEMS, Role.PLANS]
    assert plans.role is Role.PLANS  # 2025 is the year after the report year
    roles = {s.text: s.role for s in r.sentences}
    assert roles["执法人员数量不足。"] is Role.PROBLEMS
    assert roles["编制重大行政决策事项目录。"] is Role.PLANS
    assert roles["2024年，我镇坚持依法行政。"] is Role.WORK  # text before the first heading


def test_empty_heading_is_a_finding_and_its_sentence_is_marked():
    r = parsed(REPORT)
    empty = [f for f in r.findings if f.kind == "empty_heading"]
    assert [(f.line, f.message) for f in empty] == [(11, "空标题：“（二）规范行政执法”下没有正文")]
    assert [s.text for s in r.sentences if s.empty_heading] == ["规范行政执法"]


def test_evidence_lines_point_at_the_original_lines():
    r = parsed(REPORT)
    line_of = {s.text: s.line for s in r.sentences}
    assert line_of["全年学法12次。"] == 10
    assert line_of["继续加强普法。"] == 18


def test_problems_and_plans_headings_in_many_wordings():
    text = """
        柳溪乡2024年法治政府建设工作总结
        一、工作开展情况
        开展工作。
        二、法治政府建设中存在的不足
        有不足。
        三、有关意见建议
        提建议。
        四、补短板强弱项，提升执法水平
        做了工作。
        五、问题整改情况
        整改了。
    """
    roles = [p.role for p in parsed(text).root.children]
    assert roles == [Role.WORK, Role.PROBLEMS, Role.PLANS, Role.WORK, Role.WORK]


def test_text_without_headings_is_all_work():
    r = parsed("我镇今年开展普法活动5次。\n发放资料200份。\n")
    assert not r.has_headings
    assert {s.role for s in r.sentences} == {Role.WORK}


def test_paragraph_opening_with_next_steps_is_plan_context():
    r = parsed("南湖街道2023年法治政府建设情况报告\n今年完成了培训。\n下一步，我街道将编制目录。同时开展评估。\n")
    flags = {s.text: s.plan_context for s in r.sentences}
    assert flags == {"今年完成了培训。": False, "下一步，我街道将编制目录。": True, "同时开展评估。": True}


def test_title_without_year_and_date_before_year_end_are_findings():
    r = parsed("关于法治政府建设情况的报告\n一、主要成效\n做了工作。\n\n某某镇人民政府\n二〇二四年十一月五日\n")
    kinds = {f.kind for f in r.findings}
    assert "no_year_in_title" in kinds
    assert r.date == date(2024, 11, 5)
    assert r.year == 2024  # taken from the date: written in November, reporting on that year
    assert "year_date_mismatch" in kinds


def test_county_department_unit_is_kept_whole():
    r = parsed("临川县司法局2024年度法治政府建设情况报告\n一、主要做法\n做了工作。\n")
    assert r.unit == "临川县司法局"


def test_township_unit_is_cut_from_the_county_prefix():
    r = parsed("临川县青禾镇人民政府\n2024年度法治政府建设工作报告\n正文。\n")
    assert (r.unit, r.year) == ("青禾镇", 2024)


def test_more_wordings_of_problems_and_plans():
    text = """
        临川县市场监督管理局2024年法治政府建设情况报告
        一、主要做法
        做了工作。
        二、面临的主要困难
        有困难。
        三、下步工作打算
        再努力。
        四、存在的问题及改进措施
        （一）执法力量不足
        人少。
        （二）加强队伍建设
        补人。
    """
    r = parsed(text)
    assert [p.role for p in r.root.children[:3]] == [Role.WORK, Role.PROBLEMS, Role.PLANS]
    mixed = r.root.children[3]
    assert mixed.mixed and [c.role for c in mixed.children] == [Role.PROBLEMS, Role.PLANS]
