"""semisym: disorder-corrected semiclassical transport of two-band models, derived exactly.

    import semisym
    d = semisym.derive(semisym.models.ti_surface())
    d.sigma_yx["skew"].expr      # closed form (SymPy)
    d.sigma_yx["skew"].latex     # LaTeX
    d.check()                    # the checks of `semisym check`

The chain of the paper (Atencia, Niu, Culcer) as packages, imports pointing one way:

    conventions, errors        units, signs, band order, the term table, options, validation
    model/                     the Hamiltonian (text or matrix), its polar form, built-ins
    paper                      the paper's closed forms: reference data, used only to compare
    symbolic/                  bands -> fermi -> kinetics -> sea -> terms -> checks -> derivation
    numeric/                   the same chain on discretized contours; finite temperature
    kubo/                      the independent Kubo-Streda referee
    engine, compare, sweep     the one entry point derive(); semiclassics against Kubo; grids
    output/                    text, LaTeX, JSON, documents, figures
    cli                        the `semisym` command
"""

import semisym.model as models
from semisym.errors import ModelError, NotIsotropicError, ParameterError, RegimeError, SemisymError
from semisym.model import K_X, K_Y, Model, builtin, from_matrix, from_text
from semisym.engine import derive
from semisym.result import Entry, Result
from semisym.symbolic.derivation import Derivation

__version__ = "0.1.0"

__all__ = ["derive", "Derivation", "Result", "Entry", "Model", "models", "builtin", "from_text", "from_matrix",
           "K_X", "K_Y", "SemisymError", "ModelError", "NotIsotropicError", "ParameterError",
           "RegimeError"]
