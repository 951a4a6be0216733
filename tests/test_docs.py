"""The documentation names files that exist, and the module map of docs/architecture.md matches the
tree: every module of checker/ is named under its folder, and every module named there exists.

A path is a `code` span or a link target that ends in a file suffix or a slash. It may be written
from the repository's root, from the document's folder, or from checker/; a bare name (`test_cli.py`)
is found anywhere in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKER = ROOT / "checker"
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
# names of the user's files in examples, the shared material's tool, and where a wheel puts the
# bundled checklists: never files of this repository
NOT_OURS = {"fazhi.toml", "应交名单.txt", "evaluate.py", "checker/checklists/"}
PATH = re.compile(r"[^`\s]*(?:\.(?:py|yaml|yml|md|json|j2|toml|png|txt|docx)|/)(?:::\w+)?")
CODE, LINK = re.compile(r"`([^`\s]+)`"), re.compile(r"\]\(([^)\s#]+)")


def named_paths(text: str) -> set[str]:
    tokens = set(CODE.findall(text)) | set(LINK.findall(text))
    return {
        t for t in tokens
        if PATH.fullmatch(t) and t != "/" and not t.startswith(("http", "../shared", "shared/"))
        and not set(t) & set("<*") and not re.fullmatch(r"\.\w+", t)  # `.docx`: a suffix, not a file
    }


def _repository_names() -> set[str]:
    skip = {".git", ".venv", ".hypothesis", ".pytest_cache", ".ruff_cache", "__pycache__"}
    return {p.name for p in ROOT.rglob("*") if not skip & set(p.relative_to(ROOT).parts)}


def missing_paths(doc: Path, names: set[str]) -> list[str]:
    missing = []
    for token in sorted(named_paths(doc.read_text(encoding="utf-8")) - NOT_OURS):
        path, _, test = token.partition("::")
        found = [p for p in (ROOT / path, doc.parent / path, CHECKER / path) if p.exists()]
        if not found and "/" not in path.rstrip("/"):
            found = [Path(path)] if path.rstrip("/") in names else []
        if not found or (test and f"def {test}(" not in found[0].read_text(encoding="utf-8")):
            missing.append(token)
    return missing


def test_every_file_the_docs_name_exists():
    names = _repository_names()
    missing = {doc.name: m for doc in DOCS if (m := missing_paths(doc, names))}
    assert missing == {}


def module_map() -> dict[str, set[str]]:
    """The module map's entries: each top-level bullet's folder (the first path it names: `read/`,
    `parse/parse.py`), and the names in the bullet and its sub-bullets."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## The module map", 1)[1].split("\n## ", 1)[0]
    entries: dict[str, set[str]] = {}
    for bullet in re.split(r"\n(?=- )", section.strip()):
        names = CODE.findall(bullet)
        if names:
            first = names[0]
            folder = first if first.endswith("/") else first.rpartition("/")[0] + "/" * ("/" in first)
            entries.setdefault(folder, set()).update(names)
    return entries


def test_the_module_map_names_every_module_and_only_modules_that_exist():
    entries = module_map()
    unnamed = []
    for path in sorted(CHECKER.rglob("*.py")):
        relative = path.relative_to(CHECKER)
        if path.name in ("__init__.py", "__main__.py") and len(relative.parts) <= 2:
            continue
        folder = "/".join(relative.parts[:-1]) + "/" if len(relative.parts) > 1 else ""
        names = entries.get(folder, set())
        if not {path.name, path.stem, str(relative)} & names:
            unnamed.append(str(relative))
    assert unnamed == []
    gone = [f"{folder}{name}" for folder, names in entries.items() for name in names
            if name.endswith(".py") and not (CHECKER / folder / name).exists() and not (CHECKER / name).exists()]
    assert gone == []


def test_the_readme_is_a_short_user_guide_without_history():
    """README.md: at most 400 lines, and no word of rounds or issues (the history is in git)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400
    assert re.findall(r"\brounds?\b|\bissues? #?\d+", text, re.I) == []
