"""The compiled build (hatch_build.py) grades exactly as the source.

`pip install .` compiles the grading modules with mypyc where a C compiler is found. The rest of the
suite imports the source tree; these tests run the *installed* package, from outside the tree, and
compare its whole output with the source's, byte for byte. They skip where the installed package
is not compiled (an editable install, a machine without a compiler, `FAZHI_PURE=1`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import checker
from checker import compiled

from .conftest import ROOT, SHARED


def _run(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the source tree, where `import checker` finds the installed package."""
    away = tmp_path_factory.mktemp("away")
    done = _run(["-c", "import checker; print(checker.__file__, checker.compiled())"], away, away)
    where, is_compiled = done.stdout.split()
    if Path(where).resolve().parent == ROOT / "checker" or is_compiled != "True":
        pytest.skip("the installed package is not compiled here (editable, no C compiler, or FAZHI_PURE=1)")
    return away


def _folders() -> list[Path]:
    found = [ROOT / "reports", ROOT / "tests" / "data" / "devset"]
    return found + [f for f in (SHARED / "seeds", SHARED / "real") if f.is_dir()]


def test_the_source_tree_is_never_compiled():
    assert Path(checker.__file__).resolve().parent == ROOT / "checker"
    assert not compiled()


def _compiled_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["custom"]["compiled"]


def test_the_hook_compiles_pipeline_modules_that_exist():
    names = _compiled_modules()
    assert {"normalise/normalise", "parse/parse", "evidence/evidence", "judge/judge"} <= set(names)
    assert all((ROOT / "checker" / f"{name}.py").is_file() for name in names)


def test_the_compiled_modules_type_check(tmp_path):
    """mypyc compiles only modules that mypy passes; on a type error the build falls back to pure
    Python without a word. This is the check it makes, so that such a change fails here instead."""
    pytest.importorskip("mypy")
    files = [f"checker/{name}.py" for name in _compiled_modules()]
    done = _run(["-m", "mypy", "--ignore-missing-imports", "--cache-dir", str(tmp_path), *files], ROOT, tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("folder", _folders(), ids=lambda f: f.name)
def test_the_compiled_check_gives_the_source_s_json(installed, folder, tmp_path):
    args = ["-m", "checker", "check", "--format", "json", "--no-config", str(folder)]
    fast = _run(args, installed, tmp_path / "compiled")
    pure = _run(args, ROOT, tmp_path / "pure")
    assert fast.returncode == pure.returncode
    assert fast.stderr == pure.stderr
    assert len(pure.stdout) > 1000
    assert fast.stdout == pure.stdout
    # read back from its checklist cache, which the compiled modules' classes are pickled in
    assert _run(args, installed, tmp_path / "compiled").stdout == pure.stdout


@pytest.mark.parametrize("form", ["terminal", "html", "sarif", "junit", "markdown", "csv", "github"])
def test_every_format_of_the_compiled_check_is_the_source_s(installed, form, tmp_path):
    args = ["-m", "checker", "check", "--format", form, "--no-config", str(ROOT / "reports")]
    fast, pure = _run(args, installed, tmp_path), _run(args, ROOT, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (pure.returncode, pure.stdout, pure.stderr)
    assert pure.stdout.count("\n") >= 5  # a line a report at least


def test_compiled_workers_give_the_source_s_batch(installed, tmp_path):
    args = ["-m", "checker", "batch", "--format", "json", "--no-config", "-j", "2", str(ROOT / "reports")]
    fast, pure = _run(args, installed, tmp_path), _run(args, ROOT, tmp_path)
    assert (fast.returncode, fast.stdout) == (pure.returncode, pure.stdout)
    assert '"score"' in fast.stdout
