"""Stage 3 — parse parts: front matter, the heading tree, roles, sentences, signature.

Chinese reports number their parts `一、` > `（一）` > `1、`/`1.` > `（1）` > `①` > `一是`, and
often number items inside a paragraph (`一是…。二是…。`). Each part gets a role from its
heading — problems (存在的问题/不足), plans (下一步/工作打算/建议/next year), else work —
inherited by sub-parts unless they have their own. A heading naming both problems and
plans (`二、存在问题及下一步工作计划`) is decided by its sub-parts.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from ..checklist.vocabulary import Vocabulary
from ..models import Document, Finding, Line, ParsedReport, Part, Role, Segment, Sentence
from ..normalise.normalise import HEADING_MARKER

RANKS = [  # marker kind → depth in the hierarchy
    (re.compile(r"^第[一二三四五六七八九十]{1,3}(?:部分|章|节)"), 1),
    (re.compile(r"^[一二三四五六七八九十]{1,3}、"), 1),
    (re.compile(r"^（[一二三四五六七八九十]{1,3}）"), 2),
    (re.compile(r"^\d{1,2}(?:、|\.|．)"), 3),
    (re.compile(r"^（\d{1,2}）"), 4),
    (re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]"), 5),
    (re.compile(r"^[一二三四五六七八九十]{1,2}是"), 6),
]
INLINE_RANK = 7
TITLE_MAX = 32  # characters: a longer first sentence after a number is a statement, not a title
UNSTOPPED_MIN = 40  # characters: a numbered line without 。 longer than this, with 3 pauses, is a statement
BORDER = 4  # characters either side of TITLE_MAX where the call is flagged for review
CONTEXT = 300  # characters of a part's body that a heading's details are looked for in
LIST_RANK = 3  # 1. and deeper are list items rather than section titles
# an inline item (一是…) after an end mark; one at the start of a text is ITEM_MARKER's. Opening
# with the mark, not a look-behind, lets re skip to the marks instead of trying every position.
INLINE_ITEM = re.compile(r"[。；：](?=[一二三四五六七八九十]{1,2}是)")

YEAR = re.compile(r"(20\d{2})\s*年")
WORDS = re.compile(r"[^\W_]")  # a letter, digit or Han character
OPENING_YEAR = re.compile(r"(20\d{2})\s*年(?:度)?(?!以来|来|[至到—\-~－]|\d|底前)")
# an opening that starts "2024年以来，…" (no year of its own): the year the report is about
SINCE_YEAR = re.compile(r"(20\d{2})\s*年(?:度)?以?来")
SINCE_REACH = 30  # characters: where the opening's first clause ends
SENTENCE = re.compile(r"[^。！？；]*[。！？；]|[^。！？；]+")  # up to and with its end mark, or the rest
# small patterns of the functions below, compiled once (re's own cache costs a lookup a call)
PUNCTUATED = re.compile(r"[，。；：！？]")
FIRST_END = re.compile(r"[。；]")
SELF_NAMED = re.compile(r"^[我本全]")
PAUSES = re.compile(r"[，；、]")
CLAUSE_PAUSES = re.compile(r"[，；]")
LABEL_END = re.compile(r"[，：；]")
ORDINAL = re.compile(r"\d+|[一二三四五六七八九十]+")
ITEM_MARKER = re.compile(r"[一二三四五六七八九十]{1,2}是")
FIRST_SENTENCE_END = re.compile(r"[。；：]")
MAX_NESTING = 8  # heading levels: marker kinds and restarted numbering never nest deeper
SENTENCE_MAX = 500  # characters: the longest sentence in hundreds of real reports has about 300

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔［\[（【]\s*\d{4}\s*[〕］\]）】]\s*\d+\s*号")

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
DATE = re.compile(
    r"((?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})\s*[年./\-]\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[月./\-]"
    r"\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*日?"
)


def parse(doc: Document, words: Vocabulary) -> ParsedReport:
    """The report's parts and sentences; `words` is the checklist's vocabulary (heading roles, titles…)."""
    lines = list(doc.lines)
    header, title_idx = _front_matter(lines, words)
    issuer, when, date_idx = _signature(lines, title_idx, words)
    title = "".join(lines[i].text for i in title_idx)
    body_from = _preliminaries_end(lines, max([-1, *title_idx, *header]) + 1, words)
    body_to = min(date_idx) if date_idx else len(lines)
    while body_to > body_from and _furniture(lines[body_to - 1], words):
        body_to -= 1
    root, has_headings = _tree(lines[body_from:body_to], _outline(doc, lines[body_from:body_to]))
    parts = root.walk()  # the tree's shape is final: every pass below goes over this one list
    _statements_in_lists(parts)
    year = _title_year(title) or _body_year(lines[body_from:body_to]) or _year_from_date(when)
    _assign_roles(parts, year, words)
    sentences = _sentences(doc, parts, year, words)
    report = ParsedReport(
        path=doc.source.path,
        title=title,
        unit=_unit(title, issuer, words) or _unit_in_text(lines[body_from:body_to], words),
        year=year,
        date=when,
        date_line=doc.line_number(lines[date_idx[-1]].source_offset(0)) if date_idx else 0,
        issuer=issuer,
        doc_number=next((m.group() for i in header if (m := DOC_NUMBER.search(lines[i].text))), ""),
        root=root,
        sentences=sentences,
        has_headings=has_headings,
        findings=[],
        document=doc,
        title_line=doc.line_number(lines[title_idx[0]].source_offset(0)) if title_idx else 1,
    )
    report.findings = _findings(report, parts, title_idx, lines, date_idx)
    return report


def _outline(doc: Document, lines: list[Line]) -> list[int]:
    """Each line's outline level from the file's styles (0: none); a text file has none to look up."""
    levels = doc.source.outline
    if not levels:
        return [0] * len(lines)
    return [levels.get(doc.line_number(line.source_offset(0)), 0) for line in lines]


# ---------------------------------------------------------------- front matter and signature


def _front_matter(lines: list[Line], words: Vocabulary) -> tuple[list[int], list[int]]:
    """Indexes of red-header lines (文件头, 文号, 签发人) and of the title lines."""
    header: list[int] = []
    for i, line in enumerate(lines[:12]):
        text = line.text
        if HEADING_MARKER.match(text) or len(text) > 60:
            break
        header_line = words.regex("header_line").search(text) and len(text) <= 25
        if DOC_NUMBER.fullmatch(text) or header_line or _furniture(line, words):
            header.append(i)
            continue
        if words.regex("title_words").search(text) and not text.endswith(("。", "：")) and len(text) <= 60:
            title = [i]
            prev = i - 1
            if prev >= 0 and prev not in header and len(lines[prev].text) <= 30 and not _punctuated(lines[prev]):
                title.insert(0, prev)
            nxt = i + 1
            if (
                nxt < len(lines)
                and not words.regex("title_end", suffix="$").search(text)
                and len(lines[nxt].text) <= 20
                and not _punctuated(lines[nxt])
                and not HEADING_MARKER.match(lines[nxt].text)
            ):
                title.append(nxt)
            return header, title
    return header, []


def _furniture(line: Line, words: Vocabulary) -> bool:
    """A line the web page added: 发布时间, 来源, 点击率, 字号 …"""
    return len(line.text) <= 80 and bool(words.regex("page_furniture").search(line.text))


def _preliminaries_end(lines: list[Line], start: int, words: Vocabulary) -> int:
    """Where the body begins: after page furniture, an addressee line and a repeated title."""
    i = start
    while i < min(len(lines), start + 6):
        text = lines[i].text
        title_again = (
            words.regex("title_words").search(text) and len(text) <= 40
            and not _punctuated(lines[i]) and not HEADING_MARKER.match(text)
        )
        if not (_furniture(lines[i], words) or words.regex("addressee").search(text) or title_again):
            break
        i += 1
    return i


def _punctuated(line: Line) -> bool:
    return bool(PUNCTUATED.search(line.text))


def _signature(lines: list[Line], title_idx: list[int], words: Vocabulary) -> tuple[str, date | None, list[int]]:
    """Issuing unit and date among the last lines, and their indexes."""
    start = max([len(lines) - 4, *(i + 1 for i in title_idx)])
    for i in range(len(lines) - 1, max(start, 0) - 1, -1):
        text = lines[i].text
        m = DATE.search(text)
        if not m or len(text) > len(m.group()) + 20 or _punctuated(lines[i]) or _furniture(lines[i], words):
            continue
        when = _date(m)
        prefix = text[: m.start()].strip()
        if prefix and not words.regex("issuer", suffix="$").search(prefix):
            continue  # "…完成目录编制2025年6月30日": a sentence left unpunctuated, not a signature
        if prefix:
            return prefix, when, [i]
        if i > 0 and len(lines[i - 1].text) <= 30 and words.regex("issuer", suffix="$").search(lines[i - 1].text):
            return lines[i - 1].text, when, [i - 1, i]
        return "", when, [i]
    return "", None, []


def _date(m: re.Match[str]) -> date | None:
    """The date, or None when it is no date (二〇二五年一二月三日, 2月30日): reported as a finding."""
    try:
        return date(_cn_number(m.group(1), True), _cn_number(m.group(2)), _cn_number(m.group(3)))
    except ValueError:
        return None


def _cn_number(text: str, digits: bool = False) -> int:
    """12, 十二, 二十三, 十; with `digits`, 二〇二二. ValueError for anything else (一二, 十十)."""
    if text.isdigit():
        return int(text)
    if digits and all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    tens, ten, ones = text.partition("十")
    if ten and "十" not in ones and len(tens) <= 1 and len(ones) <= 1 and {tens, ones} <= {"", *CN_DIGITS}:
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    if len(text) == 1 and text in CN_DIGITS:
        return CN_DIGITS[text]
    raise ValueError(f"not a Chinese number: {text}")


def _unit_in_text(lines: list[Line], words: Vocabulary) -> str:
    """Without a title or a signature, the unit named in the first sentence: "2022年，留下街道…"."""
    first = FIRST_END.split(lines[0].text, maxsplit=1)[0][:120] if lines else ""
    for _ in range(2):  # "2023年，" then "在区委、区政府的坚强领导下，"
        first = words.regex("opening_phrase", prefix="^").sub("", first)
    m = words.regex("unit_kind", prefix=r"^([\u4e00-\u9fff（）]{1,16}?", suffix=")").match(first)
    return _unit("", m.group(1), words) if m and not SELF_NAMED.match(first) else ""


def _title_year(title: str) -> int | None:
    m = YEAR.search(title)
    return int(m.group(1)) if m else None


def _body_year(lines: list[Line]) -> int | None:
    """The year the opening names ("2024年，我镇…"), read before the first heading only: a year
    inside the parts (2022年以来…) is not the report's, and must not move with what a part says."""
    for line in lines[:3]:
        if HEADING_MARKER.match(line.text):
            return None
        m = OPENING_YEAR.search(line.text[:80]) or SINCE_YEAR.search(line.text[:SINCE_REACH])
        if m:
            return int(m.group(1))
    return None


