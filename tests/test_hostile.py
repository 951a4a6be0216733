"""Hostile and broken input: every case a clear message or the right verdict, never a traceback,
a hang, a leak or a gamed score. Numbered as the rows of the hardening issue (README "Limits and
security model"); the bad-file catalogue (tests/data/bad) and the bad-checklist catalogue
(tests/data/bad_checklists) hold the cases that are files of their own."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from checker.checklist import loading
from checker.checklist.cache import cache_dir
from checker.commands.cli import main
from checker.models import FazhiError
from checker.normalise.normalise import normalise, to_simplified
from checker.read import files, read
from checker.render import replacing
from checker.score import waivers

from .conftest import ROOT, grade, parsed, source
from .formats import NUM, W_NS, write_docx, write_pdf_bomb

REPORTS = ROOT / "reports"
STRONG = REPORTS / "qinghe-2024-strong.txt"


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def folder_with(tmp_path: Path, name: str, data: bytes) -> Path:
    """A folder with one good report and one hostile file."""
    shutil.copy(STRONG, tmp_path / "good.txt")
    (tmp_path / name).write_bytes(data)
    return tmp_path


# ---------------------------------------------------------------- 1: broken UTF-16 in a batch


def test_1_broken_utf16_is_listed_and_the_others_graded(tmp_path, capsys):
    folder = folder_with(tmp_path, "odd.txt", b"\xff\xfeA")
    xlsx, csv_file = tmp_path / "out.xlsx", tmp_path / "out.csv"
    code, out, _ = run(["batch", str(folder), "--format", "json", "--xlsx", str(xlsx), "--csv", str(csv_file)], capsys)
    doc = json.loads(out)
    assert code == 1  # a file could not be read: the run does not pass
    assert [Path(r["path"]).name for r in doc["reports"]] == ["good.txt"]
    assert doc["unreadable"][0]["message"] == "UTF-16 文本已损坏（truncated data），请另存为 UTF-8 后再评查"
    assert xlsx.stat().st_size > 0 and "good.txt" in csv_file.read_text(encoding="utf-8-sig")


def test_1_broken_utf16_does_not_stop_previous(tmp_path, capsys):
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "odd.txt").write_bytes(b"\xff\xfeA")
    shutil.copy(STRONG, earlier / "2023.txt")
    code, out, _ = run(["batch", str(STRONG), "--previous", str(earlier), "--format", "json"], capsys)
    assert json.loads(out)["reports"][0]["score"] > 90 and code == 0


# ---------------------------------------------------------------- 2: file names that are not UTF-8


@pytest.mark.skipif(os.name != "posix", reason="byte file names are a POSIX thing")
def test_2_gbk_file_names_are_written_escaped(tmp_path, capsys):
    name = os.fsdecode("报告".encode("gbk") + b".txt")  # as a Windows zip leaves it
    shutil.copy(STRONG, os.path.join(tmp_path, name))
    for fmt in ("sarif", "json", "junit", "html", "markdown", "github", "csv", "terminal"):
        out_file = tmp_path / f"out.{fmt}"
        code, _, _ = run(["check", str(tmp_path), "--format", fmt, "-o", str(out_file)], capsys)
        written = out_file.read_text(encoding="utf-8")  # JSON doubles the backslash, SARIF's URI encodes it
        assert code == 0 and "xb1" in written and "xa8" in written and "xb8" in written, fmt
    code, _, _ = run(["batch", str(tmp_path), "--xlsx", str(tmp_path / "a.xlsx"), "--csv", str(tmp_path / "a.csv")],
                     capsys)
    assert code == 0 and "\\xb1\\xa8" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------- 3: malformed Chinese numerals in the date


def test_3_malformed_signature_date_is_ignored_with_a_finding():
    report = parsed("""
        某镇2025年法治政府建设情况报告
        一、主要举措
        镇党委书记主持召开专题会议3次。
        某镇人民政府
        二〇二五年一二月三日
    """)
    assert report.date is None and report.year == 2025
    assert [(f.kind, f.message) for f in report.findings] == [("bad_date", "落款日期无法识别：“二〇二五年一二月三日”")]


# ---------------------------------------------------------------- 4: .docx numbering no Word would write


def numbered_docx(path: Path, fmt: str, start: str, ilvl: str | None) -> Path:
    """A report whose headings use one odd list level."""
    write_docx("某镇2024年法治政府建设情况报告\n镇党委书记主持召开专题会议3次。\n", path)
    level = (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
             '<w:lvlText w:val="%1、"/></w:lvl>')
    abstract = f'<w:abstractNum {W_NS} w:abstractNumId="91">{level if ilvl is not None else ""}</w:abstractNum>'
    num = NUM.replace('"90"', '"91"')
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    numbering = parts["word/numbering.xml"].decode()
    numbering = numbering.replace("</w:numbering>", abstract.replace(f" {W_NS}", "") + num.replace(f" {W_NS}", "")
                                  + "</w:numbering>")
    document = parts["word/document.xml"].decode()
    ref = f'<w:numPr><w:ilvl w:val="{ilvl or 0}"/><w:numId w:val="91"/></w:numPr>'
    heading = f"<w:p><w:pPr>{ref}</w:pPr><w:r><w:t>主要举措</w:t></w:r></w:p>"
    document = document.replace("<w:body>", "<w:body>" + heading, 1)
    parts["word/numbering.xml"], parts["word/document.xml"] = numbering.encode(), document.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("fmt", "start", "ilvl", "marker"),
    [
        ("chineseCounting", "150", "0", "150、"),  # past 九十九: digits
        ("chineseCounting", "3", "12", None),  # a level Word does not have: no marker
        ("decimal", "x7", "0", "1、"),  # not a number: from 1
        ("upperRoman", "1000000000", "0", "I、"),  # no start Word would write: from 1, not counted out
        ("upperRoman", "3999", "0", "MMMCMXCIX、"),
        ("upperRoman", "5000", "0", "5000、"),  # past what Roman numerals write: digits
        ("decimal", "1", None, None),  # a level that is not defined
    ],
)
def test_4_odd_docx_numbering_is_rendered(tmp_path, fmt, start, ilvl, marker):
    text = read(str(numbered_docx(tmp_path / "odd.docx", fmt, start, ilvl))).text
    heading = next(line for line in text.splitlines() if line.endswith("主要举措"))
    assert heading == (marker or "") + "主要举措"


# ---------------------------------------------------------------- 5, 24: spreadsheets


def test_5_24_spreadsheet_cells_are_inert_text(tmp_path, capsys):
    from openpyxl import load_workbook

    shown = next(i for i in grade(STRONG.read_text(encoding="utf-8")).items if i.id == "A1").evidence[0].text
    report = STRONG.read_text(encoding="utf-8").replace(shown, "=HYPERLINK(\"x\")\x07\x1b[31m" + shown, 1)
    (tmp_path / "r.txt").write_text(report, encoding="utf-8")
    xlsx, csv_file = tmp_path / "out.xlsx", tmp_path / "out.csv"
    run(["batch", str(tmp_path / "r.txt"), "--xlsx", str(xlsx), "--csv", str(csv_file)], capsys)
    cells = [c for row in load_workbook(xlsx)["证据"].iter_rows() for c in row if isinstance(c.value, str)]
    quoted = [c for c in cells if "HYPERLINK" in c.value]
    assert quoted and all(c.data_type == "s" and "\x07" not in c.value and "\x1b" not in c.value for c in quoted)
    assert all(c.data_type == "s" for c in cells)


def test_24_csv_cells_that_look_like_formulas_get_a_quote(tmp_path, capsys, monkeypatch):
    from checker.render.spreadsheet import _inert

    shutil.copy(STRONG, tmp_path / "=cmd.txt")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(["check", "=cmd.txt", "--format", "csv"], capsys)
    assert out.splitlines()[1].endswith(",'=cmd.txt")
    assert [_inert(v) for v in ("=1+1", "-2", "+3", "@x", "\tx", "法治", 3.5)] == [
        "'=1+1", "'-2", "'+3", "'@x", "'\tx", "法治", 3.5]


# ---------------------------------------------------------------- 6, 12, 19, 20: YAML files


HOSTILE_WAIVERS = {
    "python_tag.yaml": ("waivers:\n  - item: B1\n    reason: !!python/name:os.system\n    expires: 2026-12-31\n",
                        "python_tag.yaml:3: 不允许的 YAML 标签"),
    "control.yaml": ("waivers:\n  - item: B1\n    reason: \"街道\x07\"\n    expires: 2026-12-31\n",
                     "control.yaml:3: YAML 中有不允许的控制字符 U+0007"),
    "self_alias.yaml": ("waivers: &a [*a]\n", "self_alias.yaml:1: YAML 别名引用了包含它自己的值（递归别名）"),
    "deep.yaml": ("waivers: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml:1: YAML 语法错误：嵌套层级过深"),
    "bad_date.yaml": ("waivers:\n  - item: B1\n    reason: 无执法权\n    expires: 2026-02-30\n",
                      "bad_date.yaml:4: waivers.0.expires: 应为日期（如 2026-12-31）"),
    "laughs.yaml": ("a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
                    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
                    + "waivers: *a9\n", "YAML 值过多（别名展开后超过 200000 个），已拒绝读取"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_WAIVERS))
def test_6_12_hostile_waivers_files(tmp_path, capsys, name):
    text, message = HOSTILE_WAIVERS[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, out, err = run(["check", str(STRONG), "--waivers", str(tmp_path / name)], capsys)
    assert (code, out) == (2, "") and message in err.replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize("name", ["python_tag.yaml", "self_alias.yaml", "deep.yaml", "laughs.yaml"])
def test_6_12_hostile_checklists(tmp_path, capsys, name):
    text, message = HOSTILE_WAIVERS[name]
    (tmp_path / name).write_text(text.replace("waivers:", "items:"), encoding="utf-8")
    code, out, err = run(["checklist", "validate", str(tmp_path / name)], capsys)
    assert (code, out) == (2, "") and message.replace("waivers", "items") in err.replace(str(tmp_path) + "/", "")


def test_14_waivers_from_a_device_or_too_large(tmp_path, capsys):
    code, _, err = run(["check", str(STRONG), "--waivers", "/dev/zero"], capsys)
    assert code == 2 and "/dev/zero: 无法读取豁免文件（不是普通文件）" in err
    big = tmp_path / "big.yaml"
    big.write_text("waivers: []\n#" + "x" * 1_100_000 + "\n", encoding="utf-8")
    code, _, err = run(["check", str(STRONG), "--waivers", str(big)], capsys)
    assert code == 2 and "豁免文件过大（上限 1024 KB）" in err


def test_19_waivers_for_unknown_or_lower_case_ids_are_warned(tmp_path, capsys):
    path = tmp_path / "w.yaml"
    path.write_text("waivers:\n  - {item: b1, reason: 无, expires: 2099-12-31}\n"
                    "  - {item: Z9, reason: 无, expires: 2099-12-31}\n", encoding="utf-8")
    code, _, err = run(["check", str(STRONG), "--waivers", str(path)], capsys)
    assert code == 0
    hint = "（编号区分大小写：是否指 B1？）"
    assert f"fazhi: 警告：{path}: 豁免的检查项 b1 不在核查清单 township-annual 中{hint}，此豁免不起作用" in err
    assert "豁免的检查项 Z9 不在核查清单 township-annual 中，此豁免不起作用" in err
    assert waivers.unknown(waivers.load(str(path)), ["B1"], "x")[0].startswith("豁免的检查项 b1")


def test_20_infinite_weights_and_scores_are_refused(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text("extends: township-annual\nid: p\ntitle: 本县\noverride:\n  A1: {weight: .inf}\n"
                    "  A2: {weight: 1e308}\n  A3: {weight: .nan}\n", encoding="utf-8")
    code, _, err = run(["checklist", "validate", str(path)], capsys)
    assert code == 2 and err.replace(str(tmp_path) + "/", "").splitlines() == [
        "p.yaml:5: override.A1.weight: 应为有限的数（不能是 .inf 或 .nan）",
        "p.yaml:6: override.A2.weight: 数值过大（至多 100.0）",
        "p.yaml:7: override.A3.weight: 应为有限的数（不能是 .inf 或 .nan）",
    ]
    for value in ("nan", "inf", "-1", "101"):
        with pytest.raises(SystemExit) as exit_:
            main(["check", str(STRONG), "--min-score", value])
        out, err = capsys.readouterr()
        assert (exit_.value.code, out) == (2, "") and f"--min-score: 应为 0 到 100 之间的数：{value}" in err


# ---------------------------------------------------------------- 8, 9, 10, 11, 14: size and time


def test_8_9_long_runs_of_spaces_and_broken_lines_are_graded(township_ids):
    # linear passes: the time is measured in benchmarks/hostile.py
    assert grade(" " * 50_000 + "x").findings[0].message == "未识别到报告标题"
    assert [i.status.value for i in grade("，\n" * 20_000).items] == ["missing"] * len(township_ids)


def test_10_docx_whose_xml_is_too_large_is_refused(tmp_path):
    path = tmp_path / "big.docx"
    write_docx("某镇2024年法治政府建设情况报告\n", path)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    body = "<w:p><w:r><w:t>法治建设。</w:t></w:r></w:p>" * 400_000  # 12 MB of XML in a small zip
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + body.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(FazhiError, match=r"big\.docx: 压缩内容异常"):
        read(str(path))


def test_11_pdf_whose_content_inflates_past_the_cap_is_refused(tmp_path):
    path = tmp_path / "bomb.pdf"
    write_pdf_bomb(path, 3_200_000)  # 70 MB of content
    with pytest.raises(FazhiError, match=r"bomb.pdf: PDF 内容流解压后过大（超过 64 MB），疑似压缩炸弹"):
        read(str(path))


def test_14_text_and_stdin_are_capped(tmp_path, capsys, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_text("法治" * 1_100_000, encoding="utf-8")
    with pytest.raises(FazhiError, match=r"huge\.txt: 文字过多（220 万字，上限 200 万字），不像一份年度报告"):
        read(str(path))

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    code, _, err = run(["check", "-"], capsys)
    assert code == 2 and "<stdin>: 输入过大（上限 50 MB）" in err


def test_14_jobs_are_capped_at_the_cores(capsys):
    from checker.commands.batch import default_jobs

    code, _, err = run(["batch", str(REPORTS), "--jobs", "200", "--format", "json"], capsys)
    assert code == 1  # two samples are below the pass score
    assert f"fazhi: 警告：--jobs 200 多于可用的 CPU 核数，按 {default_jobs()} 个进程评查" in err


# ---------------------------------------------------------------- 15, 22: what normalisation must undo


INVISIBLE = ["\u200b", "\ufeff", "\u2060", "\u200c", "\u200d", "\u00ad", "\u202e", "\u2066", "\x07", "\x1b"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_15_invisible_characters_at_line_starts_change_nothing(township_compiled, char):
    from checker.pipeline import grade_source

    text = (REPORTS / "liuxi-2024-plans.txt").read_text(encoding="utf-8")
    plain = grade_source(source(text), township_compiled)
    hidden = grade_source(source("\n".join(char + line for line in text.splitlines())), township_compiled)
    assert (hidden.score, hidden.passed) == (plain.score, plain.passed) and 0 < plain.score < 60  # graded, failing
    assert [i.status for i in hidden.items] == [i.status for i in plain.items]


def test_22_traditional_text_is_converted_without_trigger_characters():
    assert to_simplified("工作總結") == "工作总结"
    assert normalise(source("二、工作總結\n")).lines[0].text == "二、工作总结"


# ---------------------------------------------------------------- 17: folders


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_17_links_and_unreadable_folders_are_listed(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(STRONG, reports / "good.txt")
    (reports / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (reports / "loop.txt").symlink_to(reports / "loop.txt")
    (reports / "self").symlink_to(reports)
    (tmp_path / "secret.txt").write_text("不该读到", encoding="utf-8")
    (reports / "outside.txt").symlink_to(tmp_path / "secret.txt")
    code, out, _ = run(["check", str(reports), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1 and [Path(r["path"]).name for r in doc["reports"]] == ["good.txt"]
    assert {Path(u["path"]).name: u["message"] for u in doc["unreadable"]} == {
        "dangling.txt": "符号链接指向的文件不存在",
        "loop.txt": "符号链接循环",
        "self": "符号链接循环",
        "outside.txt": "符号链接指向所评查的文件夹之外，未读取",
    }


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every folder")
def test_17_unreadable_subfolder_is_listed(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(STRONG, tmp_path / "good.txt")
    locked.chmod(0)
    try:
        paths, problems = files.expand([str(tmp_path)])
    finally:
        locked.chmod(0o755)
    assert [Path(p).name for p in paths] == ["good.txt"]
    assert problems == [(str(locked), "无法打开文件夹（Permission denied）")]


# ---------------------------------------------------------------- 18: the signature


def test_18_signature_after_an_unpunctuated_last_paragraph_is_kept():
    report = parsed("""
        某镇2024年法治政府建设情况报告
        一、主要举措
        镇党委书记主持召开专题会议3次研究法治建设
        某镇人民政府
        2024年12月30日
    """)
    assert (report.issuer, str(report.date)) == ("某镇人民政府", "2024-12-30")
    assert report.sentences[-1].text == "镇党委书记主持召开专题会议3次研究法治建设"


def test_18_an_unpunctuated_sentence_ending_in_a_date_is_no_signature():
    report = parsed("""
        某镇2024年法治政府建设情况报告
        一、主要举措
        镇党委书记主持召开专题会议3次。
        二、下一步工作计划
        完成重大行政决策事项目录编制2025年6月30日
    """)
    assert report.date is None and report.sentences[-1].text.startswith("完成重大行政决策事项目录编制")


# ---------------------------------------------------------------- 25, 26: files fazhi writes


def test_25_jieba_cache_is_private_to_the_user(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = cache_dir()
    assert folder == tmp_path / "fazhi" and (folder.stat().st_mode & 0o777) == 0o700


def test_26_an_interrupted_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "county.xlsx"
    target.write_bytes(b"the previous workbook")
    with pytest.raises(KeyboardInterrupt), replacing(str(target)) as temp:
        Path(temp).write_bytes(b"half a work")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"the previous workbook" and os.listdir(tmp_path) == ["county.xlsx"]
    with replacing(str(target)) as temp:
        Path(temp).write_bytes(b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["county.xlsx"]


# ---------------------------------------------------------------- the safety net


def test_a_defect_on_one_report_is_listed_not_raised(tmp_path, capsys, monkeypatch):
    shutil.copy(STRONG, tmp_path / "a.txt")
    shutil.copy(STRONG, tmp_path / "b.txt")
    import checker.pipeline as pipeline

    real = pipeline.judge

    def flaky(report, evidence, **options):
        if report.path.endswith("b.txt"):
            raise IndexError("a defect")
        return real(report, evidence, **options)

    monkeypatch.setattr(pipeline, "judge", flaky)
    code, out, _ = run(["check", str(tmp_path), "--format", "json"], capsys)
    doc = json.loads(out)
    assert code == 1 and [Path(r["path"]).name for r in doc["reports"]] == ["a.txt"]
    assert doc["unreadable"][0]["message"] == "评查时出现内部错误（IndexError），请将此文件反馈给维护者"


def test_loading_names_files_it_refuses():
    with pytest.raises(FazhiError, match="找不到核查清单文件"):
        loading.load("/nonexistent/x.yaml")


# ---------------------------------------------------------------- generated-text properties, as rules


def test_a_year_inside_a_part_is_not_the_report_year():
    """Deleting a part never moves the M1 window: without a year in the title, the year is the
    opening's (read before the first heading) or the signature date's, never a part's."""
    report = parsed("""
        某镇法治政府建设情况报告
        一、主要举措
        2022年以来，镇党委书记每年主持召开专题会议研究法治建设。
        某镇人民政府
        2025年1月10日
    """)
    assert report.year == 2024
    opening = parsed("""
        某镇法治政府建设情况报告
        2024年，我镇坚持依法行政，现将有关情况报告如下。
        一、主要举措
        2022年以来，镇党委书记每年主持召开专题会议研究法治建设。
    """)
    assert opening.year == 2024


def test_a_report_without_headings_needs_a_sentence_of_work_for_s1():
    statuses = {i.id: i.status.value for i in grade("一、主要举措\n，\n。\n").items}
    assert statuses["S1"] == "missing"
    narrated = grade("我镇全年开展普法宣传活动12场，审核镇政府合同20份。\n")
    assert next(i for i in narrated.items if i.id == "S1").status.value == "partial"
