"""Stage 4 — find evidence: every sentence that mentions an item, with what a grader reads in it.

For each sentence that a rule of an item matches, a `Mention` records the matched words and
the signals the judge decides on:

- role — the part's role (work/problems/plans); within a work part, what the sentence says after
  it turns to the future (下一步/将进一步/拟/next year) is a plan, and a clause that denies or states
  a shortcoming (未/尚未/没有/有待…, see `reading`) counts as a problem;
- strength — `match` (a rule of full evidence) or `weak` (a generic claim);
- concrete — the concrete details in what was done: numbers with a measure word, 《named
  documents》, dates, channels and tools (门户网站, 执法记录仪), acts of a named leader, and
  the item's own signals;
- elements — for "at least k of" rules, which elements the sentence names;
- doubt — why the reading is borderline, when it is.

A sentence that reports a done act and then adds an intention gives two mentions: the act
(judged on what was done) and the plan.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..checklist.checklist import Item
from ..checklist.compile import CompiledChecklist
from ..checklist.kinds import KINDS
from ..checklist.matchers import ItemMatcher, RuleMatcher, SubstanceMatcher
from ..models import RANK, Finding, ParsedReport, Part, Role, Sentence, Status, short_unit
from ..parse.reading import Reader, Reading
from . import earning

ACTOR_REACH = 8  # characters from a run's start within which the item's words are its actor
HEADING_ACTOR = "句中没有写明由谁做，行为人取自上一句或所在部分的标题"
OTHER_UNIT_WHY = "写的是{}的工作，不是本单位的"
QUESTION_WHY = "这是问句，没有写做了什么"
PAST_WHY = "写的是{}的事，不是本年度的工作"
TITLE_DOUBT = "这一行较长，可能是一句陈述而不是小标题"


@dataclass
class Mention:
    """What a sentence says of an item, with the signals the judge decides on."""

    sentence: Sentence
    role: Role  # effective role of what the sentence says of the item
    strength: str  # "match" | "weak"
    terms: tuple[str, ...]
    concrete: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()
    negation: str = ""
    future: str = ""
    doubt: str = ""  # why the reading is borderline ("" when it is not)
    # the most the mention can earn, and why ("" when nothing caps it): details that are placeholders
    # (X次) earn partial at most, a line of keyword stuffing earns nothing
    cap: Status | None = None
    cap_why: str = ""
    future_kind: str = ""  # a plan that is no future: a requirement (必须…) or a supposition (如有需要…)

    def capped(self, cap: Status, why: str) -> None:
        """Earn `cap` at most, for `why` (the lowest cap wins)."""
        if self.cap is None or RANK[cap] < RANK[self.cap]:
            self.cap, self.cap_why = cap, why


@dataclass
class Hit:
    """Where a rule matched: its words and the span from the first to the last of them."""

    strength: str
    terms: tuple[str, ...]
    start: int
    end: int
    elements: tuple[str, ...] = ()
    doubt: str = ""  # why the hit is a borderline reading
    concrete: re.Pattern[str] | None = None  # the rule's own details, if it has any


class SectionHit(NamedTuple):
    """A part that a section item looks for."""

    path: str
    line: int
    role: Role
    has_body: bool
    review: str = ""  # why the part's heading may not be a title
    points: tuple[str, ...] | None = None  # the specific points of its body (None: the item asks for none)
    cause: str = ""  # the sentence of its body that gives a cause


@dataclass
class ItemEvidence:
    item: Item
    mentions: list[Mention] = field(default_factory=list)
    sections: list[SectionHit] = field(default_factory=list)


def find_evidence(report: ParsedReport, checklist: CompiledChecklist) -> list[ItemEvidence]:
    # this report's reader: what it reads and finds, each once; its own unit tells another's work
    reader = Reader(checklist.words, report.year, short_unit(report.unit or ""))
    sentences = report.sentences
    # all items' anchors at once; a sentence's actor may be named in the sentence before or a heading
    candidates = checklist.scanner.candidates([s.text for s in sentences], _before(sentences),
                                              [s.part for s in sentences])
    parts = [part for part in report.root.walk() if part.rank]
    bodies = Bodies(sentences)
    found = []
    for item in checklist.checklist.items:
        ev = ItemEvidence(item)
        matcher, kind = checklist.matchers[item.id], KINDS[item.check]
        if kind.parts and item.section is not None:
            ev.sections = _sections(report.root, parts, item, matcher, bodies)
        if kind.sentences:
            for i, mask in candidates.get(item.id, ()):
                ev.mentions += _mentions_in(report.sentences[i], item, matcher, checklist, reader, mask)
        found.append(ev)
    _earned_only(report, checklist, reader, found)
    return found


def _earned_only(report: ParsedReport, checklist: CompiledChecklist, reader: Reader, found: list[ItemEvidence]) -> None:
    """Caps on what reads like work but is no report of an act (earning.py): a bare item title, an
    act about another field, the tool's own advice, and keyword stuffing (a `keyword_stuffing`
    finding with its lines)."""
    index = {id(s): n for n, s in enumerate(report.sentences)}
    claims: dict[int, earning.Claims] = {}
    headed: dict[int, earning.Claims] = {}  # the same of headings: a heading may be a list of names too
    read: dict[int, tuple[str, bool]] = {}  # each sentence's title and whether it repeats the advice, once
    listing: dict[int, list[tuple[str, Mention]]] = {}  # sentences that list acts with 、: their mentions
    worded = earning.Worded()  # and its wording, for these and the stuffing rules
    names = _bare_names(report, checklist, found, index, reader)
    for ev in found:
        matcher = checklist.matchers[ev.item.id]
        for m in ev.mentions:
            s = m.sentence
            if s.heading and m.role is Role.WORK and not KINDS[ev.item.check].parts:
                # (a structure item's heading is its part: 存在的问题 names S2 and is no claim of work)
                headed.setdefault(index[id(s)], {}).setdefault(ev.item.id, set()).update(m.terms[:1])
            if s.heading or m.role is not Role.WORK:
                continue
            n = index[id(s)]
            claims.setdefault(n, {}).setdefault(ev.item.id, set()).update(m.terms[:1])
            if m.concrete and "、" in s.text:
                listing.setdefault(n, []).append((ev.item.id, m))
            if n not in read:
                read[n] = (earning.bare_title(s.text, checklist.title_forms, reader.counted, worded),
                           earning.repeats_advice(s.text, checklist.advice_pieces, worded))
            title, advice = read[n]
            if title:
                m.capped(Status.MISSING, earning.TITLE_WHY.format(title))
            elif n in names:
                m.capped(Status.MISSING, earning.NAME_WHY.format(names[n]))
            if matcher.other_topics is not None and (other := _other_topic(matcher, s.text)):
                m.capped(Status.MISSING, earning.TOPIC_WHY.format(other))
            if advice and not m.doubt:
                m.doubt = earning.OWN_WORDS
            if advice and (left := earning.not_filled_in(s.text, reader.placeholder, reader.instruction)):
                m.capped(Status.MISSING, earning.ADVICE_WHY.format(left))
    _borrowed(listing, claims, reader.listed_act)
    _totalled(listing, claims, reader.counted)
    _copied(report, checklist, found, reader)
    _stuffed(report, checklist, found, claims, reader, worded)
    _stuffed_headings(report, found, headed, reader, worded)
    _naming_headings(report, checklist, found, headed, index, reader)


def _copied(report: ParsedReport, checklist: CompiledChecklist, found: list[ItemEvidence], reader: Reader) -> None:
    """The checklist's own examples copied into the report (COPIES of them or more: a writer may take
    the phrasing of one or two): the tool's words, not the unit's work, earn nothing."""
    copies: dict[int, str] = {}
    for ev in found:
        for m in ev.mentions:
            n = id(m.sentence)
            if n not in copies and not m.sentence.heading and m.role is Role.WORK:
                copies[n] = earning.copied_example(m.sentence.text, reader.own_name, checklist.examples,
                                                   checklist.example_pieces)
    if len(set(copies.values()) - {""}) < earning.COPIES:
        return
    for ev in found:
        for m in ev.mentions:
            if example := copies.get(id(m.sentence)):
                m.capped(Status.MISSING, earning.COPY_WHY.format(example))
                m.doubt = earning.COPY_WHY.format(example)


def _bare_names(
    report: ParsedReport, checklist: CompiledChecklist, found: list[ItemEvidence], index: dict[int, int],
    reader: Reader,
) -> dict[int, str]:
    """The work sentences that are only names (述职述法。), by index: made of the words of the rules of the
    items found in them (all together: 述职述法、法治讲座。 is two names) and words that say nothing
    done. A mention of several words (an actor and an act) reports an act: its sentence is no name."""
    items: dict[int, set[str]] = {}
    acts: set[int] = set()
    for ev in found:
        for m in ev.mentions:
            if not m.sentence.heading and m.role is Role.WORK:
                n = index[id(m.sentence)]
                items.setdefault(n, set()).add(ev.item.id)
                if len(m.terms) > 1:
                    acts.add(n)
    names = {}
    for n, ids in items.items():
        if n in acts:
            continue
        if name := earning.bare_name(report.sentences[n].text, _name_words(checklist, reader, ids), reader.says_more):
            names[n] = name
    return names


def _borrowed(
    listing: dict[int, list[tuple[str, Mention]]], claims: dict[int, earning.Claims], act: re.Pattern[str]
) -> None:
    """A detail belongs to its claim: in a sentence that lists acts with 、 (聘请了法律顾问、…、落实了…
    法制审核制度), a detail that lies only in the piece of another item's claim is not this item's."""
    for n, mentions in listing.items():
        if len(claims[n]) < 2:
            continue
        text = mentions[0][1].sentence.text
        pieces = earning.pieces(text, act)
        if len(pieces) < 2:
            continue
        for item, m in mentions:
            others = [t for other, terms in claims[n].items() if other != item for t in terms]
            if borrowed := earning.borrowed(text, pieces, m.terms, others, m.concrete):
                m.concrete = ()
                m.capped(Status.PARTIAL, earning.BORROWED_WHY.format("、".join(borrowed[:3])))


def _totalled(
    listing: dict[int, list[tuple[str, Mention]]], claims: dict[int, earning.Claims], count: re.Pattern[str]
) -> None:
    """A detail belongs to its claim: one count after a list of LISTED items or more closed by 等
    (开展法治讲座、年终述法、执法公示等工作38次) is their total, a detail of none of them."""
    for n, mentions in listing.items():
        text = mentions[0][1].sentence.text
        if "等" not in text or earning.distinct(claims[n]) < earning.LISTED:
            continue
        for start, end, total in earning.totalled(text, count):
            listed = {item: terms for item, terms in claims[n].items() if any(t in text[start:end] for t in terms)}
            if len(listed) < earning.LISTED or earning.distinct(listed) < earning.LISTED:
                continue
            for item, m in mentions:
                if item in listed and all(d in total for d in m.concrete):
                    m.concrete = ()
                    m.capped(Status.PARTIAL, earning.TOTALLED_WHY.format(total))


def _other_topic(matcher: ItemMatcher, text: str) -> str:
    """The other field the sentence is about, when it names one and not the item's own topic."""
    other = matcher.other_topics.search(text) if matcher.other_topics is not None else None
    if other is None or (matcher.topic is not None and matcher.topic.search(text)):
        return ""
    return other.group()


