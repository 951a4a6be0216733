"""Word .docx (python-docx): body paragraphs and table cells in reading order.

Word's automatic numbering is not in `paragraph.text`: a heading numbered by a list style
shows "一、" on screen but not in the text. The numbering definitions are rendered here so
the text reads as the page does ("一、主要举措" / "（一）…" / "1.…"). A heading style without
visible numbering (标题 1, Heading 2, an outline level) goes to `Source.outline`. Headers,
footers and page numbers live outside the body and are never read.

Only what a reader sees is read: runs hidden (`w:vanish` on the run, through its character or
paragraph style and their `basedOn`, or the document defaults) and text deleted or moved away in
tracked changes (`w:del`, `w:moveFrom`) are dropped; a paragraph whose mark alone is hidden runs
on into the next one, as Word shows it. White text and text under 2 pt are dropped too and
reported (`hidden_text`, with the paragraph). Content controls (`w:sdt`) and custom XML
(`w:customXml`), around blocks or runs, are read like the rest.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from ..models import FazhiError, Finding, Places, Source

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNZIPPED = 200 * 1024 * 1024  # every member, pictures included
MAX_XML = 10 * 1024 * 1024  # the XML parts a text is read from: a long report has a few MB
MAX_RATIO = 200  # uncompressed / compressed of one member: more is a zip bomb
LEVELS = 9  # list levels Word knows: ilvl 0–8
CN = "零一二三四五六七八九"
GONE = {f"{W}del", f"{W}moveFrom"}  # tracked changes: text taken out of the document
WRAPPERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml"}  # content controls: their blocks are body
TINY = 4  # half-points: text under 2 pt is not read
WHITE = 0xF0  # each of R, G and B at least this: white to the eye on a white page
FALSE = {"0", "false", "off"}


def read(path: Path) -> Source:
    _check_zip(path)
    import docx  # python-docx; imported here so a plain-text check never pays for it

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise FazhiError(f"{path}: 不是有效的 .docx 文件（{type(exc).__name__}），请用 Word/WPS 重新另存") from exc
    findings: list[Finding] = []
    try:
        lines, outline, starts = _body_lines(document, findings)
    except Exception as exc:  # numbering or styles that no Word would write
        raise FazhiError(f"{path}: .docx 文件已损坏（{type(exc).__name__}），请用 Word/WPS 重新另存") from exc
    text = "\n".join(lines)
    if not text.strip():
        raise FazhiError(f"{path}: 文档没有正文文字")
    places = Places("段", starts)  # a paragraph (or a table's row) as Word shows them, counted from the top
    return Source(path=str(path), text=text + "\n", encoding="docx", format="docx", outline=outline, places=places,
                  findings=tuple(findings))


def _check_zip(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise FazhiError(f"{path}: 不是有效的 .docx 文件（可能已损坏，或是改了扩展名的 .doc）")
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if "word/document.xml" not in {i.filename for i in infos}:
            raise FazhiError(f"{path}: 不是有效的 .docx 文件（缺少 word/document.xml）")
        refuse_bomb(path, infos, (".xml", ".rels"))


def refuse_bomb(path: Path, infos: list[zipfile.ZipInfo], xml_endings: tuple[str, ...]) -> None:
    """A package (.docx, OFD) whose members unpack past the caps is refused before any is read
    (`xml_endings` in lower case: a member named in any case counts)."""
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith(xml_endings))
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if total > MAX_UNZIPPED or xml > MAX_XML or worst > MAX_RATIO:
        raise FazhiError(f"{path}: 压缩内容异常（解压后 {total // 1024 // 1024} MB），疑似压缩炸弹，已拒绝读取")


def _body_lines(document: Any, findings: list[Finding]) -> tuple[list[str], dict[int, int], tuple[int, ...]]:
    """The text's lines, the heading depth of lines styled as headings, and the line each paragraph
    starts on; `findings` gets a `hidden_text` for each paragraph with white or tiny text."""
    lines: list[str] = []
    outline: dict[int, int] = {}  # line number → heading depth
    starts: list[int] = []
    number = 1
    unseen: list[tuple[int, str]] = []  # (paragraph, what is unseen in it)
    for _, text, level in body_blocks(document, unseen):
        lines.append(text)
        starts.append(number)
        if level:
            outline[number] = level
        number += text.count("\n") + 1  # a line break inside a paragraph starts a line of its own
    for n, what in unseen:
        line = starts[n - 1] if n <= len(starts) else max(number - 1, 1)
        findings.append(Finding("hidden_text", line, f"第{n}段有读者看不见的文字（{what}），不作为证据"))
    return lines, outline, tuple(starts)


def body_blocks(document: Any, unseen: list[tuple[int, str]] | None = None) -> list[tuple[Any, str, int]]:
    """(element, text as shown, heading depth) of each paragraph and table row with text, in
    reading order: the text read is these joined by newlines, so `annotate` finds the paragraph
    behind any line of it. `unseen` gathers the paragraphs (1-based) that hold white or tiny text."""
    numbering = Numbering(document)
    styles = Styles(document)
    out: list[tuple[Any, str, int]] = []
    count = 0
    carried = ""  # the visible text of a paragraph whose mark is hidden
    for block in _blocks(document.element.body):
        if block.tag == f"{W}p":
            count += 1
            text, what = _paragraph_text(block, styles)
            if what and unseen is not None:
                unseen.append((count, what))
            text, carried = carried + text, ""
            if styles.mark_hidden(block):  # Word shows its visible runs at the start of the next paragraph
                carried = text
                continue
            marker = numbering.marker(block, document)
            if marker or text.strip():
                out.append((block, marker + text, 0 if marker else _outline_level(block, document)))
        elif block.tag == f"{W}tbl":
            out += [(row, text, 0) for row, text in _table_rows(block, styles)]
    if carried.strip():  # a hidden mark on the last paragraph: nothing to join it to
        out.append((block, carried, 0))
    return out


def _blocks(parent: Any) -> Any:
    """The paragraphs and tables of the body, those inside content controls and custom XML too."""
    for block in parent.iterchildren():
        if block.tag in WRAPPERS:
            yield from _blocks(block)
        elif block.tag in (f"{W}p", f"{W}tbl"):
            yield block


def _paragraph_text(p: Any, styles: Styles) -> tuple[str, str]:
    """The text a reader sees, and what is unseen in it (白色文字, 小于2磅的文字) or ""."""
    parts = []
    unseen: list[str] = []
    for run in p.iter(f"{W}r"):
        if _gone(run, p) or styles.hidden(run, p):
            continue
        why = styles.unseen(run, p)
        if why:
            if why not in unseen:
                unseen.append(why)
            continue
        for node in run:
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
    return "".join(parts), "、".join(unseen)


def _gone(node: Any, stop: Any) -> bool:
    """Inside text deleted or moved away in tracked changes (up to the paragraph `stop`)."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in GONE:
            return True
        parent = parent.getparent()
    return False


