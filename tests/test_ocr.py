"""Scans and photos: read by OCR with the `ocr` extra (skipped without it), a clear message without
it, the `ocr` finding, and sentences recognised with low confidence flagged 待复核."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.models import FazhiError, Source
from checker.pipeline import grade_file, grade_source
from checker.read import ocr, read

from .conftest import ROOT, SHARED
from .formats import write_pdf, write_scanned_pdf

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # fonts-wqy-microhei: prints the scans
pytestmark = pytest.mark.skipif(not FONT.is_file(), reason="fonts-wqy-microhei is not installed")
needs_ocr = pytest.mark.skipif(not ocr.available(), reason='the ocr extra is not installed (pip install ".[ocr]")')
LINES = ["某镇2024年法治政府建设情况报告", "一、主要举措", "镇党委书记主持召开专题会议3次，研究部署法治政府建设。"]


def test_boxes_become_lines_top_to_bottom_left_to_right():
    boxes = [
        ([[300, 52], [400, 52], [400, 70], [300, 70]], "第二段", 0.99),
        ([[50, 100], [200, 100], [200, 120], [50, 120]], "下一行", 0.7),
        ([[50, 50], [250, 50], [250, 72], [50, 72]], "第一段", 0.95),
    ]
    assert ocr.lines(boxes) == [("第一段 第二段", 0.95), ("下一行", 0.7)]
    texts, doubtful = ocr.joined([ocr.lines(boxes), [("另一页", 0.99)]], first_line=1)
    assert texts == ["第一段 第二段\n下一行", "另一页"] and doubtful == frozenset({2})


def test_without_the_extra_a_scan_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = tmp_path / "scan.pdf"
    write_scanned_pdf(LINES, scan, dpi=50)
    message = r'scan.pdf: 文件是扫描图像，没有文字层，需要文字识别（OCR）。.*pip install "fazhi\[ocr\]"'
    with pytest.raises(FazhiError, match=message):
        read(str(scan))
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(FazhiError, match=r'photo.png: 图片中的文字，需要文字识别（OCR）。.*fazhi\[ocr\]'):
        read(str(photo))


def test_without_the_extra_a_scanned_page_among_text_pages_is_a_finding(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    monkeypatch.setattr(ocr, "available", lambda: False)
    text, scan = tmp_path / "text.pdf", tmp_path / "scan.pdf"
    write_pdf(LINES, text)
    write_scanned_pdf(["镇长签字页"], scan, dpi=50)
    both = pdfium.PdfDocument(str(text))
    both.import_pages(pdfium.PdfDocument(str(scan)))
    both.save(str(tmp_path / "both.pdf"))
    source = read(str(tmp_path / "both.pdf"))
    assert "主持召开专题会议" in source.text
    assert [f.kind for f in source.findings] == ["ocr"] and "第2页是扫描图像，未读取" in source.findings[0].message


def test_a_low_confidence_line_flags_its_sentences_for_review(township):
    text = (ROOT / "reports" / "qinghe-2024-strong.txt").read_text(encoding="utf-8")
    plain = grade_source(Source("r.txt", text), township)
    shown = next(i for i in plain.items if i.evidence and not i.review)
    line = shown.evidence[0].line
    doubted = grade_source(Source("r.txt", text, doubtful=frozenset({line})), township)
    item = next(i for i in doubted.items if i.id == shown.id)
    assert all(e.review == "文字识别（OCR）置信度低，请核对原件" for e in item.evidence if e.line == line)
    if all(e.line == line for e in item.evidence):  # every sentence that decided it is in doubt
        assert item.review
    untouched = [i.review for i in doubted.items if all(e.line != line for e in i.evidence + i.elsewhere)]
    assert untouched == [i.review for i in plain.items if all(e.line != line for e in i.evidence + i.elsewhere)]


@needs_ocr
def test_a_scanned_page_is_read_with_a_finding(tmp_path):
    scan = tmp_path / "scan.pdf"
    write_scanned_pdf(LINES, scan)
    source = read(str(scan))
    assert "主持召开专题会议3次" in source.text and source.encoding == "pdf+ocr"
    assert [f.kind for f in source.findings] == ["ocr"] and "第1页是扫描图像" in source.findings[0].message


@needs_ocr
def test_a_photo_of_a_page_is_read(tmp_path):
    import pypdfium2 as pdfium

    scan = tmp_path / "scan.pdf"
    write_scanned_pdf(LINES, scan)
    pdfium.PdfDocument(str(scan))[0].render(scale=2).to_pil().save(tmp_path / "photo.png")
    source = read(str(tmp_path / "photo.png"))
    assert "一、主要举措" in source.text and source.findings[0].kind == "ocr"


@needs_ocr
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside this checkout")
def test_a_seed_printed_to_page_images_agrees_with_its_text(tmp_path, township):
    seed = min((SHARED / "seeds").glob("*.txt"), key=lambda p: p.stat().st_size)  # the shortest: OCR is slow
    write_scanned_pdf(seed.read_text(encoding="utf-8").splitlines(), tmp_path / "scan.pdf")
    want = {i.id: i.status for i in grade_file(str(seed), township).items}
    got = {i.id: i.status for i in grade_file(str(tmp_path / "scan.pdf"), township).items}
    same = sum(got[k] == v for k, v in want.items())
    assert same / len(want) >= 0.90, f"{same}/{len(want)}"


def test_a_bar_per_page_on_a_terminal_and_a_page_cap(monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def engine(image, use_cls):  # RapidOCR's answer for a page: one box
        return [([[0, 0], [90, 0], [90, 20], [0, 20]], f"第{image}页的文字", 0.9)], None

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: engine)
    pages = ocr.recognise("scan.pdf", [lambda n=n: n for n in (1, 2)])
    assert pages == [[("第1页的文字", 0.9)], [("第2页的文字", 0.9)]]
    assert "文字识别 scan.pdf" in err.getvalue()
    with pytest.raises(FazhiError, match=r"scan.pdf: 需要文字识别的扫描页过多（31 页，上限 30 页）"):
        ocr.recognise("scan.pdf", [lambda: 0] * 31)


def test_low_confidence_lines_of_a_scan_are_the_source_s_doubtful_lines(tmp_path, monkeypatch):
    """The engine's lines, page after page, numbered as the text's lines: a low score marks its own."""
    import numpy

    def engine(image, use_cls):  # every page: a sure line, then an unsure one
        assert isinstance(image, numpy.ndarray) and image.ndim == 3  # a rendered page, BGR
        return [([[0, 0], [90, 0], [90, 20], [0, 20]], "镇党委书记主持召开专题会议。", 0.99),
                ([[0, 40], [90, 40], [90, 60], [0, 60]], "全年开展法治宣传活动十二次。", 0.5)], None

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "_engine", lambda: engine)
    scan = tmp_path / "scan.pdf"
    write_scanned_pdf([f"第{n}行" for n in range(40)], scan, per_page=20, dpi=30)  # two pages
    source = read(str(scan))
    lines = source.text.splitlines()
    assert lines == ["镇党委书记主持召开专题会议。", "全年开展法治宣传活动十二次。"] * 2
    assert source.doubtful == frozenset({2, 4}) and source.places.starts == (1, 3)
    message = source.findings[0].message
    assert "第1页、第2页是扫描图像" in message and "其中 2 行识别置信度较低" in message
