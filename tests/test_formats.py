"""The report formats for other tools: html, markdown, junit, sarif, github.

Each is rendered through the CLI from the bundled sample reports and checked against what
reads it: the JUnit XSD, the SARIF 2.1.0 schema, an HTML parser, GitHub's command syntax.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from checker.cli import main
from checker.formats import FORMATS
from checker.formats.github import command
from checker.formats.html import highlight
from checker.formats.junit import render as render_junit
from checker.formats.markdown import esc
from checker.models import Run
from checker.pipeline import grade_source
from checker.readers import read

from .conftest import ROOT

SCHEMAS = ROOT / "tests" / "data" / "schemas"
LIUXI = "reports/liuxi-2024-plans.txt"
NANHU = "reports/nanhu-2023-gaps.txt"
IDS = ["S1", "S2", "S3", "S4", "M1", "A1", "A2", "A3", "A4", "B1", "B2", "B3", "C1", "C2", "D1", "D2", "E1", "E2"]
# liuxi: every item not met, and the line of its nearest evidence
LIUXI_NOT_MET = {
    "S3": 9, "M1": 72, "A1": 9, "A2": 9, "A3": 13, "A4": 9, "B1": 21, "B2": 21, "B3": 21,
    "C1": 25, "C2": 25, "D1": 17, "D2": 17, "E2": 29,
}
LIUXI_FAILURES = {  # required items: status type of the <failure>
    "S3": "partial", "A1": "partial", "A2": "planned", "A3": "partial", "A4": "planned", "B1": "partial",
    "B2": "partial", "B3": "partial", "C1": "planned", "C2": "planned", "D1": "planned", "D2": "partial",
    "E2": "planned",
}


@pytest.fixture(autouse=True)
def in_project(monkeypatch):
    """Report paths are given relative to the project, as a grader types them."""
    monkeypatch.chdir(ROOT)


def render(fmt: str, *reports: str, tmp_path: Path) -> str:
    out = tmp_path / f"out.{fmt}"
    code = main(["check", *reports, "--format", fmt, "-o", str(out)])
    assert code in (0, 1)
    return out.read_text(encoding="utf-8")


def advice(path: str, tmp_path: Path) -> dict[str, str]:
    doc = json.loads(render("json", path, tmp_path=tmp_path))
    return {i["id"]: i["advice"] for i in doc["reports"][0]["items"]}


def test_every_format_is_registered():
    assert {"html", "markdown", "junit", "sarif", "github"} <= set(FORMATS)


@pytest.mark.parametrize("fmt", ["html", "markdown", "junit", "sarif", "github"])
def test_output_is_deterministic(fmt, tmp_path):
    first = render(fmt, "reports/", tmp_path=tmp_path)
    assert render(fmt, "reports/", tmp_path=tmp_path) == first


# ---------------------------------------------------------------- junit


@pytest.fixture(scope="module")
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit.xsd")))


def junit(text: str, schema: etree.XMLSchema) -> etree._Element:
    doc = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(doc)
    return doc


def test_junit_validates_and_fails_the_required_items_not_met(junit_schema, tmp_path):
    doc = junit(render("junit", LIUXI, tmp_path=tmp_path), junit_schema)
    (suite,) = doc.findall("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("name") == "柳溪乡"
    assert [c.get("name").split()[0] for c in cases] == IDS
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("time")) == ("18", "13", "0", "0")
    failed = {c.get("name").split()[0]: c.find("failure") for c in cases if c.find("failure") is not None}
    assert {k: f.get("type") for k, f in failed.items()} == LIUXI_FAILURES
    tips = advice(LIUXI, tmp_path)
    assert failed["D1"].get("message") == tips["D1"]
    assert "仅计划" in failed["D1"].text and "第17行" in failed["D1"].text
    assert cases[4].get("name") == "M1 落款单位与成文日期"  # recommended: partial, but never a failure
    assert cases[4].find("failure") is None
    assert cases[0].get("classname") == "报告结构"


def test_junit_one_suite_per_report_and_an_error_for_an_unreadable_file(junit_schema, tmp_path):
    doc = junit(render("junit", "reports/", "reports/nope.txt", tmp_path=tmp_path), junit_schema)
    suites = doc.findall("testsuite")
    assert [s.get("name") for s in suites] == ["临川县司法局", "柳溪乡", "南湖街道", "青禾镇", "reports/nope.txt"]
    assert [len(s.findall("testcase")) for s in suites] == [18, 18, 18, 18, 1]
    error = suites[-1].find("testcase/error")
    assert error.get("message") == "文件不存在"
    assert (doc.get("tests"), doc.get("errors")) == ("73", "1")
    assert doc.get("failures") == str(sum(int(s.get("failures")) for s in suites))


def test_junit_fails_only_the_statuses_in_fail_on(junit_schema, township):
    import io

    result = grade_source(read(NANHU), township)
    run = Run(
        checklist_id=township.id, checklist_version=township.version, checklist_title=township.title,
        group_titles={g.id: g.title for g in township.groups}, results=[result], fail_on=("missing",),
    )
    buffer = io.StringIO()
    render_junit(run, buffer)
    doc = junit(buffer.getvalue(), junit_schema)
    failed = [c.get("name").split()[0] for c in doc.iter("testcase") if c.find("failure") is not None]
    assert failed == ["S3", "A4", "C1", "C2", "D1"]  # M1 is missing too, but only recommended


def test_the_junit_schema_rejects_what_ci_servers_reject(junit_schema):
    assert not junit_schema.validate(etree.fromstring(b'<testsuites><testsuite tests="1"/></testsuites>'))
    assert not junit_schema.validate(etree.fromstring(b'<testsuites><testcase name="x"/></testsuites>'))


# ---------------------------------------------------------------- sarif


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_sarif_validates_with_a_result_per_item_not_met(sarif_validator, tmp_path):
    log = json.loads(render("sarif", LIUXI, tmp_path=tmp_path))
    sarif_validator.validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "fazhi"
    assert [r["id"] for r in rules] == IDS
    assert rules[14]["shortDescription"]["text"] == "重大行政决策事项目录"
    assert rules[14]["properties"]["basis"] == "《重大行政决策程序暂行条例》"
    results = run["results"]
    assert [r["ruleId"] for r in results] == list(LIUXI_NOT_MET)
    where = {r["ruleId"]: r["locations"][0]["physicalLocation"] for r in results}
    assert {k: w["region"]["startLine"] for k, w in where.items()} == LIUXI_NOT_MET
    assert {w["artifactLocation"]["uri"] for w in where.values()} == {LIUXI}
    assert {r["ruleId"]: r["level"] for r in results if r["level"] != "error"} == {"M1": "warning"}
    d1 = results[list(LIUXI_NOT_MET).index("D1")]
    assert d1["message"]["text"] == "仅计划：" + advice(LIUXI, tmp_path)["D1"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_sarif_line_1_without_evidence_and_unreadable_files(sarif_validator, tmp_path):
    log = json.loads(render("sarif", NANHU, "reports/nope.txt", tmp_path=tmp_path))
    sarif_validator.validate(log)
    (run,) = log["runs"]
    lines = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]}
    assert lines["M1"] == 1  # no signature at all: nothing to point at
    assert lines["C1"] == 47  # missing, but mentioned under 存在问题
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and "文件不存在" in note["message"]["text"]


def test_the_sarif_schema_rejects_what_sarif_rejects(sarif_validator, tmp_path):
    log = json.loads(render("sarif", LIUXI, tmp_path=tmp_path))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not sarif_validator.is_valid(log)
    log["runs"][0]["results"][0]["level"] = "error"
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not sarif_validator.is_valid(log)
    del log["runs"][0]["tool"]["driver"]["name"]
    assert not sarif_validator.is_valid(log)


# ---------------------------------------------------------------- html


class Page(HTMLParser):
    """What a test needs from a page: tags, their attributes, the text of item-id cells."""

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


def page(text: str) -> Page:
    parsed = Page()
    parsed.feed(text)
    parsed.close()
    return parsed


def test_html_is_one_self_contained_printable_page(tmp_path):
    text = render("html", LIUXI, tmp_path=tmp_path)
    parsed = page(text)
    assert parsed.ids == IDS
    assert "党委书记" in parsed.marks and "决策事项目录" in parsed.marks  # A1's and D1's matched words
    assert "@page" in text and "size: A4" in text
    assert not any(tag == "script" for tag, _ in parsed.tags)
    links = [a.get("src") or a.get("href") or "" for tag, a in parsed.tags if tag in ("link", "script", "img")]
    assert not [url for url in links if "//" in url]
    assert "url(" not in text and "@import" not in text and "http" not in text
    for needle in ("柳溪乡", "43.2", "不合格", "未通过", "需要补充（14 项）", "第17行", "《重大行政决策程序暂行条例》",
                   "仅计划", "其他发现", "成文日期却是2024年11月20日"):
        assert needle in text


def test_html_one_section_per_report(tmp_path):
    text = render("html", "reports/", "reports/nope.txt", tmp_path=tmp_path)
    parsed = page(text)
    sections = [a.get("id") for tag, a in parsed.tags if tag == "section" and a.get("class") == "report"]
    assert sections == ["report-1", "report-2", "report-3", "report-4"]
    assert parsed.ids == IDS * 4
    assert "未能读取" in text and "文件不存在" in text


def test_html_escapes_the_report_text_before_highlighting(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(
        "柳溪乡2024年法治政府建设情况报告\n一、主要做法\n聘请<b>律师</b>担任镇政府法律顾问，审核合同12份。\n",
        encoding="utf-8",
    )
    text = render("html", str(report), tmp_path=tmp_path)
    assert "<b>律师</b>" not in text
    assert "&lt;b&gt;律师&lt;/b&gt;担任镇政府<mark>法律顾问</mark>" in text


def test_highlight_marks_whole_words_and_escapes_them_too():
    assert str(highlight("a<b>法律顾问&", ["法律顾问"])) == "a&lt;b&gt;<mark>法律顾问</mark>&amp;"
    assert str(highlight("政府法律顾问", ["法律", "法律顾问"])) == "政府<mark>法律顾问</mark>"
    assert str(highlight("x<mark>y", ["<mark>"])) == "x<mark>&lt;mark&gt;</mark>y"
    assert str(highlight("述法与述法", ["述法", ""])) == "<mark>述法</mark>与<mark>述法</mark>"


# ---------------------------------------------------------------- markdown


def test_markdown_has_a_table_row_per_item(tmp_path):
    text = render("markdown", LIUXI, tmp_path=tmp_path)
    rows = [line for line in text.splitlines() if line.startswith("| ") and line.split(" | ")[0][2:] in IDS]
    assert [row.split(" | ")[0][2:] for row in rows] == IDS
    assert all(row.count(" | ") == 5 for row in rows)
    d1 = rows[IDS.index("D1")]
    assert "◇ 仅计划" in d1 and "第17行" in d1 and "**决策事项目录**" in d1
    assert text.startswith("# 柳溪乡2024年度法治政府建设工作情况报告\n")
    assert "## 需要补充（14 项）" in text and "## 其他发现" in text


def test_markdown_escapes_pipes_in_cells(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(
        "柳溪乡2024年法治政府建设情况报告\n一、主要做法\n镇政府聘请律师担任法律顾问|审核合同12份|出具意见3份。\n",
        encoding="utf-8",
    )
    text = render("markdown", str(report), tmp_path=tmp_path)
    (c1,) = [line for line in text.splitlines() if line.startswith("| C1 |")]
    assert "\\|审核合同12份\\|" in c1
    assert c1.replace("\\|", "").count("|") == 7  # six cells
    assert esc("a|b*c_d\ne") == "a\\|b\\*c\\_d e"


# ---------------------------------------------------------------- github


def test_github_annotations_for_items_not_met(tmp_path):
    lines = render("github", LIUXI, tmp_path=tmp_path).splitlines()
    tips = advice(LIUXI, tmp_path)
    assert len(lines) == len(LIUXI_NOT_MET) + 1
    assert f"::error file={LIUXI},line=17,title=D1 重大行政决策事项目录::仅计划：{tips['D1']}" in lines
    assert f"::warning file={LIUXI},line=72,title=M1 落款单位与成文日期::部分：{tips['M1']}" in lines
    assert lines[-1].startswith(f"::notice file={LIUXI},title=柳溪乡 评查结果::得分 43.2 / 100，等级 不合格，未通过")


def test_github_escapes_properties_and_data():
    line = command("error", "50%\r\n下一行", file="上报/a,b:c.txt", line=3, title="x")
    assert line == "::error file=上报/a%2Cb%3Ac.txt,line=3,title=x::50%25%0D%0A下一行"


def test_github_unreadable_file(tmp_path):
    lines = render("github", "reports/nope.txt", LIUXI, tmp_path=tmp_path).splitlines()
    assert lines[-1] == "::error file=reports/nope.txt,title=未能读取::未能读取：文件不存在"



def test_a_borderline_call_is_marked_for_review_in_every_view(tmp_path):
    # 南湖街道's A1 is met on its leading group's counted meetings, a rule the checklist marks `review`
    why = "达标依据是集体会议（党委会、领导小组等）的次数或频次，没有写明主要负责人本人的行为"
    (report,) = json.loads(render("json", NANHU, tmp_path=tmp_path))["reports"]
    a1 = next(i for i in report["items"] if i["id"] == "A1")
    assert (a1["status"], a1["review"], report["review_count"]) == ("met", why, 1)
    assert all("review" not in i for i in report["items"] if i["id"] != "A1")
    assert "⚑待复核" in render("terminal", NANHU, tmp_path=tmp_path)
    assert "✔ 达标 ⚑待复核 | 2/2 |" in render("markdown", NANHU, tmp_path=tmp_path)
    assert f'<span class="review" title="{why}">待复核</span>' in render("html", NANHU, tmp_path=tmp_path)
