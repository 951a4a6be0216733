"""A grammar of township reports, and of hostile text, for the property tests.

Reports are built from phrase pools written for these tests (never taken from real reports): a
title, an opening, numbered parts of 1–4 sentences, a 第一责任人 part, a problems part, a plans
part, a signature and date, in several layouts. Arbitrary text mixes report vocabulary with
heading markers, punctuation, dates, whitespace, invisible and control characters. `Edit`s are
changes to a generated report whose effect a property constrains (a plan sentence appended, a work
part deleted, invisible characters inserted).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

# ---------------------------------------------------------------- the report grammar

CN = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals, as headings and dates write them."""
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def cn_year(year: int) -> str:
    return "".join(CN[int(c)] for c in str(year))


COUNTIES = ["长宁县", "白水县", "东川区", "云溪县", "平湖市"]
TOWNS = ["柳河", "石桥", "安和", "新塘", "桃源", "金沙"]
UNIT_KINDS = ["镇", "乡"]

TITLES = [
    "{county}{name}{u}{year}年法治政府建设情况报告",
    "{county}{name}{u}人民政府关于{year}年度法治政府建设情况的报告",
    "{name}{u}{year}年度法治政府建设工作报告",
    "{name}{u}人民政府{year}年法治政府建设年度报告",
]
ADDRESSEES = ["", "中共{county}委全面依法治县委员会办公室：", "{county}人民政府："]
OPENINGS = [
    "{year}年，{name}{u}在{county}委、{county}政府的坚强领导下，扎实推进法治政府建设各项工作，现将有关情况报告如下。",
    "{year}年以来，我{u}深入学习贯彻习近平法治思想，把法治建设与中心工作一体谋划、一体推进。现将工作情况报告如下：",
    "按照上级部署，{name}{u}认真落实年度法治政府建设任务，依法行政能力持续提升。",
]

UMBRELLA_HEADINGS = [
    "{year}年度法治政府建设主要举措和成效",
    "{year}年法治政府建设工作开展情况",
    "主要做法及成效",
    "推进法治政府建设的主要举措和成效",
]
TOPIC_HEADINGS = {
    "leadership": ["加强组织领导，压实法治建设责任", "健全工作机制，强化统筹推进"],
    "study": ["抓好学法用法，提升干部法治素养", "强化学法述法，推动领导干部带头尊法"],
    "decisions": ["坚持依法决策，提升决策质量", "规范决策程序，推进科学民主依法决策"],
    "enforcement": ["规范执法行为，推进严格规范公正文明执法", "落实执法三项制度，提升执法规范化水平"],
    "counsel": ["发挥法律顾问作用，防范化解法律风险", "用好政府法律顾问，夯实依法行政基础"],
    "publicity": ["深化法治宣传，营造浓厚法治氛围", "创新普法方式，增强全民法治观念"],
}
LEADER_HEADINGS = [
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "主要负责人履行推进法治建设第一责任人职责情况",
    "履行推进法治建设第一责任人职责情况",
]
PROBLEM_HEADINGS = ["存在的问题和不足", "存在的不足和原因", "存在问题", "工作中存在的短板和差距"]
PLAN_HEADINGS = ["下一步工作计划", "{next}年工作打算", "{next}年推进法治政府建设的主要安排", "下一步工作安排"]
COMBINED_HEADINGS = ["存在问题及下一步工作计划", "存在的不足和下一步打算"]

