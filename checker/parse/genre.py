"""Is it a report at all? A unit's annual rule-of-law report, or another kind of document.

Decided before grading from three signals, each read with the checklist's words (`genre_*`,
`directive` and `rule_of_law_topic` in the vocabulary), and only when they agree; in doubt, the
document is graded as a report:

- **form** — mostly code, Markdown or text that is not Chinese (a software README);
- **notice** — the title ends as a notice (…的通知) and names no report;
- **genre** — the title names another kind of document (工作要点, 方案, 计划) and no report,
  and the sentences are mostly directives (要…, 将…, 不少于…, 确保…) rather than done acts:
  a plan, whose items are `planned` at most;
- **topic** — the title names a report of another field (安全生产工作总结: no 法治 in it) and the
  body speaks of 法治 rarely;
- **news** — no report in the title or opening, and the marks of a news item (记者, 通讯员, 本报讯).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..checklist.vocabulary import Vocabulary
from ..models import ParsedReport

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
MARKUP = re.compile(r"^(?:#{1,6}\s|```|\||>\s|[-*+]\s|\$\s|\d+\.\s+[A-Za-z`])")
PROSE_SHARE = 0.3  # Han characters among the visible ones: less is no Chinese report
MARKUP_SHARE = 0.15  # lines of Markdown or code: more is a README
PLAN_SHARE = 0.5  # directive sentences among those that narrate: more is a plan
TOPIC_DENSITY = 6.0  # rule-of-law words per 1,000 Han characters: fewer is another field
MIN_SENTENCE = 8  # Han characters: a shorter sentence narrates nothing


@dataclass(frozen=True)
class Genre:
    kind: str  # "report", "plan", "other"
    reason: str = ""  # why it is not a report, in Chinese


def genre(report: ParsedReport, words: Vocabulary) -> Genre:
    lines = [line.text for line in report.document.lines] if report.document is not None else []
    text = "".join(lines)
    visible = len(re.sub(r"\s", "", text))
    han = han_count(text)
    raw = [line.strip() for line in report.document.source.text.splitlines() if line.strip()] if lines else []
    markup = sum(1 for line in raw if MARKUP.match(line))  # as written: normalising joins and unspaces them
    if visible and (han < visible * PROSE_SHARE or markup >= max(3, len(raw) * MARKUP_SHARE)):
        return Genre("other", "正文多为代码、Markdown 标记或非中文文字，像软件说明文档，不是单位的年度报告")
    title = report.title or (lines[0] if lines else "")
    opening = title + "".join(lines[:3])[:200]
    is_report = bool(words.regex("genre_report").search(title))
    if not is_report and words.regex("genre_notice", suffix="$").search(title):
        return Genre("other", f"标题“{title[:30]}”是通知，不是年度报告")
    if not is_report and words.regex("genre_other").search(title):
        share = _directive_share(report, words)
        if share >= PLAN_SHARE:
            name = words.regex("genre_other").search(title).group()
            return Genre("plan", f"标题为“{name}”，正文 {share:.0%} 的句子是部署要求（要……、将……、不少于……），"
                                 "没有报告已完成的工作：是工作计划，不是年度报告")
    if is_report and not words.regex("rule_of_law_topic").search(title):
        density = len(words.regex("rule_of_law_topic").findall(text)) * 1000 / max(han, 1)
        if density < TOPIC_DENSITY:
            return Genre("other", f"标题“{title[:30]}”和正文写的是其他领域的工作"
                                  f"（法治相关词语每千字仅 {density:.1f} 个），不是法治政府建设年度报告")
    if not words.regex("genre_report").search(opening) and words.regex("genre_news").search(text):
        return Genre("other", "没有报告标题，正文有新闻稿的标记（记者、通讯员、本报讯等）：是新闻报道，不是年度报告")
    return Genre("report")


def _directive_share(report: ParsedReport, words: Vocabulary) -> float:
    """The share of narrating sentences that direct or promise (要…, 将…, 确保…) without a done act."""
    directive, done = words.regex("directive"), words.regex("done")
    narrating = [s.text for s in report.sentences if not s.heading and han_count(s.text) >= MIN_SENTENCE]
    if not narrating:
        return 0.0
    return sum(1 for s in narrating if directive.search(s) and not done.search(s)) / len(narrating)


def han_count(text: str) -> int:
    """How many Han characters `text` holds, counted by runs rather than one by one: a list of every
    character was two thirds of this check's time (50 µs of a short report's 2 ms)."""
    return sum(map(len, HAN_RUN.findall(text)))
