"""The model's own scales at given parameter values: every root bracket, radial grid and cutoff of
semisym is set from these, never from fixed absolute numbers, so that SI units, eV/nm or natural
units give the same physics.

For a polynomial Hamiltonian the energy along a ray is a sum of monomials c_n k^n.  Its
characteristic momenta are where one monomial reaches the energy scale E_0 (the Fermi energy, the
k-independent terms such as a mass or an exchange splitting), k = (E_0/c_n)^(1/n), and where two
monomials balance (a band minimum, the crossover from linear to quadratic dispersion),
k = (c_i/c_j)^(1/(j - i)) (the Newton polygon of the dispersion).  Every Fermi radius, band edge
and band touching lies within a fixed number of decades of these scales.  A Hamiltonian that is not
polynomial in k (exp, sqrt) gets its scale from |H(k) - H(0)| = E_0 found by bisection in log k.
"""

from __future__ import annotations

import math

import sympy as sp

from semisym.errors import ModelError
from semisym.model.parse import K_X, K_Y

#: how many decades below the smallest and above the largest characteristic momentum a root
#: bracket or a radial grid reaches (dimensionless: a margin, not a scale)
DECADES = 6
#: the range of a double, with room for the arithmetic of a dispersion (k^3 of the warped surface)
TINY, HUGE = 1e-150, 1e150


def characteristic_momenta(coefficients, energy):
    """Characteristic momenta of a dispersion sum_n c_n k^n ({n: |c_n|}, n >= 0) at the energy scale
    ``energy`` (> 0): (E_0/c_n)^(1/n) and the balance points (c_i/c_j)^(1/(j-i)).  Sorted; empty if
    the dispersion has no k-dependence."""
    c = {n: abs(float(v)) for n, v in coefficients.items() if n >= 0 and abs(float(v)) > 0}
    e0 = max([abs(float(energy))] + [c.get(0, 0.0)])
    out = []
    if e0 > 0:
        out += [(e0 / v) ** (1.0 / n) for n, v in c.items() if n > 0]
    ns = sorted(n for n in c if n > 0)
    for a in range(len(ns)):
        for b in range(a + 1, len(ns)):
            i, j = ns[a], ns[b]
            out.append((c[i] / c[j]) ** (1.0 / (j - i)))
    return sorted(x for x in out if math.isfinite(x) and x > 0)


def momentum_range(coefficients, energy, decades=DECADES):
    """(k_lo, k_hi): a log-range that brackets every root of the dispersion at energies up to
    ``energy`` in magnitude: DECADES below the smallest and above the largest characteristic
    momentum."""
    ks = characteristic_momenta(coefficients, energy)
    if not ks:
        c = {n: abs(float(v)) for n, v in coefficients.items() if n > 0 and abs(float(v)) > 0}
        if not c:
            raise ModelError("the Hamiltonian does not depend on k at these values: it has no momentum scale")
        # one monomial and no energy scale (a Dirac cone at its node): the problem has no scale and
        # no root but k = 0, so any range serves; this one is where c_n k^n is one energy unit
        ks = sorted((1.0 / v) ** (1.0 / n) for n, v in c.items())
    # clamped to what a double holds (a root beyond is beyond any computation in doubles anyway)
    lo, hi = max(ks[0] * 10.0 ** (-decades), TINY), min(ks[-1] * 10.0 ** decades, HUGE)
    if not (math.isfinite(ks[-1]) and ks[0] > 0 and lo < hi):
        from semisym.errors import ParameterError
        raise ParameterError(f"the model's momentum scales at these values ({ks[0]:.3g} to {ks[-1]:.3g}) are beyond "
                             "double precision: rescale the units of the parameters")
    return lo, hi


def hamiltonian_coefficients(H):
    """{total degree n: sum of |coefficients|} of a 2x2 matrix polynomial in k_x, k_y with numeric
    coefficients; None if it is not polynomial."""
    out = {}
    for x in H:
        x = sp.expand(x)
        if x == 0:
            continue
        try:
            p = sp.Poly(x, K_X, K_Y)
        except sp.PolynomialError:
            return None
        for (a, b), coeff in p.terms():
            try:
                v = abs(complex(coeff))
            except TypeError:
                return None
            out[a + b] = out.get(a + b, 0.0) + v
    return out


def model_momentum_range(model, values, energy=None, decades=DECADES):
    """(k_lo, k_hi) of ``model`` at ``values`` ({name: number}, hbar included): brackets every Fermi
    radius at energies up to ``energy`` (default |epsilon_F|, or the k-independent scale)."""
    from semisym.model.hamiltonian import HBAR
    subs = {s: sp.Float(values[n], 30) for n, s in model.parameters.items() if n in values}
    if "hbar" in values:
        subs[HBAR] = sp.Float(values["hbar"], 30)
    H = model.hamiltonian.xreplace(subs)
    if energy is None:
        energy = abs(float(values.get("epsilon_F", 0.0)))
    coeffs = hamiltonian_coefficients(H)
    if coeffs is not None:
        return momentum_range(coeffs, energy, decades)
    return _bisected_range(H, energy, decades)


def _bisected_range(H, energy, decades):
    """Scale of a non-polynomial H: the k where max|H(k, 0) - H(0, 0)| reaches the energy scale."""
    import mpmath as mp
    f = sp.lambdify((K_X, K_Y), H, "mpmath")
    h0 = mp.matrix(f(0, 0))
    e0 = max(abs(float(energy)), float(max(abs(x) for x in h0)))
    return bisected_range(lambda k: float(max(abs(x) for x in (mp.matrix(f(k, 0)) - h0))), e0, decades)


def bisected_range(change, energy, decades=DECADES):
    """(k_lo, k_hi) around the k at which ``change(k)`` (the change of the spectrum from k = 0, a
    non-polynomial dispersion) reaches ``energy``, found by bisection in log10 k over the whole
    double-precision range."""
    e0 = abs(float(energy)) or (change(1.0) or 1.0)
    lo, hi = -300.0, 300.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        try:
            big = not change(10.0 ** mid) <= e0
        except (OverflowError, ZeroDivisionError, ValueError):
            big = True
        lo, hi = (lo, mid) if big else (mid, hi)
    k0 = 10.0 ** lo
    return k0 * 10.0 ** (-decades), k0 * 10.0 ** decades