# Sentences: an actor, an act, an object and (where it fits) a number. {u} is 镇 or 乡, {n} {m} numbers.
TOPIC_SENTENCES = {
    "leadership": [
        "{u}党委书记主持召开党委会议{n}次专题研究法治建设工作",
        "{u}长主持召开{u}长办公会议{n}次，听取法治政府建设工作汇报",
        "调整充实{u}法治政府建设领导小组，由{u}党委书记任组长、{u}长任常务副组长",
        "{u}法治建设领导小组全年召开会议{n}次，研究解决具体问题{m}个",
        "印发《{name}{u}{year}年法治政府建设工作要点》，将{n}项任务分解到责任站所",
        "将法治建设纳入年度综合考核，分值占比{n}%",
    ],
    "study": [
        "开展党委理论学习中心组专题学法{n}次",
        "落实会前学法制度，全年会前学法{n}次",
        "制定领导干部应知应会法律法规清单，列入法律法规{n}部",
        "组织{n}名干部参加年度学法用法考试，合格率100%",
        "组织班子成员到县人民法院旁听行政案件庭审{n}次",
        "班子成员在年终述职中同步述法，述法评议结果纳入年度考核",
        "{n}名村党组织书记开展年终述法",
    ],
    "decisions": [
        "编制《{name}{u}{year}年度重大行政决策事项目录》，纳入决策事项{n}项并向社会公布",
        "对{n}个重大决策事项均开展公众参与、专家论证、风险评估、合法性审查和集体讨论决定",
        "通过政务公开栏公开征求意见，召开群众座谈会{n}场，收集意见建议{m}条",
        "邀请{n}名专家对集镇改造技术方案进行论证",
        "委托第三方机构对{n}个事项开展社会稳定风险评估",
    ],
    "enforcement": [
        "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度",
        "在县政府门户网站公示执法主体、{n}名执法人员信息和执法依据",
        "通过{u}便民服务中心公示栏公开行政处罚决定{n}件",
        "为综合行政执法队配备执法记录仪{n}台，形成音像记录{m}次",
        "执法案卷按照一案一卷要求整理归档{n}卷",
        "对{n}件重大执法决定由司法所进行法制审核",
        "法律顾问对拟作出的{n}件重大执法决定出具法制审核意见",
        "组织执法人员参加业务培训{n}期",
    ],
    "counsel": [
        "聘请法律顾问{n}名",
        "与县内律师事务所签订常年法律顾问服务协议",
        "法律顾问全年审核各类合同{n}份，提出修改意见{m}条",
        "法律顾问出具法律意见书{n}份，参与化解疑难纠纷{m}起",
        "法律顾问代理行政诉讼案件{n}件",
    ],
    "publicity": [
        "开展普法宣传活动{n}场",
        "围绕“12·4”国家宪法日发放宣传资料{n}份",
        "开展民法典宣传月活动{n}场次，受众{m}人次",
        "培育“法律明白人”{n}名",
        "落实“谁执法谁普法”普法责任制，制定普法责任清单",
        "执法人员在检查中同步向群众讲解法律规定，做到边执法边普法",
    ],
}
SUBTOPIC_HEADINGS = {
    "leadership": ["调整充实领导机构", "压实工作责任"],
    "study": ["抓实领导干部学法", "落实年终述法"],
    "decisions": ["实行决策目录化管理", "严格履行法定程序"],
    "enforcement": ["全面推行执法公示", "落实执法全过程记录", "严格重大执法决定法制审核"],
    "counsel": ["用好政府法律顾问", "发挥法律顾问把关作用"],
    "publicity": ["开展主题普法活动", "落实普法责任制"],
}
NEGATED_SENTENCES = [  # negations inside a work part: what they deny earns nothing, and takes nothing away
    "尚未配备公职律师",
    "执法记录仪尚未配备到位",
    "全年未发生行政诉讼败诉案件",
    "没有出现重大执法决定未经法制审核的情况",
    "重大行政决策事项目录尚未编制",
]
FACT_SENTENCES = [  # facts as a work part would state them, with dates and 已
    "截至{year}年底，已聘请法律顾问{n}名",
    "{year}年{n}月，{u}党委书记主持召开专题会议研究法治建设",
    "今年以来已开展普法宣传活动{n}场，发放资料{m}份",
    "已编制重大行政决策事项目录并于{year}年3月向社会公布",
    "执法记录仪已配备{n}台，全年形成音像记录{m}次",
    "{year}年已对{n}件重大执法决定进行法制审核",
]
GENERIC_SENTENCES = [
    "严格落实行政执法三项制度",
    "依法行政水平不断提升",
    "坚持严格规范公正文明执法",
    "进一步规范行政决策程序",
    "充分发挥法律顾问作用",
    "主要负责人切实履行推进法治建设第一责任人职责",
]
LEADER_SENTENCES = [
    "{u}党委书记主持召开专题会议{n}次研究法治建设",
    "{u}长亲自协调解决征地补偿纠纷{n}起",
    "{u}党委书记对{n}件行政复议案件作出批示，要求依法办理",
    "党政主要负责人带头参加中心组学法{n}次",
    "主要负责人年内听取法治建设工作汇报{n}次",
    "党政主要负责人履行推进法治建设第一责任人职责，做到重要工作亲自部署",
]
PROBLEM_SENTENCES = [
    "部分干部运用法治思维解决问题的能力还有待提高",
    "执法人员力量相对薄弱，执法文书制作还不够规范",
    "普法宣传形式较为单一，覆盖面不够广",
    "法律顾问参与决策的深度还不够",
    "尚未编制重大行政决策事项目录",
    "执法全过程记录制度落实不到位",
]
PLAN_SENTENCES = [
    "{next}年将继续开展普法宣传活动{n}场",
    "计划编制重大行政决策事项目录并按期向社会公布",
    "继续聘请法律顾问{n}名，发挥法律顾问作用",
    "进一步落实行政执法三项制度",
    "下一步将组织领导干部开展专题学法{n}次",
    "年初召开专题会议部署全年法治建设工作",
]
ISSUERS = ["{name}{u}人民政府", "中共{county}{name}{u}委员会", "{name}{u}党委 {name}{u}人民政府"]
PARAGRAPH_MARKERS = ["", "{k}、", "{k}.", "（{k}）", "{circled}"]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
HALF_PUNCT = str.maketrans({"，": ",", "；": ";", "：": ":"})
FULL_DIGITS = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})


