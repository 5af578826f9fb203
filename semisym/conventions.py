"""The conventions of semisym, in one place: units and signs, the band order, the term table and
the options of a calculation, and the validation of parameter values.  Every path (the symbolic
derivation, the numeric path, the Kubo referee, sweeps, the command line) takes them from here.

Units and signs
---------------
- sum_k = int d^2k/(2 pi)^2: every quantity is per unit area, for one band pair, with no
  degeneracy factor.
- Electron charge -e (e > 0); V = e E.r; hbar k-dot = -e E.  The field is E = E_x x-hat and every
  term is per unit E_x: sigma_yx = j_y/E_x.
- Spin densities in Pauli units (no hbar/2); the torque is (2J/hbar) m x <S> with
  <S> = (hbar/2)<sigma> and m = z-hat (Eq. 105 corrected): torque_x = -J s_y, torque_y = J s_x.
- White-noise disorder <U(r)U(r')> = u_0^2 delta(r - r'); 1/tau = pi u_0^2 rho(eps_F)/hbar.
- Zero temperature unless T is given.

Band order
----------
Band 0 is the upper band "+" (eps = d0 + |d|), band 1 the lower band "-", on every path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from semisym.errors import ParameterError

# ------------------------------------------------------------------ bands

BANDS = (0, 1)
BAND_SIGN = {0: 1, 1: -1}
BAND_NAME = {0: "+", 1: "-"}


def other(m):
    """The other band of a two-band model."""
    return 1 - m


# ------------------------------------------------------------------ the term table

SIGMA_TERMS = ("intrinsic", "extrinsic", "side_jump", "skew", "total")
#: third-order (non-Gaussian) skew scattering, present with a third cumulant of the disorder
#: (semisym.model.disorder, preset scalar-cubic); placed before "total"
SKEW_3 = "skew_3"
SPIN_TERMS = ("edelstein", "intrinsic", "extrinsic", "side_jump", "skew", "total")
QUANTITIES = ("sigma_yx", "sigma_xx", "s_x", "s_y", "torque_x", "torque_y")

#: the term names of each quantity, in the paper's order
TERMS = {"sigma_yx": SIGMA_TERMS, "sigma_xx": ("drude",), "s_x": SPIN_TERMS, "s_y": SPIN_TERMS,
         "torque_x": SPIN_TERMS, "torque_y": SPIN_TERMS}

#: the torque from the spin density (Eq. 105 corrected): torque_q = sign * J * source
TORQUE = {"torque_x": ("s_y", -1), "torque_y": ("s_x", 1)}

#: components of one tensor (a rotation of the axes mixes them)
TENSOR = {"sigma_yx": "sigma", "sigma_xx": "sigma", "s_x": "s", "s_y": "s",
          "torque_x": "torque", "torque_y": "torque"}


def tensor_scales(values, group=None):
    """{group: largest |value| of its terms} for {(quantity, term): value}; the groups are the
    tensors (TENSOR) unless ``group`` maps quantities otherwise."""
    group = group or TENSOR
    out = {}
    for (q, _), v in values.items():
        out[group[q]] = max(out.get(group[q], 0.0), abs(float(v)))
    return out


def term_order(key):
    """Sort key of a (quantity, term) pair: quantities, then terms, in the paper's order."""
    q, t = key
    names = TERMS[q]
    return QUANTITIES.index(q), names.index(t) if t in names else len(names)


def _equation_table(sigma, spin, torque="105"):
    """{(quantity, term): equation} from the sigma_yx and spin-density equations, in term order."""
    table = {("sigma_yx", t): eq for t, eq in zip(SIGMA_TERMS, sigma)}
    table[("sigma_xx", "drude")] = None
    for q in ("s_x", "s_y"):
        table.update({(q, t): eq for t, eq in zip(SPIN_TERMS, spin)})
    for q in TORQUE:
        table.update({(q, t): torque for t in SPIN_TERMS})
    return table


#: the equations of Section VI (TI surface) that each term corresponds to
PAPER_EQ = _equation_table(sigma=("74", "78", "82", "85", "86"), spin=("90", "96", "99", "101", "103", "104"))

#: the general formulas each term comes from (models other than the paper's TI surface)
GENERAL_EQ = _equation_table(sigma=("72", "75", "79", "83", "52"), spin=("87", "91", "97", "100", "102", "63"))

