"""Reading a sentence as a grader does: its clauses, what each denies, and where it turns to plans.

A sentence splits into clauses at ，；： . Every signal belongs to a clause (and is read once per
sentence, for all items):

- **negation** — 未/尚未/没有/不够/有待… deny what their clause reports, unless the clause is a double
  negative (无一件不经审核) or the negation's object is a bad outcome (未发生…败诉案件, 没有出现差错):
  those report a success.
- **plans** — the sentence turns to plans at the first clause with a future marker (下一步, 明年,
  拟, 力争, a later year …); what comes before it was done ("已审核合同21份，下一步还将…").
  将 before a verb is future (将进一步…, 我镇将…), but 将 used as 把 is not (将述法工作作为…、将…纳入…).
  Weak markers — 计划 as a verb, a later year — do not count where the clause reports a done act
  (已, 完成, 了) or refers to a plan (按计划, 根据年初计划).
- **requirements and suppositions** — a clause with 应当/必须/务必 + an act (a requirement), or one that
  opens with 如果/如有需要/视情况 (a supposition), turns the sentence to plans like a future marker, but for
  a rule the unit set (规定…必须…), a requirement qualifying a noun (应当审核的合同) and an act reported done.
- **questions** — a sentence ending with ？ asks; it reports no work.
- **zero counts** — 0次 denies its clause; a clause that is only a zero count (审核合同，数量为0) denies the
  clauses of its run before it, up to one with a count of its own.
- **earlier years** — a sentence dated to a year before the report's, naming no time of now, reports
  background (`past`): 2021年，我镇聘请了…; not 自2021年以来…, 较2023年….
- **another unit** — a clause that opens with another township or street (邻近的白云镇…, 白云镇聘请…,
  `other_unit`) reports that unit's work in its run, not the report's own unit's (`lexicon` tells a
  name from a verb before 镇/乡: 组织乡干部… is the unit's own work).
- **runs** — a clause that opens with an actor (镇党委书记…, 法律顾问…) starts a run; clauses with no
  subject of their own continue it. A leader's act and its details are read within one run.
- **doubt** — where the call rests on a borderline reading (将 + a bare verb could be either), the
  reason, so that a grader can look.

Words inside 《…》 are names, not markers: 《…工作计划》 is not a plan.

PASS (done): 将述法工作作为班子成员述职的重要内容。 · 全年未发生行政诉讼败诉案件。 · 无一件不经法制审核。
PLAN: 下一步，镇党委将进一步规范决策。 · 拟于明年编制目录。 · 力争年底前完成。
DENIED: 尚未编制决策事项目录。 · 还没有开展述法。
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..checklist.prefilter import literal_gate, looks_before
from ..checklist.vocabulary import Vocabulary
from . import lexicon

CLAUSE_END = re.compile(r"[，；：,]")
NAMED = re.compile(r"《[^》]{0,60}》")
QUESTION = "？?"
BARE_ZERO = 4  # characters besides the zero in a clause that is only a count (全年共计0件, 数量为0)
REQUIREMENT, CONDITION = "要求", "假设"  # plans that are no future: what is required, what is supposed
ATTRIBUTE = re.compile(r"[^，；：,的]{0,6}的")  # 必须扛起的责任: the requirement qualifies a noun
LEVEL = "县市区州盟省"  # the level of a body above a township (县委…, 白云县司法局…)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!度)")  # (2023年度述职 is held in the next year)
BRACKETED = re.compile(r"（[^（）]{0,40}）|\([^()]{0,40}\)")  # (2023年修订): a note on a name, not the act's date
WILL_DOUBT = "“将”后直接是动词：可能是将来时，也可能是“把”字句"
ANYTHING = re.compile("")  # matches every text
FOUND_MAX = 4096  # texts whose matches a reader remembers (a report has a few hundred; a huge one is cut off)


def _plain(text: str) -> str:
    """The text with 《names》 blanked (same length): what the signals are read in."""
    return NAMED.sub(lambda m: "□" * len(m.group()), text) if "《" in text else text


def _clauses(plain: str) -> tuple[tuple[int, int], ...]:
    spans = []
    start = 0
    for clause in CLAUSE_END.split(plain):  # one loop over a few clauses: half the time of zipping separators
        spans.append((start, start + len(clause)))
        start += len(clause) + 1
    return tuple(spans)


@dataclass(slots=True)  # not frozen: one a sentence, and a frozen dataclass is slow to make; read-only
class Reading:
    clauses: tuple[tuple[int, int], ...]  # (start, end) of each clause
    runs: tuple[tuple[int, int], ...]  # clauses that share one actor: (start, end)
    subjectless: bool  # the sentence opens without an actor: its part's heading may name it
    plan_from: int  # where the plans begin: the start of the first clause with a future marker
    plan_marker: str = ""
    doubt: str = ""  # why the plan reading is borderline
    plain: str = ""  # the sentence with 《names》 blanked: what the signals are read in
    plan_kind: str = ""  # what the plan is when it is not a future: REQUIREMENT or CONDITION
    question: bool = False  # the sentence asks (ends with ？): it states no work
    # clauses that open with the name of a township or street not the report's own (白云镇聘请…), each
    # with where its actor's run ends and the name: taken for another unit's work once the name is
    # found to be one (`Reader.other_unit`), not at reading (组织乡干部… opens with a verb)
    others: tuple[tuple[int, int, str], ...] = ()
    past: str = ""  # an earlier year the sentence is dated to (2021年，我镇聘请了…): background, not this year's work
    # No reference back to the reader, which remembers its readings: a cycle that refcounting
    # cannot free, so every reading of a report waited for the garbage collector.
    _negations: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    def clause_at(self, pos: int) -> tuple[int, int]:
        found = self.clauses[0]
        for clause in self.clauses:  # a few clauses: a loop beats building a list to bisect
            if clause[0] > pos:
                break
            found = clause
        return found

    def negation_at(self, pos: int, reader: Reader) -> str:
        """The marker that denies what the clause at `pos` reports ("" when none applies), as the
        sentence's reader reads it; read only for the clauses an item is found in."""
        start, end = self.clause_at(pos)
        if start not in self._negations:
            denied = reader.negation(self.plain[start:end])
            if not denied and reader.may_zero.search(self.plain, end):  # (a zero later in the sentence)
                denied = reader.zero_later(self, start, end)
            self._negations[start] = denied
        return self._negations[start]

    def run_start(self, pos: int) -> int:
        """Where the run of the actor at `pos` begins."""
        start = 0
        for a, _ in self.runs:  # a sentence has a run or three: a loop beats a bisect here
            if a > pos:
                break
            start = a
        return start


