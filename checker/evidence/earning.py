"""What earns no credit (docs/earning.md): claims that read like work to a pattern but are
not the report of an act.

Applied to the mentions the evidence stage found, before the judge sees them:

- **a title is not an act** — a sentence that is only an item's title (配备政府法律顾问（公职律师）。)
  evidences nothing; words inside the title of a law or document that was
  studied, forwarded or followed (学习了《关于推行法律顾问制度…的意见》) are the document's, not an
  act of the item (`studied_names`, used while matching);
- **the tool's own words** — a sentence that repeats an item's advice is flagged 待复核
  ("与核查建议措辞一致"); still in the advice's shape — its placeholders left (X次) or its
  instructions (写明…, 哪些) — it earns nothing;
- **a topic of its own** — an item's act about another field only (a leader's 安全生产 meeting for
  A1) earns nothing for the item (the item's `topic`);
- **a quotation is not an act** — words inside a long quotation cited as a requirement or studied
  (学习…“各级政府聘请法律顾问，审核合同…”的要求) are the quoted text's (`cited_quotes`);
- **a detail belongs to its claim** — in a sentence that lists acts with 、, a detail that lies only in
  another item's piece (聘请了法律顾问、…、落实了…法制审核制度: 法律顾问 is C1's) is not B3's (`borrowed`);
  a line or sentence that claims many items at once earns
  nothing for any of them, and the report gets a `keyword_stuffing` finding (`stuffing`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from ..checklist.prefilter import consumed_characters
from ..checklist.wording import NAME, SHINGLE, TITLE_MIN, generic, wording
from ..models import Sentence

OWN_WORDS_SHARE = 0.6  # share of a sentence's pieces found in the advice for it to repeat the advice
OWN_WORDS_MIN = 3  # pieces (every third) a sentence needs before it is compared (a short one repeats by chance)
TITLE_SENTENCE = 40  # characters of the longest sentence that can be a bare title
OWN_WORDS = "与核查建议措辞一致：这句话重复了清单的建议，请核对是否写的是本单位的实际工作"
ADVICE_WHY = "与核查建议措辞一致，且仍是建议的样子（{}）：是清单怎么写的提示，不是本单位做了什么，不计分"


class Worded(dict[str, str]):
    """The wording of texts, each worked out once a report: the rules below compare a sentence by
    its wording several times (its line's length, its own, the advice's pieces)."""

    def __missing__(self, text: str) -> str:
        words = self[text] = wording(text)
        return words


def bare_title(text: str, forms: tuple[tuple[str, str], ...], count: re.Pattern[str], worded: Worded) -> str:
    """The title (as written) that the sentence is and nothing more ("" when it says more). With a
    count it says more: 开展普法宣传活动8场 reports an act in the words of E1's title."""
    if len(text) > TITLE_SENTENCE:
        return ""  # (most sentences: no title is that long)
    core = worded[text]
    if len(core) < TITLE_MIN:
        return ""
    title = next((title for form, title in forms if core in form), "")
    return "" if title and count.search(text) else title  # (a count's long pattern run only on a title)


BARE_NAME = 12  # characters (wording) of the longest sentence that can be a bare name


def bare_name(text: str, words: Sequence[frozenset[str]], plain: re.Pattern[str]) -> str:
    """The sentence (as written) when it is made only of `words` — those of the rules that found items
    in it, and words that say nothing done (the unit, 工作, 情况): 述职述法。, 法治讲座。 — a name, with no
    actor, no act done, no count, no date. `plain` finds what says more: an actor who acts, a count, a
    done mark (了, 已). "" when the sentence says more (开展述法。: 开展 is no word of A4's rules)."""
    if len(text) > 2 * BARE_NAME or "《" in text:
        return ""  # (most sentences: too long to be a name)
    core = wording(text)
    if not core or len(core) > BARE_NAME or plain.search(text):
        return ""
    return text.strip().rstrip("。.！!；;") if _made_of(core, words) else ""


def _made_of(text: str, words: Sequence[frozenset[str]]) -> bool:
    """Whether `text` splits into `words` (a sentence of a dozen characters: every split is tried)."""
    longest = max((len(w) for group in words for w in group), default=0)
    reach = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reach[end] = any(reach[start] and any(text[start:end] in group for group in words)
                         for start in range(max(0, end - longest), end))
    return reach[-1]