def _year_from_date(when: date | None) -> int | None:
    if when is None:
        return None
    return when.year - 1 if when.month <= 4 else when.year


def _unit(title: str, issuer: str, words: Vocabulary) -> str:
    """The unit: what the title names before its subject (关于…, 2024年…), else the issuer; a
    township without its county prefix (临川县青禾镇 → 青禾镇), a department whole."""
    m = words.regex("title_subject").search(title)
    name = title[: m.start()] if m and m.start() > 0 else issuer
    name = words.regex("party_committee", prefix="^").sub("", name) or name  # a joint report's party committee
    name = words.regex("government_suffix", suffix="$").sub("", name.strip("，。：:"))
    town = words.regex("township_kind", prefix=r"((?:(?!${admin_level}).){1,10}?", suffix=")$").search(name)
    return town.group(1) if town else name


# ---------------------------------------------------------------- the heading tree


def _rank(text: str) -> int:
    for pattern, rank in RANKS:
        if pattern.match(text):
            return rank
    return 0


def _split_heading(text: str, rank: int) -> tuple[str, str, str, bool]:
    """(marker, heading, body on the same line, whether the heading is a title).

    A title is short: `（一）强化组织领导，夯实法治基础` or a run-in `1.强化学习。全年学法12次。`.
    A numbered line that opens with a long sentence (`一是街道党政主要负责人认真履行…职责，每年…`)
    is a statement in a list: its first words label it, and the whole line is body.
    """
    m = HEADING_MARKER.match(text)
    marker = m.group() if m else ""
    rest = text[len(marker) :].strip()
    first, sep, body = rest.partition("。")
    if not sep:
        head, colon, after = rest.partition("：")
        if colon and after and len(head) <= 20:
            return marker, head, after, True
        if _unstopped_statement(rest):
            return marker, _label(rest), rest, False
        return marker, rest, "", True
    if body.strip():
        if _title_like(first):
            return marker, first, body.strip(), True
        return marker, _label(first), rest, False
    if rank < LIST_RANK and (len(first) <= 30 or ("，" not in first and len(first) <= 60)):
        return marker, first, "", True  # a heading that ends with 。 (…第一责任人职责、…等情况。)
    return marker, _label(first), rest, False