def _stuffed(
    report: ParsedReport, checklist: CompiledChecklist, found: list[ItemEvidence], claims: dict[int, earning.Claims],
    reader: Reader,
    worded: earning.Worded,
) -> None:
    stuffed: dict[int, tuple[int, set[str]]] = {}
    found_stuffing = earning.stuffing(report.sentences, claims, reader.counted, reader.roll_call, worded)
    taken = {n for _, members, _ in found_stuffing for n in members}
    words = {item: (*checklist.rule_words[item], *reader.filler) for item in {i for c in claims.values() for i in c}}
    found_stuffing += earning.templated(report.sentences, claims, reader.counted, words, taken)
    for line, members, items in found_stuffing:
        _stuffing_finding(report, line, items)
        stuffed.update((n, (line, items)) for n in members)
    if not stuffed:
        return
    index = {id(s): n for n, s in enumerate(report.sentences)}
    texts = [report.sentences[n].text for n in stuffed]
    hollow = _hollow_parts(report, texts)
    for ev in found:
        for m in ev.mentions:
            hit = stuffed.get(index[id(m.sentence)])
            if hit is not None and not m.sentence.heading and m.role is Role.WORK:
                why = earning.STUFFING_WHY.format(line=hit[0], others=len(hit[1]) - 1)
                m.capped(Status.MISSING, why)
                m.doubt = why
            elif m.sentence.heading and m.sentence.part in hollow:
                m.capped(Status.MISSING, earning.STUFFED_BODY_WHY)
            elif m.sentence.heading and _only_stuffing(m.sentence.context, texts):
                m.capped(Status.PARTIAL, earning.STUFFED_DETAIL_WHY)  # (as a heading whose own body is empty)
            elif m.sentence.heading and m.concrete and not _details_besides(m, texts):
                m.capped(Status.PARTIAL, earning.STUFFED_DETAIL_WHY)
        ev.sections = [hit._replace(has_body=False) if hit.path in hollow else hit for hit in ev.sections]


