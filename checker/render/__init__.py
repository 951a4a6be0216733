"""Stage 8 — render: each output format is one function `render(view, stream)`, laying out a `RunView`.

Formats are imported when used, so a plain check does not pay for Jinja2 or openpyxl.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module
from pathlib import Path
from typing import TextIO

from ..models import FazhiError
from ..view.view import ReportView, RunView

Renderer = Callable[[RunView, TextIO], None]

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


# The outputs that quote no sentence: a batch's page in the terminal (ranking, coverage matrix,
# totals) and the CSV summary table. For them the reports are graded without keeping the quotes.
_QUOTELESS = {("batch", "terminal"), ("batch", "csv"), ("check", "csv")}


def quotes_shown(command: str, fmt: str) -> bool:
    """Whether `fmt`, for `command`, shows the sentences quoted for each item."""
    return (command, fmt) not in _QUOTELESS


class _Formats(Mapping[str, Renderer]):
    """Format name → renderer, each module imported on first use."""

    def __getitem__(self, name: str) -> Renderer:
        return _load(_WHERE[name])

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


FORMATS: Mapping[str, Renderer] = _Formats()

# Formats whose document holds one entry per report, made from that report's view alone: a batch
# makes each as the report's result comes in, while its workers grade the rest, and hands them to
# the renderer (`render(view, stream, entries)`).
_ENTRIES = {"json": ("json_format", "report_json")}


def report_entry(fmt: str) -> Callable[[ReportView], bytes] | None:
    """What makes a report's entry in `fmt`, if the format has entries."""
    return _load(_ENTRIES[fmt]) if fmt in _ENTRIES else None


def _load(where: tuple[str, str]) -> Callable:
    """A function of one of the format modules, (module, function), importing the module on first use."""
    module, function = where
    return getattr(import_module(f"{__name__}.{module}"), function)


@contextlib.contextmanager
def replacing(path: str) -> Iterator[str]:
    """A temporary file beside `path` to write to; it replaces `path` only once written in full, so
    an interrupted run (Ctrl-C while a workbook is saved) never leaves a broken file behind."""
    target = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        mask = os.umask(0)  # mkstemp makes the file private; the output gets the usual permissions
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
    except OSError as exc:
        raise FazhiError(f"{path}: 无法写入（{exc.strerror or exc}）") from exc
    try:
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        raise FazhiError(f"{path}: 无法写入（{exc.strerror or exc}）") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def write_text(path: str, text: str, encoding: str = "utf-8") -> None:
    """Write a whole output file at once (see `replacing`)."""
    with replacing(path) as temp:
        Path(temp).write_text(text, encoding=encoding, newline="")


def dump_json(value: object, stream: TextIO) -> None:
    """A JSON document indented by two spaces, then a newline."""
    write_json([json_bytes(value)], stream)


def json_bytes(value: object) -> bytes:
    """`value` as JSON indented by two spaces, in UTF-8. orjson writes the same bytes as the standard
    library's `json.dumps(…, ensure_ascii=False, indent=2)` ten times faster (a county's batch is
    tens of megabytes); text orjson refuses (a lone surrogate) goes through the library, the
    surrogate written as its escape `\\udXXXX`, which JSON allows and UTF-8 cannot hold."""
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except (TypeError, orjson.JSONEncodeError):
        import json

        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace")


def write_json(pieces: Iterable[bytes], stream: TextIO) -> None:
    """A JSON document made as pieces of UTF-8, then a newline, to a text stream."""
    buffer = getattr(stream, "buffer", None)
    utf8 = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    if buffer is not None and utf8 and os.linesep == "\n":  # no newline the text layer would translate
        stream.flush()
        buffer.writelines(pieces)  # UTF-8 already: not decoded only to be encoded again (tens of MB for a batch)
        buffer.write(b"\n")
        buffer.flush()
    else:
        stream.write(b"".join(pieces).decode("utf-8"))
        stream.write("\n")
