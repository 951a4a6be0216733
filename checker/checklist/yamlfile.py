"""YAML files with line-exact Chinese errors: every problem at once, each as `file:line: message`.

`read_yaml` parses a file into data plus the line of every value (and of every key); `validate`
checks the data against a pydantic model and words each error in Chinese at its line. Checklists,
profiles, the common vocabulary and waivers files are all read this way.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from ..models import FazhiError

if TYPE_CHECKING:
    import yaml

M = TypeVar("M", bound=BaseModel)
MAX_BYTES = 1024 * 1024  # a checklist, profile, vocabulary or waivers file (the bundled ones: tens of KB)
MAX_NODES = 200_000  # values after aliases are expanded: a billion-laughs file stops here
MAX_DEPTH = 40  # nesting levels (a checklist needs about eight)


@cache
def _loader() -> type:
    """The safe loader (libyaml when present: several times faster) that leaves dates as text, so
    that a date that is no date (2026-02-30) is reported at its line by the model, not raised.
    Made on first use: a run that reads its checklist from the cache never imports yaml (7 ms)."""
    import yaml

    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in safe.yaml_implicit_resolvers.items()
    }
    return type("Loader", (safe,), {"yaml_implicit_resolvers": resolvers})


def read_text(path: str | Path, what: str) -> str:
    """A YAML or TOML file named by the user: a regular file of at most MAX_BYTES, UTF-8."""
    path = Path(path)
    try:
        if not path.is_file():
            raise FazhiError(f"{path}: 无法读取{what}（不是普通文件）")
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FazhiError(f"{path}: 无法读取{what}（{exc.strerror or exc}）") from exc
    if len(data) > MAX_BYTES:
        raise FazhiError(f"{path}: {what}过大（上限 {MAX_BYTES // 1024} KB）")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FazhiError(f"{path}:{line}: {what}不是 UTF-8 编码的文本") from exc
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


def _syntax_error(text: str, name: str, found: yaml.YAMLError) -> NoReturn:
    """Report a syntax error as the pure-Python parser words it, whichever parser found it."""
    import yaml

    if isinstance(found, yaml.reader.ReaderError):  # a control character: where, and which
        line = text.count("\n", 0, max(text.find(chr(found.character)), 0)) + 1  # libyaml counts bytes
        raise FazhiError(f"{name}:{line}: YAML 中有不允许的控制字符 U+{found.character:04X}") from found
    exc = found
    if len(text) < 100_000:  # the pure-Python parser recurses: only for files that cannot be deep
        try:
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as pure:
            exc = pure
        except (yaml.YAMLError, RecursionError):
            pass
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else 1
    problem = getattr(exc, "problem", None) or "无法解析"
    if "nesting depth" in problem:
        problem = f"嵌套层级过深（上限 {MAX_DEPTH} 层）"
    raise FazhiError(f"{name}:{line}: YAML 语法错误：{problem}") from found


def read_yaml(text: str, name: str) -> tuple[dict, Lines, list[Problem]]:
    """The mapping at the top of the file, the line of every value, and duplicate keys.

    Hostile files are refused before any value is built: control characters, more than MAX_DEPTH
    levels, aliases that refer to themselves or expand past MAX_NODES values, tags that name
    Python objects (!!python/…)."""
    import yaml

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FazhiError(f"{name}: 文件为空")
        _measure(node, name)
        lines: Lines = {}
        problems: list[Problem] = []
        _index(node, (), lines, problems, name)
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise FazhiError(f"{name}:{line}: 不允许的 YAML 标签（{exc.problem}）") from exc
    except yaml.YAMLError as exc:
        _syntax_error(text, name, exc)
    except RecursionError as exc:
        raise FazhiError(f"{name}: YAML 嵌套层级过深（上限 {MAX_DEPTH} 层）") from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise FazhiError(f"{name}:1: 顶层应是映射（键: 值）")
    return data, lines, problems


def _measure(root: yaml.Node, name: str) -> None:
    """Depth, expanded size and alias cycles of a composed document, in one pass without recursion."""
    import yaml

    count = 0
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            continue
        line = node.start_mark.line + 1
        if id(node) in on_path:
            raise FazhiError(f"{name}:{line}: YAML 别名引用了包含它自己的值（递归别名）")
        count += 1
        if count > MAX_NODES:
            raise FazhiError(f"{name}:{line}: YAML 值过多（别名展开后超过 {MAX_NODES} 个），已拒绝读取")
        if depth > MAX_DEPTH:
            raise FazhiError(f"{name}:{line}: YAML 嵌套层级过深（上限 {MAX_DEPTH} 层）")
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            continue
        on_path.add(id(node))
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in reversed(children))


def validate(data: dict, lines: Lines, name: str, model: type[M]) -> tuple[M | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [describe(err, lines, name) for err in exc.errors()]


def _index(node: yaml.Node, path: tuple, lines: Lines, problems: list[Problem], name: str) -> None:
    """Record the line of every value by its path; report duplicate keys."""
    import yaml

    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode):
                problems.append((line, f"{name}:{line}: 键应为文本"))
                continue
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
    "finite_number": "应为有限的数（不能是 .inf 或 .nan）",
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
        bound = err.get("ctx", {}).get("le", err.get("ctx", {}).get("ge"))
        if err["type"] in ("less_than_equal", "greater_than_equal") and bound is not None:
            what += f"（{'至多' if err['type'] == 'less_than_equal' else '至少'} {bound}）"
        if err["type"] in ("literal_error", "enum") and "ctx" in err:
            what += f"（可选：{err['ctx'].get('expected', '')}）"
    return at(name, loc, lines, f"{where}: {what}")


def entries(data: dict, key: str) -> list[tuple[int, dict]]:
    value = data.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []
