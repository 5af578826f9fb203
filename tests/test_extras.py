"""The core install needs only SymPy, NumPy, mpmath and SciPy: a feature whose optional dependency is
missing says which extra installs it, in one line, and the derivation itself never needs one."""

import subprocess
import sys

import pytest

CODE = """
import sys
for name in ("dask", "distributed", "matplotlib", "pandas", "xarray"):
    sys.modules[name] = None          # as if not installed
from semisym.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run(*argv):
    return subprocess.run([sys.executable, "-c", CODE, *argv], capture_output=True, text=True, timeout=600)


def test_the_derivation_needs_no_extra():
    r = run("derive", "ti-surface", "--json", "--no-check")
    assert r.returncode == 0, r.stderr
    assert '"schema": "semisym-result-1"' in r.stdout


@pytest.mark.parametrize("argv, extra", [
    (["sweep", "ti-warped", "--param=epsilon_F=0.8:1:2", "--param=lam=0.1"], "semisym[sweep]"),
    (["sweep", "ti-surface", "--param=epsilon_F=0.8:1:2", "--plot", "PLOT"], "semisym[plot]"),
])
def test_a_missing_extra_is_named(argv, extra, tmp_path):
    argv = [a.replace("PLOT", str(tmp_path / "f.png")) for a in argv]
    vals = ["--param=hbar=1", "--param=v_F=1", "--param=M=0.3", "--param=e=1", "--param=u_0=0.1", "--quiet"]
    r = run(*argv, *vals)
    assert r.returncode == 2, r.stdout + r.stderr
    assert extra in r.stderr and len(r.stderr.strip().splitlines()) == 1