def _stuffing_finding(report: ParsedReport, line: int, items: set[str]) -> None:
    listed = earning.STUFFING_FINDING.format(line=line, n=len(items), items="、".join(sorted(items)))
    report.findings.append(Finding(earning.FINDING, line, listed))


def _stuffed_headings(
    report: ParsedReport, found: list[ItemEvidence], headed: dict[int, earning.Claims], reader: Reader,
    worded: earning.Worded,
) -> None:
    """A heading that lists the names of many items (1.第一责任人、述法、法律顾问、…) is no part about any of
    them: its mentions earn nothing and it is no item's own part. What is written under it still counts."""
    lines: dict[int, set[str]] = {}
    for n, claims in headed.items():
        s = report.sentences[n]
        if earning.stuffed_sentence(s.text, claims, reader.roll_call, worded) or earning.listed_heading(
                s.text, claims):
            lines.setdefault(s.line, set()).update(claims)
    for line, items in lines.items():
        _stuffing_finding(report, line, items)
    if not lines:
        return
    for ev in found:
        for m in ev.mentions:
            if m.sentence.heading and m.sentence.line in lines:
                why = earning.STUFFED_HEADING_WHY.format(line=m.sentence.line, n=len(lines[m.sentence.line]))
                m.capped(Status.MISSING, why)
                m.doubt = why
        ev.sections = [hit for hit in ev.sections if hit.line not in lines]