@dataclass(frozen=True)
class Words:
    """The report-level values sentences are filled in with."""

    county: str
    name: str
    u: str
    year: int
    fullwidth: bool = False  # digits written full-width
    half_punct: bool = False  # ， ； ： written half-width

    def fill(self, template: str, n: int = 1, m: int = 1) -> str:
        text = template.format(county=self.county, name=self.name, u=self.u, year=self.year, next=self.year + 1,
                               n=n, m=m)
        if self.fullwidth:
            text = text.translate(FULL_DIGITS)
        return text.translate(HALF_PUNCT) if self.half_punct else text


DEFAULT_WORDS = Words("长宁县", "柳河", "镇", 2025)


@dataclass(frozen=True)
class Section:
    """A numbered part: its kind (what the grammar meant it for), heading, body paragraphs and sub-parts."""

    kind: str  # umbrella | work | leader | problems | plans | combined | plan-topic | problem-topic
    heading: str
    paragraphs: tuple[str, ...] = ()
    children: tuple[Section, ...] = ()
    number: int = 0  # its number as first written (kept when a sibling is deleted without renumbering)
    run_in: bool = False  # the heading ends in 。 and its first paragraph follows on the same line


Where = tuple[int, ...]  # indices from the top: (2,) the third part, (0, 1) its second sub-part


