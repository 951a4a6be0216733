"""Project configuration: settings a county's repository keeps instead of flags.

As yamllint finds `.yamllint`, fazhi looks in the current folder and its parents (up to the folder
that holds `.git`) for `fazhi.toml`, or for a `[tool.fazhi]` table in `pyproject.toml`; the nearest
one wins, `fazhi.toml` before `pyproject.toml` in the same folder. Flags given on the command line
override it; `--config FILE` names one, `--no-config` ignores them.

```toml
# fazhi.toml
checklist = "checklists/our-county.yaml"   # an id or a path (relative to this file)
waivers = "waivers.yaml"                   # relative to this file
overrides = "overrides.yaml"               # the grader's own calls (relative to this file)
fail_on = "planned"                        # partial | planned | missing
min_score = 70
format = "auto"                            # any --format; auto: GitHub annotations in Actions
```
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..checklist.yamlfile import read_text
from ..models import FazhiError

NAMES = ("fazhi.toml", "pyproject.toml")


class Settings(BaseModel):
    """What a configuration file may set (every key optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    checklist: str | None = Field(default=None, description="内置清单编号或 YAML 文件路径（相对于配置文件）")
    waivers: str | None = Field(default=None, description="豁免清单 YAML 路径（相对于配置文件）")
    overrides: str | None = Field(default=None, description="改判文件 YAML 路径（相对于配置文件）")
    fail_on: Literal["partial", "planned", "missing"] | None = None
    min_score: float | None = Field(default=None, ge=0, le=100)
    format: str | None = None
    source: str = ""  # the file the settings came from (filled in on load)


# No file, no settings: the defaults need no validating, and building pydantic's validator (and
# looking for its plugins among the installed packages) took 14 ms of every start without a file.
NONE = Settings.model_construct()


def find(start: Path) -> Path | None:
    """The nearest configuration file from `start` upwards, stopping at the repository's root."""
    for folder in (start, *start.parents):
        for name in NAMES:
            path = folder / name
            if path.is_file() and (name == "fazhi.toml" or _has_tool_table(path)):
                return path
        if (folder / ".git").exists():
            return None
    return None


def load(path: Path) -> Settings:
    """Settings from a file; paths in it are made relative to the file's folder."""
    table = _read(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("fazhi", {})
    try:
        settings = Settings.model_validate({k.replace("-", "_"): v for k, v in table.items()})
    except ValidationError as exc:
        problems = "；".join(f"{'.'.join(str(p) for p in e['loc'])}: {_message(e)}" for e in exc.errors())
        raise FazhiError(f"{path}: 配置有误：{problems}") from exc
    here = path.parent
    fix: dict[str, str] = {"source": str(path)}
    if settings.waivers:
        fix["waivers"] = str(here / settings.waivers)
    if settings.overrides:
        fix["overrides"] = str(here / settings.overrides)
    if settings.checklist and (settings.checklist.endswith((".yaml", ".yml")) or "/" in settings.checklist):
        fix["checklist"] = str(here / settings.checklist)
    return settings.model_copy(update=fix)


def for_run(explicit: str | None, disabled: bool) -> Settings:
    """The settings that apply: `--config FILE`, else the nearest file, else none."""
    if disabled:
        return NONE
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise FazhiError(f"找不到配置文件：{explicit}")
        return load(path)
    found = find(Path(os.getcwd()))
    return load(found) if found else NONE


def _read(path: Path) -> dict:
    import tomllib  # only once a file is found: importing it was 10 ms of every start without one

    try:
        return tomllib.loads(read_text(path, "配置文件"))
    except tomllib.TOMLDecodeError as exc:
        raise FazhiError(f"{path}: TOML 语法错误：{exc}") from exc


def _has_tool_table(path: Path) -> bool:
    import tomllib

    try:
        return "fazhi" in tomllib.loads(read_text(path, "配置文件")).get("tool", {})
    except (FazhiError, tomllib.TOMLDecodeError):
        return False


def _message(error: dict) -> str:
    kinds = {"extra_forbidden": "未知的键", "literal_error": "取值不在允许范围内（partial、planned、missing）",
             "float_parsing": "应为数字", "float_type": "应为数字", "string_type": "应为文本"}
    return kinds.get(error["type"], error["msg"])
