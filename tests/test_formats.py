"""The output formats, each tested on hand-built views (tests/views.py) against what reads it: the
JUnit XSD, the SARIF 2.1.0 schema, an HTML parser, GitHub's command syntax. Then, through the
CLI on the samples and seeds: one gate for every format, and renderers that do not care how many
items a checklist has.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from checker.commands.cli import main
from checker.models import Finding, Status
from checker.render import FORMATS
from checker.render.github import command
from checker.render.html import highlight
from checker.render.markdown import esc
from checker.score.gate import Gate

from .conftest import ROOT, SHARED
from .views import item, passage, quote, report, run

SCHEMAS = ROOT / "tests" / "data" / "schemas"
FORMAT_NAMES = ["terminal", "json", "html", "markdown", "junit", "sarif", "github", "csv"]

# A report with one item of each level: error (fails --fail-on), warning (not met), note (waived), pass.
D1_PLAN = quote("我镇计划于明年编制重大行政决策事项目录。", line=17, terms=("决策事项目录",),
                reason="将来时表述（计划）", status=Status.PLANNED)
ITEMS = (
    item("S1", title="主要举措和成效", shown=quote("一、主要举措和成效", line=3)),
    item("A1", Status.PARTIAL, fails=True, shown=quote("坚持一把手亲自抓。", line=9, terms=("一把手",),
                                                       reason="只有一般性提法", status=Status.PARTIAL)),
    item("C1", Status.MISSING, title="配备政府法律顾问"),
    item("C2", Status.PLANNED, severity="recommended", title="法律顾问发挥作用", shown=D1_PLAN, decided=False,
         notes=(D1_PLAN,)),
    item("A4", Status.MISSING, waiver="本年度机构调整", title="述法"),
)
GATE = Gate(60, ("partial", "planned", "missing"))


def render(fmt: str, view) -> str:
    out = io.StringIO()
    FORMATS[fmt](view, out)
    return out.getvalue()


# ---------------------------------------------------------------- junit


@pytest.fixture(scope="module")
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit.xsd")))


def junit(text: str, schema: etree.XMLSchema) -> etree._Element:
    doc = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(doc)
    return doc


def test_junit_fails_exactly_the_items_that_fail_the_gate(junit_schema):
    doc = junit(render("junit", run(report(ITEMS, gate=GATE), gate=GATE)), junit_schema)
    (suite,) = doc.findall("testsuite")
    cases = {c.get("name").split()[0]: c for c in suite.findall("testcase")}
    assert list(cases) == ["S1", "A1", "C1", "C2", "A4", "总分"]  # every item, then the score
    failed = {k: c.find("failure") for k, c in cases.items() if c.find("failure") is not None}
    assert {k: f.get("type") for k, f in failed.items()} == {"A1": "partial"}  # C1 only warns in this view
    assert failed["A1"].get("message") == "A1 的建议：写明具体做法。" and "第9行" in failed["A1"].text
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "1", "0")
    assert cases["A1"].get("classname") == "第一责任人职责"


def test_junit_a_score_below_the_pass_score_is_a_failure_of_its_own(junit_schema):
    doc = junit(render("junit", run(report(ITEMS[:1], score=45.0))), junit_schema)
    (score,) = [c for c in doc.iter("testcase") if c.get("name") == "总分"]
    assert score.find("failure").get("message") == "得分 45.0 低于及格分 60"
    assert doc.get("failures") == "1"


def test_junit_an_unreadable_file_is_an_error(junit_schema):
    doc = junit(render("junit", run(report(ITEMS), unreadable=(("reports/nope.txt", "文件不存在"),))), junit_schema)
    suites = doc.findall("testsuite")
    assert [s.get("name") for s in suites] == ["示例镇", "reports/nope.txt"]
    assert suites[-1].find("testcase/error").get("message") == "文件不存在"
    assert (doc.get("tests"), doc.get("errors")) == ("7", "1")


def test_the_junit_schema_rejects_what_ci_servers_reject(junit_schema):
    assert not junit_schema.validate(etree.fromstring(b'<testsuites><testsuite tests="1"/></testsuites>'))
    assert not junit_schema.validate(etree.fromstring(b'<testsuites><testcase name="x"/></testsuites>'))


# ---------------------------------------------------------------- sarif


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_sarif_a_result_per_item_to_add_at_its_line_levelled_by_the_gate(sarif_validator):
    log = json.loads(render("sarif", run(report(ITEMS, gate=GATE), gate=GATE)))
    sarif_validator.validate(log)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["S1", "A1", "C1", "C2", "A4", "SCORE"]
    results = {r["ruleId"]: r for r in sarif_run["results"]}
    assert {k: r["level"] for k, r in results.items()} == {"A1": "error", "C1": "warning", "C2": "warning"}
    lines = {k: r["locations"][0]["physicalLocation"]["region"]["startLine"] for k, r in results.items()}
    assert lines == {"A1": 9, "C1": 1, "C2": 17}  # C1: nothing to point at
    assert results["C2"]["message"]["text"] == "仅计划：C2 的建议：写明具体做法。"
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in sarif_run["results"])


def test_sarif_a_low_score_is_an_error_result_and_unreadable_files_are_notifications(sarif_validator):
    log = json.loads(render("sarif", run(report(ITEMS[:1], score=45.0), unreadable=(("a.txt", "文件不存在"),))))
    sarif_validator.validate(log)
    (sarif_run,) = log["runs"]
    (score,) = sarif_run["results"]
    assert (score["ruleId"], score["level"]) == ("SCORE", "error")
    (note,) = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and "文件不存在" in note["message"]["text"]


def test_the_sarif_schema_rejects_what_sarif_rejects(sarif_validator):
    log = json.loads(render("sarif", run(report(ITEMS, gate=GATE), gate=GATE)))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not sarif_validator.is_valid(log)
    log["runs"][0]["results"][0]["level"] = "error"
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not sarif_validator.is_valid(log)


# ---------------------------------------------------------------- github


def test_github_an_error_per_failing_item_a_warning_per_other_item_to_add():
    lines = render("github", run(report(ITEMS, gate=GATE), gate=GATE)).splitlines()
    where = "::error file=reports/示例.txt,line=9,title=A1 主要负责人亲自部署法治建设::"
    assert lines[0] == where + "部分：A1 的建议：写明具体做法。"
    assert lines[1].startswith("::warning file=reports/示例.txt,line=1,title=C1 配备政府法律顾问::缺失：")
    assert lines[2].startswith("::warning file=reports/示例.txt,line=17,title=C2 法律顾问发挥作用::仅计划：")
    assert lines[3].startswith("::notice file=reports/示例.txt,title=示例镇 评查结果::得分 80.0 / 100，等级 良好，")
    assert "未通过" in lines[3]
    assert len(lines) == 4  # met and waived items say nothing


def test_github_a_low_score_is_an_error_line():
    (line,) = render("github", run(report(ITEMS[:1], score=45.0))).splitlines()
    assert line.startswith("::error file=reports/示例.txt,title=示例镇 评查结果::得分 45.0 / 100")


def test_github_escapes_properties_and_data():
    line = command("error", "50%\r\n下一行", file="上报/a,b:c.txt", line=3, title="x")
    assert line == "::error file=上报/a%2Cb%3Ac.txt,line=3,title=x::50%25%0D%0A下一行"


def test_github_paths_are_from_the_repository_root_wherever_fazhi_runs(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "县" / "上报").mkdir(parents=True)
    (repo / "县" / "上报" / "a.txt").write_text("x", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    monkeypatch.chdir(repo / "县")  # a job step with working-directory: 县
    view = run(report(ITEMS[:1], path="上报/a.txt", score=45.0))
    (line,) = render("github", view).splitlines()
    assert line.startswith("::error file=县/上报/a.txt,title=")


def test_github_paths_outside_a_repository_are_from_the_current_folder(tmp_path, monkeypatch):
    (tmp_path / "上报").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # no repository above tmp_path
    view = run(report(ITEMS[:1], path=str(tmp_path / "上报" / "a.txt"), score=45.0))
    (line,) = render("github", view).splitlines()
    assert line.startswith("::error file=上报/a.txt,title=")


def test_github_appends_the_markdown_page_to_the_step_summary(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("# 前一步\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    view = run(report(ITEMS, gate=GATE), gate=GATE)
    annotations = render("github", view)
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# 前一步\n")  # appended: earlier steps keep theirs
    assert written.endswith(render("markdown", view))
    assert "::" not in written and "::" in annotations  # the page in the summary, the annotations in the log


def test_github_without_a_step_summary_writes_only_annotations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    render("github", run(report(ITEMS, gate=GATE), gate=GATE))
    assert list(tmp_path.iterdir()) == []


def test_github_unreadable_file():
    lines = render("github", run(unreadable=(("reports/nope.txt", "文件不存在"),))).splitlines()
    assert lines == ["::error file=reports/nope.txt,title=未能读取::未能读取：文件不存在"]


# ---------------------------------------------------------------- html


class Page(HTMLParser):
    """What a test needs from a page: tags, their attributes, item ids, marked words, section classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.marks: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "td" and attributes.get("class") == "id":
            self._in = "id"
        elif tag == "mark":
            self._in = "mark"

    def handle_endtag(self, tag):
        if tag in ("td", "mark"):
            self._in = None

    def handle_data(self, data):
        if self._in == "id":
            self.ids.append(data.strip())
        elif self._in == "mark":
            self.marks.append(data)

    def sections(self) -> list[str]:
        return [a.get("class") or "" for tag, a in self.tags if tag == "section"]