@dataclass(frozen=True)
class Report:
    title: str
    addressee: str
    opening: str
    sections: tuple[Section, ...]
    signature: tuple[str, ...]
    half_brackets: bool = False  # (一) instead of （一）
    blank_lines: bool = True  # a blank line between parts
    renumber: bool = True  # number parts by position (False: keep each part's first number)
    third: str = "{k}."  # the marker of a third-level heading
    words: Words = DEFAULT_WORDS  # what its sentences were filled in with

    def marker(self, depth: int, k: int) -> str:
        if depth == 0:
            return f"{cn_number(k)}、"
        if depth == 1:
            return f"({cn_number(k)})" if self.half_brackets else f"（{cn_number(k)}）"
        return self.third.format(k=k)

    def text(self) -> str:
        lines = [self.title, *([""] if self.blank_lines else [])]
        if self.addressee:
            lines.append(self.addressee)
        lines.append(self.opening)

        def add(section: Section, depth: int, k: int) -> None:
            if self.blank_lines and depth == 0:
                lines.append("")
            heading = self.marker(depth, k if self.renumber else section.number) + section.heading
            if section.run_in and section.paragraphs:
                lines.append(f"{heading}。{section.paragraphs[0]}")
                lines.extend(section.paragraphs[1:])
            else:
                lines.append(heading)
                lines.extend(section.paragraphs)
            for j, child in enumerate(section.children, 1):
                add(child, depth + 1, j)

        for i, top in enumerate(self.sections, 1):
            add(top, 0, i)
        if self.blank_lines:
            lines.append("")
        lines += self.signature
        return "\n".join(lines) + "\n"

    def paths(self) -> list[tuple[Where, Section]]:
        """Every part with where it is, in reading order."""
        found: list[tuple[Where, Section]] = []

        def walk(sections: tuple[Section, ...], at: Where) -> None:
            for i, section in enumerate(sections):
                found.append(((*at, i), section))
                walk(section.children, (*at, i))

        walk(self.sections, ())
        return found

    def work_parts(self) -> list[Where]:
        """The parts that report the year's work: 主要举措和成效 and its topics, or topics on top."""
        return [path for path, section in self.paths() if section.kind in ("umbrella", "work")]

    def plan_targets(self) -> list[Where]:
        """The parts under the plans heading: the plans part itself and its topics (or the part on
        problems and plans both, for want of a plans part of its own)."""
        found = [path for path, section in self.paths() if section.kind in ("plans", "plan-topic")]
        return found or [path for path, section in self.paths() if section.kind == "mixed"]

    def at(self, path: Where) -> Section:
        sections, section = self.sections, None
        for i in path:
            section = sections[i]
            sections = section.children
        assert section is not None
        return section

    def replaced(self, path: Where, by: Section | None) -> tuple[Section, ...]:
        """The top-level parts with the part at `path` replaced (None: deleted)."""

        def go(sections: tuple[Section, ...], rest: Where) -> tuple[Section, ...]:
            i, *more = rest
            if not more:
                return sections[:i] + ((by,) if by else ()) + sections[i + 1 :]
            inner = dataclasses.replace(sections[i], children=go(sections[i].children, tuple(more)))
            return (*sections[:i], inner, *sections[i + 1 :])

        return go(self.sections, path)

    def without(self, path: Where, renumber: bool) -> Report:
        return dataclasses.replace(self, sections=self.replaced(path, None), renumber=renumber)

    def with_paragraphs(self, path: Where, paragraphs: tuple[str, ...]) -> Report:
        section = dataclasses.replace(self.at(path), paragraphs=paragraphs)
        return dataclasses.replace(self, sections=self.replaced(path, section))


def rarely(draw: Any, one_in: int) -> bool:
    """True one time in `one_in`; shrinks to False (the plain report)."""
    return draw(st.integers(0, one_in - 1)) == one_in - 1


def sentence(words: Words, pool: Sequence[str]) -> SearchStrategy[str]:
    """One sentence from a pool, numbers filled in, ending in 。."""
    return st.builds(lambda t, n, m: words.fill(t, n, m) + "。", st.sampled_from(pool), st.integers(1, 60),
                     st.integers(1, 300))


