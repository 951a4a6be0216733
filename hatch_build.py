"""Build hook: the grading pipeline's modules compiled to C with mypyc, when this machine can.

`pip install .` builds a wheel; this hook compiles the modules that grade a report (`compiled` in
pyproject.toml's `[tool.hatch.build.targets.wheel.hooks.custom]`) with
mypyc, as black and mypy ship theirs: the same source, its type annotations turned into C, about a
fifth less time a report. It needs a C compiler; without one (or if anything else fails) the wheel
is the pure-Python package, with a warning, and grades exactly the same. The .py files ship either
way, so tracebacks and `inspect` still read them.

`FAZHI_PURE=1 pip install .` builds the pure package on purpose; an editable install
(`pip install -e .`) is always pure, so that an edited module takes effect at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SETUP = """\
from mypyc.build import mypycify
from setuptools import setup

setup(name="fazhi-compiled", ext_modules=mypycify(
    ["--ignore-missing-imports", *{files!r}], opt_level="3", group_name="checker"))
"""


class MypycHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable" or os.environ.get("FAZHI_PURE"):
            return
        self._tmp = Path(tempfile.mkdtemp(prefix="fazhi-mypyc-"))
        try:
            built = self._compile(self._tmp)
        except Exception as exc:  # no compiler, no mypy, a type error: the pure package, which works the same
            self.app.display_warning(f"fazhi: modules not compiled ({exc}); building the pure-Python package")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True  # the wheel is this Python's and this platform's only
        for library in built:
            build_data["force_include"][str(library)] = library.relative_to(self._tmp / "lib").as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if hasattr(self, "_tmp"):
            shutil.rmtree(self._tmp, ignore_errors=True)

    def _compile(self, tmp: Path) -> list[Path]:
        """The compiled libraries, built from a copy of the package (setuptools, which mypyc drives,
        must not read this project's pyproject.toml: hatchling builds it)."""
        shutil.copytree(Path(self.root) / "checker", tmp / "checker", ignore=shutil.ignore_patterns("__pycache__"))
        names = self.config["compiled"]
        files = [f"checker/{name}.py" for name in names]
        (tmp / "setup.py").write_text(SETUP.format(files=files), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "setup.py", "build_ext", "--build-lib", "lib", "--build-temp", "build"],
            cwd=tmp, capture_output=True, text=True,
        )
        if done.returncode:
            last = (done.stdout + done.stderr).strip().splitlines()[-12:]
            raise RuntimeError("mypyc failed:\n" + "\n".join(last))
        built = sorted(p for p in (tmp / "lib").rglob("*") if p.suffix in (".so", ".pyd"))
        if len(built) <= len(names):  # one a module, and the runtime they share
            raise RuntimeError(f"mypyc built {len(built)} libraries for {len(names)} modules")
        return built