def page(text: str) -> Page:
    parsed = Page()
    parsed.feed(text)
    parsed.close()
    return parsed


def test_html_is_one_self_contained_printable_page():
    finding = Finding("no_date", 0, "文末未见落款单位和成文日期")
    text = render("html", run(report(ITEMS, gate=GATE, findings=(finding,)), gate=GATE))
    parsed = page(text)
    assert parsed.ids == ["S1", "A1", "C1", "C2", "A4"]
    assert parsed.marks == ["一把手", "决策事项目录", "决策事项目录"]  # the table, then C2's note in 需要补充
    assert "@page" in text and "size: A4" in text
    assert not any(tag == "script" for tag, _ in parsed.tags)
    assert "url(" not in text and "@import" not in text and "http" not in text
    for needle in ("示例镇", "80.0", "良好", "未通过", "需要补充（3 项）", "第17行", "豁免", "其他发现",
                   "文末未见落款单位和成文日期", "必查项未达到要求：A1"):
        assert needle in text


def test_html_escapes_the_report_text_before_highlighting():
    shown = quote("聘请<b>律师</b>担任镇政府法律顾问，审核合同12份。", terms=("法律顾问",))
    text = render("html", run(report((item("C1", shown=shown),))))
    assert "<b>律师</b>" not in text
    assert "&lt;b&gt;律师&lt;/b&gt;担任镇政府<mark>法律顾问</mark>" in text