@st.composite
def paragraphs(draw: Any, words: Words, pool: Sequence[str], *, most: int = 2, empty: bool = True,
               marker: str = "") -> tuple[str, ...]:
    """0–`most` paragraphs of 1–4 sentences each (0 only rarely: an empty heading)."""
    count = draw(st.integers(1, most))
    if empty and rarely(draw, 10):
        count = 0  # an empty heading, one time in ten
    out = []
    for k in range(1, count + 1):
        body = "".join(draw(st.lists(sentence(words, pool), min_size=1, max_size=4)))
        prefix = marker.format(k=k, circled=CIRCLED[k - 1]) if marker else ""
        out.append(prefix + body)
    return tuple(out)


@st.composite
def plan_paragraphs(draw: Any, words: Words) -> tuple[str, ...]:
    """The plans: one sentence a line, numbered lines, or one paragraph 一是…。二是…。"""
    items = draw(st.lists(sentence(words, PLAN_SENTENCES), min_size=1, max_size=4))
    style = draw(st.sampled_from(["lines", "一是", "numbered"]))
    if style == "lines":
        return tuple(items)
    if style == "numbered":
        return tuple(f"{k}.{s}" for k, s in enumerate(items, 1))
    return ("".join(f"{cn_number(k)}是{s}" for k, s in enumerate(items, 1)),)


@st.composite
def topics_of(draw: Any, words: Words, kind: str, pool: Sequence[str]) -> tuple[Section, ...]:
    """Topical sub-parts (加强组织领导… as a heading) of a problems or plans part."""
    names = draw(st.lists(st.sampled_from(sorted(TOPIC_HEADINGS)), min_size=1, max_size=3, unique=True))
    return tuple(
        Section(kind, draw(st.sampled_from(TOPIC_HEADINGS[t])), draw(paragraphs(words, pool, most=2, empty=False)),
                number=n)
        for n, t in enumerate(names, 1)
    )


@st.composite
def signature_lines(draw: Any, words: Words) -> tuple[str, ...]:
    issuer = words.fill(draw(st.sampled_from(ISSUERS)))
    when = draw(st.sampled_from(["window", "window", "window", "late", "none"]))
    if when == "none":
        return (issuer,)
    year, month = (words.year, 12) if rarely(draw, 5) else (words.year + 1, draw(st.integers(1, 3)))
    if when == "late":
        month = draw(st.integers(5, 11))
    day = draw(st.integers(1, 28))
    if draw(st.booleans()):
        date = f"{year}年{month}月{day}日"
    else:
        date = f"{cn_year(year)}年{cn_number(month)}月{cn_number(day)}日"
    return issuer, date


