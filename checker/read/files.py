"""Which files a run reads: the paths named on the command line, folders walked, glob patterns.

A folder is walked in name order for the formats fazhi reads. Nothing outside what the user
named is read: a symbolic link inside a folder is followed only when its target lies inside the
same folder; a link that points outside, a dangling link, a link loop and a subfolder that cannot
be opened are not skipped in silence — each is returned as a problem, shown under 未能读取, and
the run fails. A file of a format fazhi cannot read (.rtf, .xls, .zip …) is returned as skipped:
every output lists it as 跳过（格式不支持）, so a grader sees what was not graded; it does not fail
the run (a county's folder holds its own spreadsheets). Hidden files and Office lock files
(`~$报告.docx`) are left out without a word.
"""

from __future__ import annotations

import errno
import glob
import os
from pathlib import Path
from typing import NamedTuple

from ..models import FazhiError
from . import SUPPORTED

Problem = tuple[str, str]  # (path, reason)
UNSUPPORTED = "格式不支持"  # why a skipped file was not graded


class Found(NamedTuple):
    paths: list[str]  # the files to grade
    problems: list[Problem]  # what could not be walked (the run fails)
    skipped: list[str]  # files in a folder of a format fazhi cannot read


def expand(args: list[str]) -> tuple[list[str], list[Problem]]:
    """Files as given; directories recursively (supported formats only); glob patterns; `-`."""
    found = expand_all(args)
    return found.paths, found.problems


def expand_all(args: list[str]) -> Found:
    """`expand`, and the files of unsupported formats that folders hold."""
    paths: list[str] = []
    problems: list[Problem] = []
    unsupported: list[str] = []
    for arg in args:
        p = Path(arg)
        if arg != "-" and p.is_dir():
            files, skipped, other = walk_all(p)
            paths += files
            problems += skipped
            unsupported += other
        elif not p.exists() and not p.is_symlink() and any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise FazhiError(f"没有与 {arg} 匹配的文件")
            paths += [m for m in matches if Path(m).is_file()]
        else:
            paths.append(arg)
    if not paths and not problems:
        raise FazhiError(f"没有找到可评查的报告（支持：{'、'.join(SUPPORTED)}）：{' '.join(args)}")
    return Found(list(dict.fromkeys(paths)), problems, sorted(set(unsupported)))


def walk(folder: Path) -> tuple[list[str], list[Problem]]:
    """The supported files under a folder, and what could not be walked (without recursion)."""
    files, problems, _ = walk_all(folder)
    return files, problems


def walk_all(folder: Path) -> tuple[list[str], list[Problem], list[str]]:
    """`walk`, and the files of formats fazhi cannot read."""
    base = os.path.realpath(folder)
    files: list[str] = []
    problems: list[Problem] = []
    unsupported: list[str] = []
    seen = {base}
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append((current, f"无法打开文件夹（{exc.strerror or exc}）"))
            continue
        folders: list[str] = []
        for entry in entries:
            kind, reason = _entry(entry, base, seen)
            if reason:
                problems.append((entry.path, reason))
            elif kind == "dir":
                folders.append(entry.path)
            elif kind == "file":
                files.append(entry.path)
            elif kind == "unsupported":
                unsupported.append(entry.path)
        stack.extend(reversed(folders))
    return sorted(files), problems, sorted(unsupported)


def _entry(entry: os.DirEntry, base: str, seen: set[str]) -> tuple[str, str]:
    """("dir" | "file" | "", reason): what to do with one folder entry, or why it cannot be read."""
    supported = Path(entry.name).suffix.lower() in SUPPORTED
    if not entry.is_symlink():
        if entry.is_dir(follow_symlinks=False):
            seen.add(os.path.realpath(entry.path))
            return "dir", ""
        if not entry.is_file(follow_symlinks=False):
            return "", ""
        if not _listed(entry.name):
            return "", ""
        return ("file" if supported else "unsupported"), ""
    try:
        os.stat(entry.path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "", "符号链接循环"
        return "", "符号链接指向的文件不存在" if supported or not Path(entry.name).suffix else ""
    target = os.path.realpath(entry.path)
    is_dir = os.path.isdir(target)
    if not (supported or is_dir):
        return "", ""
    if target != base and not target.startswith(base + os.sep):
        return "", "符号链接指向所评查的文件夹之外，未读取"
    if not is_dir:
        return "file", ""
    if target in seen:  # read through its own path already; a loop when it is the link's own ancestor
        here = os.path.realpath(os.path.dirname(entry.path))
        return "", "符号链接循环" if here == target or here.startswith(target + os.sep) else ""
    seen.add(target)
    return "dir", ""


def _listed(name: str) -> bool:
    """An unsupported file worth naming: not hidden, not an Office lock file (~$报告.docx)."""
    return not name.startswith((".", "~$"))
