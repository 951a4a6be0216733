"""`fazhi checklist …` and profiles (`extends`): list, show, validate, test, schema, composition."""

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from checker.checklist import loading
from checker.checklist.loading import load_editions
from checker.commands.authoring import SCHEMA_FILE, example_gaps, json_schema, schema_text
from checker.commands.cli import main
from checker.models import FazhiError
from checker.pipeline import grade_file

from .conftest import ROOT, grade, statuses

BAD = Path(__file__).parent / "data" / "bad_checklists"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
MODELINE = "# yaml-language-server: $schema=../checker/checklist.schema.json"
BUREAU = ROOT / "reports" / "county-justice-bureau-2024.txt"

REPORT = """\
示例镇2024年法治政府建设情况报告
一、主要举措和成效
镇党委书记主持召开党委会专题研究法治建设工作3次。
调整镇法治建设领导小组，由镇党委书记任组长，全年召开会议2次。
二、存在的问题
述法工作还不够规范，培训次数偏少。
三、2025年工作打算
推行述职述法，每季度开展一次业务培训。
示例镇人民政府
2025年1月10日
"""


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def profile(tmp_path: Path, body: str, name: str = "mine.yaml") -> str:
    head = "extends: township-annual\nid: mine\ntitle: 本县清单\n"
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return str(path)


# a profile of the default checklist that adds a group and an item and disables one (the tests'
# own, so that they do not depend on the bundled county-department profile)
DEPARTMENT = """\
extends: township-annual
id: dept
title: 部门清单
groups:
  - {id: X, title: 部门履职}
items:
  - id: X1
    title: 权责清单
    group: X
    basis: 权责清单制度
    match:
      - any: [权责清单]
    advice: 写明公布权责清单的情况。
    examples:
      met: [公布本局权责清单。]
      missing: [{text: 权责清单尚未公布。, heading: 三、存在的问题}]
disable:
  - {id: D1, reason: 部门一般不单独编制重大行政决策事项目录}
"""


def problems(path: str) -> list[str]:
    with pytest.raises(FazhiError) as exc:
        loading.load(path)
    return str(exc.value).replace(str(Path(path).parent) + "/", "").splitlines()


# ---------------------------------------------------------------- the bad-checklist catalogue


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_checklist_gives_its_message(name, capsys, monkeypatch, township_ids):
    monkeypatch.chdir(BAD)
    code, out, err = run(["checklist", "validate", name], capsys)
    want = EXPECTED[name] if isinstance(EXPECTED[name], list) else [EXPECTED[name]]
    # a message that lists the base's item ids says $TOWNSHIP_IDS in expected.yaml: a new item changes the list
    want = [w.replace("$TOWNSHIP_IDS", "、".join(township_ids)) for w in want]
    assert (code, out, err.splitlines()) == (2, "", want)


def test_every_bad_checklist_has_an_expected_message():
    assert {p.name for p in BAD.glob("*.yaml")} - {"expected.yaml"} == set(EXPECTED)


# ---------------------------------------------------------------- validate, list, show, test


def test_validate_prints_one_ok_line(tmp_path, capsys):
    path = profile(tmp_path, "disable: [{id: D1, reason: 本单位不编制决策目录}]\n")
    mine = loading.load(path)  # the counts, read from the profile: what the line must show
    code, out, err = run(["checklist", "validate", path], capsys)
    assert code == 0 and err == "" and len(mine.disabled) == 1
    assert out == (f"✔ {path}：核查清单有效（mine {mine.version}，{len(mine.items)} 个检查项，"
                   "基于 township-annual，1 项不适用）\n")


def test_list_shows_id_title_count_and_base(capsys):
    code, out, _ = run(["checklist", "list"], capsys)
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:] if not line.startswith(" ")}
    counts = {f"{name}@{e.years.start}": str(len(e.items)) for name in ("township-annual", "county-department")
              for e in load_editions(name).editions}  # what the rows must show, read from the checklists
    outline = str(len(loading.load("implementation-outline").items))
    assert code == 0
    assert rows["township-annual@2019"][-4:] == ["2019—2025年", "│", counts["township-annual@2019"], "│"]
    for name in ("township-annual@2026", "county-department@2026"):
        assert rows[name][-5:] == ["2026年起", "│", counts[name], "│", "township-annual"]
    assert rows["implementation-outline"][-4:] == ["2021—2025年", "│", outline, "│"]