@st.composite
def reports(draw: Any) -> Report:
    """A report from the grammar."""
    words = Words(
        county=draw(st.sampled_from(COUNTIES)),
        name=draw(st.sampled_from(TOWNS)),
        u=draw(st.sampled_from(UNIT_KINDS)),
        year=draw(st.integers(2021, 2025)),
        fullwidth=rarely(draw, 6),
        half_punct=rarely(draw, 6),
    )
    marker = draw(st.sampled_from(PARAGRAPH_MARKERS))
    topics = draw(st.lists(st.sampled_from(sorted(TOPIC_HEADINGS)), min_size=1, max_size=5, unique=True))
    work = []
    for n, topic in enumerate(topics, 1):
        pool = TOPIC_SENTENCES[topic] + (GENERIC_SENTENCES if draw(st.booleans()) else [])
        pool += NEGATED_SENTENCES if rarely(draw, 4) else []
        heading = draw(st.sampled_from(TOPIC_HEADINGS[topic]))
        style = draw(st.sampled_from(["body", "sub-parts", "run-in"]))
        if style == "sub-parts":  # （一）规范执法行为 over 1.全面推行执法公示 …
            titles = draw(st.lists(st.sampled_from(SUBTOPIC_HEADINGS[topic]), min_size=1, max_size=2, unique=True))
            children = tuple(Section("work", t, draw(paragraphs(words, pool, most=2)), number=k)
                             for k, t in enumerate(titles, 1))
            work.append(Section("work", heading, children=children, number=n))
        else:
            body = draw(paragraphs(words, pool, most=3, marker=marker, empty=style == "body"))
            work.append(Section("work", heading, body, number=n, run_in=style == "run-in"))
    sections: list[Section] = []
    leader = draw(st.sampled_from(["part", "part", "none", "sub-part"]))  # where the 第一责任人 part goes
    leader_part = Section("leader", draw(st.sampled_from(LEADER_HEADINGS)),
                          draw(paragraphs(words, LEADER_SENTENCES, most=2)))
    if draw(st.booleans()):  # 一、主要举措和成效 over （一）（二）… topics
        heading = words.fill(draw(st.sampled_from(UMBRELLA_HEADINGS)))
        if leader == "sub-part":  # （N）履行推进法治建设第一责任人职责情况, the last sub-part
            work.append(dataclasses.replace(leader_part, number=len(work) + 1))
        sections.append(Section("umbrella", heading, children=tuple(work)))
    else:  # the topics are the top-level parts
        sections += work
        if leader == "sub-part":
            sections.append(leader_part)
    if leader == "part":
        sections.append(leader_part)
    problems = Section("problems", draw(st.sampled_from(PROBLEM_HEADINGS)))
    if rarely(draw, 4):  # （一）加强组织领导… under 存在问题
        problems = dataclasses.replace(problems, children=draw(topics_of(words, "problem-topic", PROBLEM_SENTENCES)))
    else:
        problems = dataclasses.replace(problems, paragraphs=draw(paragraphs(words, PROBLEM_SENTENCES, most=2)))
    plans = Section("plans", words.fill(draw(st.sampled_from(PLAN_HEADINGS))))
    if rarely(draw, 3):  # （一）加强组织领导… under 下一步工作计划: topics that are plans
        plans = dataclasses.replace(plans, children=draw(topics_of(words, "plan-topic", PLAN_SENTENCES)))
    else:
        plans = dataclasses.replace(plans, paragraphs=draw(plan_paragraphs(words)))
    layout = draw(st.sampled_from(["apart", "apart", "apart", "combined", "mixed"]))
    if layout == "combined":  # 三、存在问题及下一步工作计划 over （一）问题 （二）计划
        children = (dataclasses.replace(problems, number=1), dataclasses.replace(plans, number=2))
        sections.append(Section("combined", draw(st.sampled_from(COMBINED_HEADINGS)), children=children))
    elif layout == "mixed":  # 三、存在问题及下一步工作计划, problems then plans in its own body
        body = draw(paragraphs(words, PROBLEM_SENTENCES, most=1, empty=False)) + draw(plan_paragraphs(words))
        sections.append(Section("mixed", draw(st.sampled_from(COMBINED_HEADINGS)), body))
    else:
        sections += [problems, plans]
    sections = [dataclasses.replace(s, number=n) for n, s in enumerate(sections, 1)]
    return Report(
        title=words.fill(draw(st.sampled_from(TITLES))),
        addressee=words.fill(draw(st.sampled_from(ADDRESSEES))),
        opening=words.fill(draw(st.sampled_from(OPENINGS))),
        sections=tuple(sections),
        signature=draw(signature_lines(words)),
        half_brackets=rarely(draw, 5),
        blank_lines=draw(st.booleans()),
        third=draw(st.sampled_from(["{k}.", "{k}、", "（{k}）"])),
        words=words,
    )


def report_texts() -> SearchStrategy[str]:
    return reports().map(Report.text)


# ---------------------------------------------------------------- arbitrary text

INVISIBLE = ["\u200b", "\ufeff", "\u2060", "\u200c", "\u200d", "\u00ad", "\u202e", "\u2066", "\u2067", "\u2068",
             "\u2069"]
