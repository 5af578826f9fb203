"""The derivation of every term of Section VI for one model in one Fermi-level regime, and
``derive``, its entry point for isotropic models.

The terms and the general formulas they come from (Eqs. 52, 63, 105) are listed in
:mod:`semisym.symbolic.assemble`; the conventions in :mod:`semisym.conventions`.
"""

from __future__ import annotations

import sympy as sp

from semisym.conventions import Options
from semisym.model.form import K, isotropic_form
from semisym.errors import ModelError, ParameterError
from semisym.symbolic.fermi import Shells
from semisym.symbolic.kinetics import Kinetics
from semisym.model.hamiltonian import Model, fermi_symbol
from semisym.result import APPROXIMATION, APPROXIMATION_THIRD, Entry, Result
from semisym.symbolic.terms import TermGroup
from semisym.symbolic.assemble import Assembly
from semisym.symbolic.closed import ClosedForms
from semisym.symbolic.objects import ChainObjects
from semisym.symbolic.paperform import PaperVariables
from semisym.symbolic.values import Values


#: Fermi radii with closed forms larger than this send the derivation to numeric mode
MAX_CLOSED_RADIUS_OPS = 16


class Derivation(Assembly, ClosedForms, ChainObjects, Values):
    """Every term of Section VI for one model in one Fermi-level regime.

    Attributes ``sigma_yx``, ``sigma_xx``, ``s_x``, ``s_y``, ``torque_x``,
    ``torque_y`` are :class:`TermGroup` dicts of :class:`Term`;
    ``objects`` holds the intermediate objects of the chain (beta, gamma, n^(-1),
    n^(sj), n^(sk), J_E, tau) on each Fermi circle, as functions of theta.

    Built in the order of the data flow: run the chain and assemble the raw terms
    (:class:`~semisym.symbolic.assemble.Assembly`), closed forms
    (:class:`~semisym.symbolic.closed.ClosedForms`), values (:class:`~semisym.symbolic.values.Values`);
    the objects of the chain for display (:class:`~semisym.symbolic.objects.ChainObjects`).
    """

    def __init__(self, model, sample, regime, options=None, gauge=False, closed=True, numeric=False, disorder=None):
        from semisym.model.disorder import make
        self.model = model
        #: the disorder model (semisym.model.disorder; scalar white noise by default)
        self.disorder = make(disorder)
        if not self.disorder.rotation_invariant():
            raise ModelError(f"the disorder '{self.disorder.name}' breaks the rotation symmetry of the isotropic "
                             "derivation (only w_00, w_zz, w_0z and w_xx = w_yy are allowed): use the numeric path "
                             "(semisym.numeric.contour.evaluate)")
        sample = dict(self.disorder.values(sample), **sample)
        self.regime = regime
        #: the options of the calculation (conventions.Options)
        self.options = Options.make(options)
        self.collision = self.options.collision
        self.prescription = self.options.prescription
        self.je = self.options.je
        self.gauge = gauge
        self.closed = closed
        self.form = isotropic_form(model.hamiltonian)
        sgn = 1 if sample["epsilon_F"] > 0 else (-1 if sample["epsilon_F"] < 0 else 0)
        self.eps_F = fermi_symbol(sgn)
        self.sample_values = dict(sample)
        self.sample = {model.parameters[n]: sp.Float(v, 30) for n, v in sample.items() if n in model.parameters}
        self.sample[self.eps_F] = sp.Float(sample["epsilon_F"], 30)
        self.sample.update({x: sp.Float(sample[n], 30) for n, x in self.disorder.parameters.items()})
        #: numeric mode: every term evaluated at the sample values (u_0 kept as a symbol)
        self.numeric = numeric
        self.shells = Shells(self.form, self.sample, self.eps_F, symbolic=not numeric)
        self.LF = self.shells.fermi_level()
        num = None
        if numeric:
            # model parameters become numbers; e (and hbar where it is not a model parameter)
            # stay symbols: they enter only as overall factors
            num = dict(self.sample)
        self.kin = Kinetics(self.form, self.shells, gauge=gauge, options=self.options, numeric=num,
                            disorder=self.disorder)
        self.raw = {}
        self._run()
        self.groups = {}
        self._finish(closed)

    # ------------------------------------------------------------------ access

    def __getattr__(self, name):
        groups = self.__dict__.get("groups", {})
        if name in groups:
            return groups[name]
        if name in ("sigma_yx", "sigma_xx", "s_x", "s_y", "torque_x", "torque_y"):
            return TermGroup(name)
        raise AttributeError(name)

    @property
    def terms(self):
        """All terms, in a fixed order."""
        out = []
        for q in ("sigma_yx", "sigma_xx", "s_x", "s_y", "torque_x", "torque_y"):
            out.extend(self.groups.get(q, {}).values())
        return out

    @property
    def circles(self):
        """The Fermi circles: band, radius (closed form or None), velocity sign, density of states."""
        out = []
        for c in self.LF.circles:
            out.append({"band": "+" if c.band == 0 else "-", "radius": c.radius.k_expr,
                        "radius_value": float(c.radius.k_value), "velocity": "outward" if c.sign > 0 else "inward"})
        return out

    def describe_regime(self):
        if not self.LF.circles:
            return "Fermi level in a gap (no Fermi circle)"
        parts = [f"band {'+' if c.band == 0 else '-'} (k = {float(c.radius.k_value):.4g}, "
                 f"{'outward' if c.sign > 0 else 'inward'} velocity)" for c in self.LF.circles]
        return f"{len(parts)} Fermi circle(s): " + "; ".join(parts)

    @property
    def paper_variables(self):
        """The paper's variables (:class:`semisym.symbolic.paperform.PaperVariables`: xi, rho, tau,
        h) of this regime, or None in numeric mode."""
        if "_paper_variables" not in self.__dict__:
            self._paper_variables = None if self.numeric else PaperVariables(self)
        return self._paper_variables

    @property
    def paper_forms(self):
        """{(quantity, term): PaperForm or None}: each closed form in the paper's variables
        (:mod:`semisym.symbolic.paperform`), e.g. sigma_yx/skew of the TI surface as
        (e^2/h) (3 xi_F (1 - xi_F^2)^2)/(2 (1 + 3 xi_F^2)^2), Eq. 85."""
        if "_paper_forms" not in self.__dict__:
            P = self.paper_variables
            self._paper_forms = {(t.quantity, t.name): (P.form(t.quantity, t.expr) if P and t.closed_form else None)
                                 for t in self.terms}
        return self._paper_forms

    # ------------------------------------------------------------------ the one result type

    def result(self, values=None, checks=None, dps=30, paper_form=True):
        """Every term as a :class:`semisym.result.Result`: its expression (closed form where one
        exists), with ``paper_form`` also in the paper's variables, and, with ``values``, its number
        (30 digits, stated without error)."""
        values = None if values is None else self.model.check_values(values)
        vals = None if values is None else self.evaluate(values, dps=dps)
        forms = self.paper_forms if paper_form else {}
        entries = {}
        for t in self.terms:
            method = "numeric mode" if self.numeric else ("closed form" if t.closed_form else "symbolic, numeric integral")
            v = None if vals is None else float(vals[(t.quantity, t.name)])
            entries[(t.quantity, t.name)] = Entry(t.quantity, t.name, v, None, t.paper_eq, method, t.expr,
                                                  paper_form=forms.get((t.quantity, t.name)))
        info = {"regime": self.regime, "fermi_level": self.describe_regime(),
                "sample": {k: float(v) for k, v in self.sample_values.items()},
                "circles": [{"band": c["band"], "radius": None if c["radius"] is None else sp.sstr(c["radius"]),
                             "radius_at_sample": c["radius_value"], "velocity": c["velocity"]} for c in self.circles]}
        if not self.disorder.scalar:
            info["disorder"] = self.disorder.describe(dict(self.sample_values, **(values or {})))
        used = set().union(*(f.definitions for f in forms.values() if f is not None))
        if used:
            info["variables"] = {str(k): text for k, text, _ in self.paper_variables.describe(used)}
        if self.numeric:
            info["note"] = ("numeric mode (several Fermi circles, or Fermi radii without a compact closed form): "
                            "every intermediate result at the sample values; e and u_0 symbols")
        m = self.model
        return Result(m.name, m.text, "numeric mode" if self.numeric else "closed form", entries,
                      inputs=dict(values or {}), options=self.options.as_dict(), info=info,
                      checks=[c.as_dict() for c in (checks or [])],
                      parameters=m.parameter_names() + (["u_1"] if self.disorder.third else []),
                      approximation=APPROXIMATION_THIRD if self.disorder.third else APPROXIMATION)

    def rederive(self, **changes):
        """The same derivation (model, sample point, regime, mode) redone with changed settings:
        ``options`` (an Options), ``gauge`` (arbitrary smooth eigenvector phases) or ``closed``
        (False: no closed forms, raw expressions only)."""
        kw = dict(options=self.options, gauge=self.gauge, closed=self.closed, numeric=self.numeric,
                  disorder=self.disorder)
        kw.update(changes)
        return Derivation(self.model, self.sample_values, self.regime, **kw)

    # ------------------------------------------------------------------ checks

    def check(self, points=3, seed=1):
        from semisym.symbolic.checks import run_checks
        return run_checks(self, points=points, seed=seed)