def test_highlight_marks_whole_words_and_escapes_them_too():
    def marked(text: str, terms: tuple[str, ...]) -> str:
        return str(highlight(quote(text, terms=terms)))

    assert marked("a<b>法律顾问&", ("法律顾问",)) == "a&lt;b&gt;<mark>法律顾问</mark>&amp;"
    assert marked("政府法律顾问", ("法律", "法律顾问")) == "政府<mark>法律顾问</mark>"
    assert marked("x<mark>y", ("<mark>",)) == "x<mark>&lt;mark&gt;</mark>y"


def test_html_batch_is_the_county_page_with_a_landscape_matrix():
    good = report(ITEMS[:2], score=92.0, unit="青禾镇", path="reports/a.txt")
    poor = report(ITEMS, score=40.0, unit="柳溪乡", path="reports/b.txt")
    shared = passage("严格落实行政执法三项制度……" * 3, "青禾镇", "柳溪乡")
    text = render("html", run(poor, good, batch=True, copies=(shared,)))
    parsed = page(text)
    assert parsed.sections()[:4] == ["summary batch", "matrix", "totals", "passages"]
    assert parsed.sections()[4:] == ["opinion", "opinion"]  # one 评查意见 per report (test_county_page.py)
    needles = ("评查排名", "覆盖矩阵", "各检查项汇总", "雷同文字", "见于：青禾镇 第3行；柳溪乡 第3行")
    for needle in (*needles, "size: A4 landscape"):
        assert needle in text
    ranking = text[text.index("评查排名") : text.index("覆盖矩阵")]
    assert ranking.index("青禾镇") < ranking.index("柳溪乡")
    assert '<td class="cell missing" title="C1 配备政府法律顾问：缺失">✘</td>' in text


# ---------------------------------------------------------------- markdown


def test_markdown_has_a_table_row_per_item():
    text = render("markdown", run(report(ITEMS, gate=GATE), gate=GATE))
    rows = [line for line in text.splitlines() if re.match(r"\| [A-Z]\d \|", line)]
    assert [row.split(" | ")[0][2:] for row in rows] == ["S1", "A1", "C1", "C2", "A4"]
    assert all(row.count(" | ") == 5 for row in rows)
    c2 = rows[3]
    assert "◇ 仅计划" in c2 and "第17行" in c2 and "**决策事项目录**" in c2 and "（将来时表述（计划））" in c2
    assert text.startswith("# 示例镇2024年法治政府建设情况报告\n")
    assert "## 需要补充（3 项）" in text and "未通过：必查项未达到要求：A1" in text