def test_show_lists_groups_items_and_what_does_not_apply(capsys):
    code, out, _ = run(["checklist", "show", "county-department"], capsys)
    lines = [line.strip("│ ├└─") for line in out.splitlines()]
    assert code == 0
    assert lines[0] == "county-department 有 2 版，按报告年度选用：2019—2025年；2026年起"
    summary = (lines[2] + " " + lines[3]).split("；")  # wrapped at 100 columns, at a space
    count = len(load_editions("county-department").editions[0].items)
    assert summary == [
        "基于 township-annual", "适用于 2019—2025年的报告", f"{count} 项", "及格 60 分",
        "优秀 ≥ 90、良好 ≥ 80、合格 ≥ 60、不合格 ≥ 0", "1 项不适用",
    ]
    assert "J1 执法主体与执法人员资格管理（持证上岗）" in lines  # the 2026 edition's own items
    d1 = lines.index("D1 重大行政决策事项目录")
    assert lines[d1 - 3 : d1 + 2] == [
        "重大行政决策（D）",
        "D2 决策法定程序",
        "权重 1.5 · 必查 · 依据：《重大行政决策程序暂行条例》",
        "D1 重大行政决策事项目录",
        "不适用：县级部门一般不单独编制重大行政决策事项目录",
    ]
    a2 = lines.index("A2 部门法治建设领导机构  〔本清单调整〕")
    assert lines[a2 + 1] == "权重 1 · 必查 · 依据：《党政主要负责人履行推进法治建设第一责任人职责规定》"
    assert lines[-3:] == [
        "部门依法履职（F）",
        "F1 权责清单  〔本清单新增〕",
        "权重 1 · 必查 · 依据：中办国办《关于推行地方各级政府工作部门权力清单制度的指导意见》",
    ]


@pytest.mark.parametrize("name", sorted(loading.bundled()))
def test_checklist_test_passes_for_every_bundled_checklist(name, capsys):
    code, out, _ = run(["checklist", "test", name], capsys)
    count = sum(len(v) for item in loading.load(name).items for v in item.examples.values())
    assert (code, out) == (0, f"{name}：{count} 个示例全部通过\n")


def test_checklist_test_prints_each_failure_and_exits_1(tmp_path, capsys):
    path = profile(
        tmp_path,
        """\
        override:
          E1:
            examples:
              met: [在12·4国家宪法日开展宪法宣传活动3场。, 广泛开展普法宣传。]
              missing: [{text: 普法宣传形式单一。, heading: 三、存在的问题}]
        """,
    )
    code, out, _ = run(["checklist", "test", path], capsys)
    count = sum(len(v) for item in loading.load(path).items for v in item.examples.values())
    assert code == 1
    assert out.splitlines()[0] == (
        "✘ E1 应为“达标”（met），实为“部分”（partial）：广泛开展普法宣传。（标题：一、主要举措和成效）"
    )
    assert out.splitlines()[-1] == f"{path}：{count} 个示例，1 个未通过"


@pytest.mark.parametrize("name", sorted(loading.bundled()))
def test_every_bundled_item_has_a_met_and_a_not_met_example(name):
    assert example_gaps(loading.load(name)) == []


def test_example_gaps_names_what_is_missing(tmp_path, capsys):
    path = profile(tmp_path, "override:\n  A4: {examples: {met: [年终述职中同步开展述法。]}}\n")
    assert example_gaps(loading.load(path)) == ["A4 没有未达标（partial/planned/missing）示例"]
    _, out, _ = run(["checklist", "test", path], capsys)
    assert "提示：A4 没有未达标（partial/planned/missing）示例" in out.splitlines()


def test_checklist_without_an_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["checklist"])
    assert exc.value.code == 2 and capsys.readouterr().err.endswith("fazhi: 错误：缺少参数: 操作\n")


# ---------------------------------------------------------------- the JSON Schema


def test_committed_schema_is_the_generated_one(capsys):
    regenerate = "run: fazhi checklist schema > checker/checklist.schema.json"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), regenerate
    code, out, _ = run(["checklist", "schema"], capsys)
    assert code == 0 and json.loads(out) == json_schema()


