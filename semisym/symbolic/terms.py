"""A derived term: its quantity, name, paper equation, closed form, LaTeX and value."""

from __future__ import annotations

from dataclasses import dataclass, field

import mpmath as mp
import sympy as sp

from semisym.conventions import UNITS
from semisym.errors import ParameterError

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
