"""The Fermi-sea (Streda) part of the Kubo-Streda response at its clean value: sum over occupied
states of the interband Berry-curvature-like products of the observable and the current."""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad_vec

from semisym.conventions import TENSOR
from semisym.quadrature import outside_disc


#: error control of the Fermi-sea integral, relative to int |f| of each observable: well below the
#: weak-disorder fit's error (~1e-9) that dominates a Kubo value's error estimate
SEA_TOL = 1e-11

#: the tail's angular error control (relative to int |f| of the inner region): 1e-11 sits at the
#: rounding noise of the narrow lines far out, where bisection stalls (25x the cost, same value to 1e-12)
TAIL_TOL = 1e-10


class FermiSea:
    """``fermi_sea(name)`` of :class:`semisym.kubo.streda.Kubo`."""

    def _band_elements(self, k, sel, names):
        """Band energies and, for each observable in ``names``, its matrix and J_x's in the band basis."""
        return self._band_elements_at(*self.ops(k, sel), names)

    def _band_elements_at(self, H, Jx, Jy, names):
        w, V = np.linalg.eigh(H)
        ops = self._observables(H, Jx, Jy)
        Vd = np.conj(np.swapaxes(V, -1, -2))
        return w, {name: Vd @ ops[name] @ V for name in names}, Vd @ Jx @ V

    def _sea_density(self, H, Jx, Jy, names):
        """-i hbar sum_{n != m} (f_n - f_m) O^{nm} J_x^{mn} / (eps_n - eps_m)^2 at each point, per name:
        = 2 hbar (f_- - f_+) Im tr(P_- O P_+ J_x) / (eps_+ - eps_-)^2 (arrays (names, points)).

        The band projectors P_-+ = (eps_+- - H)/(eps_+- - eps_-+) of the 2x2 matrix H (Cayley-Hamilton)
        replace its eigenvectors: O^{-+} J_x^{+-} = tr(P_- O P_+ J_x), gauge invariant, no
        diagonalization.  Matrices are handled entry by entry (2x2 products as array arithmetic)."""
        a, b, c = H[:, 0, 0].real, H[:, 1, 1].real, H[:, 1, 0]
        half = np.sqrt(0.25 * (a - b) ** 2 + np.abs(c) ** 2)
        mid = 0.5 * (a + b)
        up, lo = mid + half, mid - half
        occ = (lo < self.eF).astype(float) - (up < self.eF).astype(float)
        E = _entries
        # P_- = (eps_+ - H)/(2 half), P_+ = (H - eps_-)/(2 half)
        Pm = [[(up - a) / (2 * half), -np.conj(c) / (2 * half)], [-c / (2 * half), (up - b) / (2 * half)]]
        Pp = [[(a - lo) / (2 * half), np.conj(c) / (2 * half)], [c / (2 * half), (b - lo) / (2 * half)]]
        PpJ = _mul(Pp, E(Jx))
        weight = 2 * self.hbar * occ / (2 * half) ** 2
        ops = self._observables(H, Jx, Jy)
        out = []
        for name in names:
            X = _mul(Pm, E(ops[name]))
            tr = sum(X[i][j] * PpJ[j][i] for i in range(2) for j in range(2))
            out.append(weight * np.imag(tr))
        return np.array(out)

    def fermi_sea(self, name):
        """K^II = K_clean - K^I_clean (weak-disorder limit of the Streda part) of one observable."""
        return self.fermi_sea_all((name,))[0][name]

    def inner_radius(self):
        """Where the ray grid of an anisotropic model's Fermi sea ends and its 2D-adaptive tail begins:
        1.5 times the largest Fermi radius, or the model's largest characteristic momentum."""
        rs = [kr.max() for _, kr, _ in self.contours()]
        return 1.5 * max(rs) if rs else self.k_scale

    def fermi_sea_all(self, names, k_in=None, tail=True):
        """K^II of every observable in ``names``, from one radial integral (one diagonalization per
        point serves them all).

        Isotropic model: the angular trapezoid rule is exact, and the radial integral runs along one
        set of rays out to infinity.  Anisotropic model: the rays end at ``k_in``
        (:meth:`inner_radius`); beyond, where the integrand of a model like the warped TI surface
        concentrates on angular lines whose width shrinks like 1/k^2, Gauss-Legendre in t
        (k = k_in/(1 - t)) on circles with an adaptive Gauss-Kronrod rule in the angle (``tail=False``
        leaves the tail out).  Returns ({name: value}, {name: error estimate of the tail})."""
        nth = len(self.th)
        names = tuple(names)
        knots, _ = self._knots()
        if not self.isotropic:
            k_in = k_in or self.inner_radius()
            knots = knots.copy()
            knots[-1] = k_in
        n = knots.shape[0] - 1
        n_seg = n + 1 if self.isotropic else n

        def f(x):
            if x >= n:   # beyond k_max on every ray: t = x - n in [0, 1) maps to k_max / (1 - t)
                t = x - n
                k = knots[-1] / (1 - t)
                jac = knots[-1] / (1 - t) ** 2
            else:
                k, jac = self._map(x, knots)
            dens = self._sea_density(*self.ops(k), names)
            return (dens * (k * jac / nth / (2 * np.pi))).sum(axis=1)

        # the observables have different units and sizes: each is integrated relative to its own
        # int |f| (from a 32-point Gauss-Legendre pass per segment), so that one error control serves all
        gx, gw = np.polynomial.legendre.leggauss(32)
        size = np.zeros(len(names))
        for a in range(n_seg):
            top = a + 1 - (1e-300 if a == n else 0)
            for x, wgt in zip(a + (gx + 1) * (top - a) / 2, gw * (top - a) / 2):
                size += wgt * np.abs(f(x))
        # each component to SEA_TOL of its tensor's scale (a rotation of the axes mixes them): a
        # component that is rounding noise (sigma_xx of the sea, s_y on the TI surface) is not
        # resolved relative to its own noise
        size = np.array([max(size[j] for j, other in enumerate(names) if TENSOR[other] == TENSOR[name])
                         for name in names])
        size[size == 0] = 1.0
        clean = np.zeros(len(names))
        for a in range(n_seg):
            val, _ = quad_vec(lambda x: f(x) / size, a, a + 1 - (1e-300 if a == n else 0), epsabs=SEA_TOL,
                              epsrel=SEA_TOL, norm="max", limit=2000)
            clean += val * size
        tail_err = np.zeros(len(names))
        inner = clean - self._sea_surface(names)
        #: the ray-grid part alone (anisotropic models: the part whose angular rule is checked)
        self.sea_inner = dict(zip(names, inner))
        if not self.isotropic and tail:
            val, tail_err = self._sea_tail(names, k_in, size)
            inner = inner + val
        return dict(zip(names, inner)), dict(zip(names, tail_err))

    def _sea_surface(self, names):
        """K^I_clean = -hbar sum over Fermi contours of band n of rho <Im(O^{nm} J_x^{mn})/(eps_F - eps_m)>."""
        surf = np.zeros(len(names))
        nth = len(self.th)
        for n, kr, sl in self.contours():
            m = 1 - n
            for j in range(nth):
                w, Ob, Jb = self._band_elements(kr[j], [j], names)
                rho = kr[j] / (2 * np.pi * abs(sl[j]))
                surf += np.array([-self.hbar * rho * np.imag(Ob[name][0, n, m] * Jb[0, m, n]) / (self.eF - w[0, m])
                                  / nth for name in names])
        return surf

    def _sea_tail(self, names, K, size):
        """int_{|k| > K} of the Fermi-sea density, d^2k/(2 pi)^2 (semisym.quadrature.outside_disc),
        each observable relative to its inner region's int |f|."""
        density = lambda kx, ky: self._sea_density(*self.ops_at(kx, ky), names) / size[:, None]
        val, err = outside_disc(density, K, len(names), TAIL_TOL)
        return val * size, err * size


def _entries(A):
    """The four entries of a stack of 2x2 matrices (..., 2, 2) as [[A00, A01], [A10, A11]]."""
    return [[A[..., 0, 0], A[..., 0, 1]], [A[..., 1, 0], A[..., 1, 1]]]


def _mul(A, B):
    """Product of two 2x2 matrices given entry by entry (lists of arrays)."""
    return [[A[i][0] * B[0][j] + A[i][1] * B[1][j] for j in range(2)] for i in range(2)]
