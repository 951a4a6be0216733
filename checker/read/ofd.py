"""OFD (GB/T 33190, the national fixed-layout format of electronic official documents).

An OFD file is a zip package of XML: `OFD.xml` names the document root (`DocBody/DocRoot`,
e.g. `Doc_0/Document.xml`), which lists the pages in order (`Pages/Page`, each a `BaseLoc`
to its `Content.xml`) and the template pages (`CommonData/TemplatePage`). A page's content is
layers of text objects; each `TextCode` is a run of characters at a position (`X`, `Y` within
the object's `Boundary`; Y grows down the page). Converters write one object a line, or one a
character: the text is rebuilt the same way for both — runs sorted by page, then line (Y, within
half a character), then X, and joined. A template's text (the red header of a 文件 page) is read
once, with the first page that uses it.

The package is checked before it is parsed, as a .docx is: size inflated, compression ratio,
entry count, and no path that leaves the package; XML with a DOCTYPE (entities) is refused.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from ..models import FazhiError, Places, Source
from .word import refuse_bomb

MAX_ENTRIES = 10_000  # files in the package: a 300-page report has a few hundred
MAX_PAGES = 300  # as for a PDF
SIGNATURES = "Signs/"


@dataclass(frozen=True)
class Run:
    """A `TextCode`: characters from (x, y), in millimetres, at a font size."""

    x: float
    y: float
    size: float
    text: str


def read(path: Path) -> Source:
    with _open(path) as package:
        pages = [_page_lines(runs) for runs in _pages(path, package)]
        signed = _signed(package)
    if not any(line.strip() for lines in pages for line in lines):
        what = "只有签章、没有正文文字" if signed else "没有正文文字（可能是扫描图片）"
        raise FazhiError(f"{path}: OFD 文件{what}，请提供含文字的 OFD、Word 或 PDF 文件")
    starts, line = [], 1
    for lines in pages:
        starts.append(line)
        line += max(len(lines), 1)  # a page without text still takes a line: pages stay in step
    text = "\n".join("\n".join(lines) for lines in pages)
    return Source(path=str(path), text=text + "\n", encoding="ofd", format="ofd", places=Places("页", tuple(starts)))


def _signed(package: zipfile.ZipFile) -> bool:
    return any(name.startswith(SIGNATURES) or f"/{SIGNATURES}" in name for name in package.namelist())


def _open(path: Path) -> zipfile.ZipFile:
    damaged = f"{path}: 不是有效的 OFD 文件（可能已损坏），请用数科 OFD 阅读器或 WPS 重新导出"
    if not zipfile.is_zipfile(path):
        raise FazhiError(damaged)
    package = zipfile.ZipFile(path)
    infos = package.infolist()
    if len(infos) > MAX_ENTRIES:
        package.close()
        raise FazhiError(f"{path}: OFD 包内文件过多（{len(infos)} 个，上限 {MAX_ENTRIES} 个），已拒绝读取")
    try:
        refuse_bomb(path, infos, (".xml",))
    except FazhiError:
        package.close()
        raise
    if "OFD.xml" not in {i.filename for i in infos}:
        package.close()
        raise FazhiError(f"{path}: 不是有效的 OFD 文件（缺少 OFD.xml），请用数科 OFD 阅读器或 WPS 重新导出")
    return package


def _pages(path: Path, package: zipfile.ZipFile) -> list[list[Run]]:
    """Each page's text runs, in page order, a template's runs with the first page that uses it."""
    root = _xml(path, package, "OFD.xml")
    doc_root = _text(_first(root, "DocRoot"))
    if not doc_root:
        signed = _signed(package)
        what = "只有签章、没有文档正文" if signed else "缺少文档入口 DocRoot"
        raise FazhiError(f"{path}: OFD 文件{what}，请用数科 OFD 阅读器或 WPS 重新导出后再评查")
    doc_path = _resolve(path, "", doc_root)
    document = _xml(path, package, doc_path)
    base = posixpath.dirname(doc_path)
    templates = {t.get("ID", ""): t.get("BaseLoc", "") for t in _all(document, "TemplatePage")}
    pages = [p.get("BaseLoc", "") for p in _all(_first(document, "Pages"), "Page")]
    if len(pages) > MAX_PAGES:
        raise FazhiError(f"{path}: OFD 页数过多（{len(pages)} 页，上限 {MAX_PAGES} 页）")
    used: set[str] = set()
    out = []
    for loc in pages:
        page = _xml(path, package, _resolve(path, base, loc))
        runs: list[Run] = []
        for ref in _all(page, "Template"):
            template = ref.get("TemplateID", "")
            if template in templates and template not in used:
                used.add(template)
                runs += _runs(_xml(path, package, _resolve(path, base, templates[template])))
        out.append(runs + _runs(page))
    return out


def _runs(page: ElementTree.Element) -> list[Run]:
    runs = []
    for obj in _all(page, "TextObject"):
        left, top = _origin(obj.get("Boundary", ""))
        size = _number(obj.get("Size", ""), 3.5)
        x, y = left, top
        for code in _all(obj, "TextCode"):  # a code without X or Y goes on from the one before
            x = left + _number(code.get("X", ""), x - left)
            y = top + _number(code.get("Y", ""), y - top)
            if code.text and code.text.strip():
                runs.append(Run(x, y, size, code.text))
    return runs


def _page_lines(runs: list[Run]) -> list[str]:
    """The runs of a page as lines: by Y (a run within half a character of the line's first is on
    it), then by X; a wide gap between two runs of a line (a table's columns) kept as a space."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: (r.y, r.x)):
        if lines and abs(run.y - lines[-1][0].y) <= lines[-1][0].size / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for line in lines:
        parts, end = [], None
        for run in sorted(line, key=lambda r: r.x):
            if end is not None and run.x - end > 2 * run.size:
                parts.append(" ")
            parts.append(run.text)
            end = run.x + len(run.text) * run.size
        out.append("".join(parts))
    return out


def _xml(path: Path, package: zipfile.ZipFile, name: str) -> ElementTree.Element:
    try:
        data = package.read(name)
    except KeyError as exc:
        raise FazhiError(f"{path}: OFD 文件已损坏（缺少 {name}），请用数科 OFD 阅读器或 WPS 重新导出") from exc
    if b"<!DOCTYPE" in data[:4096].upper():
        raise FazhiError(f"{path}: OFD 文件中的 {name} 含有实体声明（DOCTYPE），已拒绝读取")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise FazhiError(f"{path}: OFD 文件已损坏（{name} 无法解析），请用数科 OFD 阅读器或 WPS 重新导出") from exc


def _resolve(path: Path, base: str, loc: str) -> str:
    """A `BaseLoc` as a name in the package: relative to `base`, or from the root with a leading /;
    never outside the package."""
    joined = posixpath.normpath(loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc))
    if not loc or joined.startswith("../") or joined in ("..", ".") or "\\" in loc:
        raise FazhiError(f"{path}: OFD 文件中的路径 {loc!r} 指向包外，已拒绝读取")
    return joined


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _all(node: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
    return [] if node is None else [e for e in node.iter() if _local(e.tag) == name]


def _first(node: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    found = _all(node, name)
    return found[0] if found else None


def _text(node: ElementTree.Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _origin(boundary: str) -> tuple[float, float]:
    parts = boundary.split()
    return (_number(parts[0], 0.0), _number(parts[1], 0.0)) if len(parts) >= 2 else (0.0, 0.0)


def _number(text: str, default: float) -> float:
    try:
        value = float(text)
    except ValueError:
        return default
    return value if value == value and abs(value) < 1e6 else default  # not NaN, not absurd