def test_markdown_escapes_pipes_in_cells():
    shown = quote("镇政府聘请律师担任法律顾问|审核合同12份|出具意见3份。", terms=("法律顾问",))
    text = render("markdown", run(report((item("C1", shown=shown),))))
    (c1,) = [line for line in text.splitlines() if line.startswith("| C1 |")]
    assert "\\|审核合同12份\\|" in c1
    assert c1.replace("\\|", "").count("|") == 7  # six cells
    assert esc("a|b*c_d\ne") == "a\\|b\\*c\\_d e"


def test_markdown_batch_has_ranking_matrix_totals_and_copies():
    good = report(ITEMS[:2], score=92.0, unit="青禾镇", path="reports/a.txt")
    poor = report(ITEMS[:2], score=40.0, unit="柳溪乡", path="reports/b.txt")
    text = render("markdown", run(poor, good, batch=True, copies=(passage("重复的段落" * 8, "青禾镇", "柳溪乡"),)))
    assert text.startswith("# 法治政府建设年度报告批量评查结果\n")
    for heading in ("## 评查排名", "## 覆盖矩阵（✔达标 ◐部分 ◇仅计划 ✘缺失）", "## 各检查项汇总", "## 雷同文字"):
        assert heading in text
    assert "| 1 | 青禾镇 | 2024 | 92.0 |" in text and "| 2 | 柳溪乡 | 2024 | 40.0 |" in text
    assert "| 青禾镇 | ✔ | ◐ |" in text
    assert "\n## 青禾镇2024年法治政府建设情况报告\n" in text  # the reports follow, a level down


# ---------------------------------------------------------------- terminal, json, csv


def test_terminal_marks_the_verdict_why_and_reviews():
    view = run(report((*ITEMS[:2], item("D2", Status.PARTIAL, review="只写了法律顾问参与决策")), gate=GATE), gate=GATE)
    text = render("terminal", view)
    assert "未通过 FAIL" in text and "未通过：必查项未达到要求：A1" in text
    assert "⚑待复核" in text and "待复核：1 项（D2）" in text


def test_json_carries_level_review_and_why():
    doc = json.loads(render("json", run(report(ITEMS, gate=GATE), gate=GATE)))
    (rep,) = doc["reports"]
    levels = {i["id"]: i["level"] for i in rep["items"]}
    assert levels == {"S1": "pass", "A1": "error", "C1": "warning", "C2": "warning", "A4": "note"}
    assert rep["passed"] is False and rep["why"] == ["必查项未达到要求：A1"]
    assert doc["gate"] == {"pass_score": 60, "fail_on": ["partial", "planned", "missing"]}


@pytest.mark.parametrize("reports", [0, 1, 2])
def test_json_written_in_pieces_is_one_dump_of_the_whole_document(reports):
    """The JSON is written piece by piece, each report's entry dumped on its own and indented into
    place: the same bytes as orjson's dump of the whole document, with a report or none, in a batch."""
    import orjson

    from checker.render.json_format import to_dict

    views = [report(ITEMS, gate=GATE), report(ITEMS[:2], score=40.0, unit="柳溪乡")][:reports]
    shared = passage("坚持依法决策，完善合法性审查机制。", "青禾镇", "柳溪乡")
    view = run(*views, gate=GATE, unreadable=(("坏.txt", "文件为空"),), batch=True, copies=(shared,))
    assert render("json", view).encode() == orjson.dumps(to_dict(view), option=orjson.OPT_INDENT_2) + b"\n"
    assert len(json.loads(render("json", view))["reports"]) == reports


def test_json_text_orjson_refuses_is_written_with_its_escape():
    """A lone surrogate (no UTF-8 holds it) is written as the escape JSON allows, not lost, not a crash."""
    from checker.render import json_bytes

    data = json_bytes({"text": "依法\ud800行政", "line": 3})
    assert data == '{\n  "text": "依法\\ud800行政",\n  "line": 3\n}'.encode()
    assert json.loads(data) == {"text": "依法\ud800行政", "line": 3}


