"""`--format html`: one self-contained page (inline CSS, no scripts, no network), printable on A4.

The page comes from the Jinja2 templates in `templates/` (autoescaped) laid over the view: for
one or more reports, a summary and a section per report; for a batch, the county page — ranking,
the coloured item × unit matrix (on A4 landscape), per-item totals, copied and reused text — and
then each report's section.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath
from typing import TextIO

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..models import STATUS_ZH, Status
from ..view.view import Quote, ReportView, RunView, points, term_spans

QUOTE = 160  # characters of evidence shown per quote
BRIEF = 60  # per quote in a batch's 评查意见 (two A4 pages a report): the whole sentence one click away
FINDINGS = 5  # findings printed in a 评查意见; the rest one click away
PASSAGES = 8  # copied passages printed on the county page; the rest one click away (pairs say how much)


def render(view: RunView, stream: TextIO) -> None:
    stream.write(_env().get_template("report.html.j2").render(view=view, statuses=list(Status)))


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("checker.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(status_zh=STATUS_ZH, brief=BRIEF, findings_shown=FINDINGS, passages_shown=PASSAGES)
    env.filters.update(highlight=highlight, points=points, basename=basename, who=who)
    return env


def basename(path: str) -> str:
    """A file's name without its folders: a page handed out names no one's disk."""
    return PurePath(path).name


def who(report: ReportView) -> str:
    """The report's unit, else its file's name."""
    return report.unit or basename(report.path)


def highlight(quote: Quote, width: int = QUOTE) -> Markup:
    """The quote (clipped to `width` characters; 0: whole), escaped, with each matched word in <mark>."""
    text = quote.clipped(width) if width else quote.text
    parts: list[Markup] = []
    at = 0
    for start, end in term_spans(text, quote.terms):
        parts += [escape(text[at:start]), Markup("<mark>%s</mark>") % text[start:end]]
        at = end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)