class Reader:
    """Reads sentences with a checklist's vocabulary, for a report of a given year; each sentence
    once, and what a pattern finds in a text once (one reader a report: nothing is remembered from
    the report before)."""

    def __init__(self, words: Vocabulary, year: int | None, unit: str = "") -> None:
        self.words = words
        self.unit = unit  # the report's own unit (白云镇): a sentence that opens with another is not its work
        later = "|".join(str(y) for y in range(year + 1, year + 4)) if year else ""
        self.later_year = re.compile(rf"(?:{later})年(?!\s*\d{{1,2}}月)") if later else None
        self.year = year
        self._memo: dict[str, Reading] = {}
        self._plans: dict[str, int] = {}  # where texts read for their plans only turn to them
        self._found: dict[tuple[int, str], tuple[re.Pattern[str], tuple[str, ...]]] = {}
        # the concepts, compiled once (looked up for every clause of every sentence)
        self.actor = words.regex("actor", prefix="^")
        # the actor at the start of a clause, matched in place where that is the same as on the cut clause
        bare = words.regex("actor")
        self.actor_at = None if looks_before(bare.pattern) else bare
        self.double_negation, self.negations = words.regex("double_negation"), words.regex("negation")
        self.may_deny = literal_gate([self.negations]) or ANYTHING  # words one of which every negation holds
        self.attributive, self.bad_outcome = words.regex("attributive_negation"), words.regex("bad_outcome")
        self.zero, self.placeholder = words.regex("zero_count"), words.regex("placeholder_count")
        # words one of which every placeholder holds (X次, 若干件): most sentences have none of them
        self.may_fill = literal_gate([self.placeholder]) or ANYTHING
        self.may_zero = literal_gate([self.zero]) or ANYTHING  # words one of which every zero count holds
        self.name_reference, self.roll_call = words.regex("name_reference"), words.regex("roll_call")
        self.counted = words.regex("any_count")  # what a telegraphic claim adds to its words
        self.instruction = words.regex("instruction")
        self.listed_act = words.regex("listed_act")
        self.quote_before, self.quote_after = words.regex("quote_reference"), words.regex("quote_named", prefix="的?")
        self.future, self.will = words.regex("future"), words.regex("will")
        self.future_adverb, self.disposal = words.regex("future_adverb", prefix="^"), words.regex("disposal_verb")
        self.done, self.future_weak = words.regex("done"), words.regex("future_weak")
        self.plan_reference = words.regex("plan_reference")
        self.obligation, self.obligation_rule = words.regex("obligation"), words.regex("obligation_rule")
        self.condition = words.regex("condition")
        self.other, self.other_mark = words.regex("other_unit"), words.regex("other_unit_mark")
        self.may_other = literal_gate([self.other]) or ANYTHING  # words one of which every unit's name holds
        # a sentence dated to an earlier year: the words of now, of a stretch to now, of a comparison
        self.current, self.compared = words.regex("current_time"), words.regex("compared_year", suffix=r"\s*$")
        self.since = words.regex("since_year", prefix=r"(?:\d{1,2}月(?:\d{1,2}日)?)?(?:份|底|初|末)?")
        self.may_date = re.compile(r"(?:19|20)\d\d\s*年")
        self.township_kind = re.compile(r"(?:镇|乡|街道)$")
        self.superior, self.own_ref = words.regex("superior_body"), words.regex("own_reference")
        self.may_superior = literal_gate([self.superior]) or ANYTHING  # (县, 市, 区 …: one in every such body)
        self.directive = words.regex("superior_directive", prefix=r"[\u4e00-\u9fff]{0,2}?")
        self.not_place = words.regex("not_a_place")
        own = self.township_kind.search(unit)
        self.own_name = unit[: own.start()] if own else ""  # (a township's report: another's name is told apart)
        self.own_kind = own.group() if own else ""
        # what a bare name (述职述法。) lacks: an actor who does something (an actor last is a name: 领导小组。),
        # a count, a done mark; and the words that say nothing done
        acting = f"(?>{bare.pattern})[^\u4e00-\u9fff]*[\u4e00-\u9fff]"
        self.says_more = re.compile("|".join(f"(?:{p})" for p in (acting, self.counted.pattern, self.done.pattern)))
        filler = words.concepts["name_filler"].words if "name_filler" in words else []
        self.filler = frozenset(w for w in filler if isinstance(w, str) and w) | ({unit} if unit else set())
        # words one of which every future marker contains: a sentence with none of them has no plan
        # (a vocabulary whose markers need no word has every sentence and clause read for them)
        self.may_plan = literal_gate([self.future, self.will, self.future_weak, self.later_year]) or ANYTHING
        # the same for requirements and suppositions (read apart: their words, 应 and 若, are common)
        self.may_suppose = literal_gate([self.obligation, self.condition]) or ANYTHING

    def read(self, text: str) -> Reading:
        if text not in self._memo:
            self._memo[text] = self._read(text)
        return self._memo[text]

    def found(self, pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
        """Every match of `pattern` in `text`: a sentence that several items mention is searched for
        its details once. Keyed by the pattern's id, not the pattern: hashing a compiled pattern
        hashes its whole code (1.4 µs for the details regex, as long as the search it saves). The
        entry holds the pattern, so that id is never reused while the entry lives."""
        key = (id(pattern), text)
        kept = self._found.get(key)
        if kept is not None:
            return kept[1]
        # without groups, findall gives the whole matches, and no Match object each
        found = tuple(pattern.findall(text) if not pattern.groups else (m.group() for m in pattern.finditer(text)))
        if len(self._found) >= FOUND_MAX:
            self._found.clear()
        self._found[key] = (pattern, found)
        return found

    def plans_from(self, text: str) -> int:
        """Where `text` turns to plans (its length when it does not): all that is read of a heading's
        context, a stretch of its body of many clauses whose actors and runs nobody asks for."""
        if text in self._memo:
            return self._memo[text].plan_from
        if text not in self._plans:
            plain = _plain(text)
            self._plans[text] = self._plan(plain, _clauses(plain))[0]
        return self._plans[text]

    def _read(self, text: str) -> Reading:
        plain = _plain(text)
        clauses = _clauses(plain)
        plan_from, marker, doubt, kind = self._plan(plain, clauses)
        subjectless = not self.actor.search(plain)
        question = text.rstrip()[-1:] in QUESTION
        others = self._others(plain, clauses) if self.unit else ()
        past = self._past(plain) if self.year and self.may_date.search(plain) else ""
        return Reading(clauses, self._runs(plain, clauses), subjectless, plan_from, marker, doubt, plain,
                       kind, question, others, past)

    def _past(self, plain: str) -> str:
        """The earlier year (2021年) a sentence reports its acts in, when it names no time of the report's
        year: not a year that starts a stretch to now (自2021年以来, 2021年起) or is compared with
        (较2023年, 与2023年相比), one that qualifies a noun (2023年聘请的法律顾问), one in brackets
        (《…法》（2023年修订）), a year's review (2023年度述职大会, held the year after), nor a sentence
        that names this year or a later one, or now (今年, 全年, 至今, 坚持…)."""
        plain = BRACKETED.sub(lambda m: "□" * len(m.group()), plain) if "（" in plain or "(" in plain else plain
        if self.current.search(plain):
            return ""
        found = ""
        for m in YEAR.finditer(plain):
            year = int(m.group(1))
            if year >= self.year:
                return ""
            before = max(0, m.start() - 4)
            if found or self.since.match(plain, m.end()) or self.compared.search(plain, before, m.start()):
                continue
            if ATTRIBUTE.match(plain, m.end()) is None:
                found = m.group()
        return found

    def _others(self, plain: str, clauses: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int, str], ...]:
        """The clauses that open with a township or street not the report's own (邻近的白云镇…, 白云镇聘请…),
        or, in a township's report, with a body above it (县委依法治县办…, 县司法局…, 市政府…) whose run
        does not name the unit (县司法局为我镇聘请… is the unit's counsel); each to the next clause that
        opens with an actor of its own (镇党委书记…, 我乡…)."""
        if not self.may_other.search(plain) and not (self.own_name and self.may_superior.search(plain)):
            return ()  # (most sentences: no word a township's or a superior body's name holds, so none opens one)
        found: list[tuple[int, int, str]] = []
        for k, (a, b) in enumerate(clauses):
            m = self.other.match(plain, a, b)
            above = None if m is not None or not self.own_name else self.superior.match(plain, a, b)
            if (m is None and above is None) or (m is not None and self._own(m.group())):
                continue
            end = next((c - 1 for c, d in clauses[k + 1 :] if self._opens_with_actor(plain, c, d)), len(plain))
            if above is not None and not self._above(above, plain[a:end]):
                continue
            found.append((a, end, (m or above).group()))
        return tuple(found)

    def _above(self, body: re.Match[str], run: str) -> bool:
        """Whether a body that opens a run is above the unit and acts there alone: its name, if it has
        one, is a name (组织县…: a verb), and the run names no part of the unit (我镇, 镇党委, 全县乡镇…)
        or the body asks something of it (县委要求各乡镇…)."""
        name = body.group()[: next(i for i, ch in enumerate(body.group()) if ch in LEVEL and i != 1)]
        if name and not lexicon.may_be_name(name):
            return False
        if self.directive.match(run, body.end() - body.start()):
            return True  # 县委要求各乡镇…: what the body asked of all, not what the unit did
        return not (self.own_ref.search(run) or (self.own_name and self.own_name in run))

    def _opens_with_actor(self, plain: str, a: int, b: int) -> bool:
        at = self.actor_at
        return bool(at.match(plain, a, b) if at is not None else self.actor.search(plain[a:b])) or bool(
            self.other.match(plain, a, b))

    def _own(self, unit: str) -> bool:
        """Whether a township's name is the report's own unit's (湾坡乡, or 罗子山乡 in 罗子山瑶族乡's report)."""
        return self.unit in unit or unit in self.unit or (
            bool(self.own_name) and unit[:2] == self.own_name[:2])

    def other_units(self, reading: Reading) -> list[tuple[int, int, str]]:
        """The runs of the sentence that report another unit's work (`Reading.others` whose name is
        one): a body above the unit (县司法局…), found so at reading; a township when the sentence says
        it is another's (邻近的白云镇…, …值得学习, at its start), or when the report's own unit is a
        township and the words before 镇/乡/街道 are a name (白云镇), not a word of the language
        (组织乡干部…, 代理镇政府…: `lexicon.may_be_name`; a common noun names a township of another kind
        than the report's own: 石门乡 in a 镇's report)."""
        found = []
        for a, end, unit in reading.others:
            kind = self.township_kind.search(unit)
            if kind is None or (a == 0 and self.other_mark.search(reading.plain)):
                found.append((a, end, unit))  # (a body above the unit, or a township said to be another)
                continue
            if not self.own_name:
                continue
            name, other_kind = unit[: kind.start()], kind.group() != self.own_kind
            if not self.not_place.fullmatch(name) and lexicon.may_be_name(name, nouns=other_kind):
                found.append((a, end, unit))
        return found

    def _plan(self, plain: str, clauses: tuple[tuple[int, int], ...]) -> tuple[int, str, str, str]:
        """(where the plans begin, the marker, why it is doubtful, what kind of plan it is): the first
        clause with a future marker, a requirement (必须…) or a condition (如有需要，…)."""
        future, suppose = self.may_plan.search(plain), self.may_suppose.search(plain)
        if future or suppose:
            for start, end in clauses:  # (a clause without a marker's words has no marker)
                if future and self.may_plan.search(plain, start, end):
                    found, why = self._future(plain[start:end])
                    if found:
                        return start, found, why, ""
                if suppose and self.may_suppose.search(plain, start, end):
                    if found := self._condition(plain, start, end):
                        return start, found, "", CONDITION
                    if found := self._obligation(plain, start, end):
                        return start, found, "", REQUIREMENT
        return len(plain), "", "", ""

    def _condition(self, plain: str, start: int, end: int) -> str:
        """A clause that opens with a condition (如有需要，…; 如条件允许，…): what follows is a
        supposition, unless the rest of the sentence reports it done (如遇…，均已…)."""
        m = self.condition.match(plain, start, end)
        return m.group() if m and not self.done.search(plain, start) else ""

    def _obligation(self, plain: str, start: int, end: int) -> str:
        """应当/必须 + an act: a requirement, not a result; but not a rule the unit set or keeps to
        (规定…必须…, 坚持法定职责必须为), nor an attribute (必须扛起的责任), nor a clause reporting it done."""
        m = self.obligation.search(plain, start, end)
        if m is None or self.done.search(plain, start, end) or self.obligation_rule.search(plain, 0, m.start()):
            return ""
        return "" if ATTRIBUTE.match(plain, m.end(), end) else m.group()

    def _runs(self, plain: str, clauses: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
        """A clause that opens with an actor (镇党委书记…, 法律顾问…, 由…) starts a new run; a clause
        without a subject continues the one before (…，每年年初召开一次专题会议)."""
        at = self.actor_at
        runs = []
        start = 0
        for a, b in clauses[1:]:
            actor = at.match(plain, a, b) if at is not None else self.actor.search(plain[a:b])
            if actor:
                runs.append((start, a - 1))
                start = a
        runs.append((start, len(plain)))
        return tuple(runs)

    # ------------------------------------------------------------ negation

    def negation(self, clause: str) -> str:
        """The marker that denies what the clause reports, or "" (a double negative, a bad outcome
        denied, an attributive 未…的 deny nothing). A count of zero denies too: 召开专题会议0次 says
        the meeting was not held (but 投诉0件, 败诉0起 count a bad outcome: a success)."""
        if (zero := self.zero_count(clause)):
            return zero
        if not self.may_deny.search(clause) or self.double_negation.search(clause):
            return ""  # (no word any negation holds: nothing is denied)
        for m in self.negations.finditer(clause):
            if self.attributive.match(clause, m.start()):
                continue  # 尚未办结的积案均已…: the negation qualifies a noun, it does not deny the clause
            if self.bad_outcome.search(clause, m.end()):
                return ""  # 未发生…败诉案件: a success
            return m.group()
        return ""

    def zero_later(self, reading: Reading, start: int, end: int) -> str:
        """A count of zero that stands as a clause of its own after the act's clause, in the act's run
        (审核合同，数量为0; 开展宣传活动，场次为零): it counts that act, which was not done. A clause
        with a count of its own between them counts its own act; a bad outcome counted zero is a success."""
        plain = reading.plain
        run_end = next((b for a, b in reading.runs if a <= start <= b), len(plain))
        for a, b in reading.clauses:
            if a <= start:
                continue
            if a >= run_end:
                break
            m = self.zero.search(plain, a, b)
            if m and (b - a) - len(m.group()) <= BARE_ZERO:
                return "" if self.bad_outcome.search(plain, start, b) else m.group()
            if self.counted.search(plain, a, b):
                break
        return ""

    def zero_count(self, text: str) -> str:
        """A count of zero of what `text` reports (0次, 零件), or "" (none, or a bad outcome counted)."""
        m = self.zero.search(text)
        return m.group() if m and not self.bad_outcome.search(text) else ""

    # ------------------------------------------------------------ plans

    def _future(self, clause: str) -> tuple[str, str]:
        """(the future marker of this clause, why it is doubtful) or ("", "")."""
        m = self.future.search(clause)
        if m:
            return m.group(), ""
        will = self._will(clause)
        if will:
            return will
        if self.done.search(clause):
            return "", ""  # 已按计划开展…, 制定了2025年学法计划: done, whatever plan it names
        for weak in (self.future_weak, self.later_year):
            m = weak.search(clause) if weak is not None else None
            if m and not self.plan_reference.search(clause[max(0, m.start() - 8) : m.start()]):
                return m.group(), ""
        return "", ""

    def _will(self, clause: str) -> tuple[str, str] | None:
        """将 before a verb: future; 将 + object + 纳入/作为/列入…: 把, not future."""
        for m in self.will.finditer(clause):
            after = clause[m.end() :]
            if self.future_adverb.search(after):
                return m.group(), ""
            if self.disposal.search(after):
                continue
            bare = m.group() == "将" and not self.done.search(clause)
            return m.group(), WILL_DOUBT if bare else ""
        return None
