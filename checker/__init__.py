"""fazhi: grade Chinese local governments' annual rule-of-law reports against a checklist."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fazhi")  # the one place the version is written is pyproject.toml
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
