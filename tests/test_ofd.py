"""OFD (GB/T 33190): pages in order, lines by position whatever order the objects are written in,
templates once, the package checked as a .docx is, and the same verdict as the text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from checker.models import FazhiError
from checker.pipeline import grade_file
from checker.read import read

from .conftest import ROOT, SHARED
from .formats import OFD_NS, write_ofd

LINES = [f"{n}. 镇司法所第{n}季度开展法治宣传活动，发放资料{n}百份，解答群众法律咨询。" for n in range(1, 41)]


def statuses(path: Path, checklist) -> dict[str, str]:
    return {i.id: i.status.value for i in grade_file(str(path), checklist).items}


def test_pages_in_order_lines_by_position(tmp_path):
    path = tmp_path / "r.ofd"
    write_ofd(LINES, path, width=80, per_page=15)  # objects written bottom line first
    source = read(str(path))
    body = [line for line in source.text.splitlines() if not line.startswith("—")]
    assert body == LINES
    assert source.format == "ofd" and source.places.unit == "页" and len(source.places.starts) == 3
    line_of_16 = source.text.splitlines().index(LINES[15]) + 1
    assert source.places.where(line_of_16) == "第2页"
    assert source.places.where(line_of_16 - 1) == "第1页"


def test_one_object_a_character_reads_as_one_a_line(tmp_path):
    per_line, per_char = tmp_path / "line.ofd", tmp_path / "char.ofd"
    write_ofd(LINES, per_line, width=30, per_page=20)
    write_ofd(LINES, per_char, width=30, per_page=20, per_char=True)  # baselines jitter by 0.3 mm
    squeeze = lambda text: text.replace(" ", "")  # noqa: E731  (the per-character file has no spaces)
    assert squeeze(read(str(per_char)).text) == squeeze(read(str(per_line)).text)


def test_a_template_page_is_read_once(tmp_path):
    path = tmp_path / "t.ofd"
    write_ofd(LINES, path, width=80, per_page=10, template="某镇人民政府文件")
    text = read(str(path)).text
    assert text.count("某镇人民政府文件") == 1 and text.startswith("某镇人民政府文件\n")


def test_same_verdict_as_the_text(tmp_path, township):
    text = (ROOT / "reports" / "liuxi-2024-plans.txt").read_text(encoding="utf-8")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    write_ofd(text.splitlines(), tmp_path / "r.ofd")
    assert statuses(tmp_path / "r.ofd", township) == statuses(tmp_path / "r.txt", township)


def _package(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def _rewrite(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as z:
        files = {name: z.read(name) for name in z.namelist()}
    return _package(target, change(files) or files)


def refused(path: Path, message: str) -> None:
    with pytest.raises(FazhiError, match=message):
        read(str(path))


def test_damaged_packages_are_refused_with_a_reason(tmp_path):
    good = tmp_path / "good.ofd"
    write_ofd(LINES[:5], good)
    (tmp_path / "notzip.ofd").write_bytes(b"PK\x03\x04 nothing")
    refused(tmp_path / "notzip.ofd", r"notzip.ofd: 不是有效的 OFD 文件（可能已损坏）")
    refused(_rewrite(good, tmp_path / "noroot.ofd", lambda f: f.pop("OFD.xml") and None), r"缺少 OFD.xml")
    refused(_rewrite(good, tmp_path / "nopage.ofd", lambda f: f.pop("Doc_0/Pages/Page_0/Content.xml") and None),
            r"nopage.ofd: OFD 文件已损坏（缺少 Doc_0/Pages/Page_0/Content.xml）")
    broken = _rewrite(good, tmp_path / "broken.ofd", lambda f: f.update({"Doc_0/Document.xml": b"<ofd:Doc"}))
    refused(broken, r"broken.ofd: OFD 文件已损坏（Doc_0/Document.xml 无法解析）")


def test_a_signature_without_text_is_named(tmp_path):
    root = f'<ofd:OFD xmlns:ofd="{OFD_NS}"><ofd:DocBody><ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>'
    only = _package(tmp_path / "sig.ofd", {"OFD.xml": root + "</ofd:DocBody></ofd:OFD>",
                                          "Doc_0/Signs/Signatures.xml": f'<ofd:Signatures xmlns:ofd="{OFD_NS}"/>'})
    refused(only, r"sig.ofd: OFD 文件只有签章、没有文档正文")
    blank = tmp_path / "blank.ofd"
    write_ofd([], blank, signed=True)
    _rewrite(blank, blank, lambda f: f.update({"Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page xmlns:ofd="{OFD_NS}"/>'}))
    refused(blank, r"blank.ofd: OFD 文件只有签章、没有正文文字")


def test_hostile_packages_are_refused(tmp_path):
    good = tmp_path / "good.ofd"
    write_ofd(LINES[:5], good)
    outside = _rewrite(good, tmp_path / "out.ofd", lambda f: f.update(
        {"Doc_0/Document.xml": f.pop("Doc_0/Document.xml").replace(b"Pages/Page_0/Content.xml", b"../../etc/x.xml")}))
    refused(outside, r"out.ofd: OFD 文件中的路径 '../../etc/x.xml' 指向包外")
    bomb = _rewrite(good, tmp_path / "bomb.ofd", lambda f: f.update({"Doc_0/Res/big.xml": b" " * 5_000_000}))
    refused(bomb, r"bomb.ofd: 压缩内容异常.*疑似压缩炸弹")
    many = _rewrite(good, tmp_path / "many.ofd", lambda f: f.update({f"Doc_0/Res/{n}.png": b"" for n in range(10_001)}))
    refused(many, r"many.ofd: OFD 包内文件过多（10\d{3} 个，上限 10000 个）")
    entity = f'<!DOCTYPE x [<!ENTITY a "aaaa">]><ofd:Page xmlns:ofd="{OFD_NS}"/>'
    doctype = _rewrite(good, tmp_path / "dtd.ofd", lambda f: f.update({"Doc_0/Pages/Page_0/Content.xml": entity}))
    refused(doctype, r"dtd.ofd: OFD 文件中的 Doc_0/Pages/Page_0/Content.xml 含有实体声明")


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside this checkout")
def test_the_seeds_as_ofd_agree_with_their_text(tmp_path, township):
    same = total = 0
    for seed in sorted((SHARED / "seeds").glob("*.txt")):
        write_ofd(seed.read_text(encoding="utf-8").splitlines(), tmp_path / f"{seed.stem}.ofd")
        want, got = statuses(seed, township), statuses(tmp_path / f"{seed.stem}.ofd", township)
        same += sum(got[k] == v for k, v in want.items())
        total += len(want)
    assert same / total >= 0.97, f"{same}/{total}"
