"""Which characters OpenCC's t2s conversion may change: a report with none of them (nearly every one,
written in simplified characters) is left as it is without running the conversion, a quarter of
normalising's time.

    python -m checker.checklist.traditional     # after upgrading OpenCC: writes traditional.txt

A text converts to itself unless a dictionary entry that changes something matches in it, and an
entry matches only where all its characters are: so the list holds each single character that
converts to another, then each phrase that converts to something else (回覆 → 回复) and holds
none of those characters, under the character of it that changes (覆): a text is searched for
the characters and those, and a phrase looked for only where its character is. The entries are
read from the dictionaries the OpenCC wheel ships, with its own `opencc_dict` program. The list
names the OpenCC version it was made from; with any other version every text is converted
(canonical.to_simplified).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

LIST = Path(__file__).with_name("traditional.txt")
CONFIG = "t2s.json"


def listed() -> tuple[str, str, dict[str, list[str]]]:
    """(the OpenCC version the list was made from, its characters, its phrases by the character of
    each that the conversion changes)."""
    version, chars, phrases = LIST.read_text(encoding="utf-8").split("\n\n")
    by_char = {row.split()[0]: row.split()[1:] for row in phrases.splitlines()}
    return version.removeprefix("opencc "), chars.replace("\n", ""), by_char


def made() -> tuple[str, dict[str, list[str]]]:
    """The characters and phrases, worked out from the installed OpenCC's t2s dictionaries."""
    entries = _entries()
    chars = {key for key, value in entries if len(key) == 1 and value != key}
    by_char: dict[str, list[str]] = {}
    for key, value in sorted(entries):
        if len(key) > 1 and value != key and not chars.intersection(key):
            changed = next((k for k, v in zip(key, value, strict=False) if k != v), key[0])
            by_char.setdefault(changed, []).append(key)
    return "".join(sorted(chars)), dict(sorted(by_char.items()))


def _entries() -> list[tuple[str, str]]:
    """(key, the value t2s writes for it) of every dictionary of the t2s conversion."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    config = json.loads((clib / "share" / "opencc" / CONFIG).read_text(encoding="utf-8"))
    files = [d["dict"]["file"] for d in config["normalization"]]
    files += [d["file"] for step in config["conversion_chain"] for d in step["dict"]["dicts"]]
    out: list[tuple[str, str]] = []
    env = {**os.environ, "LD_LIBRARY_PATH": str(clib / "lib64")}
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            text = Path(tmp) / f"{name}.txt"
            subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(clib / "share" / "opencc" / name),
                            "-o", str(text), "-f", "ocd2", "-t", "text"], check=True, env=env)
            for line in text.read_text(encoding="utf-8").splitlines():
                key, _, values = line.partition("\t")
                out.append((key, values.split(" ")[0]))
    return out


def main() -> None:
    import opencc

    chars, phrases = made()
    rows = [chars[i : i + 100] for i in range(0, len(chars), 100)]
    by_char = [" ".join([char, *found]) for char, found in phrases.items()]
    text = "\n\n".join([f"opencc {opencc.__version__}", "\n".join(rows), "\n".join(by_char)])
    LIST.write_text(text + "\n", encoding="utf-8")
    print(f"{LIST}: {len(chars)} characters, {sum(map(len, phrases.values()))} phrases (OpenCC {opencc.__version__})")


if __name__ == "__main__":
    main()
