"""Locations a reader can find: 第N页 in a PDF or OFD, 第N段 in a .docx (paragraphs as Word shows
them), 第N行 in text — the same in every output and in the Word comments (models.Places)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from checker.commands.cli import main
from checker.read import read

from .conftest import ROOT
from .formats import write_all, write_ofd

WHERE = re.compile(r"^第(\d+)(页|段|行)$")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    text = (ROOT / "reports" / "liuxi-2024-plans.txt").read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("places")
    paths = write_all(text, folder)
    paths["ofd"] = folder / "report.ofd"
    write_ofd(text.splitlines(), paths["ofd"], per_page=20)
    return paths


def evidence(path: Path, capsys) -> list[dict]:
    main(["check", str(path), "--format", "json", "--no-config"])
    report = json.loads(capsys.readouterr().out)["reports"][0]
    return [e for i in report["items"] for e in i["evidence"]]


@pytest.mark.parametrize(("kind", "unit"), [("pdf", "页"), ("ofd", "页"), ("docx", "段"), ("utf8", "行")])
def test_each_format_names_its_own_unit(files, kind, unit, capsys):
    found = evidence(files[kind], capsys)
    assert found and all(WHERE.match(e["where"]).group(2) == unit for e in found)
    places = read(str(files[kind])).places
    assert all(e["where"] == places.where(e["line"]) for e in found)  # one place writes it


def test_a_page_is_the_page_the_sentence_is_printed_on(files, capsys):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(files["pdf"]))
    for e in evidence(files["pdf"], capsys):
        page = int(WHERE.match(e["where"]).group(1))
        printed = "".join(pdf[page - 1].get_textpage().get_text_range().split())
        assert "".join(e["text"].split())[:8] in printed, (e["where"], e["text"])


def test_a_paragraph_is_counted_as_word_shows_them(files, capsys):
    shown = [p.text for p in docx.Document(str(files["docx"])).paragraphs if p.text.strip()]
    for e in evidence(files["docx"], capsys):
        n = int(WHERE.match(e["where"]).group(1))
        # past 一、 (the numbering is Word's own); a signature quotes its unit and date paragraphs together
        assert e["text"][3:9] in shown[n - 1] or shown[n - 1] in e["text"], (e["where"], e["text"])


def test_text_keeps_its_lines(files, capsys):
    lines = files["utf8"].read_text(encoding="utf-8").splitlines()
    for e in evidence(files["utf8"], capsys):
        assert e["where"] == f"第{e['line']}行"
        assert e["text"][:6] in lines[e["line"] - 1] or lines[e["line"] - 1] in e["text"]  # (a signature: two lines)


def test_terminal_markdown_and_word_comments_say_the_page(files, tmp_path, capsys):
    main(["check", str(files["pdf"]), "--no-config"])
    assert re.search(r"第\d+页：", capsys.readouterr().out)
    main(["check", str(files["pdf"]), "--format", "markdown", "--no-config"])
    assert re.search(r"\| 第\d+页", capsys.readouterr().out)
    main(["annotate", str(files["pdf"]), "--outdir", str(tmp_path), "--no-config"])
    comments = [c.text for c in docx.Document(str(tmp_path / "report-批注.docx")).comments]
    assert any(re.search(r"位置：原文第\d+页", c) for c in comments)


def test_sarif_names_the_page_or_paragraph_a_reader_finds(tmp_path):
    # a SARIF region points at a line of the extracted text, which a .docx does not show
    document = docx.Document()
    for text in ("某镇2024年法治政府建设情况报告", "一、主要举措和成效", "全面落实行政执法三项制度。"):
        document.add_paragraph(text)
    document.save(str(tmp_path / "r.docx"))
    out = tmp_path / "r.sarif"
    main(["check", str(tmp_path / "r.docx"), "--format", "sarif", "--output", str(out)])
    texts = [r["message"]["text"] for r in json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]]
    assert any("（原文第3段）" in t for t in texts)