def _naming_headings(
    report: ParsedReport, checklist: CompiledChecklist, found: list[ItemEvidence], headed: dict[int, earning.Claims],
    index: dict[int, int], reader: Reader,
) -> None:
    """A heading that only names items — several (（二）执法公示、全过程记录、法制审核) or one, bare
    (（四）述法) — earns from its body, and what the body says is an item's only when the body speaks of
    that item itself: one count of penalty cases under such a heading is no detail of every name above
    it, nor is 全年开展5次 under （三）法律顾问 (the item is a generic claim at most). STUFF_RUN such
    headings of different items over bodies that never speak of them are a list of names set out as
    parts: they earn nothing, as keyword stuffing."""
    if not headed:
        return
    spoken = {ev.item.id: {m.sentence.part for m in ev.mentions if not m.sentence.heading} for ev in found}
    # (a heading whose body speaks of each of its items is read as it is, whatever its words)
    naming = {n: claims for n, claims in headed.items()
              if any(report.sentences[n].part not in spoken[i] for i in claims)
              and _names_items(report.sentences[n], claims, checklist, reader)}
    if not naming:
        return
    silent = {n for n, claims in naming.items() if not any(report.sentences[n].part in spoken[i] for i in claims)}
    run = len({frozenset(naming[n]) for n in silent}) >= earning.STUFF_RUN
    if run:
        _stuffing_finding(report, min(report.sentences[n].line for n in silent),
                          set().union(*(naming[n] for n in silent)))
    lines = {report.sentences[n].line for n in silent} if run else set()
    for ev in found:
        for m in ev.mentions:
            n = index[id(m.sentence)] if m.sentence.heading else -1
            if n not in naming or m.sentence.part in spoken[ev.item.id]:
                continue
            m.concrete = ()
            if n in silent and run:
                m.capped(Status.MISSING, earning.NAMED_PARTS_WHY)
                m.doubt = earning.NAMED_PARTS_WHY
            else:
                m.capped(Status.PARTIAL, earning.LISTED_HEADING_WHY)
        ev.sections = [hit for hit in ev.sections if hit.line not in lines]


