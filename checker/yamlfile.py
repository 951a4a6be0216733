"""YAML files with line-exact Chinese errors: every problem at once, each as `file:line: message`.

`read_yaml` parses a file into data plus the line of every value (and of every key); `validate`
checks the data against a pydantic model and words each error in Chinese at its line. Checklists,
profiles, the common vocabulary and waivers files are all read this way.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .models import FazhiError

M = TypeVar("M", bound=BaseModel)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: several times faster
Lines = dict[tuple, int]  # YAML path → line; (*path, key, "__key__") → the line of the key itself
Problem = tuple[int, str]  # (line, message): sorted by line before they are shown


def load_yaml_model(text: str, name: str, model: type[M]) -> M:
    """YAML text validated by a pydantic model; every problem with its file and line."""
    data, lines, problems = read_yaml(text, name)
    value, more = validate(data, lines, name, model)
    raise_problems(problems + more)
    assert value is not None
    return value


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise FazhiError("\n".join(message for _, message in sorted(problems, key=lambda p: p[0])))


def _syntax_error(text: str, name: str) -> NoReturn:
    """Report a syntax error as the pure-Python parser words it, whichever parser found it."""
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise FazhiError(f"{name}:{line}: YAML 语法错误：{exc.problem}") from exc
    raise FazhiError(f"{name}: YAML 语法错误")


def read_yaml(text: str, name: str) -> tuple[dict, Lines, list[Problem]]:
    """The mapping at the top of the file, the line of every value, and duplicate keys."""
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError:
        node = _syntax_error(text, name)
    if node is None:
        raise FazhiError(f"{name}: 文件为空")
    lines: Lines = {}
    problems: list[Problem] = []
    _index(node, (), lines, problems, name)
    data = yaml.load(text, Loader=LOADER)
    if not isinstance(data, dict):
        raise FazhiError(f"{name}:1: 顶层应是映射（键: 值）")
    return data, lines, problems


def validate(data: dict, lines: Lines, name: str, model: type[M]) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [describe(err, lines, name) for err in exc.errors()]


def _index(node: yaml.Node, path: tuple, lines: Lines, problems: list[Problem], name: str) -> None:
    """Record the line of every value by its path; report duplicate keys."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                problems.append((line, f"{name}:{line}: 重复的键 “{key.value}”"))
            seen.add(key.value)
            lines[(*path, key.value, "__key__")] = line
            _index(value, (*path, key.value), lines, problems, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _index(value, (*path, i), lines, problems, name)


MESSAGES = {
    "extra_forbidden": "未知的键",
    "missing": "缺少必填的键",
    "string_type": "应为文本",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_pattern_mismatch": "格式不正确",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "too_short": "不能为空",
    "date_from_datetime_parsing": "应为日期（如 2026-12-31）",
    "date_parsing": "应为日期（如 2026-12-31）",
    "date_type": "应为日期（如 2026-12-31）",
}


def line_of(loc: tuple, lines: Lines) -> int:
    for end in range(len(loc), -1, -1):
        key = tuple(loc[:end])
        if end == len(loc) and (*key, "__key__") in lines:
            return lines[(*key, "__key__")]
        if key in lines:
            return lines[key]
    return 1


def at(name: str, loc: tuple, lines: Lines, text: str) -> Problem:
    line = line_of(loc, lines)
    return line, f"{name}:{line}: {text}"


def describe(err: Any, lines: Lines, name: str, prefix: tuple = ()) -> Problem:
    loc = (*prefix, *(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))))
    where = ".".join(str(p) for p in loc) or "（顶层）"
    if err["type"] == "value_error":
        what = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    else:
        what = MESSAGES.get(err["type"], err["msg"])
        if err["type"] in ("literal_error", "enum") and "ctx" in err:
            what += f"（可选：{err['ctx'].get('expected', '')}）"
    return at(name, loc, lines, f"{where}: {what}")


def entries(data: dict, key: str) -> list[tuple[int, dict]]:
    value = data.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []
