"""Fermi-sea (radial) integrals of isotropic integrands.

A Fermi-sea term is sum_m sum_k F_m(|k|) n_FD(eps^m_k) = sum_m int_{occupied} k dk / (2 pi) F_m(k)
(sum_k = int d^2k/(2 pi)^2, angular average already taken).  The closed form uses
an antiderivative found by SymPy, checked by differentiation, evaluated at the
Fermi radii and as limits at k -> 0+ and k -> oo; if none is found the term keeps
an unevaluated Integral, evaluated with mpmath quadrature.
"""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from semisym.model.form import K
from semisym.symbolic.algebra import tidy


def _at(G, point):
    if point == 0:
        v = G.subs(K, 0)
        if v.is_finite:
            return v
        return sp.limit(G, K, 0, "+")
    if point == sp.oo:
        return sp.limit(G, K, sp.oo)
    return _tidy(G.subs(K, point))


_tidy = tidy


def antiderivative(f):
    """An antiderivative of f(K) checked by differentiation, or None."""
    if f == 0:
        return sp.Integer(0)
    try:
        G = sp.integrate(f, K)
    except (NotImplementedError, ValueError, TypeError):
        return None
    if G.has(sp.Integral):
        return None
    if _tidy(sp.diff(G, K) - f) != 0 and sp.simplify(sp.diff(G, K) - f) != 0:
        return None
    return _tidy(G)


def sea_integral(f, intervals, radius_expr):
    """int over the intervals of k dk/(2 pi) f(k), symbolically.

    ``intervals``: list of (lo, hi), each 0, oo or a Radius; ``radius_expr(r)`` gives
    the closed form of a Radius (or None).  Returns (expression, closed_form)."""
    integrand = _tidy(K * f / (2 * sp.pi))
    if integrand == 0 or not intervals:
        return sp.Integer(0), True
    G = antiderivative(integrand)
    total = 0
    closed = True
    for lo, hi in intervals:
        a = lo if lo in (0, sp.oo) else radius_expr(lo)
        b = hi if hi in (0, sp.oo) else radius_expr(hi)
        if a is None or b is None:
            return None, False
        if G is not None:
            ga, gb = _at(G, a), _at(G, b)
            if not (ga.has(sp.Limit) or gb.has(sp.Limit) or ga.has(sp.oo, -sp.oo, sp.zoo)
                    or gb.has(sp.oo, -sp.oo, sp.zoo)):
                total += gb - ga
                continue
        total += sp.Integral(integrand, (K, a, b))
        closed = False
    return _tidy(total), closed


def sea_numeric(f_num, intervals_num, dps=30, scale=None):
    """mpmath quadrature of int k dk/(2 pi) f(k) over numeric intervals (mp numbers or mp.inf).

    The integral is done in x = k/k_0 with k_0 the largest finite endpoint (or ``scale``, the model's
    momentum scale, when every endpoint is 0 or infinity), so that mpmath's rules, whose mapping of
    an infinite interval assumes a unit scale and whose error control is absolute, work at any unit
    of length and energy: the integrand is divided by its size at x ~ 1."""
    finite = [abs(x) for a, b in intervals_num for x in (a, b) if x != 0 and x != mp.inf]
    with mp.workdps(dps + 10):
        k0 = mp.mpf(max(finite)) if finite else mp.mpf(scale if scale else 1)
        # mpmath's error control is absolute: the integrand is divided by its size near x = 1
        size = max(abs(x * f_num(k0 * x)) for x in (mp.mpf(1) / 3, mp.mpf(1) / 2, mp.mpf(1))) or mp.mpf(1)
        total = mp.mpf(0)
        for a, b in intervals_num:
            lo = a / k0
            hi = b if b == mp.inf else b / k0
            pts = [lo, hi] if (hi == mp.inf and lo >= 1) or hi != mp.inf else [lo, 1, hi]
            total += mp.quad(lambda x: x * f_num(k0 * x) / size, pts)
        return +(total * size * k0 ** 2 / (2 * mp.pi))
