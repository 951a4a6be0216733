"""Loading checklists: the bundled ones by id, files by path, each checked as a whole.

`load(name_or_path)` gives a `Checklist`, `load_compiled` the same compiled for grading (compile.py),
`load_editions` every edition of it: a complete file is validated against the models in
`checklist.py`; a profile (`extends`) is merged onto its base by `profiles.py`. Every problem is
reported at once with its file and line (`yamlfile.py`): the model's own errors, duplicate ids,
groups nobody defined, weights that sum to zero, unknown or cyclic concepts, regexes that could
backtrack once their concepts are expanded. Every checklist's vocabulary starts from the common
one (`checklists/vocabulary.yaml`).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from ..models import FazhiError
from . import auto
from . import cache as kept_compiled
from .checklist import Checklist, ChecklistFile, VocabularyFile
from .compile import CompiledChecklist, compile
from .editions import Editions, covering, start
from .vocabulary import Concept, merge
from .yamlfile import Lines, Problem, at, line_of, raise_problems, read_text, read_yaml, validate

Chain = tuple[tuple[str, str], ...]  # (resolved path, name as shown) of the files being loaded

BUNDLED_DIRS = (
    Path(__file__).resolve().parents[1] / "checklists",  # inside a built wheel
    Path(__file__).resolve().parents[2] / "checklists",  # source tree / editable install
)
DEFAULT_CHECKLIST = "township-annual"
VOCABULARY_FILE = "vocabulary.yaml"  # beside the bundled checklists, and not one of them


def bundled() -> dict[str, Path]:
    """Bundled checklists by id (file stem)."""
    found: dict[str, Path] = {}
    for folder in BUNDLED_DIRS:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                if path.name != VOCABULARY_FILE:
                    found.setdefault(path.stem, path)
    return found


@cache
def common_vocabulary() -> dict[str, Concept]:
    """The bundled concepts every checklist starts from (checklists/vocabulary.yaml)."""
    path = _vocabulary_path()
    return parse_vocabulary(read_text(path, "词表文件"), str(path))


def _vocabulary_path() -> Path:
    return next(p for folder in BUNDLED_DIRS if (p := folder / VOCABULARY_FILE).is_file())


def parse_vocabulary(text: str, name: str) -> dict[str, Concept]:
    """A vocabulary file (concepts only), checked like a checklist's: references, cycles, regexes."""
    from .checks import vocabulary_problems  # as parse_checklist
    data, lines, problems = read_yaml(text, name)
    spec, more = validate(data, lines, name, VocabularyFile)
    raise_problems(problems + more)
    assert spec is not None
    concepts = merge({}, spec.vocabulary)
    raise_problems(vocabulary_problems(data, lines, name, concepts))
    return concepts


def is_vocabulary_file(path: str) -> bool:
    """A file with concepts and neither a checklist id nor a base: the common vocabulary's form."""
    try:
        data, _, _ = read_yaml(read_text(path, "核查清单"), path)
    except FazhiError:
        return False
    return isinstance(data, dict) and "vocabulary" in data and not {"id", "extends"} & set(data)


