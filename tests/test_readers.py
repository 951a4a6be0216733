"""Real-world inputs: the same report as .txt (UTF-8, GBK), .docx, .pdf and traditional
characters gets the same verdict; bad inputs get a clear message and exit code 2."""

import os
import shutil
from pathlib import Path

import pytest
import yaml

from checker.commands.cli import main
from checker.pipeline import grade_file
from checker.read import read

from .conftest import ROOT
from .formats import write_all

BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(scope="module", params=["liuxi-2024-plans.txt", "nanhu-2023-gaps.txt"])
def built(request, tmp_path_factory) -> dict[str, Path]:
    text = (ROOT / "reports" / request.param).read_text(encoding="utf-8")
    return write_all(text, tmp_path_factory.mktemp(request.param.split(".")[0]))


def verdict(path: Path, checklist):
    r = grade_file(str(path), checklist)
    return r.score, r.unit, r.year, {i.id: i.status.value for i in r.items}


def test_every_format_gives_the_same_verdict(built, township_compiled):
    expected = verdict(built["utf8"], township_compiled)
    for kind in ("gbk", "docx", "pdf", "traditional"):
        assert verdict(built[kind], township_compiled) == expected, kind


def test_detected_encoding_and_format(built):
    assert read(str(built["gbk"])).encoding == "gb18030"
    assert read(str(built["utf8"])).encoding == "utf-8"
    assert read(str(built["docx"])).format == "docx"


def test_word_numbering_is_rendered_as_shown(built):
    text = read(str(built["docx"])).text
    assert "\n一、" in text and "\n（一）" in text
    assert "— 1 —" not in text  # the footer is not body text


def test_evidence_is_quoted_as_written_in_traditional_characters(built, township_compiled):
    result = grade_file(str(built["traditional"]), township_compiled)
    quotes = [e.text for i in result.items for e in i.evidence]
    assert any("鎮" in q or "鄉" in q or "區" in q or "法律顧問" in q or "執法" in q for q in quotes)


CATALOGUE = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_bad_input_catalogue(name, capsys):
    want = CATALOGUE[name]
    code = main(["check", str(BAD / name)])
    err = capsys.readouterr().err
    assert code == want["exit"]
    assert any(m in err for m in want["message"]), err
    assert "Traceback" not in err


def test_mixed_folder_grades_the_good_and_lists_the_bad(tmp_path, capsys):
    import json
    import shutil

    for name in ("empty.txt", "scanned.pdf", "fake.docx"):
        shutil.copy(BAD / name, tmp_path / name)
    shutil.copy(ROOT / "reports" / "qinghe-2024-strong.txt", tmp_path / "good.txt")
    (tmp_path / "notes.xyz").write_text("ignored: not a report format", encoding="utf-8")
    code = main(["check", str(tmp_path), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert [Path(r["path"]).name for r in doc["reports"]] == ["good.txt"]
    assert sorted(Path(u["path"]).name for u in doc["unreadable"]) == ["empty.txt", "fake.docx", "scanned.pdf"]
    assert code == 1  # the unreadable files count as failures


def test_glob_patterns_expand(tmp_path, capsys):
    import json
    import shutil

    for name in ("a.txt", "b.txt"):
        shutil.copy(ROOT / "reports" / "qinghe-2024-strong.txt", tmp_path / name)
    main(["check", str(tmp_path / "*.txt"), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert [Path(r["path"]).name for r in doc["reports"]] == ["a.txt", "b.txt"]


def test_file_over_the_size_limit(tmp_path, capsys):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: no disk used
    assert main(["check", str(big)]) == 2
    assert "big.txt: 文件过大（51 MB，上限 50 MB）" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_legacy_doc_is_converted_by_libreoffice(built, township_compiled, tmp_path):
    import subprocess

    subprocess.run(
        ["soffice", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(built["docx"])],
        capture_output=True, timeout=120, check=True, env={**os.environ, "HOME": str(tmp_path)},
    )
    doc = tmp_path / "report.doc"
    assert read(str(doc)).format == "doc"
    assert verdict(doc, township_compiled) == verdict(built["utf8"], township_compiled)


def test_an_owner_password_only_pdf_is_read_as_printed():
    # PDFium opens it with the empty user password: the owner password restricts editing, not reading
    source = read(str(BAD / "owner-only.pdf"))
    assert "镇党委书记主持召开专题会议3次。" in source.text


def test_a_pdf_keeps_its_pages_and_drops_its_running_header(tmp_path):
    from .formats import write_pdf

    lines = [f"第{n}条：镇司法所全年开展法治宣传活动，覆盖群众约{n}百人次。" for n in range(1, 61)]
    path = tmp_path / "headed.pdf"
    write_pdf(lines, path, width=40, per_page=20, header="某镇人民政府文件")
    source = read(str(path))
    assert "某镇人民政府文件" not in source.text
    assert "— 2 —" not in source.text  # the footer's page number recurs too: furniture
    assert source.places.unit == "页" and len(source.places.starts) == 3
    text_lines = source.text.splitlines()
    first_on_page_3 = next(n for n, line in enumerate(text_lines, 1) if line.startswith("第41条"))
    assert source.places.where(first_on_page_3) == "第3页"
    assert source.places.where(first_on_page_3 - 1) == "第2页"


def test_a_header_on_two_pages_is_kept_as_text(tmp_path):
    from .formats import write_pdf

    path = tmp_path / "short.pdf"
    write_pdf([f"第{n}条：镇司法所开展法治宣传。" for n in range(1, 31)], path, per_page=20, header="某镇人民政府文件")
    assert read(str(path)).text.count("某镇人民政府文件") == 2  # too few pages to tell furniture from text


def test_a_wps_file_without_libreoffice_says_how_to_convert(tmp_path, monkeypatch):
    import checker.read.office as office
    from checker.models import FazhiError

    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    wps = tmp_path / "报告.wps"
    wps.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)  # Kingsoft Writer: an OLE file, as .doc
    with pytest.raises(FazhiError, match=r"报告.wps: 无法直接读取 .wps 格式：请用 Word 或 WPS 打开后“另存为” .docx"):
        read(str(wps))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_kingsoft_wps_is_converted_by_libreoffice(built, township, tmp_path):
    import subprocess

    subprocess.run(
        ["soffice", "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(built["docx"])],
        capture_output=True, timeout=120, check=True, env={**os.environ, "HOME": str(tmp_path)},
    )
    wps = (tmp_path / "report.doc").rename(tmp_path / "report.wps")  # WPS writes its .wps in Word 97's format
    source = read(str(wps))
    assert source.format == "wps" and source.places.unit == "段"
    assert verdict(wps, township) == verdict(built["utf8"], township)
