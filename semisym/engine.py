"""The one entry point: ``semisym.derive``.

An isotropic model is derived symbolically (closed forms, :func:`semisym.symbolic.derivation.derive`);
an anisotropic model given every parameter value goes through the numeric path
(:func:`semisym.numeric.thermal.evaluate`) and comes back as a :class:`semisym.result.Result`
labelled "numeric path".
"""

from __future__ import annotations

from semisym.conventions import Options
from semisym.errors import ModelError, NotIsotropicError
from semisym.model.builtins import builtin
from semisym.model.form import is_isotropic
from semisym.model.hamiltonian import Model
from semisym.result import Result
from semisym.symbolic import derivation


def derive(model: Model | str, regime: str | None = None, values: dict | None = None,
           collision: str | None = None, prescription: str | None = None, gauge: bool = False,
           numeric: bool | None = None, options: Options | None = None,
           je: str | None = None, disorder=None) -> derivation.Derivation | Result:
    """Every term of Section VI (Eqs. 72-105) for ``model``, derived from the general formulas.

    Parameters
    ----------
    model : Model or str
        A :class:`semisym.model.Model` or a built-in name (``semisym models``).
    regime : str, optional
        A named Fermi-level regime of the model ("conduction", "valence", "gap" for the TI surface).
    values : dict, optional
        Parameter values {name: number}; they choose the regime (isotropic models) or are the point
        at which the numeric path evaluates (anisotropic models: every parameter, e and u_0; T and
        k_B for a finite temperature).
    collision, prescription, je : str, optional
        The options of :class:`semisym.conventions.Options` (also given together as ``options``);
        a misspelt value is an error that names the allowed ones.
    gauge, numeric : optional
        Symbolic path only: arbitrary eigenvector phases (the gauge check); numeric mode.
    disorder : str or semisym.model.disorder.Disorder, optional
        Gaussian white noise that may couple to the spin: "scalar" (default), "magnetic-z", or a
        correlator as text ("s0s0 + r_z*szsz"); its parameters go in ``values``.

    Returns
    -------
    Derivation or Result
        Isotropic models: a :class:`semisym.symbolic.derivation.Derivation` (closed forms as SymPy
        expressions with e and hbar as symbols; ``.result(values)`` gives the numbers).  Anisotropic
        models: a :class:`semisym.result.Result` of the numeric path, each value per unit E_x with
        its error estimate.  Units: sigma in e^2/hbar times the units of the inputs, spin densities
        per unit area per unit E_x (Pauli matrices), torques (2J/hbar) z x <S> per unit E_x.
    """
    if isinstance(model, str):
        model = builtin(model)
    if not isinstance(model, Model):
        raise ModelError("derive() takes a Model or a built-in model name")
    from semisym.model.disorder import make
    disorder = make(disorder)
    if is_isotropic(model.hamiltonian) and disorder.rotation_invariant():
        return derivation.derive(model, regime=regime, values=values, collision=collision, prescription=prescription,
                                 gauge=gauge, numeric=numeric, options=options, je=je, disorder=disorder)
    if not values:
        what = (f"the disorder '{disorder.name}' breaks the rotation symmetry of {model.name}"
                if is_isotropic(model.hamiltonian) else f"{model.name} is not isotropic")
        raise NotIsotropicError(f"{what}, so there are no closed forms: give every parameter "
                                "value (values=..., or --param on the command line) to evaluate it by the numeric path")
    from semisym.numeric import thermal
    return thermal.evaluate(model, values, options=Options.make(options, collision=collision,
                                                                 prescription=prescription, je=je), disorder=disorder)
