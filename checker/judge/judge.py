"""Stage 5 — judge: the status of each item from its evidence, as the spec defines it.

- met: evidence in a work part with a concrete detail (or, for items that need none, any
  positive statement in a work part);
- partial: only a generic claim in a work part, or only part of what the item asks;
- planned: nothing in work parts, but the item appears in plans or future-tense sentences;
- missing: not mentioned, or only under problems, only negated, or only as an empty heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from ..checklist.checklist import Item, Window
from ..evidence.earning import OWN_WORDS, STUFFING
from ..evidence.evidence import ItemEvidence, Mention, SectionHit
from ..models import RANK, ROLE_ZH, Document, Evidence, ItemResult, ParsedReport, Role, Status

SHOWN = 3  # evidence sentences kept per item
FLAGGED = (STUFFING, OWN_WORDS)  # notes that flag an item 待复核 even when what they note earned nothing
ZERO = re.compile(r"[0零]|无一")  # a negation that is a count of zero (reading.Reader.zero_count)
OCR_REVIEW = "文字识别（OCR）置信度低，请核对原件"
HAN = re.compile(r"[\u4e00-\u9fff]")  # a sentence of fewer than eight characters narrates no work


def judge(report: ParsedReport, evidence: list[ItemEvidence], candidates: bool = False) -> list[ItemResult]:
    """One result per item; with `candidates`, every sentence looked at too (for `check -v`)."""
    homes = _homes(report)
    quotes: dict[int, str] = {}  # a sentence's words as written, by id: a sentence several items show is quoted once
    return [_judge_item(report, ev, homes, quotes, candidates) for ev in evidence]


def _judge_item(
    report: ParsedReport, ev: ItemEvidence, homes: dict[Role, int], quotes: dict[int, str], candidates: bool
) -> ItemResult:
    item = ev.item
    verdicts = JUDGES[item.check](report, ev)
    if not verdicts:  # nothing in the report speaks of it (half the items of a short report)
        result = _result(item, Status.MISSING, [], [])
        result.home = _home(item, homes)
        return result
    if report.document is not None and report.document.source.doubtful:
        _doubt_recognised(verdicts, report.document)
    best = max((v.verdict for v in verdicts), key=RANK.__getitem__)
    if best is Status.MISSING:
        decided, others = [], verdicts
    else:
        decided = [v for v in verdicts if v.verdict == best]
        others = [v for v in verdicts if v.verdict != best]
    if len(decided) > 1:
        # a body sentence shows the evidence better than a heading; credit, by a full rule better than a generic one
        generic_last = best in (Status.MET, Status.PARTIAL)
        decided.sort(key=lambda v: (v.heading, v.generic and generic_last))
    looked_at = [replace(v, sentence=None) for v in verdicts] if candidates else []  # before they are quoted
    result = _result(item, best, _quoted(decided[:SHOWN], quotes), _quoted(_distinct_parts(others), quotes))
    result.candidates = looked_at  # a result never holds the document
    # an item that keyword stuffing or the checklist's own advice claimed is for a grader to look at,
    # whatever it earned
    result.review = _review(decided) or next((v.review for v in verdicts if v.review.startswith(FLAGGED)), "")
    result.home = _home(item, homes)
    return result


PLAN_DOCUMENT = "文件是工作计划，不是对已完成工作的报告：最多算“仅计划”"


def only_planned(items: list[ItemResult]) -> list[ItemResult]:
    """In a plan document nothing is done yet: what would be met or partial is planned at most."""
    for item in items:
        if item.status in (Status.MET, Status.PARTIAL):
            item.status = Status.PLANNED
            item.evidence = [e.judged(Status.PLANNED, f"{PLAN_DOCUMENT}（{e.reason}）")
                             if e.verdict in (Status.MET, Status.PARTIAL) else e for e in item.evidence]
    return items


def _home(item: Item, homes: dict[Role, int]) -> int:
    """The heading line of the part where the item belongs (0: none; the signature has none)."""
    role = item.section.role if item.section is not None and item.section.role else Role.WORK
    return 0 if item.check == "signature" else homes.get(role, 0)


def _homes(report: ParsedReport) -> dict[Role, int]:
    """Where an item belongs, by the role it is looked for in: the heading line of the first titled
    part of that role (a section item's own role; work for the rest). The signature has none."""
    homes: dict[Role, int] = {}
    for part in report.root.walk():
        if part.rank and part.titled and part.line:
            homes.setdefault(part.role, part.line)
    return homes


def _review(decided: list[Evidence]) -> str:
    """Why the status is borderline: only when every sentence that decided it is a borderline reading."""
    if decided and all(e.review for e in decided):
        return decided[0].review
    return ""


def _doubt_recognised(verdicts: list[Evidence], document: Document) -> None:
    """A sentence on a line that text recognition (OCR) read with low confidence is a borderline
    reading of its own: the words may not be the ones on the paper."""
    doubtful = document.source.doubtful
    for v in verdicts:
        if v.review:
            continue
        first = last = v.line  # a heading's line; a sentence may run over the lines after it
        if v.sentence is not None and v.sentence.segment is not None:
            seg = v.sentence.segment
            first = document.line_number(seg.line.source_offset(seg.start))
            last = document.line_number(seg.line.source_offset(max(seg.end - 1, seg.start)))
        if any(n in doubtful for n in range(first, last + 1)):
            v.review = OCR_REVIEW


def _quoted(evidence: list[Evidence], quotes: dict[int, str]) -> list[Evidence]:
    """The evidence kept for the reader, in the report's own words (worked out only now, and once a
    sentence: `quotes` holds those of the report's sentences already quoted, by id). Each verdict is
    this item's own object, so it is changed in place."""
    for e in evidence:
        if (s := e.sentence) is not None:
            quote = quotes.get(id(s))
            if quote is None:
                quote = quotes[id(s)] = s.quote
            e.text, e.sentence = quote, None
    return evidence


def _content_verdicts(report: ParsedReport, ev: ItemEvidence) -> list[Evidence]:
    """Each mention's verdict; headings follow their body; counted elements decide together."""
    if not ev.mentions:
        return []
    verdicts = [_verdict(ev.item, m) for m in ev.mentions]
    verdicts = _headings_follow_body(ev.mentions, verdicts)
    if ev.item.count is not None:
        verdicts = _with_count(ev.item, ev.mentions, verdicts)
    return verdicts


def _verdict(item: Item, m: Mention) -> Evidence:
    """What the mention alone earns, and why: what its words earn, at most its cap."""
    s = m.sentence
    verdict, reason = _earned(item, m)
    if m.cap is not None and RANK[verdict] >= RANK[m.cap] and verdict is not Status.MISSING:
        verdict, reason = m.cap, m.cap_why
    return Evidence(s.text, s.line, s.part, m.role, list(m.terms), verdict, reason, s.heading,
                    m.strength == "weak", m.doubt, s)


def _earned(item: Item, m: Mention) -> tuple[Status, str]:
    s = m.sentence
    if s.empty_heading:
        return Status.MISSING, "只是空标题，标题下没有正文"
    if m.role is Role.PLANS:
        why = _plan_why(m) if s.role is Role.WORK else f"仅见于{ROLE_ZH[Role.PLANS]}部分"
        return Status.PLANNED, why
    if m.role is Role.PROBLEMS:
        why = f"否定或不足表述（{m.negation}）" if s.role is Role.WORK else f"见于{ROLE_ZH[Role.PROBLEMS]}部分"
        if s.role is Role.WORK and ZERO.search(m.negation):
            why = f"数量为零（{m.negation}），说明没有做"
        return Status.MISSING, why
    if m.strength == "weak":
        return Status.PARTIAL, "只有一般性提法"
    if m.concrete or not item.needs_concrete:
        detail = f"（{'、'.join(m.concrete[:4])}）" if m.concrete else ""
        return Status.MET, f"工作部分有具体内容{detail}"
    return Status.PARTIAL, "笼统表述，没有数字、文件、渠道或日期等具体内容"


def _plan_why(m: Mention) -> str:
    """Why a work part's sentence is a plan: a future, or a requirement or a supposition (reading)."""
    if m.future_kind:
        return f"写的是{m.future_kind}（{m.future}），不是已经做了什么：至多算计划"
    return f"将来时表述（{m.future}）"


def _headings_follow_body(mentions: list[Mention], verdicts: list[Evidence]) -> list[Evidence]:
    """A heading names a topic; the body under it says what became of it.

    If the body mentions the item only as a plan, the heading is a plan; only negated or
    as a problem, the heading earns nothing; a heading with no body earns partial at most.
    """
    if not any(m.sentence.heading for m in mentions):
        return verdicts  # (most items: no heading among their mentions)
    body_roles: dict[str, set[Role]] = {}
    for m in mentions:
        if not m.sentence.heading and m.cap is not Status.MISSING:  # (a capped mention evidences nothing)
            body_roles.setdefault(m.sentence.part, set()).add(m.role)
    out = []
    for m, v in zip(mentions, verdicts, strict=True):
        roles = body_roles.get(m.sentence.part, set())
        credited = v.verdict in (Status.MET, Status.PARTIAL)
        if m.sentence.heading and credited and roles and Role.WORK not in roles:
            status, why = (Status.PLANNED, "标题下的正文只是计划") if Role.PLANS in roles else (
                Status.MISSING, "标题下的正文是否定或问题表述"
            )
            v = v.judged(status, why)
        elif m.sentence.heading and v.verdict is Status.MET and not m.sentence.context:
            v = v.judged(Status.PARTIAL, "只见于标题，正文未写明")
        out.append(v)
    return out


def _with_count(item: Item, mentions: list[Mention], verdicts: list[Evidence]) -> list[Evidence]:
    """At least `need` distinct elements named in work parts → met; some → partial."""
    rule = item.count
    assert rule is not None
    named: list[str] = []
    for m, v in zip(mentions, verdicts, strict=True):
        if v.verdict in (Status.MET, Status.PARTIAL):
            named += [e for e in m.elements if e not in named]
    out = []
    for m, v in zip(mentions, verdicts, strict=True):
        if m.elements and v.verdict in (Status.MET, Status.PARTIAL):
            status = Status.MET if len(named) >= rule.need else Status.PARTIAL
            why = f"工作部分写明 {len(named)} 项（{'、'.join(named)}），需 {rule.need} 项"
            v = v.judged(status, why)
        out.append(v)
    return out


def _section_verdicts(report: ParsedReport, ev: ItemEvidence) -> list[Evidence]:
    """A part of its own with body decides; words in the text alone give partial at most."""
    section = ev.item.section
    assert section is not None
    out = [
        Evidence(hit.path, hit.line, hit.path, hit.role, [], *_substance(ev.item, hit), review=hit.review)
        if hit.has_body
        else Evidence(hit.path, hit.line, hit.path, hit.role, [], Status.MISSING, "只是空标题，没有正文")
        for hit in ev.sections
    ]
    target = section.role or Role.WORK
    first = None  # without any heading, the first sentence that narrates work
    if not report.has_headings and target is Role.WORK:
        work = (s for s in report.sentences if s.role is Role.WORK and not s.heading)
        first = next((s for s in work if len(HAN.findall(s.text)) >= 8), None)
    if first is not None:
        out.append(Evidence(first.quote, first.line, "", Role.WORK, [], Status.PARTIAL, "全文没有标题，正文叙述了工作"))
    for m in ev.mentions:
        s = m.sentence
        base = (s.text, s.line, s.part, m.role, list(m.terms))
        if m.cap is Status.MISSING:  # keyword stuffing, a bare title: words that say nothing
            status, why = Status.MISSING, m.cap_why
        elif s.empty_heading:
            status, why = Status.MISSING, "只是空标题，标题下没有正文"
        elif m.role is target:
            status, why = Status.PARTIAL, "正文中写到，但没有专门部分"
        elif m.role is Role.PLANS:
            status, why = Status.PLANNED, "只在计划中提到"
        else:
            status, why = Status.MISSING, f"见于{ROLE_ZH[m.role]}部分"
        out.append(Evidence(*base, status, why, heading=s.heading, sentence=s))
    return out


def _substance(item: Item, hit: SectionHit) -> tuple[Status, str]:
    """A part of its own with body: met when it says enough that is specific (S2: two shortcomings,
    or one with its cause), else partial, saying what it lacks."""
    rule = item.section.substance if item.section is not None else None
    if rule is None or hit.points is None:
        return Status.MET, "有专门部分且有正文"
    found = len(hit.points)
    if found >= rule.need or (found and hit.cause):
        shown = "；".join(hit.points[:3])
        why = "，并写明原因" if hit.cause and found < rule.need else ""
        return Status.MET, f"有专门部分，写明 {found} 条具体内容（{shown}）{why}"
    what = f"只写明 {found} 条具体内容" if found else "只有笼统表述，没有写明具体内容"
    cause = "，或 1 条及其原因" if rule.cause else ""
    return Status.PARTIAL, f"有专门部分，但{what}（达标需写明至少 {rule.need} 条{cause}）"


def _signature_verdicts(report: ParsedReport, ev: ItemEvidence) -> list[Evidence]:
    """The issuing unit and date the parser found, and whether the date is inside the window."""
    return _signature(report, ev.item.window or Window())[1]


def _signature(report: ParsedReport, window: Window) -> tuple[Status, list[Evidence]]:
    when, year = report.date, report.year
    if when is None:
        return Status.MISSING, []
    text = f"{report.issuer} {when.year}年{when.month}月{when.day}日".strip()

    def signed(verdict: Status, reason: str) -> tuple[Status, list[Evidence]]:
        return verdict, [Evidence(text=text, line=report.date_line, part="落款", role=Role.WORK, terms=[],
                                  verdict=verdict, reason=reason)]

    if not report.issuer:
        return signed(Status.PARTIAL, "有成文日期，但没有落款单位")
    if year is None:
        return signed(Status.PARTIAL, "无法确定报告年度")
    after = date(year, *map(int, window.after.split("-")))
    until = date(year + 1, *map(int, window.until.split("-")))
    if after < when <= until:
        return signed(Status.MET, "落款单位与成文日期齐全")
    return signed(Status.PARTIAL, f"成文日期不在 {after:%Y年%m月%d日}（不含）至 {until:%Y年%m月%d日} 之间")


def _distinct_parts(others: list[Evidence]) -> list[Evidence]:
    """Mentions that did not count, one per part, best first."""
    seen: set[tuple[str, Status]] = set()
    out = []
    for v in sorted(others, key=lambda v: (-RANK[v.verdict], v.line)):
        key = (v.part, v.verdict)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out[:SHOWN]


def _result(item: Item, status: Status, decided: list[Evidence], elsewhere: list[Evidence]) -> ItemResult:
    return ItemResult(
        id=item.id,
        title=item.title,
        group=item.group,
        status=status,
        weight=item.weight,
        earned=0.0,  # the score stage fills this in
        severity=item.severity,
        basis=item.basis,
        advice=item.advice,
        evidence=decided,
        elsewhere=elsewhere,
    )


# What judges an item of each kind (kinds.py lists the kinds).
JUDGES: dict[str, Callable[[ParsedReport, ItemEvidence], list[Evidence]]] = {
    "content": _content_verdicts,
    "section": _section_verdicts,
    "signature": _signature_verdicts,
}
