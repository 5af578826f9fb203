"""A derived term: its quantity, name, paper equation, closed form, LaTeX and value."""

from __future__ import annotations

from dataclasses import dataclass, field

import mpmath as mp
import sympy as sp

from .errors import ParameterError

SIGMA_TERMS = ("intrinsic", "extrinsic", "side_jump", "skew", "total")
SPIN_TERMS = ("edelstein", "intrinsic", "extrinsic", "side_jump", "skew", "total")
QUANTITIES = ("sigma_yx", "sigma_xx", "s_x", "s_y", "torque_x", "torque_y")


def _equation_table(sigma, spin, torque="105"):
    """{(quantity, term): equation} from the sigma_yx and spin-density equations, in term order."""
    table = {("sigma_yx", t): eq for t, eq in zip(SIGMA_TERMS, sigma)}
    table[("sigma_xx", "drude")] = None
    for q in ("s_x", "s_y"):
        table.update({(q, t): eq for t, eq in zip(SPIN_TERMS, spin)})
    for q in ("torque_x", "torque_y"):
        table.update({(q, t): torque for t in SPIN_TERMS})
    return table


#: the equations of Section VI (TI surface) that each term corresponds to
PAPER_EQ = _equation_table(sigma=("74", "78", "82", "85", "86"), spin=("90", "96", "99", "101", "103", "104"))

#: the general formulas each term comes from (models other than the paper's TI surface)
GENERAL_EQ = _equation_table(sigma=("72", "75", "79", "83", "52"), spin=("87", "91", "97", "100", "102", "63"))

UNITS = {
    "sigma_yx": "conductivity j_y/E_x (sheet, 2D); e and hbar kept as symbols",
    "sigma_xx": "conductivity j_x/E_x (sheet, 2D)",
    "s_x": "spin density <sigma_x> per unit area per unit E_x (Pauli matrices, no hbar/2)",
    "s_y": "spin density <sigma_y> per unit area per unit E_x (Pauli matrices, no hbar/2)",
    "torque_x": "torque (2J/hbar) (z x <S>)_x per unit area per unit E_x, <S> = (hbar/2)<sigma>",
    "torque_y": "torque (2J/hbar) (z x <S>)_y per unit area per unit E_x, <S> = (hbar/2)<sigma>",
}


@dataclass
class Term:
    """One term of one response quantity.

    ``expr`` is the closed form when ``closed_form`` is true; otherwise it may
    contain unevaluated integrals or radius symbols, and its value comes from
    numerical quadrature / root finding (mpmath).
    """

    quantity: str
    name: str
    expr: sp.Expr
    closed_form: bool
    paper_eq: str | None = None
    raw: object = field(default=None, repr=False)
    derivation: object = field(default=None, repr=False)

    @property
    def latex(self):
        return sp.latex(self.expr)

    @property
    def units(self):
        return UNITS.get(self.quantity, "")

    def value(self, values, dps=30):
        """The term's value (mpmath mpf) at parameter values {name: number}."""
        if self.derivation is not None:
            return self.derivation.term_value(self, values, dps=dps)
        return evaluate_expr(self.expr, values, dps)

    def __str__(self):
        return f"{self.quantity}[{self.name}] = {self.expr}"

    def _repr_latex_(self):
        return f"$\\displaystyle {self.latex}$"


def evaluate_expr(expr, values, dps=30):
    """Evaluate a SymPy expression at {name: number}; names every missing symbol."""
    subs = {}
    for s in expr.free_symbols:
        if s.name not in values:
            continue
        subs[s] = sp.Float(values[s.name], dps)
    missing = sorted(s.name for s in expr.free_symbols if s.name not in values)
    if missing:
        raise ParameterError(f"missing parameter value(s): {', '.join(missing)}")
    v = sp.N(expr.xreplace(subs), dps)
    if v.has(sp.I) and abs(sp.im(v)) > 10 ** (-dps // 2) * max(1, abs(sp.re(v))):
        raise ParameterError("the values give a complex result: check the Fermi-level regime")
    if not v.is_number:
        return v
    with mp.workdps(dps):
        return mp.mpf(str(sp.re(v)))


class TermGroup(dict):
    """The terms of one quantity, by name (``d.sigma_yx["skew"]``)."""

    def __init__(self, quantity):
        super().__init__()
        self.quantity = quantity

    def __repr__(self):
        return f"<{self.quantity}: {', '.join(self)}>"
