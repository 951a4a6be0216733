"""Stage 7 — render: each output format is one function `render(run, stream)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..models import Run
from . import github, html, json_format, junit, markdown, sarif, spreadsheet, terminal

Renderer = Callable[[Run, TextIO], None]

FORMATS: dict[str, Renderer] = {
    "terminal": terminal.render,
    "json": json_format.render,
    "csv": spreadsheet.render_csv,
    "html": html.render,
    "markdown": markdown.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
}
