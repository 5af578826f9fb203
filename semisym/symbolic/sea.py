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


def sea_numeric(f_num, intervals_num, dps=30):
    """mpmath quadrature of int k dk/(2 pi) f(k) over numeric intervals (mp numbers or mp.inf)."""
    with mp.workdps(dps + 10):
        total = mp.mpf(0)
        for a, b in intervals_num:
            total += mp.quad(lambda k: k * f_num(k) / (2 * mp.pi), [a, b])
        return +total
