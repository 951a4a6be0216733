"""Agreement with the expert labels on the real seed reports in ../shared (skipped without it)."""

import re
import subprocess
import sys

import pytest

from .conftest import SHARED

EVALUATE = SHARED / "tools" / "evaluate.py"


@pytest.mark.skipif(not EVALUATE.is_file(), reason="../shared is not beside this checkout")
def test_seed_agreement_meets_the_bar():
    proc = subprocess.run(
        [sys.executable, str(EVALUATE), "--quiet", "--cmd", f"{sys.executable} -m checker check"],
        capture_output=True,
        text=True,
        check=True,
    )
    m = re.search(r"exact=([\d.]+)% credit=([\d.]+)%", proc.stdout)
    assert m, proc.stdout + proc.stderr
    exact, credit = float(m.group(1)), float(m.group(2))
    assert exact >= 90.0
    assert credit >= 97.0