def equation(key, paper=False):
    """The paper equation of a (quantity, term): the TI closed form of Section VI for models of the
    paper's type (``paper``), otherwise the general formula the term comes from."""
    return (PAPER_EQ if paper else GENERAL_EQ).get(key)


def general_formula(key):
    """LaTeX of the general formula a (quantity, term) comes from (Eqs. 52, 63, 105 term by term,
    per unit E_x; sum over bands m and k, sum_k = int d^2k/(2 pi)^2), for display: the code derives
    each term from the chain, not from this text."""
    q, t = key
    v = "v^m_y"                 # sigma_yx = j_y/E_x
    a = q[-1]
    if q == "sigma_xx":
        return r"-e\sum_{m\mathbf k} v^m_x\,n^{(-1)}_{m}"
    if q == "sigma_yx":
        return {"intrinsic": r"\frac{e^2}{\hbar}\sum_{m\mathbf k}\Omega^m_{\mathbf k}\,n^{\mathrm{FD}}_m",
                "extrinsic": r"-e\sum_{m\mathbf k} n^{(-1)}_m\,\beta^m_y",
                "side_jump": rf"-e\sum_{{m\mathbf k}} {v}\,n^{{(sj)}}_m",
                "skew": rf"-e\sum_{{m\mathbf k}} {v}\,n^{{(sk)}}_m",
                "total": r"\sigma_{yx}^{\text{int}} + \sigma_{yx}^{\text{ext}} + \sigma_{yx}^{\text{sj}}"
                         r" + \sigma_{yx}^{\text{sk}}"}[t]
    if q in ("s_x", "s_y"):
        return {"edelstein": rf"\sum_{{m\mathbf k}} s^{{mm}}_{a}\,n^{{(-1)}}_m",
                "intrinsic": rf"\frac{{ie}}{{\hbar}}\sum_{{m\mathbf k}}[T, \mathcal R'_x]^{{mm}}_{a}\,n^{{\mathrm{{FD}}}}_m",
                "extrinsic": rf"\sum_{{m\mathbf k}} n^{{(-1)}}_m\,\gamma^m_{a}",
                "side_jump": rf"\sum_{{m\mathbf k}} s^{{mm}}_{a}\,n^{{(sj)}}_m",
                "skew": rf"\sum_{{m\mathbf k}} s^{{mm}}_{a}\,n^{{(sk)}}_m",
                "total": r"\text{the sum of the terms above}"}[t]
    J = "J"
    return {"torque_x": rf"-{J}\,\langle s_y\rangle", "torque_y": rf"{J}\,\langle s_x\rangle"}[q]


#: LaTeX symbols of the quantities (per unit E_x where the quantity is not itself a ratio to E_x)
LATEX = {"sigma_yx": (r"\sigma_{yx}", ""), "sigma_xx": (r"\sigma_{xx}", ""),
         "s_x": (r"\langle s_x\rangle", "/E_x"), "s_y": (r"\langle s_y\rangle", "/E_x"),
         "torque_x": (r"{T}_x", "/E_x"), "torque_y": (r"{T}_y", "/E_x")}


def latex_symbol(quantity, term=None, torque="T"):
    """LaTeX of a quantity with its term label on the quantity, not on E_x:
    \\langle s_x\\rangle^{\\text{side jump}}/E_x, \\sigma_{yx}^{\\text{int}}; the torque as ``torque``
    (T by default; tau is the paper's scattering time)."""
    base, per = LATEX[quantity]
    base = base.replace("{T}", "{" + torque + "}")
    label = f"^{{\\text{{{term.replace('_', ' ')}}}}}" if term else ""
    return f"{base}{label}{per}"


UNITS = {
    "sigma_yx": "conductivity j_y/E_x (sheet, 2D); e and hbar kept as symbols",
    "sigma_xx": "conductivity j_x/E_x (sheet, 2D)",
    "s_x": "spin density <sigma_x> per unit area per unit E_x (Pauli matrices, no hbar/2)",
    "s_y": "spin density <sigma_y> per unit area per unit E_x (Pauli matrices, no hbar/2)",
    "torque_x": "torque (2J/hbar) (z x <S>)_x per unit area per unit E_x, <S> = (hbar/2)<sigma>",
    "torque_y": "torque (2J/hbar) (z x <S>)_y per unit area per unit E_x, <S> = (hbar/2)<sigma>",
}