# Unicode's Default_Ignorable_Code_Point beyond the list above (a sample of each range): nothing shows either
DEFAULT_IGNORABLE = ["\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180b", "\u180e", "\u200e",
                     "\u200f", "\u202a", "\u202c", "\u2061", "\u2064", "\u206a", "\u206f", "\u3164", "\ufe00",
                     "\ufe0f", "\uffa0", "\U0001bca0", "\U000e0001", "\U000e0020", "\U000e007f"]
VOCABULARY = sorted({
    "法治政府建设", "主要举措", "成效", "工作开展情况", "存在问题", "存在的不足", "短板", "下一步", "工作计划",
    "工作打算", "主要安排", "第一责任人", "党政主要负责人", "党委书记", "镇长", "主持召开", "专题会议", "研究",
    "法治建设", "领导小组", "全面依法治镇委员会", "中心组学法", "会前学法", "述法", "年终述职", "执法公示",
    "门户网站", "公示栏", "执法记录仪", "全过程记录", "音像记录", "法制审核", "重大执法决定", "法律顾问",
    "公职律师", "合同", "决策事项目录", "公众参与", "专家论证", "风险评估", "合法性审查", "集体讨论决定",
    "普法", "宪法日", "民法典", "谁执法谁普法", "普法责任清单", "未", "尚未", "没有", "计划", "将", "拟",
    "报告", "人民政府", "镇", "乡", "街道", "县", "年", "月", "日", "次", "件", "名", "份", "场", "台", "%",
    "《", "》", "现将有关情况报告如下", "一是", "二是",
})
MARKERS = ["一、", "二、", "三、", "十二、", "（一）", "(二)", "（三）", "（3）", "(4)", "3.", "3、", "12.", "①", "⑩",
           "一是", "第一部分", "第二章", "第三节", "四、", "五、"]
PUNCTUATION = list("。，；：、“”‘’《》（）()[]【】,.;:!?！？…—–-·%％/\\'\"<>#*_~|")
WHITESPACE = [" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u3000", "\xa0", "\f", "\v", "\u2028", "\u2029", "\x85"]
CONTROL = [chr(c) for c in range(32) if chr(c) not in "\n\t\r"] + ["\x7f", "\x80", "\x9b"]
DATES = ["2025年12月3日", "二〇二五年十二月三日", "2026年1月15日", "2025 年 12 月 3 日", "２０２６年１月５日",
         "2024年13月40日", "〇〇〇〇年〇月〇日", "2025-12-03", "2025.12.03", "2026年2月30日", "9999年1月1日"]


def tokens() -> SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(VOCABULARY),
        st.sampled_from(MARKERS),
        st.sampled_from(PUNCTUATION),
        st.integers(0, 10**7).map(str),
        st.sampled_from(DATES),
        st.sampled_from(WHITESPACE),
        st.sampled_from(INVISIBLE),
        st.sampled_from(CONTROL),
        st.text(max_size=6),
    )


@st.composite
def noisy_reports(draw: Any) -> str:
    """A grammar report with tokens thrown in anywhere."""
    text = draw(report_texts())
    cuts = sorted(draw(st.lists(st.tuples(st.integers(0, len(text)), tokens()), max_size=12)))
    out, last = [], 0
    for at, token in cuts:
        out += [text[last:at], token]
        last = at
    return "".join([*out, text[last:]])


def repeated_lines() -> SearchStrategy[str]:
    """One short line many times over (up to a long report's length): what stresses nesting and joining."""
    line = st.lists(tokens(), min_size=1, max_size=4).map(lambda ts: "".join(ts) + "\n")
    return st.builds(lambda unit, n: unit * n, line, st.integers(1, 1500))