class Styles:
    """A run's formatting as Word resolves it: the run, its character style, its paragraph's
    style (each with the styles it is `basedOn`), then the document defaults."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self.defaults: Any = None
        try:
            root = document.styles.element
        except Exception:  # a document without styles.xml
            return
        for style in root.iter(f"{W}style"):
            self.by_id.setdefault(style.get(f"{W}styleId") or "", style)
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true", "on"):
                self.default_paragraph = style.get(f"{W}styleId")
        self.defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def _styled(self, style_id: str | None, tag: str) -> Any:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 20:  # basedOn chains never loop in Word
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                return None
            found = style.find(f"{W}rPr/{tag}")
            if found is not None:
                return found
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None

    def prop(self, run: Any, p: Any, name: str) -> Any:
        tag = f"{W}{name}"
        found = run.find(f"{W}rPr/{tag}")
        if found is not None:
            return found
        char_style = run.find(f"{W}rPr/{W}rStyle")
        if char_style is not None and (found := self._styled(char_style.get(f"{W}val"), tag)) is not None:
            return found
        para_style = p.find(f"{W}pPr/{W}pStyle")
        style_id = para_style.get(f"{W}val") if para_style is not None else self.default_paragraph
        if (found := self._styled(style_id, tag)) is not None:
            return found
        return self.defaults.find(tag) if self.defaults is not None else None

    def hidden(self, run: Any, p: Any) -> bool:
        return _on(self.prop(run, p, "vanish"))

    def mark_hidden(self, p: Any) -> bool:
        return _on(p.find(f"{W}pPr/{W}rPr/{W}vanish"))

    def unseen(self, run: Any, p: Any) -> str:
        """白色文字 / 小于2磅的文字 when the run is, else ""."""
        size = self.prop(run, p, "sz")
        if size is not None and _number(size.get(f"{W}val"), TINY) < TINY:
            return "小于2磅的文字"
        color = self.prop(run, p, "color")
        value = (color.get(f"{W}val") or "") if color is not None else ""
        if _white(value) and not _shaded(run, p):
            return "白色文字"
        return ""


def _on(node: Any) -> bool:
    """A toggle property (`<w:vanish/>`) that is present and not switched off."""
    return node is not None and (node.get(f"{W}val") or "true").lower() not in FALSE


def _white(value: str) -> bool:
    if len(value) != 6:
        return False
    try:
        channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return False
    return min(channels) >= WHITE


def _shaded(run: Any, p: Any) -> bool:
    """On a coloured background (run or paragraph shading) white text is seen."""
    for shd in (run.find(f"{W}rPr/{W}shd"), p.find(f"{W}pPr/{W}shd")):
        fill = (shd.get(f"{W}fill") or "auto") if shd is not None else "auto"
        if fill.lower() != "auto" and not _white(fill):
            return True
    return False


def _table_rows(tbl: Any, styles: Styles) -> list[tuple[Any, str]]:
    """Each row of a table as one line, its cells separated by spaces; merged cells once."""
    out = []
    for row in tbl.iter(f"{W}tr"):
        cells: list[str] = []
        for cell in row.iter(f"{W}tc"):
            text = "".join(_paragraph_text(p, styles)[0] for p in cell.iter(f"{W}p")).strip()
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            out.append((row, "  ".join(cells)))
    return out


def _outline_level(p: Any, document: Any) -> int:
    """1-based heading depth from the paragraph's style (标题 1 / Heading 1) or outline level."""
    pPr = p.find(f"{W}pPr")
    style_id = None
    if pPr is not None:
        lvl = pPr.find(f"{W}outlineLvl")
        if lvl is not None and lvl.get(f"{W}val", "9").isdigit() and int(lvl.get(f"{W}val")) < 9:
            return int(lvl.get(f"{W}val")) + 1
        style = pPr.find(f"{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else None
    if not style_id:
        return 0
    try:
        style = document.styles.get_by_id(style_id, 1)  # 1 = WD_STYLE_TYPE.PARAGRAPH
    except Exception:
        return 0
    name = (style.name or "").lower() if style is not None else ""
    for prefix in ("heading ", "标题 "):
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return int(name[len(prefix) :])
    return 0


class Numbering:
    """Renders list numbering (numbering.xml) the way Word shows it."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for a in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{W}lvl"):
                ilvl = _number(lvl.get(f"{W}ilvl"), -1)
                if 0 <= ilvl < LEVELS:
                    fmt = _val(lvl, "numFmt") or "decimal"
                    levels[ilvl] = (fmt, _val(lvl, "lvlText") or "", _number(_val(lvl, "start"), 1))
            abstract[a.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})

    def marker(self, p: Any, document: Any) -> str:
        num_id, ilvl = self._num_pr(p, document)
        levels = self.levels.get(num_id or "", {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id or "", [0] * LEVELS)
        fmt, template, start = levels[ilvl]
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else start
        for deeper in range(ilvl + 1, LEVELS):
            counts[deeper] = 0
        if fmt in ("bullet", "none"):
            return ""
        text = template
        for k in range(ilvl + 1):
            k_fmt = levels.get(k, (fmt, "", 1))[0]
            text = text.replace(f"%{k + 1}", _format(counts[k] or levels.get(k, (fmt, "", 1))[2], k_fmt))
        return text

    def _num_pr(self, p: Any, document: Any) -> tuple[str | None, int]:
        pPr = p.find(f"{W}pPr")
        num_pr = pPr.find(f"{W}numPr") if pPr is not None else None
        if num_pr is None and pPr is not None and pPr.find(f"{W}pStyle") is not None:
            num_pr = _style_num_pr(document, pPr.find(f"{W}pStyle").get(f"{W}val"))
        if num_pr is None:
            return None, -1
        num_id = num_pr.find(f"{W}numId")
        ilvl = num_pr.find(f"{W}ilvl")
        return (
            num_id.get(f"{W}val") if num_id is not None else None,
            _number(ilvl.get(f"{W}val"), 0) if ilvl is not None else 0,
        )


def _style_num_pr(document: Any, style_id: str) -> Any:
    try:
        style = document.styles.get_by_id(style_id, 1)
    except Exception:
        return None
    pPr = style.element.find(f"{W}pPr") if style is not None else None
    return pPr.find(f"{W}numPr") if pPr is not None else None


def _number(text: str | None, default: int) -> int:
    """An attribute that should be a small integer; `default` when it is not."""
    return int(text) if text and text.isdigit() and len(text) < 10 else default


def _val(node: Any, child: str) -> str | None:
    found = node.find(f"{W}{child}")
    return found.get(f"{W}val") if found is not None else None


def _format(n: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideographDigital", "japaneseCounting", "taiwaneseCounting")):
        return chinese_number(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (enough for headings); digits from 100."""
    if not 0 <= n < 100:
        return str(n)
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return (CN[tens] if tens > 1 else "") + "十" + (CN[ones] if ones else "")


ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    """Roman numerals up to 3999 (a loop per numeral, not per unit); digits beyond."""
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)
