"""Optional dependencies.  The core install (``pip install semisym``) needs only sympy, numpy, mpmath
and scipy; sweeps on dask, figures, tables as data frames and the notebooks need extras:

    pip install "semisym[sweep]"      # dask.distributed for numeric sweeps
    pip install "semisym[plot]"       # matplotlib for figures
    pip install "semisym[data]"       # pandas and xarray for Result.to_dataframe() and sweeps as datasets
    pip install "semisym[all]"        # everything a user needs, notebooks included
"""

from __future__ import annotations

import importlib

from semisym.errors import SemisymError

#: module -> the extra that installs it
EXTRA = {"pint": "all", "dask": "sweep", "distributed": "sweep", "matplotlib": "plot", "pandas": "data", "xarray": "data"}


class MissingExtraError(SemisymError):
    """An optional dependency is not installed; the message says which extra installs it."""


def need(module, what):
    """Import ``module`` or raise MissingExtraError naming the extra, e.g.
    need("matplotlib.pyplot", "a figure")."""
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".")[0]
        extra = EXTRA.get(top, "all")
        raise MissingExtraError(f"{what} needs {top}, which is not installed: pip install 'semisym[{extra}]'") from None
