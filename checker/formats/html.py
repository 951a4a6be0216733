"""`--format html`: one self-contained page (inline CSS, no scripts, no network), printable on A4.

The page comes from the Jinja2 templates in `templates/` (autoescaped). The helpers here —
groups in order, the best evidence, the mentions that did not count, highlighted quotes —
are shared with the Markdown renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..models import STATUS_ZH, Evidence, ItemResult, ReportResult, Run, Status

QUOTE = 160  # characters of evidence shown per quote
NOTES = 3  # mentions that did not count, shown per item to add


@dataclass(frozen=True)
class GroupRow:
    """One checklist group of one report: items met and points earned."""

    title: str
    items: list[ItemResult]

    @property
    def met(self) -> int:
        return sum(i.status is Status.MET for i in self.items)

    @property
    def earned(self) -> float:
        return sum(i.earned for i in self.items)

    @property
    def possible(self) -> float:
        return sum(i.weight for i in self.items)


def render(run: Run, stream: TextIO) -> None:
    stream.write(_env().get_template("report.html.j2").render(run=run))


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("checker.formats", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(groups=groups, best=best, notes=notes, todo=todo, status_zh=STATUS_ZH)
    env.filters.update(highlight=highlight, points=points)
    return env


def groups(run: Run, r: ReportResult) -> list[GroupRow]:
    """The report's items by checklist group, in checklist order."""
    rows: list[GroupRow] = []
    for item in r.items:
        title = run.group_titles.get(item.group, item.group)
        if not rows or rows[-1].title != title:
            rows.append(GroupRow(title, []))
        rows[-1].items.append(item)
    return rows


def todo(r: ReportResult) -> list[ItemResult]:
    """Every item not met: the "需要补充" list."""
    return [i for i in r.items if i.status is not Status.MET and not i.waiver]


def best(item: ItemResult) -> Evidence | None:
    """The sentence shown for an item: what decided it, else the best mention that did not count."""
    shown = item.evidence[:1] or item.elsewhere[:1]
    return shown[0] if shown else None


def notes(item: ItemResult) -> list[Evidence]:
    """Where the report mentions an item anyway (under 存在问题, as a plan, negated …)."""
    seen: set[tuple[int, str]] = set()
    out: list[Evidence] = []
    for e in item.elsewhere:
        if (e.line, e.text) not in seen:
            seen.add((e.line, e.text))
            out.append(e)
    return out[:NOTES]


def points(value: float) -> str:
    return f"{value:g}"


def clip(text: str, terms: list[str], width: int = QUOTE) -> str:
    """At most `width` characters, centred on the first matched word."""
    if len(text) <= width:
        return text
    at = min((text.find(t) for t in terms if t and t in text), default=0)
    start = max(0, min(at - width // 3, len(text) - width))
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def term_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the matched words are in `text`: non-overlapping, longest first at each start."""
    found = [(start, start + len(t)) for t in set(terms) if t for start in _occurrences(text, t)]
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def _occurrences(text: str, term: str) -> list[int]:
    out, at = [], text.find(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + len(term))
    return out


def highlight(text: str, terms: list[str]) -> Markup:
    """The quote (clipped), escaped, with each matched word in <mark>."""
    text = clip(text, terms)
    parts: list[Markup] = []
    at = 0
    for start, end in term_spans(text, terms):
        parts += [escape(text[at:start]), Markup("<mark>%s</mark>") % text[start:end]]
        at = end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)