def default_sample(model, form):
    """A sample point for a model without named regimes: every parameter 1, epsilon_F in the upper band."""
    vals = {n: 1.0 for n in model.parameters}
    e_top = form.energy[0].subs({model.parameters[n]: 1 for n in model.parameters}).subs(K, 1)
    vals["epsilon_F"] = float(sp.N(e_top))
    return vals


def derive(model, regime=None, values=None, collision=None, prescription=None, gauge=False,
           numeric=None, options=None, je=None, disorder=None):
    """Derive every term of Section VI for ``model`` (a Model or a built-in name).

    Parameters
    ----------
    model : Model or str
    regime : str, optional
        a named regime of the model ("conduction", "valence", "gap" for the TI);
        the default is the model's first regime.
    values : dict, optional
        parameter values {name: number}; they choose the regime (their Fermi
        circles) and may be used later for numbers.  Missing ones are taken from
        the regime's sample point.
    options : conventions.Options, optional
        collision, prescription and je together; the keywords below override it.
    collision : "steady" (default) or "eq17"
        the Born collision integral used for the skew term with the "paper" prescription
        (see kinetics); the "fermi-shell" prescription does not depend on it.
    prescription : "fermi-shell" (default) or "paper"
        the skew-scattering prescription (derivations/notes.md): "fermi-shell" keeps the skew
        density on the Fermi shell, J_sk = 2 [T1F + T2on] (a heuristic that the in-tool Kubo
        calculation confirms on every model and regime tried); "paper" is Eq. 36 taken literally
        (skew densities also on the shells at the other band's energy).  Both give Eq. 85 for
        the TI surface; they differ with several Fermi circles.
    je : "summed" (default) or "printed"
        Eq. 38 with the Berry-connection term summed over the outgoing band (gauge invariant), or
        as printed (m' = m; gauge dependent when two bands meet at the Fermi energy).

    disorder : str or semisym.model.disorder.Disorder, optional
        the disorder model: "scalar" (default, the paper's), "magnetic-z" (plus an independent
        sigma_z part of weight r_z), or a correlator as text ("s0s0 + r_z*szsz"); its parameters
        are given in ``values`` like the model's.

    A misspelt option value is a ParameterError that names the allowed values.
    """
    from semisym.model.disorder import make
    disorder = make(disorder)
    options = Options.make(options, collision=collision, prescription=prescription, je=je)
    if isinstance(model, str):
        from semisym.model.builtins import builtin
        model = builtin(model)
    if not isinstance(model, Model):
        raise ModelError("derive() takes a Model or a built-in model name")
    form = isotropic_form(model.hamiltonian)
    if regime is not None and regime not in model.regimes:
        raise ParameterError(f"unknown regime '{regime}' for {model.name} "
                             f"(regimes: {', '.join(model.regimes) or 'none; give values'})")
    if regime is None and model.regimes and not values:
        regime = next(iter(model.regimes))
    sample = dict(model.regimes[regime]) if regime else (
        dict(next(iter(model.regimes.values()))) if model.regimes else default_sample(model, form))
    vals = model.check_values(values)
    allowed = {"epsilon_F", "e", "u_0", "hbar"} | ({"u_1"} if disorder.third else set())
    unknown = sorted(set(vals) - set(model.parameters) - set(disorder.parameters) - allowed)
    if unknown:
        raise ParameterError(f"unknown parameter(s): {', '.join(unknown)} "
                             f"(model parameters: {', '.join(sorted(set(model.parameters) | {'hbar'}))}, epsilon_F, e, u_0)")
    sample.update({k: v for k, v in vals.items() if k in model.parameters or k == "epsilon_F"
                   or k in disorder.parameters})
    if values and regime is None:
        regime = "given values"
    if numeric is None:
        # several Fermi circles: the closed forms grow too large; evaluate at the sample values
        sym = model.parameters
        probe = {sym[n]: sp.Float(v, 30) for n, v in sample.items() if n in sym}
        sgn = 1 if sample["epsilon_F"] > 0 else (-1 if sample["epsilon_F"] < 0 else 0)
        eF = fermi_symbol(sgn)
        probe[eF] = sp.Float(sample["epsilon_F"], 30)
        # several Fermi circles, or a Fermi radius whose closed form is large (nested radicals):
        # the closed forms grow too large for SymPy; evaluate the chain at the sample values
        L = Shells(form, probe, eF).fermi_level()
        numeric = len(L.circles) > 1 or any(
            c.radius.k_expr is None or sp.count_ops(c.radius.k_expr) > MAX_CLOSED_RADIUS_OPS for c in L.circles)
    return Derivation(model, sample, regime, options=options, gauge=gauge, numeric=numeric, disorder=disorder)
