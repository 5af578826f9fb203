"""The packages follow the paper's chain: imports point one way (pyproject.toml, [tool.importlinter]).
The Kubo referee in particular never imports the semiclassical code it referees."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
LINT = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def _lint(where):
    env = dict(os.environ, PYTHONPATH=str(where))
    return subprocess.run([LINT, "--config", str(where / "pyproject.toml"), "--no-cache"], cwd=where, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def linter():
    if not Path(LINT).exists():
        pytest.fail("lint-imports is not installed (pip install -e '.[test]')")
    return _lint


def test_the_layers_are_kept(linter):
    r = linter(ROOT)
    assert r.returncode == 0, r.stdout[-3000:]
    assert "0 broken" in r.stdout


@pytest.mark.parametrize("where, planted", [
    ("model/form.py", "import semisym.symbolic.bands"),          # the model would depend on the derivation
    ("kubo/streda.py", "import semisym.symbolic.derivation"),    # the referee would use what it referees
    ("symbolic/bands.py", "import semisym.symbolic.kinetics"),   # the chain would run backwards
])
def test_an_upward_import_breaks_the_contract(linter, tmp_path, where, planted):
    shutil.copytree(ROOT / "semisym", tmp_path / "semisym", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    f = tmp_path / "semisym" / where
    f.write_text(f.read_text() + f"\n{planted}  # planted by the test\n")
    r = linter(tmp_path)
    assert r.returncode != 0 and "BROKEN" in r.stdout, r.stdout[-3000:]