def heading_runs() -> SearchStrategy[str]:
    """Many heading lines (the same one, or a few in turn) with little or no body: deep outlines."""
    heading = st.builds(lambda m, t: m + t, st.sampled_from(MARKERS),
                        st.sampled_from(["", "标题", "加强组织领导", "存在问题", "下一步工作计划", "正文。"]))
    return st.builds(lambda units, n: "".join(u + "\n" for u in units) * n,
                     st.lists(heading, min_size=1, max_size=3), st.integers(1, 800))


def arbitrary_text() -> SearchStrategy[str]:
    """Text a grader should survive: token soup, token lines, any Unicode, noisy reports, repeats."""
    soup = st.lists(tokens(), max_size=80).map("".join)
    lines = st.lists(st.lists(tokens(), max_size=12).map("".join), max_size=30).map("\n".join)
    return st.one_of(soup, lines, st.text(max_size=300), noisy_reports(), repeated_lines(), heading_runs())


def arbitrary_bytes() -> SearchStrategy[bytes]:
    """What a .txt file may hold: any bytes, or text in an encoding, with damage."""
    encoded = st.builds(
        lambda t, codec: t.encode(codec, errors="ignore"),
        arbitrary_text(),
        st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be"]),
    )
    damaged = st.builds(lambda b, at, junk: b[:at] + junk + b[at:], encoded, st.integers(0, 50), st.binary(max_size=4))
    return st.one_of(st.binary(max_size=400), encoded, damaged)


# ---------------------------------------------------------------- two versions of a report


@dataclass(frozen=True)
class Edit:
    """A report before and after an edit; `note` says what the edit was."""

    old: str
    new: str
    note: str = ""


@st.composite
def plan_edits(draw: Any) -> Edit:
    """A report, and the same report with one more sentence under the plans heading: a fact as the
    work parts would state it, a principal leader's act, or a plan."""
    report = draw(reports())
    words = report.words
    pool = draw(st.sampled_from([*TOPIC_SENTENCES.values(), LEADER_SENTENCES, PLAN_SENTENCES, GENERIC_SENTENCES,
                                 FACT_SENTENCES]))
    added = draw(sentence(words, pool))
    where = draw(st.sampled_from(report.plan_targets()))
    plans = list(report.at(where).paragraphs)
    at = draw(st.integers(0, len(plans)))
    if plans and at < len(plans) and draw(st.booleans()):
        plans[at] += added  # in the same paragraph
        how = f"appended to paragraph {at + 1} of plans part {where}"
    else:
        plans.insert(at, added)
        how = f"inserted as paragraph {at + 1} of plans part {where}"
    new = report.with_paragraphs(where, tuple(plans))
    return Edit(report.text(), new.text(), f"{how}: {added}")


@st.composite
def deletions(draw: Any) -> Edit:
    """A report, and the same report without one of its work parts (heading and body)."""
    report = draw(reports())
    where = draw(st.sampled_from(report.work_parts()))
    renumber = draw(st.booleans())
    return Edit(report.text(), report.without(where, renumber).text(),
                f"deleted work part {where} ({'renumbered' if renumber else 'numbers kept'})")


@st.composite
def invisible_edits(draw: Any, chars: Sequence[str] = tuple(INVISIBLE)) -> Edit:
    """A report, and the same report with invisible characters anywhere, line starts included."""
    text = draw(report_texts())
    lines = text.split("\n")
    starts = draw(st.lists(st.tuples(st.integers(0, len(lines) - 1), st.text(st.sampled_from(chars), min_size=1,
                                                                              max_size=3)), max_size=8))
    for k, chars in starts:
        lines[k] = chars + lines[k]
    marked = "\n".join(lines)
    cuts = sorted(draw(st.lists(st.tuples(st.integers(0, len(marked)), st.sampled_from(chars)), max_size=30)))
    out, last = [], 0
    for at, ch in cuts:
        out += [marked[last:at], ch]
        last = at
    new = "".join([*out, marked[last:]])
    return Edit(text, new, f"{len(starts)} line-start insertions, {len(cuts)} insertions anywhere")
