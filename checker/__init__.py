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