def _names_items(heading: Sentence, claims: earning.Claims, checklist: CompiledChecklist, reader: Reader) -> bool:
    """Whether a heading only names items — several joined as a list, or one bare name (述法, 法律顾问) — or
    stands over a body of a few words and a count (（四）扎实落实年终述法⏎全年开展2次。), which can be no
    more than the heading's name again."""
    text = heading.text
    if earning.distinct(claims) >= LISTING_HEADING and earning.LIST_JOINS.search(text):
        return True
    if heading.context and earning.telegraphic(heading.context, reader.counted):
        return True
    return bool(earning.bare_name(text, _name_words(checklist, reader, claims), reader.says_more))


def _name_words(checklist: CompiledChecklist, reader: Reader, items: Iterable[str]) -> list[frozenset[str]]:
    """What a bare name of `items` is made of: the words of their rules, and words that say nothing done."""
    return [reader.filler, *(checklist.rule_words[i] for i in sorted(items))]


LISTING_HEADING = 2  # claims of a heading that names several items


def _hollow_parts(report: ParsedReport, stuffed: list[str]) -> set[str]:
    """The parts whose body (their sub-parts' too) is only stuffing: a heading earns from its body,
    and stuffing under it is no body, as if the heading were empty."""
    hollow = set()
    for part in report.root.walk():
        if not part.rank or not part.has_body():
            continue
        body = "".join(segment.text for p in part.walk() for segment in p.body)
        if _only_stuffing(body, stuffed):
            hollow.add(part.path)
    return hollow


def _only_stuffing(body: str, stuffed: list[str]) -> bool:
    return any(text in body for text in stuffed) and not earning.wording(_without(body, stuffed))


def _details_besides(m: Mention, stuffed: list[str]) -> bool:
    """Whether a heading's details are in the heading or in its body outside the stuffed sentences."""
    body = _without(m.sentence.context, stuffed)
    return any(d in m.sentence.text or d in body for d in m.concrete)


def _without(text: str, stuffed: list[str]) -> str:
    for sentence in stuffed:
        text = text.replace(sentence, "")
    return text


def _before(sentences: list[Sentence]) -> list[int]:
    """For each sentence, the index of the sentence before it in its paragraph: -1 when it opens
    the paragraph, -2 when that sentence is not the one listed before it (never, as parse lists them)."""
    return [-1 if not s.previous else n - 1 if n and sentences[n - 1].text == s.previous else -2
            for n, s in enumerate(sentences)]


def _sections(root: Part, parts: list[Part], item: Item, matcher: ItemMatcher, bodies: Bodies) -> list[SectionHit]:
    """The parts (`parts`: every part below `root`) that the section item looks for, with the
    specific points of their body when the item asks for substance."""
    rule = item.section
    assert rule is not None
    top = {id(part) for part in root.children}
    hits = []
    for part in parts:
        by_role = rule.role is not None and (
            (part.role == rule.role and (part.own_role or id(part) in top))
            or (part.mixed and not part.children and rule.role in (Role.PROBLEMS, Role.PLANS))
        )
        by_heading = part.titled and matcher.heading is not None and bool(matcher.heading.search(part.heading))
        if by_role or by_heading:
            doubt = TITLE_DOUBT if by_heading and part.borderline else ""
            points, cause = None, ""
            if matcher.substance is not None:
                role = rule.role or part.role
                points, cause = bodies.substance(matcher.substance, part.path, role)
            hits.append((part, SectionHit(part.path, part.line, part.role, part.has_body(), doubt, points, cause)))
    if rule.role is Role.PLANS:  # next year's work (五、2025年工作安排) is shown before suggestions (四、意见建议)
        hits.sort(key=lambda found: not found[0].year_plan)
    return [hit for _, hit in hits]


