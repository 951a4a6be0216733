"""Formats read through another program, or refused with directions: .doc, .wps.

Old Word (.doc) and Kingsoft Writer (.wps) files are converted to .docx by LibreOffice in
headless mode when it is installed (`soffice` on PATH); otherwise the message says how to convert.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..models import FazhiError, Source
from . import word

TIMEOUT = 120  # seconds for one conversion


def read_legacy(path: Path) -> Source:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    kind = path.suffix.lower()
    if office is None:
        raise FazhiError(
            f"{path}: 无法直接读取 {kind} 格式：请用 Word 或 WPS 打开后“另存为” .docx 或 .pdf 再评查"
            "（安装 LibreOffice 后可自动转换）"
        )
    with tempfile.TemporaryDirectory(prefix="fazhi-") as tmp:
        cmd = [office, "--headless", "--norestore", "--convert-to", "docx", "--outdir", tmp, str(path)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False, env=_env(tmp))
        except subprocess.TimeoutExpired as exc:
            raise FazhiError(f"{path}: LibreOffice 转换超时（{TIMEOUT} 秒）") from exc
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.is_file():
            raise FazhiError(f"{path}: LibreOffice 无法转换此 {kind} 文件（可能已损坏或加密）")
        source = word.read(converted)
    return Source(str(path), source.text, f"{kind[1:]}→docx", kind[1:], source.outline, source.places)


def _env(tmp: str) -> dict[str, str]:
    import os

    return {**os.environ, "HOME": tmp}  # a private LibreOffice profile: no clash with a running one
