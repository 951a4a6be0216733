"""fazhi: grade Chinese local governments' annual rule-of-law reports against a checklist."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata when first asked for: importing
    importlib.metadata and scanning the installed packages took a tenth of a cold start."""
    if name != "__version__":
        raise AttributeError(f"module 'checker' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("fazhi")  # the one place the version is written is pyproject.toml
    except PackageNotFoundError:  # a source tree that was never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found


def compiled() -> bool:
    """Whether this install's grading modules are compiled (hatch_build.py builds them with mypyc
    where a C compiler is found; they grade exactly as the pure-Python modules, faster). Found
    without importing them."""
    from importlib.machinery import EXTENSION_SUFFIXES
    from importlib.util import find_spec

    spec = find_spec("checker.evidence.evidence")
    return spec is not None and spec.origin is not None and spec.origin.endswith(tuple(EXTENSION_SUFFIXES))