class Bodies:
    """The sentences of each part's body, found by the part's path through an index made once, and
    what a substance rule reads in them, once per path: a report that repeats its headings has many
    parts of one path, each of whose bodies is all of theirs (40,000 short lines repeating one
    report's headings made this quadratic: 2,700 parts, each scanning 57,000 sentences)."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.of_part: dict[str, list[int]] = {}
        for n, s in enumerate(sentences):
            self.of_part.setdefault(s.part, []).append(n)
        self.paths = sorted(self.of_part)
        self.read: dict[tuple[int, str, Role], tuple[tuple[str, ...], str]] = {}

    def texts(self, path: str, role: Role) -> list[str]:
        """The sentences of a part and its sub-parts that have the role (a mixed part holds both
        problems and plans), without the part's own heading, in the report's order."""
        below = path + " › "
        at = bisect.bisect_left(self.paths, below)
        end = bisect.bisect_left(self.paths, below + "\U0010ffff", at)
        found = [n for n in self.of_part.get(path, ()) if not self.sentences[n].heading]
        for sub in self.paths[at:end]:
            found += self.of_part[sub]
        return [self.sentences[n].text for n in sorted(found) if self.sentences[n].role is role]

    def substance(self, rule: SubstanceMatcher, path: str, role: Role) -> tuple[tuple[str, ...], str]:
        key = (id(rule), path, role)
        if key not in self.read:
            self.read[key] = rule.read(self.texts(path, role))
        return self.read[key]


def _mentions_in(
    sentence: Sentence, item: Item, matcher: ItemMatcher, checklist: CompiledChecklist, reader: Reader,
    mask: bool = True,
) -> list[Mention]:
    """What the sentence did of the item (before it turns to plans), and what it plans; `mask`:
    whether the sentence may hold a phrase the item excludes (the anchor pass knows when it cannot)."""
    text = _masked(sentence.text, matcher) if mask else sentence.text
    # An item with anchors comes here only for a sentence that holds the words of one way its rules
    # match: the pre-test would mostly repeat that. One without is handed every sentence.
    if matcher.anchors is None and not matcher.could_match(text):
        return []
    reading = reader.read(sentence.text)
    context = ""  # a heading's details are in its body, up to where that turns to plans
    if sentence.context:
        context = _masked(sentence.context, matcher)[: reader.plans_from(sentence.context)]
    actor = _implied_actor(sentence, reader) if reading.subjectless and matcher.subject else ""
    names = earning.studied_names(text, reader.name_reference)  # 学习了《…》: their words are titles
    if "“" in text or "「" in text:  # 学习“…”的要求: their words are the quoted text's
        names += earning.cited_quotes(text, reader.quote_before, reader.quote_after)
    done = _done(sentence, item, matcher, checklist, reader, text, reading, context, actor, names)
    plan = _planned(sentence, matcher, text, reading, actor, after_done=done is not None, names=names)
    if done is not None and plan is not None and not done.concrete:
        return [plan]  # 高度重视法律顾问工作，拟聘请…: a generic claim that only leads into the plan
    return [m for m in (done, plan) if m is not None]


def _implied_actor(sentence: Sentence, reader: Reader) -> str:
    """Who acts in a sentence without a subject: the actor that opens the last run of the sentence
    before it in the paragraph (镇党委书记切实履行职责。全年专题研究法治工作4次。), or the part's
    heading. A name inside the sentence before (完善以书记为核心的委员会) is not its subject."""
    actor = ""
    if sentence.previous:
        before = reader.read(sentence.previous)
        start = before.runs[-1][0]
        if start > 0 or not before.subjectless:
            actor = sentence.previous[start : start + ACTOR_REACH + 4]
    return f"{actor}。{sentence.part}"


def _done(
    sentence: Sentence, item: Item, matcher: ItemMatcher, checklist: CompiledChecklist, reader: Reader,
    text: str, reading: Reading, context: str, actor: str, names: list[tuple[int, int]],
) -> Mention | None:
    """The item in what the sentence reports as done: the first full match with concrete details,
    else the first full match, else the first generic one. What another township did (白云镇聘请…) is
    looked past: the item found only there is that unit's work, and says so."""
    others = reader.other_units(reading) if reading.others else []
    searched = _blanked(text, others) if others else text
    best, concrete = _best(sentence, item, matcher, checklist, reader, searched, reading, context, actor, names)
    other = ""
    if best is None and others:
        best, concrete = _best(sentence, item, matcher, checklist, reader, text, reading, context, actor, names)
        other = next((unit for a, end, unit in others if a <= best.start <= end), "") if best else ""
    if best is None:
        return None
    cut = reading.plan_from
    negation = reading.negation_at(best.start, reader)
    plan = "下一步" if sentence.plan_context else ""
    role = _effective_role(sentence, bool(plan), bool(negation))
    doubt = best.doubt if (best.strength == "weak" or concrete) else ""  # only where it earns credit
    mention = Mention(sentence, role, best.strength, best.terms, concrete, best.elements, negation, plan, doubt)
    if reader.may_fill.search(text, 0, cut) and (placeholder := reader.placeholder.search(text, 0, cut)):
        mention.concrete = ()
        mention.capped(Status.PARTIAL, f"数字没有填写（{placeholder.group()}），不是具体内容")
    if reading.question and not sentence.heading:  # (a heading that asks introduces its body)
        mention.capped(Status.MISSING, QUESTION_WHY)
    if other:
        mention.capped(Status.MISSING, OTHER_UNIT_WHY.format(other))
    if reading.past and not sentence.heading:
        mention.capped(Status.MISSING, PAST_WHY.format(reading.past))
    return mention