def _title_like(text: str) -> bool:
    """Short, with at most one pause: a title, not a statement that happens to be numbered."""
    return len(text) <= TITLE_MAX and len(PAUSES.findall(text)) <= 2 and text.count("，") <= 1


def _unstopped_statement(text: str) -> bool:
    """A numbered line with no full stop that is no title: long, with several pauses. Acts run
    together with ；, or a line cut off mid-sentence where a published opening ends, are body."""
    return len(text) > UNSTOPPED_MIN and len(CLAUSE_PAUSES.findall(text)) >= 3


def _borderline(title: str) -> bool:
    """A run-in title within a few characters of the limit: title or statement is a close call."""
    return abs(len(title) - TITLE_MAX) <= BORDER


def _label(text: str) -> str:
    """The first words of a statement, to name its part in paths (not a title)."""
    first = LABEL_END.split(text, maxsplit=1)[0]
    return first if len(first) <= 30 else first[:30] + "…"


def _tree(lines: list[Line], outline: list[int]) -> tuple[Part, bool]:
    """The heading tree; `outline` gives a depth to headings without a visible marker (Word styles)."""
    root = Part(heading="", marker="", rank=0, own_role=True)
    stack = [root]
    for line, level in zip(lines, outline, strict=True):
        rank = _rank(line.text) if HEADING_MARKER.match(line.text) else 0
        if not rank and level and len(line.text) <= 60:
            rank = min(level, INLINE_RANK - 1)
        if not rank:
            _add_body(stack[-1], Segment(line, 0, len(line.text)))
            continue
        marker, heading, body, titled = _split_heading(line.text, rank)
        while stack[-1].rank >= rank:
            stack.pop()
        _nest_restart(stack, rank, marker)
        part = Part(heading, marker, rank, titled=titled, heading_line=line)
        part.borderline = bool(body) and _borderline(heading)
        stack[-1].children.append(part)
        stack.append(part)
        if body:
            _add_body(part, Segment(line, len(line.text) - len(body), len(line.text)))
    return root, len(stack) > 1 or bool(root.children)


