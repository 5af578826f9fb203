"""`semisym check` fails on every planted error of tests/mutations.py (and passes without one)."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_every_planted_error_fails_the_check():
    script = Path(__file__).with_name("mutations.py")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=3000)
    assert r.returncode == 0, r.stdout + r.stderr