def test_csv_is_the_ranking_with_a_column_per_item():
    rows = render("csv", run(report(ITEMS[:2], score=40.0, unit="柳溪乡"), report(ITEMS[:1], score=92.0), batch=True))
    head, first, second = rows.splitlines()
    # every item any report was graded on; why a report fails and its checklist, as every format says them
    assert head == "名次,单位,年度,得分,等级,结论,未通过原因,待复核,S1,A1,雷同,清单,文件"
    assert first == "1,示例镇,2024,92.0,良好,通过,,0,达标,—,,,reports/示例.txt"  # its edition has no A1
    why = "得分 40.0 低于及格分 60；必查项未达到要求：A1"
    assert second.startswith(f"2,柳溪乡,2024,40.0,不合格,未通过,{why},0,达标,部分,")


def test_every_format_is_registered():
    assert set(FORMAT_NAMES) <= set(FORMATS)


# ---------------------------------------------------------------- through the CLI: one gate for every format


@pytest.fixture(autouse=True)
def in_project(monkeypatch):
    """Report paths are given relative to the project, as a grader types them."""
    monkeypatch.chdir(ROOT)


def cli(fmt: str, reports: list[str], gate: list[str], tmp_path: Path, *more: str) -> tuple[int, str]:
    out = tmp_path / f"out.{fmt}"
    code = main(["check", *reports, "--format", fmt, "-o", str(out), *gate, *more])
    return code, out.read_text(encoding="utf-8")


GATES = [[], ["--fail-on", "missing"], ["--fail-on", "planned"], ["--min-score", "80"], ["--min-score", "40"]]
REPORTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "reports").glob("*.txt"))
SEEDS = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []


@pytest.mark.parametrize("gate", GATES, ids=lambda g: " ".join(g) or "no gate")
def test_exit_code_junit_sarif_and_github_agree_on_every_report(gate, tmp_path):
    for path in REPORTS + SEEDS:
        code, xml = cli("junit", [path], gate, tmp_path)
        _, annotations = cli("github", [path], gate, tmp_path)
        _, sarif = cli("sarif", [path], gate, tmp_path)
        failures = int(etree.fromstring(xml.encode("utf-8")).get("failures"))
        errors = sum(line.startswith("::error") for line in annotations.splitlines())
        sarif_errors = sum(r["level"] == "error" for r in json.loads(sarif)["runs"][0]["results"])
        assert (code == 1) == (failures > 0) == (errors > 0) == (sarif_errors > 0), (path, gate)


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_output_is_deterministic(fmt, tmp_path):
    first = cli(fmt, ["reports/"], [], tmp_path)
    assert cli(fmt, ["reports/"], [], tmp_path) == first


def test_renderers_do_not_care_how_many_items_a_checklist_has(tmp_path, junit_schema, township_ids):
    """A checklist with one more item: every format shows it, and the gate still agrees."""
    assert "Z1" not in township_ids  # an id of its own, in a group of its own
    profile = tmp_path / "more.yaml"
    profile.write_text(textwrap.dedent("""\
        extends: township-annual
        id: township-plus
        title: 多一项的清单
        groups: [{id: Z, title: 法治文化}]
        items:
          - id: Z1
            title: 法治文化阵地
            group: Z
            basis: “八五”普法规划
            match:
              - any: [法治文化阵地, 法治广场, 法治长廊]
            advice: 写明法治文化阵地的名称和数量。
        """), encoding="utf-8")
    for fmt in FORMAT_NAMES:
        code, text = cli(fmt, ["reports/"], ["--fail-on", "missing"], tmp_path, "--checklist", str(profile))
        assert code == 1 and "Z1" in text, fmt
    _, xml = cli("junit", ["reports/"], [], tmp_path, "--checklist", str(profile))
    doc = junit(xml, junit_schema)
    cases = [len(s.findall("testcase")) for s in doc.findall("testsuite")]
    assert cases == [len(township_ids) + 2] * len(REPORTS)  # the base's items, the new one and the score


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_a_view_and_its_output_leave_no_cycles_whatever_the_number_of_reports(fmt):
    """The view and the outputs are made with the garbage collector off (it would only scan them):
    what they leave for it is the same few objects for the four samples as for twelve reports."""
    import gc

    from checker.checklist.loading import load_editions
    from checker.pipeline import grade_file
    from checker.score.run import new_run
    from checker.view.view import build

    editions = load_editions("township-annual")
    graded = [grade_file(str(p), editions) for p in sorted((ROOT / "reports").glob("*.txt"))]

    def leftover(results: list) -> int:
        gc.collect()
        gc.disable()
        try:
            render(fmt, build(new_run(editions, results, [], GATE)))
            return gc.collect()
        finally:
            gc.enable()

    leftover(graded)  # what is made once, on first use (the version SARIF states), lives on
    assert leftover(graded * 3) == leftover(graded) <= 10