def _nest_restart(stack: list[Part], rank: float, marker: str) -> None:
    """`一、2022年主要措施` with no body, then `一、强化领导…`: numbering that starts again under an
    empty heading makes that heading the title of a group, not an empty part."""
    siblings = stack[-1].children
    prev = siblings[-1] if siblings else None
    if prev is None or prev.rank != rank or prev.body or prev.children or not prev.titled:
        return
    if len(stack) > MAX_NESTING:  # `一、` on 400 lines is not 400 nested groups
        return
    if _ordinal(marker) is not None and _ordinal(marker) == _ordinal(prev.marker) == 1:
        prev.rank = rank - 0.5
        stack.append(prev)


def _ordinal(marker: str) -> int | None:
    m = ORDINAL.search(marker)
    if not m:
        return None
    try:
        return int(m.group()) if m.group().isdigit() else _cn_number(m.group())
    except ValueError:  # 一二、 is no ordinal
        return None


def _statements_in_lists(parts: list[Part]) -> None:
    """Sibling headings that all lack a body and end with 。 are a list of statements (`parts`: the
    whole tree, walked)."""
    for parent in parts:
        kids = [c for c in parent.children if c.heading_line is not None and c.rank < INLINE_RANK]
        one_liners = [c for c in kids if c.heading_line and c.heading_line.text.endswith("。") and _one_line(c)]
        if len(kids) < 2 or len(one_liners) < len(kids):
            continue
        for c in kids:
            if not c.body and c.heading_line is not None:
                c.heading, c.titled = _label(c.heading.split("。")[0]), False
                c.body.append(Segment(c.heading_line, len(c.marker), len(c.heading_line.text)))


