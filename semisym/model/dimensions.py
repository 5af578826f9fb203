"""The physical dimension of every parameter of a model, read off its Hamiltonian.

Every term of H is an energy and k_x, k_y are inverse lengths (as in :mod:`semisym.model.units`,
which checks values with units against the same rule); hbar is an energy times a time, epsilon_F
an energy, u_0 an energy times a length (<U(r) U(r')> = u_0^2 delta(r - r') in 2D).  A dimension
is a vector of exponents of (energy, length, time); the charge e is kept apart.

Used by :mod:`semisym.symbolic.paperform` to find a model's dimensionless ratios.
"""

from __future__ import annotations

import sympy as sp

from semisym.model.parse import K_X, K_Y

#: the base dimensions, in the order of a dimension vector
BASE = ("energy", "length", "time")
#: the dimensions of the quantities every model has
FIXED = {"hbar": (1, 0, 1), "epsilon_F": (1, 0, 0), "u_0": (1, 1, 0)}
ENERGY = (1, 0, 0)


def dimensions(model):
    """{parameter name: (energy, length, time) exponents, Rationals} for every parameter of
    ``model`` (hbar included), or None where H does not fix a parameter's dimension (a parameter
    that enters only through a product with another unknown one)."""
    names = [n for n in model.parameters if n not in FIXED]
    unknown = {n: [sp.Symbol(f"d_{i}_{j}") for j in range(3)] for i, n in enumerate(names)}
    known = {n: [sp.Integer(x) for x in FIXED[n]] for n in FIXED if n in model.parameters}
    by_symbol = {model.parameters[n]: v for n, v in {**known, **unknown}.items()}
    equations = []
    for entry in model.hamiltonian:
        for term in sp.Add.make_args(sp.expand(entry)):
            dim = [sp.Integer(0)] * 3
            for factor, power in term.as_powers_dict().items():
                if factor.is_number:
                    continue
                if factor in (K_X, K_Y):
                    dim[1] -= power
                elif factor in by_symbol:
                    dim = [d + power * x for d, x in zip(dim, by_symbol[factor])]
            equations += [d - t for d, t in zip(dim, ENERGY)]
    unknowns = [x for v in unknown.values() for x in v]
    solution = sp.solve(equations, unknowns, dict=True) if unknowns else [{}]
    out = {n: tuple(v) for n, v in known.items()}
    sol = solution[0] if solution else {}
    for n, v in unknown.items():
        dim = tuple(sp.sympify(x).xreplace(sol) for x in v)
        out[n] = dim if all(d.is_Rational for d in dim) else None
    return out
