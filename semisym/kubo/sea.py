"""The Fermi-sea (Streda) part of the Kubo-Streda response at its clean value: sum over occupied
states of the interband Berry-curvature-like products of the observable and the current."""

from __future__ import annotations

import numpy as np
from scipy.integrate import quad_vec


class FermiSea:
    """``fermi_sea(name)`` of :class:`semisym.kubo.streda.Kubo`."""

    def _band_elements(self, k, sel, name):
        H, Jx, Jy = self.ops(k, sel)
        w, V = np.linalg.eigh(H)
        O = self._observables(H, Jx, Jy)[name]
        Vd = np.conj(np.swapaxes(V, -1, -2))
        return w, Vd @ O @ V, Vd @ Jx @ V

    def fermi_sea(self, name):
        """K^II = K_clean - K^I_clean (weak-disorder limit of the Streda part)."""
        hb, eF, nth = self.hbar, self.eF, len(self.th)

        knots, _ = self._knots()
        n = knots.shape[0] - 1

        def f(x):
            if x >= n:   # beyond k_max on every ray: t = x - n in [0, 1) maps to k_max / (1 - t)
                t = x - n
                k = knots[-1] / (1 - t)
                jac = knots[-1] / (1 - t) ** 2
            else:
                k, jac = self._map(x, knots)
            w, Ob, Jb = self._band_elements(k, slice(None), name)
            im = np.imag(Ob[:, 0, 1] * Jb[:, 1, 0])
            d2 = (w[:, 0] - w[:, 1]) ** 2
            f0 = (w[:, 0] < eF).astype(float)
            f1 = (w[:, 1] < eF).astype(float)
            # -i hbar [(f0 - f1) O^{01}J^{10} + (f1 - f0) O^{10}J^{01}] / d^2 = 2 hbar (f0 - f1) Im(O^{01}J^{10}) / d^2
            return np.array([(2 * hb * (f0 - f1) * im / d2 * k * jac).sum() / nth / (2 * np.pi)])

        clean = 0.0
        for a in range(n + 1):
            val, _ = quad_vec(f, a, a + 1 - (1e-300 if a == n else 0), epsabs=1e-300, epsrel=1e-13, limit=2000)
            clean += val[0]
        surf = 0.0
        for n, kr, sl in self.contours():
            m = 1 - n
            for j in range(nth):
                w, Ob, Jb = self._band_elements(kr[j], [j], name)
                rho = kr[j] / (2 * np.pi * abs(sl[j]))
                surf += -hb * rho * np.imag(Ob[0, n, m] * Jb[0, m, n]) / (eF - w[0, m]) / nth
        return clean - surf

    # ---------------------------------------------------------------- weak-disorder limit