def _one_line(part: Part) -> bool:
    """The part is a single line: no sub-parts, no body beyond its heading line."""
    return not part.children and all(seg.line is part.heading_line for seg in part.body)


def _add_body(part: Part, segment: Segment) -> None:
    """Body text; `一是…二是…` inside it become sub-parts of `part` (titled when the item opens
    with a short title: `一是加强组织领导。成立…`)."""
    text = segment.text
    if not WORDS.search(text):
        return  # a line of punctuation (，, ——, ……) is no body: a heading over it stays empty
    cuts = _inline_items(text, segment.start) if "是" in text else []  # (no 一是 without 是)
    if not cuts:
        part.body.append(segment)
        return
    if cuts[0] > segment.start:
        part.body.append(Segment(segment.line, segment.start, cuts[0]))
    bounds = [*cuts, segment.end]
    for a, b in pairwise(bounds):
        item = Segment(segment.line, a, b)
        marker = ITEM_MARKER.match(item.text)
        rest = item.text[marker.end() if marker else 0 :]
        first, sep, after = _first_sentence(rest)
        titled = sep in ("。", "：") and bool(after.strip()) and _title_like(first)
        heading = first if titled else _label(first)
        child = Part(heading, marker.group() if marker else "", INLINE_RANK, titled=titled, body=[item])
        child.borderline = _borderline(first)
        part.children.append(child)


def _inline_items(text: str, offset: int) -> list[int]:
    """Where each inline item (一是…二是…) of `text` starts, as offsets of the line (text's own + offset)."""
    cuts = [offset] if ITEM_MARKER.match(text) else []
    cuts += [offset + m.end() for m in INLINE_ITEM.finditer(text)]
    return cuts


def _first_sentence(text: str) -> tuple[str, str, str]:
    """(first sentence, the mark that ends it, the rest)."""
    m = FIRST_SENTENCE_END.search(text)
    return (text[: m.start()], m.group(), text[m.end() :]) if m else (text, "", "")


# ---------------------------------------------------------------- roles


def _heading_role(heading: str, report_year: int | None, words: Vocabulary) -> tuple[bool, bool, bool]:
    """(names problems, names plans, names next year's work)."""
    def says(concept: str) -> bool:
        return bool(words.regex(concept).search(heading))

    problems = says("problems_heading") and not says("action_heading")
    plans = says("plans_heading") and not says("not_plans_heading")
    m = YEAR.search(heading)
    later_year = bool(m and report_year and int(m.group(1)) > report_year)
    plans = plans or later_year
    return problems, plans, plans and (later_year or says("year_plan_heading"))


def _assign_roles(parts: list[Part], report_year: int | None, words: Vocabulary) -> None:
    """Each part's role and path, from its own heading and its parent's (set before its children's:
    `parts` is the tree walked in reading order)."""
    for parent in parts:
        for part in parent.children:
            name = f"{part.marker}{part.heading}"
            part.path = f"{parent.path} › {name}" if parent.rank else name
            _assign_role(part, parent, report_year, words)


def _assign_role(part: Part, parent: Part, report_year: int | None, words: Vocabulary) -> None:
    named = part.titled and len(part.heading) <= 40
    problems, plans, part.year_plan = _heading_role(part.heading, report_year, words) if named else (False,) * 3
    part.mixed = problems and plans
    if problems != plans:
        part.role, part.own_role = (Role.PROBLEMS if problems else Role.PLANS), True
    elif parent.mixed:
        # under 存在问题及下一步…: a sub-part that names a shortcoming is a problem, else a plan
        is_problem = words.regex("shortfall").search(part.heading)
        part.role, part.own_role = (Role.PROBLEMS if is_problem else Role.PLANS), True
    else:
        part.role = Role.PROBLEMS if part.mixed else parent.role


# ---------------------------------------------------------------- sentences


