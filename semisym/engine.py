"""The one entry point: ``semisym.derive``.

An isotropic model is derived symbolically (closed forms, :func:`semisym.symbolic.derivation.derive`);
an anisotropic model given every parameter value goes through the numeric path
(:func:`semisym.numeric.thermal.evaluate`) and comes back as a :class:`semisym.result.Result`
labelled "numeric path".
"""

from __future__ import annotations

from semisym.errors import ModelError, NotIsotropicError
from semisym.model.builtins import builtin
from semisym.model.form import is_isotropic
from semisym.model.hamiltonian import Model
from semisym.symbolic import derivation


def derive(model, regime=None, values=None, collision=None, prescription=None, gauge=False, numeric=None,
           options=None, je=None):
    """Every term of Section VI for ``model`` (a Model or a built-in name).

    Isotropic models: a :class:`semisym.symbolic.derivation.Derivation` (see there for the
    arguments).  Anisotropic models: the numeric path at ``values`` (every parameter, e and u_0,
    optionally T and k_B), a :class:`semisym.result.Result`; ``regime`` and ``gauge`` do not
    apply there."""
    if isinstance(model, str):
        model = builtin(model)
    if not isinstance(model, Model):
        raise ModelError("derive() takes a Model or a built-in model name")
    if is_isotropic(model.hamiltonian):
        return derivation.derive(model, regime=regime, values=values, collision=collision, prescription=prescription,
                                 gauge=gauge, numeric=numeric, options=options, je=je)
    if not values:
        raise NotIsotropicError(f"{model.name} is not isotropic, so it has no closed forms: give every parameter "
                                "value (values=..., or --param on the command line) to evaluate it by the numeric path")
    from semisym.conventions import Options
    from semisym.numeric import thermal
    return thermal.evaluate(model, values, options=Options.make(options, collision=collision,
                                                                 prescription=prescription, je=je))
