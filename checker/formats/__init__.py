"""Stage 7 — render: each output format is one function `render(run, stream)`.

Formats are imported when used, so a plain check does not pay for Jinja2 or openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import TextIO

from ..models import Run

Renderer = Callable[[Run, TextIO], None]

_WHERE = {  # format → (module, function)
    "terminal": ("terminal", "render"),
    "json": ("json_format", "render"),
    "csv": ("spreadsheet", "render_csv"),
    "html": ("html", "render"),
    "markdown": ("markdown", "render"),
    "junit": ("junit", "render"),
    "sarif": ("sarif", "render"),
    "github": ("github", "render"),
}


class _Formats(Mapping[str, Renderer]):
    """Format name → renderer, each module imported on first use."""

    def __getitem__(self, name: str) -> Renderer:
        module, function = _WHERE[name]
        return getattr(import_module(f"{__name__}.{module}"), function)

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


FORMATS: Mapping[str, Renderer] = _Formats()
