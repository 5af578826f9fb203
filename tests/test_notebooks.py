"""Every notebook runs top to bottom on a fresh Jupyter kernel, and is stored without outputs."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

#: the Kubo referee, the notebooks and the documents take minutes: `pytest -m "not slow"` leaves them out
pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name} has stored outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()       # raises CellExecutionError on any error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # rendered mathematics shows no internal keys ("+@F") and no \mathrm with a space (it renders
    # "side jump" as "sidejump")
    for c in nb.cells:
        for o in c.outputs if c.cell_type == "code" else []:
            tex = o.get("data", {}).get("text/latex", "")
            assert "@" not in tex, tex[:200]
            assert not re.search(r"\\mathrm\{[^}]* [^}]*\}", tex), tex[:200]
    # a notebook writes no files (figures are shown inline: plot_sweep returns the Figure)
    assert not list(tmp_path.iterdir()), sorted(p.name for p in tmp_path.iterdir())
    if "plot" in path.name:
        images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
        assert len(images) >= 3
