"""`fazhi annotate`: a Word copy of the report with a comment per item to add, anchored where the
report speaks of it; a .docx keeps its text, other formats become a plain .docx."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from checker.commands.cli import main
from checker.pipeline import grade_file

from .conftest import ROOT, SHARED, not_met
from .formats import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORTS = ROOT / "reports"


def comments_by_paragraph(path: Path) -> dict[str, list[str]]:
    """Each commented paragraph's text → the first line of each comment on it."""
    document = docx.Document(str(path))
    first = {c.comment_id: c.text.split("\n")[0] for c in document.comments}
    out: dict[str, list[str]] = {}
    for p in document.paragraphs:
        ids = [int(e.get(f"{W}id")) for e in p._p.iter(f"{W}commentRangeStart")]
        if ids:
            out[p.text] = [first[i] for i in ids]
    return out


@pytest.fixture
def liuxi_docx(tmp_path: Path) -> Path:
    path = tmp_path / "liuxi.docx"
    write_docx((REPORTS / "liuxi-2024-plans.txt").read_text(encoding="utf-8"), path)
    return path


def test_a_docx_keeps_its_text_and_gets_a_comment_per_item_to_add(liuxi_docx, tmp_path, capsys, township):
    graded = grade_file(str(liuxi_docx), township)  # the score and the gaps, read from the run
    score, gaps = f"{graded.score:g}", len(not_met(graded))
    out = tmp_path / "out.docx"
    code = main(["annotate", str(liuxi_docx), "-o", str(out)])
    assert not graded.passed and code == 1  # below the pass score: the same verdict as `fazhi check`
    assert capsys.readouterr().out == f"✔ {liuxi_docx} → {out}（{score} 分，{gaps} 条批注和 1 条评分摘要）\n"
    before, after = docx.Document(str(liuxi_docx)), docx.Document(str(out))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    comments = list(after.comments)
    assert len(comments) == gaps + 1 and {c.author for c in comments} == {"fazhi 法治报告核查"}
    placed = comments_by_paragraph(out)
    title = next(iter(placed))
    assert title == "柳溪乡2024年度法治政府建设工作情况报告"
    assert placed[title][0] == f"fazhi 评查：{score} 分，{graded.grade}，未通过（得分 {score} 低于及格分 60）"
    lawyer = next(text for text in placed if text.startswith("我乡高度重视法律顾问工作"))
    assert placed[lawyer] == ["【C1】配备政府法律顾问（公职律师）：仅计划——将来时表述（拟）",
                              "【C2】法律顾问发挥作用：仅计划——将来时表述（拟）"]
    c1 = next(c for c in comments if c.text.startswith("【C1】"))
    assert "建议：" in c1.text and "依据：" in c1.text


def test_a_missing_item_goes_on_its_part_or_the_title(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text("某镇2024年法治政府建设情况报告\n一、主要举措\n聘请法律顾问1名，审核合同20份。\n"
                      "二、存在的问题\n执法力量薄弱。\n", encoding="utf-8")
    main(["annotate", str(report), "--outdir", str(tmp_path / "out")])
    placed = comments_by_paragraph(tmp_path / "out" / "r-批注.docx")
    assert "【E1】" in "".join(placed["一、主要举措"])  # never mentioned: on the work part's heading
    assert any(c.startswith("【M1】") for c in placed["某镇2024年法治政府建设情况报告"])  # no signature


def test_text_and_pdf_become_a_docx_of_their_lines(tmp_path, capsys, township):
    source = REPORTS / "nanhu-2023-gaps.txt"
    gaps = len(not_met(grade_file(str(source), township)))
    code = main(["annotate", str(source), "--outdir", str(tmp_path)])
    out = tmp_path / "nanhu-2023-gaps-批注.docx"
    assert code == 1 and out.exists()
    lines = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert [p.text for p in docx.Document(str(out)).paragraphs] == lines
    assert gaps > 0 and len(list(docx.Document(str(out)).comments)) == 1 + gaps  # the summary, and one a gap


def test_batch_writes_one_per_report_and_names_never_collide(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(REPORTS / "qinghe-2024-strong.txt", tmp_path / folder / "report.txt")
    main(["batch", str(tmp_path / "a"), str(tmp_path / "b"), "--annotate", str(tmp_path / "out"),
          "--format", "json", "--no-copies"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report-批注-2.docx", "report-批注.docx"]


def test_minus_o_takes_one_report(tmp_path, capsys):
    code = main(["annotate", str(REPORTS), "-o", str(tmp_path / "x.docx")])
    assert code == 2 and "-o 只能用于一份报告" in capsys.readouterr().err


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_converts_the_annotated_copy(liuxi_docx, tmp_path, capsys):
    out = tmp_path / "out.docx"
    main(["annotate", str(liuxi_docx), "-o", str(out)])
    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0 and (tmp_path / "out.pdf").stat().st_size > 0


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not beside the project")
def test_a_seed_as_docx_keeps_its_paragraphs(tmp_path, capsys, township_compiled):
    seed = sorted((SHARED / "seeds").glob("*.txt"))[0]
    path = tmp_path / "seed.docx"
    write_docx(seed.read_text(encoding="utf-8"), path)
    main(["annotate", str(path), "-o", str(tmp_path / "out.docx")])
    out = docx.Document(str(tmp_path / "out.docx"))
    assert [p.text for p in out.paragraphs] == [p.text for p in docx.Document(str(path)).paragraphs]
    not_met = {i.id for i in grade_file(str(path), township_compiled).items if i.status.value != "met"}
    commented = {c.text[1:].split("】")[0] for c in out.comments if c.text.startswith("【")}
    assert not_met and commented == not_met
