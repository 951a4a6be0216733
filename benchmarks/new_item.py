"""How many tests a valid new item in the bundled default checklist breaks (the bound is 3: the
spec's id list and the golden files that must change).

    python benchmarks/new_item.py [--id E3] [--group E] [--bound 3] [-- PYTEST ARGS]

Copies the checkout's files (as they are in the working tree) to a temporary folder, with
`../shared` beside it when there is one, appends an item with that id and group to
checklists/township-annual.yaml, and runs pytest there (the copy's own `checker` first on the
path, for the tests' child processes too). Prints each failing test, then one line with ✔ or ✘,
and exits 1 when more tests fail than the bound or pytest stops at collection.

An id a bundled profile already uses (`--id F1`) must fail one test that names the clash and the
tests that load that profile, never the collection. The whole suite takes some minutes; pytest
arguments after `--` run a part of it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST = Path("checklists") / "township-annual.yaml"

ITEM = """
  - id: {id}
    title: 培育学法用法示范户
    group: {group}
    basis: 《乡村“法律明白人”培养工作规范（试行）》
    match:
      - any: [学法用法示范户, 法治示范户]
    advice: 写明培育学法用法示范户的户数。
    examples:
      met:
        - 培育学法用法示范户20户。
      missing:
        - {{text: 学法用法示范户培育不足。, heading: 三、存在的问题}}
"""


def copy_checkout(into: Path) -> Path:
    """The checkout's files as they are now, under `into`: those git knows of (tracked, or new and not
    ignored), or, outside a git checkout (a copy made by this script), every file but caches."""
    repo = into / ROOT.name
    for name in _files():
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    if (ROOT.parent / "shared").is_dir():
        (into / "shared").symlink_to((ROOT.parent / "shared").resolve())
    return repo


def _files() -> list[str]:
    if (ROOT / ".git").exists():
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                                capture_output=True).stdout.decode().split("\0")
        return [name for name in listed if name]
    skip = {".venv", ".hypothesis", ".pytest_cache", ".ruff_cache", "__pycache__"}
    return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if not skip & set(p.relative_to(ROOT).parts)]


def add_item(repo: Path, item_id: str, group: str) -> None:
    path = repo / CHECKLIST
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    if not re.search(r"^items:", text, re.M) or re.search(r"^\S", text.split("\nitems:\n", 1)[1], re.M):
        raise SystemExit(f"{CHECKLIST}: items 不是最后一个键，无法在末尾追加检查项")
    path.write_text(text + ITEM.format(id=item_id, group=group), encoding="utf-8")


def run_tests(repo: Path, pytest_args: list[str]) -> tuple[int, list[str], str]:
    """pytest's exit code, the failing tests (and collection errors), and its last line."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(repo), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfE", "-p", "no:cacheprovider", *pytest_args],
                          cwd=repo, env=env, capture_output=True, text=True)
    failed = [line.split(" - ")[0] for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-300:]
    return done.returncode, failed, last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--id", default="E3", help="the new item's id (default E3)")
    parser.add_argument("--group", default="E", help="its group, one the checklist has (default E)")
    parser.add_argument("--bound", type=int, default=3, help="failing tests allowed (default 3)")
    parser.add_argument("pytest_args", nargs="*", help="after --: what pytest runs (default: everything)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-new-item-") as folder:
        repo = copy_checkout(Path(folder))
        add_item(repo, args.id, args.group)
        code, failed, last = run_tests(repo, args.pytest_args)
    for name in failed:
        print(name)
    collected = code in (0, 1)  # 2: interrupted (a collection error), 4: usage, 5: no tests
    met = collected and len(failed) <= args.bound
    print(f"{'✔' if met else '✘'} item {args.id} appended to {CHECKLIST}: {len(failed)} tests fail "
          f"(bound {args.bound}){'' if collected else f'; pytest stopped (exit {code})'}: {last}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
