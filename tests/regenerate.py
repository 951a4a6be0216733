"""Regenerate the golden files after an intended change to what is graded.

    python -m tests.regenerate          # from the checkout's root

Golden files hold whole outputs byte for byte, so that a change to speed or structure cannot move
a status, a quote or a score unseen. When the change is meant to move them (a new item, a new
word in the vocabulary, a new rule), regenerate, read the diff (`git diff tests/data`) and say in
the commit why each change is right. Today there is one: `tests/data/samples.json`, the JSON of
the bundled sample reports (checked by `tests/test_cli.py::test_the_samples_json_is_unchanged`).
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from checker.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_JSON = ROOT / "tests" / "data" / "samples.json"


def samples_json() -> str:
    """What `fazhi check reports --format json --no-config` prints, run from the checkout's root."""
    out = io.StringIO()
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            main(["check", "reports", "--format", "json", "--no-config"])
    finally:
        os.chdir(here)
    return out.getvalue()


def regenerate() -> list[Path]:
    """Write every golden file; return those whose content changed."""
    changed = []
    for path, text in ((SAMPLES_JSON, samples_json()),):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    written = regenerate()
    for path in written:
        print(f"rewritten: {path.relative_to(ROOT)}")
    if not written:
        print("golden files unchanged")
