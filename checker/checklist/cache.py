"""The user's cache folder, and the compiled-checklist cache kept in it.

Loading a checklist validates its YAML and judges every regular expression (a tenth of a second,
a quarter of a cold `fazhi check`), and compiling it for grading (compile.py) takes as long
again. A checklist once loaded and compiled (a `CompiledChecklist`) is kept, pickled, with the
SHA-256 of every file it was read from; the next run that names it reads it back in about 25 ms,
Python compiling each pattern again from its text. A change to any of those files, to any of
fazhi's modules or to Python's version makes the entry stale, and it is loaded afresh. An entry
that cannot be read is ignored.
`FAZHI_CACHE=0` turns the cache off.

The folder is the user's own (`$XDG_CACHE_HOME/fazhi` or `~/.cache/fazhi`, mode 0700, refused when
it is a link or belongs to someone else), so no other user can plant an entry there; jieba's
dictionary cache (`--keywords`) lives there too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """The user's own cache folder, private to them; a fresh private temporary folder when that one
    cannot be made or is not theirs alone."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fazhi"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
        if folder.is_symlink() or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            raise PermissionError(folder)
        if info.st_mode & 0o077:
            folder.chmod(0o700)
        return folder
    except OSError:
        return Path(tempfile.mkdtemp(prefix="fazhi-"))


def enabled() -> bool:
    return os.environ.get("FAZHI_CACHE", "1") != "0"


def _entry(path: Path, variant: str) -> Path:
    key = f"{path.resolve()}\0{variant}\0{sys.version}\0{_code()}"
    return cache_dir() / f"checklist-{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}.pickle"


@cache
def _code() -> str:
    """fazhi's own modules as installed (name, size, modification time): a checklist compiled by
    other code — an edited checkout, an upgrade that kept the version number — is never read back.
    Their status only, not their bytes: a few dozen stat calls, well under a millisecond."""
    package = Path(__file__).parents[1]
    files = sorted(package.rglob("*.py"))
    stats = [(str(p.relative_to(package)), p.stat()) for p in files]
    return hashlib.sha256(repr([(name, st.st_size, st.st_mtime_ns) for name, st in stats]).encode()).hexdigest()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def get(path: Path, variant: str = "") -> Any | None:
    """The checklist kept for `path` (a profile on a given base: `variant`), if every file it was
    read from is unchanged; else None."""
    if not enabled():
        return None
    try:
        with _entry(path, variant).open("rb") as f:
            files, checklist = pickle.load(f)
        if all(_digest(Path(name)) == digest for name, digest in files):
            return checklist
    except Exception:  # missing, stale, written by another version, damaged: load afresh
        return None
    return None


def put(path: Path, checklist: Any, files: Iterable[Path], variant: str = "") -> None:
    """Keep `checklist` for `path` with the digests of the files it was read from (best effort)."""
    if not enabled():
        return
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        entry = _entry(path, variant)
        data = pickle.dumps(([(str(p.resolve()), _digest(p)) for p in files], checklist))
        fd, temp = tempfile.mkstemp(dir=entry.parent, prefix=".checklist-", suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(temp, entry)
