"""Hand-built views for renderer tests: a renderer is tested on the view it lays out, so a new
checklist item or a changed rule does not break it (yamllint's rule tests are the model)."""

from __future__ import annotations

from datetime import date

from checker.models import STATUS_ZH, Finding, Status
from checker.score.gate import Gate
from checker.view.view import (
    GLYPH,
    BatchView,
    ItemView,
    Passage,
    Place,
    Quote,
    ReportView,
    RunView,
    TotalRow,
    item_columns,
)

GROUPS = {"S": "报告结构", "A": "第一责任人职责", "C": "法律顾问"}


def quote(text: str, line: int = 5, terms: tuple[str, ...] = (), reason: str = "工作部分有具体内容",
          part: str = "一、主要举措和成效", status: Status = Status.MET) -> Quote:
    return Quote(line, part, text, terms, reason, "work", status)


def item(item_id: str = "A1", status: Status = Status.MET, *, fails: bool = False, severity: str = "required",
         title: str = "主要负责人亲自部署法治建设", weight: float = 1.0, shown: Quote | None = None,
         decided: bool = True, review: str = "", waiver: str = "", notes: tuple[Quote, ...] = ()) -> ItemView:
    level = "pass" if status is Status.MET else "note" if waiver else "error" if fails else "warning"
    credit = {Status.MET: 1.0, Status.PARTIAL: 0.5}.get(status, 0.0)
    return ItemView(
        id=item_id, title=title, group=item_id[0], group_title=GROUPS.get(item_id[0], item_id[0]),
        severity=severity, weight=weight, earned=0.0 if waiver else weight * credit, status=status,
        word="豁免" if waiver else STATUS_ZH[status], glyph=GLYPH[status], level=level, waiver=waiver,
        review=review, advice=f"{item_id} 的建议：写明具体做法。", basis=f"{item_id} 的依据", shown=shown,
        decided=decided and shown is not None, evidence=(shown,) if shown and decided else (),
        elsewhere=(shown,) if shown and not decided else (), notes=notes, candidates=(),
        line=shown.line if shown else 1,
    )


def report(items: tuple[ItemView, ...], *, score: float = 80.0, unit: str = "示例镇", path: str = "reports/示例.txt",
           gate: Gate | None = None, findings: tuple[Finding, ...] = ()) -> ReportView:
    gate = gate or Gate(60)
    why = []
    if score < gate.pass_score:
        why.append(f"得分 {score:.1f} 低于及格分 {gate.pass_score:g}")
    failing = [i.id for i in items if i.fails]
    if failing:
        why.append(f"必查项未达到要求：{'、'.join(failing)}")
    return ReportView(
        path=path, unit=unit, year=2024, date=date(2025, 1, 10), title=f"{unit}2024年法治政府建设情况报告",
        score=score, grade="良好" if score >= 80 else "合格" if score >= 60 else "不合格", passed=not why,
        why=tuple(why), score_fails=score < gate.pass_score, items=items,
        findings=findings, format="txt", encoding="utf-8", keywords=(),
    )


def run(*reports: ReportView, gate: Gate | None = None, unreadable: tuple[tuple[str, str], ...] = (),
        batch: bool = False, copies: tuple[Passage, ...] = ()) -> RunView:
    batch_view = None
    if batch:
        ranking = tuple(sorted(reports, key=lambda r: (-r.score, r.unit, r.path)))
        ids = item_columns(ranking)
        totals = tuple(
            TotalRow(i, found[0].title, {s: sum(x.status is s for x in found) for s in Status}, len(found))
            for i in ids if (found := [x for r in ranking if (x := r.item(i)) is not None])
        )
        batch_view = BatchView(ranking, ids, totals, copies, ())
    return RunView("township-annual", "2026.1", "乡镇（街道）法治政府建设年度报告核查清单", "", gate or Gate(60),
                   tuple(reports), unreadable, batch_view, False)


def passage(text: str, *units: str) -> Passage:
    return Passage(text, tuple(Place(f"reports/{u}.txt", u, 3) for u in units))