def repeats_advice(text: str, advice: frozenset[str], worded: Worded) -> bool:
    """Whether most of the sentence's wording is the wording of the checklist's advice (its pieces
    looked up at every third character: the share is the same, at a third of the cost)."""
    words = wording(NAME.sub("", text)) if "《" in text else worded[text]
    starts = range(0, len(words) - SHINGLE + 1, 3)
    if len(starts) < OWN_WORDS_MIN:
        return False
    # Most sentences are no advice: looked up until they miss more pieces than a repeat can (the
    # same answer as counting them all: at least ⌈share × pieces⌉ found is the share or more).
    misses_left = len(starts) - math.ceil(OWN_WORDS_SHARE * len(starts))
    for i in starts:
        if words[i : i + SHINGLE] not in advice:
            misses_left -= 1
            if misses_left < 0:
                return False
    return True


COPY_SHARE = 0.8  # share of a sentence's pieces found in one example for it to be that example copied
COPY_MIN = 16  # characters of wording a copied sentence has at least (short standard phrases coincide)
COPIES = 3  # examples a report copies before its copies earn nothing (a writer may take the phrasing of one or two)
COPY_WHY = "与清单示例一致：这句话是核查清单的示例（{}），报告抄了清单的示例，不计分"


def copied_example(text: str, name: str, examples: Sequence[tuple[str, frozenset[str]]], union: frozenset[str]) -> str:
    """The example of the checklist that the sentence is, but for its unit's name, its kind (乡 for 镇)
    and its numbers ("" when none): COPY_SHARE of its pieces in that example's, and of the example's in
    its own."""
    words = generic(text, name)
    if len(words) < COPY_MIN:
        return ""
    pieces = {words[i : i + SHINGLE] for i in range(len(words) - SHINGLE + 1)}
    need = COPY_SHARE * len(pieces)
    if len(pieces & union) < need:
        return ""  # (most sentences: too few pieces of any example)
    # both ways: a standard phrase inside a longer example (编制并公布年度重大行政决策事项目录) is no copy of it
    return next((example for example, theirs in examples
                 if len(shared := pieces & theirs) >= need and len(shared) >= COPY_SHARE * len(theirs)), "")


def not_filled_in(text: str, placeholder: re.Pattern[str], instruction: re.Pattern[str]) -> str:
    """In a sentence that repeats the advice: what shows it is still the advice (X次 left, 写明…)."""
    m = placeholder.search(text) or instruction.search(text)
    return m.group() if m else ""


def studied_names(text: str, verbs: re.Pattern[str]) -> list[tuple[int, int]]:
    """The insides of the 《names》 that the clause before them studies, forwards or follows
    (学习了《…意见》《…条例》; 根据《…》): what matches inside them is the document's title."""
    if "《" not in text:
        return []
    spans = []
    for m in NAME.finditer(text):
        clause = re.split(r"[，；：。]", text[: m.start()])[-1]
        if verbs.search(NAME.sub("", clause)):
            spans.append((m.start() + 1, m.end() - 1))
    return spans


QUOTE = re.compile(r"“([^“”]{10,200})”|「([^「」]{10,200})」")  # (QUOTE_MIN characters at least)
QUOTE_MIN = 10  # characters of a quotation that may be a requirement cited (“谁执法谁普法” is a name)
CLAUSE_MARK = re.compile(r"[，；：。,;:]")
QUOTE_PARTS = re.compile(r"[，、；,;]")  # a requirement quoted has parts: clauses or a list of acts


def cited_quotes(text: str, before: re.Pattern[str], after: re.Pattern[str]) -> list[tuple[int, int]]:
    """The insides of long quotations cited as a requirement, a slogan or a text studied (学习…中“各级
    政府聘请法律顾问，审核合同…”的要求): what matches inside them is the quoted text's, not an act.
    A quotation is cited when its clause before it studies or reports it (`before`) or the words after
    it name it a requirement (`after`: 的要求, 精神); a short one (“办、审、定”三分离) is a name."""
    spans = []
    for m in QUOTE.finditer(text):
        inner = m.group(1) or m.group(2) or ""
        if not QUOTE_PARTS.search(inner):
            continue
        clause = CLAUSE_MARK.split(text[: m.start()])[-1]
        if before.search(clause) or after.match(text, m.end()):
            spans.append((m.start() + 1, m.end() - 1))
    return spans


BORROWED_WHY = "具体内容（{}）是同一句中另一项的做法，不是本项的：本项只是笼统表述"