@pytest.mark.parametrize("path", sorted((ROOT / "checklists").glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_checklists_point_editors_at_the_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert (path.parent / "../checker/checklist.schema.json").resolve() == SCHEMA_FILE


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("path", sorted((ROOT / "checklists").glob("*.yaml")), ids=lambda p: p.name)
def test_schema_accepts_every_bundled_checklist(path, validator):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown_key.yaml", "Additional properties are not allowed ('wieght' was unexpected)"),
        ("wrong_type.yaml", "'很重' is not of type 'number'"),
    ],
)
def test_schema_rejects_what_an_editor_can_see(name, message, validator):
    data = yaml.safe_load((BAD / name).read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == [message]


def test_schema_checks_profiles_too(validator):
    data = {"extends": "township-annual", "id": "x", "title": "x", "override": {"A2": {"weight": "重"}}}
    assert [e.message for e in validator.iter_errors(data)] == ["'重' is not of type 'number'"]
    complete_without_items = {"id": "x", "title": "x", "override": {}}
    assert "'version' is a required property" in [e.message for e in validator.iter_errors(complete_without_items)]


# ---------------------------------------------------------------- composition: extends


def test_override_changes_only_the_fields_written(township, tmp_path):
    change = "override:\n  A2: {weight: 2, severity: recommended, advice: 写明领导小组。}\n"
    loaded = loading.load(profile(tmp_path, change))
    a2 = next(i for i in loaded.items if i.id == "A2")
    base = next(i for i in township.items if i.id == "A2")
    assert (a2.weight, a2.severity, a2.advice) == (2.0, "recommended", "写明领导小组。")
    assert (a2.title, a2.basis, a2.match) == (base.title, base.basis, base.match)
    assert (loaded.id, loaded.version, loaded.based_on) == ("mine", "2026.1", "township-annual")
    assert loaded.overridden == ["A2"]


def test_a_disabled_item_is_never_graded_nor_scored(township, tmp_path):
    loaded = loading.load(profile(tmp_path, "disable:\n  - {id: A4, reason: 本县未推行述法}\n"))
    assert [i.id for i in loaded.items] == [i.id for i in township.items if i.id != "A4"]
    assert [(d.item.id, d.reason) for d in loaded.disabled] == [("A4", "本县未推行述法")]
    before, after = grade(REPORT, township), grade(REPORT, loaded)
    assert "A4" in [i.id for i in before.items] and "A4" not in [i.id for i in after.items]
    # the same points earned, out of the total less A4's weight (the report earns nothing for A4)
    a4 = next(i for i in before.items if i.id == "A4")
    earned, total = sum(i.earned for i in before.items), sum(i.weight for i in before.items)
    assert a4.earned == 0 and earned > 0
    assert (before.score, after.score) == (round(100 * earned / total, 1), round(100 * earned / (total - a4.weight), 1))


def test_added_groups_and_items_and_new_grades(tmp_path):
    body = """\
    pass_score: 70
    grades: [{name: 达标, min: 70}, {name: 未达标, min: 0}]
    concrete: ['台账']
    groups: [{id: G, title: 本县特色}]
    items:
      - {id: G1, title: 法治示范创建, group: G, basis: 本县方案, match: [{any: [示范创建]}], advice: 写明示范创建。}
      - {id: A5, title: 法治督察, group: A, basis: 督察工作规定, match: [{any: [法治督察]}], advice: 写明督察。}
    """
    loaded = loading.load(profile(tmp_path, body))
    ids = [i.id for i in loaded.items]
    assert ids[ids.index("A4") + 1] == "A5" and ids[-1] == "G1"
    assert (loaded.pass_score, loaded.grade_for(75), loaded.grade_for(69)) == (70, "达标", "未达标")
    assert loaded.concrete[-1] == "台账" and loaded.group_title("G") == "本县特色"
    assert loaded.added == ["G1", "A5"]


def test_extends_a_path_relative_to_the_file_and_a_profile_of_a_profile(tmp_path):
    (tmp_path / "sub" / "base").mkdir(parents=True)
    (tmp_path / "sub" / "base" / "dept.yaml").write_text(DEPARTMENT, encoding="utf-8")
    path = profile(tmp_path, "disable: [{id: A4, reason: 本局未推行述法}]\n", "sub/mine.yaml")
    Path(path).write_text(Path(path).read_text(encoding="utf-8").replace("township-annual", "base/dept.yaml"))
    loaded = loading.load(path)
    assert loaded.based_on == "dept"
    assert [d.item.id for d in loaded.disabled] == ["D1", "A4"]
    assert "X1" in [i.id for i in loaded.items]


@pytest.mark.parametrize("extends", ["/etc/passwd", "../outside.yaml", "base/../../outside.yaml", "link.yaml"])
def test_extends_reads_nothing_outside_the_profiles_folder(tmp_path, extends):
    (tmp_path / "outside.yaml").write_text("secret: 不应被读出的内容\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    path = profile(tmp_path, "", "sub/mine.yaml")
    Path(path).write_text(Path(path).read_text(encoding="utf-8").replace("township-annual", extends))
    found = problems(path)
    why = "不可用：extends 只能是内置清单编号，或本文件所在文件夹内的 .yaml 文件"
    assert found == [f"mine.yaml:1: extends: “{extends}” {why}"]
    assert "不应被读出" not in "".join(found)


def test_profile_problems_are_reported_together_with_their_lines(tmp_path, township_ids):
    body = """\
    override:
      Z9: {weight: 2}
      A2: {weight: 很重}
    disable:
      - {id: A2, reason: 不适用}
    items:
      - {id: A1, title: 重复, group: X, basis: 无, match: [{any: [无]}], advice: 无}
    """
    assert problems(profile(tmp_path, body)) == [
        f"mine.yaml:5: override.Z9: 基础清单 township-annual 中没有检查项 Z9（可选：{'、'.join(township_ids)}）",
        "mine.yaml:6: override.A2.weight: 应为数字",
        "mine.yaml:8: disable.0.id: A2 已在 override 中修改，不能同时停用",
        "mine.yaml:10: 重复的检查项编号 A1",
        "mine.yaml:10: A1 的类别 “X” 未在 groups 中定义",
    ]


def test_an_override_that_breaks_the_item_names_its_line(tmp_path):
    assert problems(profile(tmp_path, "override:\n  A2:\n    match: []\n")) == [
        "mine.yaml:5: override.A2: A2: content 类检查项需要 match 或 count"
    ]


def test_a_profile_must_leave_something_to_score(tmp_path):
    base = (BAD / "zero_weights.yaml").read_text(encoding="utf-8")
    (tmp_path / "one.yaml").write_text(base.replace("    weight: 0\n", ""), encoding="utf-8")
    path = str(tmp_path / "mine.yaml")
    head = "extends: one.yaml\nid: mine\ntitle: 本县清单\n"
    Path(path).write_text(head + "override:\n  E1: {weight: 0}\n", encoding="utf-8")
    assert problems(path) == ["mine.yaml:4: 合并后所有检查项的权重之和必须大于 0"]
    Path(path).write_text(head + "disable:\n  - {id: E1, reason: 不适用}\n", encoding="utf-8")
    assert problems(path) == ["mine.yaml:4: 停用后没有剩下任何检查项"]


def test_a_broken_base_is_reported_with_its_own_file_and_line(tmp_path):
    (tmp_path / "base.yaml").write_text("id: b\ntitle: [未闭合\n", encoding="utf-8")
    path = profile(tmp_path, "")
    Path(path).write_text(Path(path).read_text(encoding="utf-8").replace("township-annual", "base.yaml"))
    assert problems(path) == ["base.yaml:3: YAML 语法错误：expected ',' or ']', but got '<stream end>'"]


def test_a_missing_base_file_names_the_path(tmp_path):
    path = profile(tmp_path, "")
    Path(path).write_text(Path(path).read_text(encoding="utf-8").replace("township-annual", "nope.yaml"))
    assert problems(path) == ["mine.yaml:1: extends: 找不到基础清单文件 nope.yaml"]


# ---------------------------------------------------------------- the county-department profile


def test_county_department_grades_the_bureau_report(capsys):
    code, out, _ = run(["check", str(BUREAU), "--checklist", "county-department", "--format", "json"], capsys)
    doc = json.loads(out)
    (rep,) = doc["reports"]
    items = {i["id"]: i for i in rep["items"]}
    assert code == 0 and doc["checklist"]["id"] == "county-department"
    assert rep["checklist"] == {"id": "county-department", "version": "2026.1", "years": "2019—2025年",
                                "why": "报告年度为 2024 年"}
    assert "D1" not in items and items["F1"]["status"] == "missing"
    assert (items["A1"]["status"], items["A2"]["status"]) == ("met", "met")
    assert items["A2"]["title"] == "部门法治建设领导机构"
    graded = grade_file(str(BUREAU), loading.load("county-department"))  # the score, read from the run
    assert (items["E2"]["weight"], rep["score"], rep["grade"]) == (1.5, graded.score, graded.grade)


def test_county_department_reads_the_bureau_s_own_words():
    dept = loading.load("county-department")
    assert {"局长", "党组书记"} <= set(dept.words.concepts["principal_leader"].words)  # inherited
    # 局务会 is a department meeting the profile adds to leading_collective; townships have none
    assert statuses("局务会专题研究法治政府建设工作3次。", dept)["A1"] == "met"
    assert statuses("局务会专题研究法治政府建设工作3次。")["A1"] == "missing"
    assert statuses("成立局法治机关建设领导小组，下设办公室在局法制股。", dept)["A2"] == "met"
    assert statuses("局党组书记担任县委全面依法治县委员会委员。", dept)["A2"] == "missing"


def test_explain_a_disabled_item_says_it_does_not_apply(tmp_path, capsys):
    path = tmp_path / "dept.yaml"
    path.write_text(DEPARTMENT, encoding="utf-8")
    code, out, _ = run(["explain", "D1", "--checklist", str(path)], capsys)
    assert code == 0 and "本清单中不适用：部门一般不单独编制重大行政决策事项目录（不评查、不计分）" in out
