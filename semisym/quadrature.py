"""Quadrature rules that the numeric path and the Kubo referee share (numerics only, no physics)."""

from __future__ import annotations

import numpy as np

_GK_X = np.array([0.991455371120813, 0.949107912342759, 0.864864423359769, 0.741531185599394,
                  0.586087235467691, 0.405845151377397, 0.207784955007898, 0.0])
_GK_WK = np.array([0.022935322010529, 0.063092092629979, 0.104790010322250, 0.140653259715525,
                   0.169004726639267, 0.190350578064785, 0.204432940075298, 0.209482141084728])
_G_W = np.array([0.129484966168870, 0.279705391489277, 0.381830050505119, 0.417959183673469])


def adaptive_kronrod(f, a, b, tol, max_intervals=20000, chunk=4000, rtol=0.0, n_start=32, stall_rounds=40):
    """Globally adaptive Gauss-Kronrod (7, 15) quadrature of a vector function, vectorized.

    ``f(x)`` takes a 1D array of abscissae and returns an array (n_out, len(x)).  The intervals
    that carry 90% of the estimated error (|Kronrod - Gauss|, largest component) are bisected until
    the total estimate is below ``tol`` or ``rtol`` times the largest component of the value
    (starting from ``n_start`` equal intervals; an interval's estimate is counted above the rounding noise,
    1e-13 of int |f| over it), or ``max_intervals`` is reached, or ``stall_rounds`` bisection rounds in a row fail
    to reduce it by 30%; returns (value, error estimate)."""
    xk = np.concatenate([-_GK_X[:-1], _GK_X[::-1]])
    wk = np.concatenate([_GK_WK[:-1], _GK_WK[::-1]])
    wg = np.zeros(15)
    wg[1::2] = np.concatenate([_G_W[:-1], _G_W[::-1]])

    def rule(lo, hi):
        Ks, es = [], []
        for i in range(0, len(lo), chunk):
            l, h = lo[i:i + chunk], hi[i:i + chunk]
            half, mid = 0.5 * (h - l), 0.5 * (h + l)
            y = f((mid[:, None] + half[:, None] * xk[None, :]).ravel()).reshape(-1, len(l), 15)
            K = np.einsum("oij,j->oi", y, wk) * half
            G = np.einsum("oij,j->oi", y, wg) * half
            # the rule's error, but not below the rounding noise of the sum (1e-13 of int |f|)
            noise = 1e-13 * np.max(np.einsum("oij,j->oi", np.abs(y), wk) * half, axis=0)
            Ks.append(K)
            es.append(np.maximum(np.max(np.abs(K - G), axis=0) - noise, 0.0) + noise * 1e-3)
        return np.concatenate(Ks, 1), np.concatenate(es)

    edges = np.linspace(a, b, n_start + 1)
    lo, hi = edges[:-1], edges[1:]
    K, e = rule(lo, hi)
    stall, last = 0, e.sum()
    while e.sum() > max(tol, rtol * np.max(np.abs(K.sum(1)))) and len(lo) < max_intervals and stall < stall_rounds:
        order = np.argsort(e)[::-1]
        n = int(np.searchsorted(np.cumsum(e[order]), 0.9 * e.sum())) + 1
        split = np.zeros(len(lo), bool)
        split[order[:n]] = True
        split &= (hi - lo) > 1e-15 * (b - a)
        if not split.any():
            break
        mid = 0.5 * (lo[split] + hi[split])
        nlo, nhi = np.concatenate([lo[split], mid]), np.concatenate([mid, hi[split]])
        nK, ne = rule(nlo, nhi)
        keep = ~split
        lo, hi = np.concatenate([lo[keep], nlo]), np.concatenate([hi[keep], nhi])
        K, e = np.concatenate([K[:, keep], nK], 1), np.concatenate([e[keep], ne])
        # stop when bisection no longer reduces the estimate (rounding noise of the integrand)
        stall = stall + 1 if e.sum() > 0.7 * last else 0
        last = min(last, e.sum())
    return K.sum(1), float(e.sum())


def outside_disc(f, K, n_out, tol, rules=(32, 24)):
    """int_{|k| > K} f(k_x, k_y) d^2k/(2 pi)^2 of a vector function f (arrays of points -> (n_out, n)):
    Gauss-Legendre in t (k = K/(1 - t)) on circles and :func:`adaptive_kronrod` in the angle, which
    follows an integrand that concentrates on narrow angular lines far out.  Returns (value, error):
    the angular rule's estimate plus the change from the second, smaller radial rule of ``rules``."""
    out = []
    for n_t in rules:
        x, wx = np.polynomial.legendre.leggauss(n_t)
        t, wt = 0.5 * (x + 1), 0.5 * wx
        r = K / (1 - t)
        wr = K / (1 - t) ** 2 * wt * r / (2 * np.pi) ** 2

        def ring(theta, r=r, wr=wr, n_t=n_t):
            kx, ky = np.outer(np.cos(theta), r).ravel(), np.outer(np.sin(theta), r).ravel()
            return f(kx, ky).reshape(n_out, len(theta), n_t) @ wr

        out.append(adaptive_kronrod(ring, 0.0, 2 * np.pi, tol))
    (val, err), (val2, _) = out
    return val, err + np.abs(val - val2)
