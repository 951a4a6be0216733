"""The compiled-checklist cache: a checklist loaded once is read back unchanged; any change to a
file it was read from, or to fazhi's modules, makes the entry stale; a damaged entry is ignored;
FAZHI_CACHE=0 turns it off."""

from __future__ import annotations

import pytest

from checker.checklist import cache, loading

from .conftest import ROOT


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def entries(folder) -> list:
    return sorted((folder / "cache" / "fazhi").glob("checklist-*.pickle"))


def profile(folder, title: str):
    path = folder / "mine.yaml"
    path.write_text(f"extends: township-annual\nid: mine\ntitle: {title}\n"
                    "disable: [{id: A4, reason: 本县不要求}]\n", encoding="utf-8")
    return path


def test_a_loaded_checklist_is_read_back_unchanged(folder):
    first = loading.load("township-annual")
    assert len(entries(folder)) == 1
    second = loading.load("township-annual")
    assert second is not first and second.model_dump() == first.model_dump()
    assert [i.id for i in second.items] == [i.id for i in first.items]


def test_the_entry_keeps_the_checklist_compiled_and_it_grades_the_same(folder):
    """A checklist loaded afresh is compiled (its matchers, anchor scanner, the vocabulary's patterns)
    before it is kept: read back, it grades with none of that to do again, and grades the same."""
    import pickle

    from checker.checklist.compile import CompiledChecklist
    from checker.pipeline import grade_source
    from checker.read import read

    loading.load("township-annual")
    (entry,) = entries(folder)
    _, kept = pickle.loads(entry.read_bytes())
    assert isinstance(kept, CompiledChecklist)  # compiled before it was kept
    assert kept.matchers.keys() == {i.id for i in kept.checklist.items} and kept.words._patterns
    path = loading.resolve("township-annual")
    never_compiled = loading.parse_checklist(path.read_text(encoding="utf-8"), str(path))
    for name in ("qinghe-2024-strong.txt", "liuxi-2024-plans.txt"):
        report = read(str(ROOT / "reports" / name))
        assert grade_source(report, kept) == grade_source(report, never_compiled)


def test_a_changed_file_makes_the_entry_stale(folder):
    path = profile(folder, "本县清单")
    assert loading.load(str(path)).title == "本县清单"
    path.write_text(path.read_text(encoding="utf-8").replace("本县清单", "改过的清单"), encoding="utf-8")
    assert loading.load(str(path)).title == "改过的清单"


def test_an_entry_compiled_by_other_code_is_not_read_back(folder, monkeypatch):
    """An edited checkout, or an upgrade that kept the version number: what the old code compiled
    (other patterns, other fields) is never used by the new."""
    path = loading.resolve("township-annual")
    loading.load("township-annual")
    assert cache.get(path) is not None
    monkeypatch.setattr(cache, "_code", lambda: "other modules")
    assert cache.get(path) is None
    loading.load("township-annual")
    assert cache.get(path) is not None and len(entries(folder)) == 2


def test_the_code_fingerprint_follows_the_modules(tmp_path, monkeypatch):
    package = tmp_path / "checker"
    (package / "checklist").mkdir(parents=True)
    (package / "checklist" / "matchers.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(package / "checklist" / "cache.py"))
    before = cache._code.__wrapped__()
    (package / "checklist" / "matchers.py").write_text("A = 22\n", encoding="utf-8")
    assert cache._code.__wrapped__() != before


def test_a_damaged_entry_is_ignored(folder):
    loading.load("township-annual")
    for entry in entries(folder):
        entry.write_bytes(b"not a pickle")
    assert loading.load("township-annual").id == "township-annual"


def test_fazhi_cache_0_turns_it_off(folder, monkeypatch):
    monkeypatch.setenv("FAZHI_CACHE", "0")
    loading.load("township-annual")
    assert entries(folder) == [] and cache.get(loading.resolve("township-annual")) is None


def test_the_cache_folder_is_private(folder):
    assert cache.cache_dir() == folder / "cache" / "fazhi"
    assert (cache.cache_dir().stat().st_mode & 0o777) == 0o700
