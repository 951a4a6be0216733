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
from ..view.view import Quote, RunView, points, term_spans

QUOTE = 160  # characters of evidence shown per quote


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
    env.globals.update(status_zh=STATUS_ZH)
    env.filters.update(highlight=highlight, points=points, basename=lambda path: PurePath(path).name)
    return env


def highlight(quote: Quote) -> Markup:
    """The quote (clipped), escaped, with each matched word in <mark>."""
    text = quote.clipped(QUOTE)
    parts: list[Markup] = []
    at = 0
    for start, end in term_spans(text, quote.terms):
        parts += [escape(text[at:start]), Markup("<mark>%s</mark>") % text[start:end]]
        at = end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)