def resolve(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise FazhiError(f"找不到核查清单文件：{name_or_path}")
        return path
    known = bundled()
    if name_or_path in known:
        return known[name_or_path]
    names = "、".join(known) or "（无）"
    raise FazhiError(f"未知的核查清单：{name_or_path}（内置清单：{names}；也可给出 YAML 文件路径）")


def load(name_or_path: str = DEFAULT_CHECKLIST) -> Checklist:
    """The checklist (its data: items, groups, vocabulary …)."""
    return load_compiled(name_or_path).checklist


def load_compiled(name_or_path: str = DEFAULT_CHECKLIST) -> CompiledChecklist:
    """The checklist compiled for grading (compile.py), from the checklist cache when none of its
    files changed (cache.py)."""
    return _cached(resolve(name_or_path))


def load_on(path: Path, base: Checklist) -> CompiledChecklist:
    """A profile laid on a given base (one edition of the family it extends), compiled."""
    return _cached(path, base)


_files_read: list[Path] = []  # the files the checklist being loaded was read from (for the cache)


def _cached(path: Path, base: Checklist | None = None) -> CompiledChecklist:
    """The checklist at `path` (laid on `base`, when given) from the cache, else loaded, compiled
    and kept."""
    variant = f"on {base.edition}" if base is not None else ""
    kept = kept_compiled.get(path, variant)
    if isinstance(kept, CompiledChecklist):
        return kept
    _files_read.clear()
    made = compile(_load(path, (), base))
    kept_compiled.put(path, made, [*_files_read, _vocabulary_path()], variant)
    return made


def _load(path: Path, chain: Chain, base: Checklist | None = None) -> Checklist:
    _files_read.append(path)
    return parse_checklist(read_text(path, "核查清单"), str(path), chain, base)


def is_path(name: str) -> bool:
    """A checklist named by a file path rather than a bundled id."""
    return name.endswith((".yaml", ".yml")) or "/" in name or "\\" in name or Path(name).exists()


def parse_checklist(text: str, name: str, chain: Chain = (), base: Checklist | None = None) -> Checklist:
    """A checklist from YAML text; every problem at once, each with its file and line. `base` lays
    a profile on that base instead of the one it names."""
    # what checks a file's text, imported only to read one: a checklist kept compiled (cache.py) needs none
    from .checks import cross_check, unused_concepts, vocabulary_problems, zero_weights
    from .profiles import merge_profile

    chain = (*chain, (str(Path(name).resolve()), name))
    data, lines, problems = read_yaml(text, name)
    if "extends" in data:
        if base is None:
            base = _load_base(data["extends"], lines, name, chain, problems)
        return merge_profile(data, lines, name, base, problems)
    spec, more = validate(data, lines, name, ChecklistFile)
    problems += more + cross_check(data, lines, name) + zero_weights(data, lines, name)
    raise_problems(problems)
    assert spec is not None
    concepts = merge(common_vocabulary(), spec.vocabulary)
    raise_problems(vocabulary_problems(data, lines, name, concepts))
    fields = {key: getattr(spec, key) for key in ChecklistFile.model_fields} | {"vocabulary": concepts}
    checklist = Checklist.model_construct(**fields)
    checklist.warnings.extend(unused_concepts(data, lines, name, checklist))
    return checklist


# ---------------------------------------------------------------- the base of a profile


def _load_base(extends: Any, lines: Lines, name: str, chain: Chain, problems: list[Problem]) -> Checklist | None:
    """The base checklist, or None with the reason added to `problems`."""
    if not isinstance(extends, str) or not extends:
        return None  # the model reports it
    try:
        pinned = _pinned_base(extends)
        if pinned is not None:
            return pinned
        path = _base_path(extends, name)
    except FazhiError as exc:
        problems.append(at(name, ("extends",), lines, f"extends: {exc}"))
        return None
    key = str(path.resolve())
    if key in (k for k, _ in chain):
        names = " → ".join([*(shown for _, shown in chain), str(path)])
        problems.append(at(name, ("extends",), lines, f"extends: 循环继承：{names}"))
        return None
    try:
        return _load(path, chain)
    except FazhiError as exc:  # the base's own problems, with its file and lines
        problems.append((line_of(("extends",), lines), str(exc)))
        return None


def _pinned_base(extends: str) -> Checklist | None:
    """`extends: township-annual@2025`: the bundled edition for that year (None: not such a name)."""
    name, at, year = extends.partition("@")
    if not at or not year.isdigit() or is_path(extends):
        return None
    if not family_files(name):
        return None
    return pinned(name, int(year)).checklist


def _base_path(extends: str, name: str) -> Path:
    """A bundled checklist's id, or a YAML file in the profile's own folder or below it: a profile
    someone sends must not make fazhi read (and quote in its errors) any other file."""
    if extends.endswith((".yaml", ".yml")) or "/" in extends or "\\" in extends:
        folder = Path(name).parent
        path = Path(os.path.normpath(folder / extends))
        inside = Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
        if Path(extends).is_absolute() or not inside or not extends.endswith((".yaml", ".yml")):
            raise FazhiError(f"“{extends}” 不可用：extends 只能是内置清单编号，或本文件所在文件夹内的 .yaml 文件")
        if not path.is_file():
            raise FazhiError(f"找不到基础清单文件 {path}")
        return path
    known = bundled()
    if extends not in known:
        import difflib

        close = difflib.get_close_matches(extends, known, n=1)
        hint = f"是否指 {close[0]}？" if close else ""
        raise FazhiError(
            f"未知的基础清单 “{extends}”（{hint}内置清单见 fazhi checklist list；也可给出相对于本文件的 YAML 路径）"
        )
    return known[extends]


# ---------------------------------------------------------------- editions (editions.py)


def families() -> list[str]:
    """The bundled checklists by id, one entry however many editions each has."""
    return sorted({stem.partition("@")[0] for stem in bundled()})


def family_files(name: str) -> list[str]:
    """The bundled files of a checklist id: `name.yaml` and every `name@….yaml`."""
    return sorted(stem for stem in bundled() if stem == name or stem.startswith(f"{name}@"))


def load_editions(name_or_path: str = DEFAULT_CHECKLIST) -> Editions:
    """The editions of a bundled id, the one pinned by `id@year`, or a file's (a profile of a
    family of editions is laid on each), compiled."""
    if name_or_path == auto.AUTO:  # each report by its unit's kind: a township's or a department's checklist
        return auto.by_unit(load_editions(auto.TOWNSHIP), load_editions(auto.DEPARTMENT))
    base, at, year = name_or_path.partition("@")
    members = family_files(base) if not is_path(name_or_path) else []
    if at and year.isdigit() and members:
        return Editions(name_or_path, (pinned(base, int(year)),), pinned=int(year))
    if len(members) > 1:
        return Editions(base, _members(base))
    made = load_compiled(name_or_path)
    bases = made.checklist.extends
    if bases is not None and "@" not in bases and not is_path(bases) and len(family_files(bases)) > 1:
        path = resolve(name_or_path)
        return Editions(name_or_path, tuple(load_on(path, b.checklist) for b in _members(bases)))
    return Editions(name_or_path, (made,))


def pinned(name: str, year: int) -> CompiledChecklist:
    """The edition of a bundled checklist that applies to `year`."""
    editions = load_editions(name).compiled
    found = covering(editions, year)
    if not found:
        spans = "、".join(e.checklist.years.label for e in editions if e.checklist.years)
        raise FazhiError(f"核查清单 {name} 没有适用于 {year} 年的版本（各版适用：{spans}）")
    return found[-1]


def _members(name: str) -> tuple[CompiledChecklist, ...]:
    return tuple(sorted((load_compiled(stem) for stem in family_files(name)), key=start))
