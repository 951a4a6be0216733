"""Every example written in a bundled checklist gets the status it states."""

import pytest

from checker.checklist import loading
from checker.checklist.loading import families, load_editions
from checker.commands.examples import run_examples


# Parametrized by the bundled files' names only: nothing is loaded while pytest collects, so a broken
# bundled checklist fails the tests that load it, never the collection of the whole suite.
@pytest.mark.parametrize("name", families())
def test_bundled_examples_pass(name):
    """Every edition of every bundled checklist (county-department on the 2026 township edition too)."""
    failed = []
    for edition in load_editions(name).editions:
        year = edition.years.start if edition.years else 0
        checklist = load_editions(f"{name}@{year}").editions[0] if year else loading.load(name)
        failed += [f"{name}@{year} {r.item} want {r.want} got {r.got}: {r.heading} / {r.text}"
                   for r in run_examples(checklist) if not r.ok]
    assert not failed, "\n".join(failed)


def test_an_example_with_the_wrong_status_fails(township):
    item = township.items[[i.id for i in township.items].index("B2")]
    wrong = item.model_copy(update={"examples": {"met": ["严格落实三项制度。"]}})
    broken = township.model_copy(update={"items": [wrong]})
    (result,) = run_examples(broken)
    assert (result.want, result.got, result.ok) == ("met", "partial", False)
