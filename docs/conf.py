"""Sphinx configuration of the semisym documentation: `python -m sphinx -W docs docs/_build/html`.

The tutorials are the notebooks of notebooks/ (copied into docs/_generated and executed at every
build: their outputs are never stored), the derivation notes are derivations/notes.md, the
conventions and the corrections to the paper are the README's sections of those names, the API
reference comes from the docstrings, and the JSON schema from semisym.result.SCHEMA."""

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

project = "semisym"
author = "the semisym developers"
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.mathjax"]
exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints"]
myst_enable_extensions = ["dollarmath", "amsmath"]
nb_execution_mode = "force"            # every build runs the tutorials from their stored (empty) outputs
nb_execution_raise_on_error = True
nb_execution_timeout = 900
nb_execution_in_temp = True            # files a notebook writes go to a temporary folder
autodoc_member_order = "bysource"
autodoc_typehints = "none"
napoleon_numpy_docstring = True
html_theme = "alabaster"
html_title = "semisym"
suppress_warnings = ["myst.header"]     # the README's and the notes' sections start at level 2

generated = HERE / "_generated"
generated.mkdir(exist_ok=True)
for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
    shutil.copyfile(nb, generated / nb.name)
from semisym.result import SCHEMA  # noqa: E402
(generated / "schema.json").write_text(json.dumps(SCHEMA, indent=2) + "\n")