def totalled(text: str, count: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """Lists closed by 等 and followed by one count for them all (开展法治讲座、年终述法、执法公示等工作38次):
    each list's span and the words after 等 up to its count, which is the list's total, no name's own."""
    found = []
    for m in re.finditer("等", text):
        start = max(text.rfind(mark, 0, m.start()) for mark in "，。；：,;:") + 1
        end = min((i for i in (text.find(mark, m.end()) for mark in "，。；,;") if i >= 0), default=len(text))
        tail = text[m.end():end]
        if "、" in text[start:m.start()] and (c := count.search(tail)) and c.start() <= TOTAL_REACH:
            found.append((start, m.start(), tail[: c.end()]))
    return found


TOTAL_REACH = 6  # characters between 等 and the total's count, at most (等工作, 等宣传活动)
TOTALLED_WHY = "具体内容（{}）是几项工作合计的数字，不是本项自己的"


def pieces(text: str, act: re.Pattern[str]) -> list[tuple[int, int]]:
    """The acts a sentence lists with 、, each with its own verb (聘请了…、开展了…、落实了…), as spans:
    a 、 outside quotations and 《names》 ends a piece where the words after it open with an act; a
    list of objects (公布了…清单、…目录) is one piece. One piece when the sentence lists no acts."""
    spans, start, depth = [], 0, 0
    for m in PIECE_MARKS.finditer(text):  # (only the marks: a loop over every character was 20 times longer)
        i, ch = m.start(), m.group()
        if ch in "“《「":
            depth += 1
        elif ch in "”》」":
            depth = max(0, depth - 1)
        elif not depth and act.match(text, i + 1):  # a 、
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


PIECE_MARKS = re.compile("[“《「”》」、]")  # what opens or closes a quotation or name, and 、


def borrowed(
    text: str, spans: list[tuple[int, int]], own: Sequence[str], others: Sequence[str], details: Sequence[str]
) -> list[str]:
    """The details, when every one of them lies only in pieces that hold another item's words and
    none of this item's ([] when one is the item's own, or shared, or from a heading's body)."""
    def holding(words: Sequence[str]) -> set[int]:
        found = set()
        for word in words:
            at = text.find(word)
            while at >= 0:
                for k, (a, b) in enumerate(spans):
                    if a < at + len(word) and at < b:
                        found.add(k)
                at = text.find(word, at + 1)
        return found
    mine = holding(own)
    theirs = holding(others) - mine
    if not theirs:
        return []
    for detail in details:
        where = holding([detail])
        if not where or not where <= theirs:
            return []
    return list(details)


def inside(spans: Sequence[tuple[int, int]], text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is all inside those names (a match may reach from one to the next:
    《…法律顾问…》《…决策…》), but for the marks and words that join them; or a match of several
    words that begins and ends in them (“…法律顾问…”的部署，领会“…决策…”): its words are theirs."""
    if len(spans) > 1 and _ends_inside(spans, start, end):
        return True
    return all(
        text[i] in BETWEEN_NAMES or any(a <= i < b for a, b in spans) for i in range(start, end)
    )


def _ends_inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    first = last = False
    for a, b in spans:
        first = first or a <= start < b
        last = last or a < end <= b
    return first and last


BETWEEN_NAMES = set("《》、，和及与等")


STUFFING = "关键词堆砌"
FINDING = "keyword_stuffing"


Claims = dict[str, set[str]]  # the items a sentence claims as work, each with the first word of its rule's match


def stuffing(
    sentences: list[Sentence], claims: dict[int, Claims], count: re.Pattern[str], roll_call: re.Pattern[str],
    worded: Worded,
) -> list[tuple[int, list[int], set[str]]]:
    """The lines and sentences that claim many items at once: (line, its sentences, the items).

    `claims` maps a sentence's index in `sentences` to the items it claims as work. Items claimed
    by the same words are one claim (三项制度 claims B1, B2 and B3 at once; 法律顾问, C1 and C2). A sentence or a line
    (a paragraph) is stuffing when it makes at least STUFF_ITEMS claims with at most STUFF_CHARS
    characters each, or a sentence LISTED claims as a list of bare names (关键词：…、…; a chain of
    items with 并/和/同时); a line is also stuffing
    when at least STUFF_RUN of its sentences are telegraphic (a few words and a count) and claim
    different items, with as few characters each, and so is a run of such sentences one a line.
    Real reports list several measures in one
    sentence too, but each with words of its own (a real line of five claims: 60 characters each and more). A sentence
    that lists the names of several items and declares them done (……等工作均按要求落实) is a
    roll call, not a report of acts.
    """
    # each claiming sentence read for a telegram once: its line below and a run across lines both ask
    telegrams = {i: _telegraphic(sentences[i].text, count, worded) for i in claims}
    by_line: dict[int, list[int]] = {}
    for i in sorted(claims):
        by_line.setdefault(sentences[i].line, []).append(i)
    on_line: dict[int, list[int]] = {}  # the sentences of each line, those that claim nothing too (党委书记1次。)
    for i, s in enumerate(sentences):
        if s.line in by_line and not s.heading:
            on_line.setdefault(s.line, []).append(i)
    found = []
    for line, members in by_line.items():
        merged: Claims = {}
        for i in members:
            for item, terms in claims[i].items():
                merged.setdefault(item, set()).update(terms)
        terse = {frozenset(claims[i]) for i in members if telegrams[i]}
        # a line's characters are counted only where its claims could make it stuffing (few lines)
        if (len(merged) >= STUFF_ITEMS or len(terse) >= STUFF_RUN) and _line_stuffed(
                merged, len(terse), sum(len(worded[sentences[i].text]) for i in on_line[line])):
            found.append((line, on_line[line], set(merged)))
            continue
        found += [(line, [i], set(claims[i])) for i in members
                  if stuffed_sentence(sentences[i].text, claims[i], roll_call, worded)]
    taken = {i for _, members, _ in found for i in members}
    runs = _telegraphic_runs(sentences, claims, telegrams, count, worded)
    return found + [run for run in runs if not taken & set(run[1])]


def templated(
    sentences: list[Sentence], claims: dict[int, Claims], count: re.Pattern[str], words: dict[str, Sequence[str]],
    taken: set[int],
) -> list[tuple[int, list[int], set[str]]]:
    """Sentences written from one template with an item's name swapped in, each with a count
    (年终述法：全年共2次。⏎法律顾问：全年共3次。; 我镇扎实开展X工作，全年共开展N次。): TEMPLATE_RUN or more that
    claim different items and are the same once the words of their items' rules (and words that say
    nothing done, `words`) are taken out — a list of names with counts dressed as sentences, wherever
    they stand in the report. `taken`: sentences already found stuffing."""
    worded = {i: wording(sentences[i].text) for i in claims if i not in taken}
    frames: dict[str, list[int]] = {}
    ordered: dict[frozenset[str], list[str]] = {}  # the words of a set of items, longest first, once a report
    for i in _alike(worded, claims):
        if count.search(sentences[i].text) is None:
            continue
        items = frozenset(claims[i])
        if items not in ordered:
            ordered[items] = sorted({w for item in items for w in words[item]}, key=len, reverse=True)
        frame = worded[i]
        for word in ordered[items]:
            if word in frame:
                frame = frame.replace(word, "")
        if len(frame) >= TEMPLATE_FRAME:
            frames.setdefault(frame, []).append(i)
    found = []
    for members in frames.values():
        if len({frozenset(claims[i]) for i in members}) >= TEMPLATE_RUN:
            found.append((sentences[members[0]].line, members, set().union(*(claims[i] for i in members))))
    return found


def _alike(worded: dict[int, str], claims: dict[int, Claims]) -> list[int]:
    """The sentences that may share a template: those that open or end like TEMPLATE_RUN others of
    other items do (a template's name stands inside it, or at one end, never at both)."""
    groups: dict[str, list[int]] = {}
    for i, words in worded.items():
        groups.setdefault("<" + words[:2], []).append(i)
        groups.setdefault(">" + words[-2:], []).append(i)
    return sorted({i for members in groups.values() if len({frozenset(claims[i]) for i in members}) >= TEMPLATE_RUN
                   for i in members})


TEMPLATE_RUN = 3  # sentences of one template, of different items
TEMPLATE_FRAME = 3  # characters of a template besides the names, at least (全年共次)


def _line_stuffed(merged: Claims, terse: int, chars: int) -> bool:
    """A line of many claims in few characters, or of STUFF_RUN telegrams of different items. The
    claims counted as `distinct` are at most the items claimed: a line with more characters than
    that many claims may have is passed without grouping their words."""
    if chars > STUFF_CHARS * len(merged):
        return False
    n = distinct(merged)
    return _dense(n, chars) or (terse >= STUFF_RUN and chars <= STUFF_CHARS * n)


def _telegraphic_runs(
    sentences: list[Sentence], claims: dict[int, Claims], telegrams: dict[int, bool], count: re.Pattern[str],
    worded: Worded,
) -> list[tuple[int, list[int], set[str]]]:
    """Runs of STUFF_RUN telegraphic sentences in a row, each claiming other items, across lines
    (执法公示5条。⏎法制审核3件。⏎决策事项目录1项。): a list of terms written one a line.
    `telegrams`: whether each claiming sentence is a telegram."""
    if len({frozenset(claims[i]) for i, telegram in telegrams.items() if telegram}) < STUFF_RUN:
        return []  # (most reports: a run needs as many telegrams of other items as the whole report has)
    runs: list[list[int]] = [[]]
    for i, s in enumerate(sentences):
        telegram = telegrams[i] if i in telegrams else not s.heading and _telegraphic(s.text, count, worded)
        if not telegram:
            if runs[-1]:
                runs.append([])
        else:  # (one that claims nothing, 党委书记1次。, is still of the list)
            runs[-1].append(i)
    found = []
    for run in runs:
        claimed = [claims[i] for i in run if i in claims]
        if len({frozenset(c) for c in claimed}) >= STUFF_RUN:
            found.append((sentences[run[0]].line, run, set().union(*claimed)))
    return found


def stuffed_sentence(text: str, claims: Claims, roll_call: re.Pattern[str], worded: Worded) -> bool:
    """A sentence that claims many items at once, or several as a list of bare names (关键词：…、…、…;
    …并…和…同时…), or names them and declares them done (a roll call). A heading is read so too: a
    heading made of a list of names (一、第一责任人、述法、法律顾问…) is no part about any of them."""
    if len(claims) < 2:
        return False  # (most sentences: every way below needs two claims or more)
    n, chars = distinct(claims), len(worded[text])
    return _dense(n, chars) or (n >= LISTED and chars <= STUFF_CHARS * n and _listed(text)) or (
        n >= 2 and _roll_call(text, roll_call)) or (n >= LISTED and _holds_list(text, claims))


def listed_heading(text: str, claims: Claims) -> bool:
    """A heading made of names only (（二）行政执法公示、执法全过程记录、重大执法决定法制审核): at least
    LISTED pieces, each no longer than a title's name, claiming LISTED items. A topical heading says
    what was done (强化组织领导，落实第一责任人职责) in few pieces and claims fewer."""
    names = [name for name in map(wording, LIST_JOINS.split(text)) if name]
    return (len(names) >= LISTED and all(len(n) <= HEADING_NAME for n in names)
            and distinct(claims) >= LISTED)


HEADING_NAME = 12  # characters of a name listed in a heading, at most


def _listed(text: str) -> bool:
    """Mostly short names joined by 、，并/和/同时: a list, not clauses that each say what was done."""
    elements = [e for e in LIST_JOINS.split(text) if wording(e)]
    short = [e for e in elements if len(wording(e)) <= LIST_ELEMENT]
    return len(short) >= LIST_MIN and len(short) >= LIST_SHARE * len(elements)


def _holds_list(text: str, claims: Claims) -> bool:
    """A list of bare names inside a longer sentence: a line of terms with no full stop runs on into
    the next paragraph as one sentence (术语、术语、术语⏎2024年，我镇……), so the sentence as a whole is
    no list, but a run of LIST_MIN short names in it claims LISTED items or more by itself. Names
    joined by spaces lose them in normalising (术语 术语 术语 → 术语术语术语): one piece between
    commas that claims STUFF_ITEMS items in as few characters is such a list too."""
    run: list[str] = []
    for element in [*LIST_JOINS.split(text), ""]:
        chars = len(wording(element))
        if element and chars <= LIST_ELEMENT:
            run.append(element)
            continue
        if len(element) > STUFF_CHARS and _dense(_claims_in(element, claims), chars):
            return True
        if len(run) >= LIST_MIN and _claims_in("、".join(run), claims) >= LISTED:
            return True
        run = []
    return False


def _claims_in(part: str, claims: Claims) -> int:
    """How many claims (as `distinct` counts them) a part of a sentence makes by its own words."""
    held = {item: {term for term in terms if term in part} for item, terms in claims.items()}
    held = {item: terms for item, terms in held.items() if terms}
    return distinct(held) if held else 0


LIST_JOINS = re.compile(r"[、，；：,;:]|并|和|及|与|同时|以及")
LISTED = 3  # claims a list of names makes, at least, to be stuffing
LIST_ELEMENT = 8  # characters of a name in a list, at most
LIST_MIN = 4  # names in a list, at least
LIST_SHARE = 0.75  # share of the sentence's pieces that are short names (real sentences: 0.6 at most)


def _roll_call(text: str, roll_call: re.Pattern[str]) -> bool:
    """Names listed (at least ROLL_CALL, with 、) and declared done together: ……等工作均按要求落实。"""
    m = roll_call.search(text)
    return m is not None and re.split(r"[，；：]", text[: m.start()])[-1].count("、") >= ROLL_CALL - 1


ROLL_CALL = 3  # names listed before a roll call's 等…均已落实


def distinct(claims: Claims) -> int:
    """How many claims: items claimed by the same word (三项制度: B1, B2, B3; 法律顾问: C1, C2)
    are one claim, and so are those whose words hold one another (法律顾问、法制审核 and 法律顾问)."""
    groups: list[str] = []
    for word in sorted(set().union(*claims.values()), key=len):
        if not any(g in word for g in groups):
            groups.append(word)
    return min(len(groups), len(claims))


STUFF_ITEMS = 6  # claims one sentence or line makes at once, at least, to be stuffing (real: 4 at most)
STUFF_CHARS = 16  # characters per claim, at most, to be stuffing (real lines of five claims: 60 and more)
STUFF_RUN = 3  # telegraphic sentences of different items in one line
TELEGRAPHIC = 12  # characters of a telegraphic sentence, its count left out


def _dense(claims: int, chars: int) -> bool:
    return claims >= STUFF_ITEMS and chars <= STUFF_CHARS * claims


def telegraphic(text: str, count: re.Pattern[str], words: str | None = None) -> bool:
    """A text of a count and at most TELEGRAPHIC characters besides (全年开展2次。). `words`: its wording,
    when the caller has it."""
    held = _count_characters(count.pattern)
    if held is not None and len(held.sub("", wording(text) if words is None else words)) > TELEGRAPHIC:
        return False  # (most texts: more words than that, whatever counts are taken out)
    without, counts = count.subn("", text)  # (one pass: the count found and taken out at once)
    return counts > 0 and len(wording(without)) <= TELEGRAPHIC


def _telegraphic(text: str, count: re.Pattern[str], worded: Worded) -> bool:
    """A few words and a count (`telegraphic`: 执法全过程记录1次。), or a bare name of at most LIST_ELEMENT
    characters (执法公示。). Only runs of them naming other items are stuffing: a list written one a line.
    (严格落实行政执法三项制度。 is a short claim, no telegram: its generic words earn partial, as the
    spec says.)"""
    words = worded[text]
    return telegraphic(text, count, words) or (len(words) <= LIST_ELEMENT and count.search(text) is None)


@lru_cache(maxsize=16)
def _count_characters(count: str) -> re.Pattern[str] | None:
    """The characters a count may hold (`consumed_characters`), as a class: what is left of a
    wording without them stays when the counts are taken out, so a sentence with more than
    TELEGRAPHIC of them is no telegram without running the count's long pattern."""
    chars = consumed_characters(count)
    return None if chars is None else re.compile(f"[{''.join(map(re.escape, sorted(chars)))}]+")


TITLE_WHY = "只写了检查项的名称（{}），没有写做了什么"
NAME_WHY = "只写了做法的名称（{}），没有写谁做了什么、做了多少"
STUFFING_FINDING = "关键词堆砌：第{line}行一次列出{n}个检查项（{items}），没有各自的具体做法，这些说法均不计分"
STUFFED_BODY_WHY = STUFFING + "：标题下的正文只是堆砌的关键词，等于空标题"
STUFFED_DETAIL_WHY = STUFFING + "：标题下正文的具体内容只见于堆砌的关键词，标题只是笼统表述"
STUFFING_WHY = STUFFING + "：第{line}行与另外{others}个检查项罗列在一起，没有本项自己的做法，不计分"
LISTED_HEADING_WHY = "标题罗列多项，标题下正文没有写本项的做法：正文中的具体内容不是本项的"
NAMED_PARTS_WHY = STUFFING + "：几个小标题只是检查项的名称，标题下的正文都没有写这些做法，不计分"
STUFFED_HEADING_WHY = STUFFING + "：第{line}行的标题罗列了{n}个检查项的名称，不算本项的专门部分，不计分"
TOPIC_WHY = "所说的工作是{}，不是本项的事"
