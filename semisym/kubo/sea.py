"""The Fermi-sea (Streda) part of the Kubo-Streda response at its clean value: sum over occupied
states of the interband Berry-curvature-like products of the observable and the current."""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad_vec

from semisym.conventions import TENSOR


#: error control of the Fermi-sea integral, relative to int |f| of each observable: well below the
#: weak-disorder fit's error (~1e-9) that dominates a Kubo value's error estimate
SEA_TOL = 1e-11


class FermiSea:
    """``fermi_sea(name)`` of :class:`semisym.kubo.streda.Kubo`."""

    def _band_elements(self, k, sel, names):
        """Band energies and, for each observable in ``names``, its matrix and J_x's in the band basis."""
        H, Jx, Jy = self.ops(k, sel)
        w, V = np.linalg.eigh(H)
        ops = self._observables(H, Jx, Jy)
        Vd = np.conj(np.swapaxes(V, -1, -2))
        return w, {name: Vd @ ops[name] @ V for name in names}, Vd @ Jx @ V

    def fermi_sea(self, name):
        """K^II = K_clean - K^I_clean (weak-disorder limit of the Streda part) of one observable."""
        return self.fermi_sea_all((name,))[name]

    def fermi_sea_all(self, names):
        """K^II of every observable in ``names``, from one radial integral (one diagonalization per
        point serves them all)."""
        hb, eF, nth = self.hbar, self.eF, len(self.th)
        names = tuple(names)
        knots, _ = self._knots()
        n = knots.shape[0] - 1

        def f(x):
            if x >= n:   # beyond k_max on every ray: t = x - n in [0, 1) maps to k_max / (1 - t)
                t = x - n
                k = knots[-1] / (1 - t)
                jac = knots[-1] / (1 - t) ** 2
            else:
                k, jac = self._map(x, knots)
            w, Ob, Jb = self._band_elements(k, slice(None), names)
            d2 = (w[:, 0] - w[:, 1]) ** 2
            occ = (w[:, 0] < eF).astype(float) - (w[:, 1] < eF).astype(float)
            # -i hbar [(f0 - f1) O^{01}J^{10} + (f1 - f0) O^{10}J^{01}] / d^2 = 2 hbar (f0 - f1) Im(O^{01}J^{10}) / d^2
            weight = 2 * hb * occ / d2 * k * jac / nth / (2 * np.pi)
            return np.array([(weight * np.imag(Ob[name][:, 0, 1] * Jb[:, 1, 0])).sum() for name in names])

        # the observables have different units and sizes: each is integrated relative to its own
        # int |f| (from a 32-point Gauss-Legendre pass per segment), so that one error control serves all
        gx, gw = np.polynomial.legendre.leggauss(32)
        size = np.zeros(len(names))
        for a in range(n + 1):
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
        for a in range(n + 1):
            val, _ = quad_vec(lambda x: f(x) / size, a, a + 1 - (1e-300 if a == n else 0), epsabs=SEA_TOL,
                              epsrel=SEA_TOL, norm="max", limit=2000)
            clean += val * size
        surf = np.zeros(len(names))
        for n, kr, sl in self.contours():
            m = 1 - n
            for j in range(nth):
                w, Ob, Jb = self._band_elements(kr[j], [j], names)
                rho = kr[j] / (2 * np.pi * abs(sl[j]))
                surf += np.array([-hb * rho * np.imag(Ob[name][0, n, m] * Jb[0, m, n]) / (eF - w[0, m]) / nth
                                  for name in names])
        return dict(zip(names, clean - surf))
