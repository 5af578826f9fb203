"""Isotropy of a two-band model and its polar form.

An isotropic model (rotating k by an angle is a unitary rotation of the two-band space about the
pseudospin z axis) has, with k = k (cos theta, sin theta) and zeta = e^{i theta},

    H = d0(k) + d_z(k) sigma_z + [g(k) zeta^N sigma_- + c.c.],   d_x + i d_y = g(k) zeta^N,

with winding number N.  The symbolic derivation needs this form; the numeric path and the Kubo
referee take any model and use it only to choose how finely to integrate over angles.
"""

from __future__ import annotations

import sympy as sp

from semisym.errors import ModelError, NotIsotropicError
from semisym.model.parse import K_X, K_Y

#: radial momentum |k|
K = sp.Symbol("k", positive=True)
#: e^{i theta}, used while taking apart the angular dependence of H
ZETA = sp.Symbol("zeta")


class IsotropicForm:
    """d0(k), d_z(k), g(k) and the winding N of an isotropic Hamiltonian (functions of K)."""

    def __init__(self, d0, dz, g, N):
        self.d0, self.dz, self.g, self.N = d0, dz, g, N
        self.absg = sp.simplify(sp.sqrt(sp.expand(g * sp.conjugate(g)))) if g != 0 else sp.Integer(0)
        self.D = sp.sqrt(self.dz ** 2 + self.absg ** 2)
        self.energy = {0: self.d0 + self.D, 1: self.d0 - self.D}

    def __repr__(self):
        return f"IsotropicForm(d0={self.d0}, dz={self.dz}, g={self.g}, N={self.N})"


def _laurent_terms(expr, z):
    """{power: coefficient} of a Laurent polynomial in z, or None if it is not one."""
    out = {}
    for term in sp.Add.make_args(sp.expand(expr)):
        coeff, power = term.as_coeff_exponent(z)
        if coeff.has(z) or not power.is_Integer:
            return None
        out[int(power)] = out.get(int(power), 0) + coeff
    return {p: c for p, c in out.items() if sp.simplify(c) != 0}


def isotropic_form(H):
    """Decompose H(k_x, k_y) in polar form; raise NotIsotropicError if it is not isotropic."""
    polar = {K_X: K * (ZETA + 1 / ZETA) / 2, K_Y: K * (ZETA - 1 / ZETA) / (2 * sp.I)}
    Hp = H.xreplace(polar)
    d0 = (Hp[0, 0] + Hp[1, 1]) / 2
    dz = (Hp[0, 0] - Hp[1, 1]) / 2
    w = Hp[1, 0]
    parts = {}
    for name, x in (("d0", d0), ("dz", dz), ("w", w)):
        t = _laurent_terms(x, ZETA)
        if t is None:
            raise NotIsotropicError(
                "the model is not isotropic: its k-dependence is not polynomial in "
                "k_x, k_y around a pseudospin axis; the symbolic path needs an isotropic model "
                "(rotating k = rotating the pseudospin about z)")
        parts[name] = t
    for name in ("d0", "dz"):
        if set(parts[name]) - {0}:
            raise NotIsotropicError(
                "the model is not isotropic: "
                + ("d0" if name == "d0" else "d_z") + "(k) depends on the direction of k; "
                "the symbolic path needs an isotropic model (rotating k = rotating the pseudospin about z)")
    if len(parts["w"]) > 1:
        raise NotIsotropicError(
            "the model is not isotropic: d_x + i d_y mixes angular harmonics "
            f"{sorted(parts['w'])}; the symbolic path needs an isotropic model "
            "(rotating k = rotating the pseudospin about z)")
    if not parts["w"]:
        raise ModelError("the model has no off-diagonal part (d_x = d_y = 0): there is no band mixing to derive")
    (N, g), = parts["w"].items()
    d0v = sp.simplify(parts["d0"].get(0, sp.Integer(0)))
    dzv = sp.simplify(parts["dz"].get(0, sp.Integer(0)))
    return IsotropicForm(d0v, dzv, sp.simplify(g), N)


def is_isotropic(H):
    """True if :func:`isotropic_form` accepts H (the symbolic path applies)."""
    try:
        isotropic_form(H)
        return True
    except ModelError:
        return False