def _sentences(doc: Document, parts: list[Part], year: int | None, words: Vocabulary) -> list[Sentence]:
    next_year = f"|{year + 1}年(?!\\s*\\d{{1,2}}月)" if year else ""  # 2025年1月，… is a date, not a plan
    plan_opening = words.regex("plan_opening", prefix="^(?:", suffix=f"{next_year})")
    plan_switch = words.regex("plan_switch")
    out: list[Sentence] = []
    for part in parts:
        path, role = part.path, part.role
        if part.heading_line is not None:
            heading = part.heading_line
            part.line = doc.line_number(heading.source_offset(0))
            start = heading.text.find(part.heading)
            if part.titled and part.heading and start >= 0:
                seg = Segment(heading, start, start + len(part.heading))
                sentence = Sentence(seg.text.strip(), doc.line_number(heading.source_offset(start)), path, role,
                                    True, not part.has_body(), doc=doc, segment=seg)
                sentence.context = "".join(b.text for b in part.body)[:CONTEXT]
                out.append(sentence)
        switching = part.mixed and not part.children  # a mixed part without sub-parts turns to plans inside
        in_plans = False  # (after its first plan sentence)
        for seg in part.body:
            previous = ""  # the sentence before, in this paragraph: whose actor a subjectless one continues
            line = seg.line
            if part.line == 0:
                part.line = doc.line_number(line.source_offset(seg.start))
            text = seg.text
            plan_para = bool(plan_opening.match(text))
            # a line of one stretch was one line of the original: every sentence of it is on that line
            number = doc.line_number(line.source_offset(seg.start)) if len(line.spans) == 1 else 0
            end = seg.start
            for piece in _pieces(text):
                start, end = end, end + len(piece)
                if piece.isspace():
                    continue
                s = Sentence(piece.strip(), number or doc.line_number(line.source_offset(start)), path, role,
                             False, False, plan_para, "", previous, doc, Segment(line, start, end))
                if switching:
                    in_plans = in_plans or bool(plan_switch.search(piece))
                    s.role = Role.PLANS if in_plans else Role.PROBLEMS
                previous = s.text
                out.append(s)
    return out


def _pieces(text: str) -> list[str]:
    """Sentences, never empty; one longer than SENTENCE_MAX (no report writes one) is cut at a comma,
    so that no pattern ever runs over more than SENTENCE_MAX characters at once."""
    pieces = SENTENCE.findall(text)
    if len(text) <= SENTENCE_MAX:  # (no piece is longer than the text: the usual paragraph needs no cut)
        return pieces
    out: list[str] = []
    for piece in pieces:
        while len(piece) > SENTENCE_MAX:
            cut = piece.rfind("，", SENTENCE_MAX // 2, SENTENCE_MAX) + 1 or SENTENCE_MAX
            out.append(piece[:cut])
            piece = piece[cut:]
        out.append(piece)
    return out


# ---------------------------------------------------------------- findings


def _findings(
    report: ParsedReport, parts: list[Part], title_idx: list[int], lines: list[Line], date_idx: list[int]
) -> list[Finding]:
    found: list[Finding] = []
    for part in parts:
        if part.rank and part.rank < INLINE_RANK and part.titled and not part.has_body():
            found.append(Finding("empty_heading", part.line, f"空标题：“{part.marker}{part.heading}”下没有正文"))
    title_line = report.title_line
    if not report.title:
        found.append(Finding("no_title", 1, "未识别到报告标题"))
    elif not YEAR.search(report.title):
        found.append(Finding("no_year_in_title", title_line, f"标题未写明报告年度：“{report.title}”"))
    if report.year and report.date:
        when, year = report.date, report.year
        if when < date(year, 12, 1) or when.year > year + 1:
            found.append(
                Finding(
                    "year_date_mismatch",
                    report.date_line,
                    f"报告年度为{year}年，成文日期却是{when.year}年{when.month}月{when.day}日"
                    + ("（早于年度结束）" if when < date(year, 12, 1) else "（晚于次年）"),
                )
            )
    if report.date is None and report.date_line:
        written = lines[date_idx[-1]].text if date_idx else ""
        found.append(Finding("bad_date", report.date_line, f"落款日期无法识别：“{written}”"))
    elif report.date is None:
        found.append(Finding("no_date", 0, "文末未见落款单位和成文日期"))
    return found
