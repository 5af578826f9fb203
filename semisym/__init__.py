"""semisym: disorder-corrected semiclassical transport of two-band models, derived exactly.

    import semisym
    d = semisym.derive(semisym.models.ti_surface())
    d.sigma_yx["skew"].expr      # closed form (SymPy)
    d.sigma_yx["skew"].latex     # LaTeX
    d.check()                    # the checks of `semisym check`

The chain of the paper (Atencia, Niu, Culcer) as modules:
model -> bands -> fermi (shells) -> kinetics (J0, D', S', beta, gamma, J_E, J_sk) ->
response (terms) -> report / cli.  Reference closed forms of the paper: semisym.paper
(used only to compare).
"""

from . import model as models
from .errors import (ModelError, NotIsotropicError, ParameterError, RegimeError,
                     SemisymError)
from .model import Model, builtin, from_matrix, from_text
from .parse import K_X, K_Y
from .response import Derivation, derive

__version__ = "0.1.0"

__all__ = ["derive", "Derivation", "Model", "models", "builtin", "from_text", "from_matrix",
           "K_X", "K_Y", "SemisymError", "ModelError", "NotIsotropicError", "ParameterError",
           "RegimeError"]