def _best(
    sentence: Sentence, item: Item, matcher: ItemMatcher, checklist: CompiledChecklist, reader: Reader,
    text: str, reading: Reading, context: str, actor: str, names: list[tuple[int, int]],
) -> tuple[Hit | None, tuple[str, ...]]:
    """The hit `_done` reports, with its details."""
    cut = reading.plan_from
    best: Hit | None = None
    concrete: tuple[str, ...] = ()
    for hit in _hits(matcher, text[:cut], reading, sentence.part, actor):
        if names and earning.inside(names, text, hit.start, hit.end):
            continue  # the title of a document studied or followed, not an act of the item
        # The item as the actor of a run (法律顾问参与…): what others did before is not its detail;
        # as an object (成立以…为组长的领导小组), the whole sentence may be about it.
        start = reading.run_start(hit.start)
        start = start if hit.start - start <= ACTOR_REACH else 0
        details = _concrete(text[start:cut] + context, item, matcher, checklist, reader, hit.concrete)
        if best is None or (details and not concrete and hit.strength == best.strength):
            best, concrete = hit, details
        if concrete or hit.strength == "weak":
            break
    return best, concrete


def _blanked(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The text with the spans blanked out (same length, so positions hold)."""
    for a, end, _ in spans:
        text = text[:a] + "□" * (min(end, len(text)) - a) + text[end:]
    return text


def _planned(
    sentence: Sentence, matcher: ItemMatcher, text: str, reading: Reading, actor: str, after_done: bool,
    names: Sequence[tuple[int, int]] = (),
) -> Mention | None:
    """The item in what the sentence plans (from its first future clause on); when nothing was
    done, a match whose words straddle the turn (镇党委书记，下一步将主持召开…) counts too."""
    if reading.plan_from >= len(text):
        return None
    hits = _hits(matcher, text, reading, sentence.part, actor, reading.plan_from if after_done else 0)
    hit = next((h for h in hits if not (names and earning.inside(names, text, h.start, h.end))), None)
    if hit is None:
        return None
    role = sentence.role if sentence.role is not Role.WORK else Role.PLANS
    return Mention(sentence, role, hit.strength, hit.terms, elements=hit.elements,
                   future=reading.plan_marker, future_kind=reading.plan_kind, doubt=reading.doubt)


def _hits(matcher: ItemMatcher, text: str, reading: Reading, part: str, actor: str, start: int = 0) -> Iterator[Hit]:
    """Every match of the item's rules in `text` from `start`, full rules (and counted elements) first.
    `actor` is who acts when the sentence names no one (see `_implied_actor`)."""
    for strength, rules in (("match", matcher.match), ("weak", matcher.weak)):
        for rule in rules:
            if rule.single is not None:  # most rules: one pattern over the sentence, one search (no generator)
                if m := rule.single.search(text, start):
                    yield Hit(strength, (m.group(),), m.start(), m.end(), (), rule.review, rule.concrete)
            else:
                yield from _rule_hits(rule, text, reading, strength, start, actor)
        if strength == "match" and matcher.count is not None and (elements := _elements(matcher, text[start:], part)):
            spans = [m.span() for name in elements if (m := matcher.count.elements[name].search(text, start))]
            yield Hit("match", tuple(elements), min(a for a, _ in spans), max(b for _, b in spans), tuple(elements))


def _rule_hits(
    rule: RuleMatcher, text: str, reading: Reading, strength: str, start: int, actor: str
) -> Iterator[Hit]:
    if rule.scope == "sentence":  # most rules: one scope, searched as it is (no pre-test to repeat it)
        scopes: Sequence[tuple[int, int]] = ((start, len(text)),)
    elif not rule.possible(text, start):
        return  # a pattern that misses the whole text misses every clause of it
    else:
        scopes = _scopes(rule.scope, len(text), reading, start)
    for a, b in scopes:
        doubt = rule.review
        if rule.scope == "subject":
            found = _actor_first(rule.patterns, text, a, b)
            if not all(found):
                if not _actor_names_the_rest(rule, reading, a, found, actor):
                    continue
                found, doubt = [m for m in found if m is not None], doubt or HEADING_ACTOR
            matches = [m for m in found if m is not None]
        else:
            matches = _all_in(rule.patterns, text, a, b)
        if not matches:
            continue
        terms: tuple[str, ...]
        if len(matches) == 1:  # the common case, without the generic set-up
            terms, span = (matches[0].group(),), matches[0].span()
        else:
            terms = tuple(dict.fromkeys([m.group() for m in matches]))
            span = min([m.start() for m in matches]), max([m.end() for m in matches])
        yield Hit(strength, terms, span[0], span[1], (), doubt, rule.concrete)


def _all_in(patterns: tuple[re.Pattern[str], ...], text: str, a: int, b: int) -> list[re.Match[str]]:
    """A match of every pattern within text[a:b], or [] as soon as one pattern has none."""
    found = []
    for pattern in patterns:
        m = pattern.search(text, a, b)
        if m is None:
            return []
        found.append(m)
    return found


def _actor_first(patterns: tuple[re.Pattern[str], ...], text: str, a: int, b: int) -> list[re.Match[str] | None]:
    """A `subject` rule's first condition is the actor and its second what the actor did: the act
    comes after the actor (镇长主持召开…) or around it (召开法治专题党委会议) — 听取…，主要负责人为第一
    责任人 is not the leader listening. Further conditions (a topic) may be anywhere in the run."""
    found = [p.search(text, a, b) for p in patterns]
    actor = found[0]
    if actor is None or len(patterns) < 2:
        return found
    act = patterns[1].search(text, actor.start(), b)
    around = found[1]
    if act is None and around is not None and around.start() <= actor.start() < around.end():
        act = around
    return [actor, act, *found[2:]]


def _actor_names_the_rest(
    rule: RuleMatcher, reading: Reading, run: int, found: list[re.Match[str] | None], actor: str
) -> bool:
    """A sentence without a subject continues the actor before it: 印发《…工作要点》 under
    三、主要负责人履行…职责情况 is the leaders' act, and so is 全年专题研究法治工作4次 after a sentence
    whose subject is 镇党委书记. Only for `subject` rules, on the sentence's first run."""
    if rule.scope != "subject" or run != 0 or not reading.subjectless or found[0] is not None:
        return False
    # only the first condition, the actor, may come from elsewhere; what was done must be here
    return all(found[1:]) and bool(rule.patterns[0].search(actor))


def _scopes(scope: str, length: int, reading: Reading, start: int) -> list[tuple[int, int]]:
    """Where all of a rule's conditions must hold below the sentence: each clause, or each actor's run."""
    spans = reading.clauses if scope == "clause" else reading.runs
    return [(max(a, start), min(b, length)) for a, b in spans if max(a, start) < min(b, length)]


def _concrete(
    text: str, item: Item, matcher: ItemMatcher, checklist: CompiledChecklist, reader: Reader,
    rule: re.Pattern[str] | None = None,
) -> tuple[str, ...]:
    found = list(reader.found(checklist.concrete, text)) if item.global_concrete else []
    for pattern in (matcher.concrete, rule):
        if pattern is not None:
            found += reader.found(pattern, text)
    return tuple(dict.fromkeys(found)) if len(found) > 1 else tuple(found)


def _masked(text: str, matcher: ItemMatcher) -> str:
    """The sentence with excluded phrases blanked out (same length, so positions hold)."""
    if matcher.exclude is None:
        return text
    return matcher.exclude.sub(lambda m: "□" * len(m.group()), text)


def _elements(matcher: ItemMatcher, text: str, part: str) -> list[str]:
    """Elements named in a sentence whose own words or part headings give the context."""
    rule = matcher.count
    if rule is None:
        return []
    if rule.context is not None and not rule.context.search(text + part):
        return []
    return [name for name, pattern in rule.elements.items() if pattern.search(text)]


def _effective_role(sentence: Sentence, future: bool, negated: bool) -> Role:
    if sentence.role is not Role.WORK:
        return sentence.role
    if future or sentence.plan_context:
        return Role.PLANS
    if negated:
        return Role.PROBLEMS
    return Role.WORK