# ------------------------------------------------------------------ options

#: the allowed values of every option, the first one the default
CHOICES = {
    # the Born collision integral behind the paper's skew prescription: "steady" evolves the whole
    # commutator [U, rho] in time (reproduces Eqs. 84-85), "eq17" evolves U alone as Eq. 17 is printed
    "collision": ("steady", "eq17"),
    # the skew-scattering prescription: "fermi-shell" (J_sk = 2 [T1F + T2on], refereed by Kubo) or
    # "paper" (Eq. 36 taken literally)
    "prescription": ("fermi-shell", "paper"),
    # Eq. 38: "summed" sums the Berry-connection term over the outgoing band (gauge invariant);
    # "printed" keeps m' = m as printed (gauge dependent with two bands at eps_F)
    "je": ("summed", "printed"),
}


@dataclass(frozen=True)
class Options:
    """The options of a calculation, validated when built (a misspelt value is an error that names
    the allowed ones).  A path that does not implement an option refuses a non-default value
    (:meth:`require_defaults`), it never ignores it."""

    collision: str = CHOICES["collision"][0]
    prescription: str = CHOICES["prescription"][0]
    je: str = CHOICES["je"][0]

    def __post_init__(self):
        for f in fields(self):
            v = getattr(self, f.name)
            if v not in CHOICES[f.name]:
                raise ParameterError(f"unknown {f.name} '{v}' (allowed: {', '.join(CHOICES[f.name])})")

    @classmethod
    def make(cls, options=None, **given):
        """Options from an Options object and/or keywords (None means: the default)."""
        base = options if options is not None else cls()
        given = {k: v for k, v in given.items() if v is not None}
        unknown = sorted(set(given) - set(CHOICES))
        if unknown:
            raise ParameterError(f"unknown option(s): {', '.join(unknown)} (options: {', '.join(CHOICES)})")
        return cls(**{f.name: given.get(f.name, getattr(base, f.name)) for f in fields(cls)})

    def non_default(self):
        """{name: value} of the options that differ from their default."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != CHOICES[f.name][0]}

    def require_defaults(self, path, *names):
        """Refuse any non-default option among ``names`` (all options if none are named) on a path
        that does not implement it."""
        bad = {k: v for k, v in self.non_default().items() if not names or k in names}
        if bad:
            raise ParameterError(f"{path} does not implement " + ", ".join(f"{k}='{v}'" for k, v in bad.items())
                                 + " (only the default: " + ", ".join(f"{k}='{CHOICES[k][0]}'" for k in bad) + ")")

    def as_dict(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


# ------------------------------------------------------------------ parameter values

#: always-present parameters and the sign each must have
UNIVERSAL = {"epsilon_F": None, "e": "positive", "u_0": "positive", "hbar": "positive",
             "T": "non-negative", "k_B": "positive"}


def check_values(values, positive=()):
    """Validated parameter values {name: float or mpmath/SymPy number}.

    Every value must be a finite real number; e, u_0, hbar, k_B and the names in ``positive`` (the
    model's declared-positive parameters) must be positive, T non-negative.  The message names the
    parameter."""
    import mpmath as mp
    import sympy as sp
    out = {}
    for name, v in (values or {}).items():
        if isinstance(v, (mp.mpf, sp.Basic)):
            x = v
            finite = bool(mp.isfinite(v)) if isinstance(v, mp.mpf) else bool(sp.sympify(v).is_finite)
        else:
            try:
                x = float(v)
            except (TypeError, ValueError):
                raise ParameterError(f"parameter {name} has a non-numeric value {v!r}") from None
            finite = math.isfinite(x)
        if not finite:
            raise ParameterError(f"parameter {name} has a non-finite value {v!r}")
        out[name] = x
    for name, x in out.items():
        rule = "positive" if name in positive else UNIVERSAL.get(name)
        if rule == "positive" and not x > 0:
            raise ParameterError(f"{name} must be positive (got {x})")
        if rule == "non-negative" and x < 0:
            raise ParameterError(f"{name} must not be negative (got {x})")
    return out
