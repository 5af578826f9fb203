"""H(k) at fixed parameter values (NumPy), and its eigenstates: energies, eigenvectors in a chart
chosen point by point, velocities and the derivatives of the eigenvectors (perturbation theory plus
the chart's Berry connection).  Band 0 is the upper band (conventions)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from semisym.conventions import BANDS
from semisym.errors import ModelError, ParameterError
from semisym.model.hamiltonian import HBAR
from semisym.model import scales as model_scales
from semisym.model.parse import K_X, K_Y
from semisym.model.scales import hamiltonian_coefficients, momentum_range


UP, DOWN = BANDS           # conventions: 0 = "+" (upper band), 1 = "-" (lower band)
SIGN = np.array([1.0, -1.0])


# ------------------------------------------------------------------ numerics of H

class Hamiltonian:
    """H(k) = d0 + d_z sigma_z + (g^* sigma_+ + g sigma_-), g = d_x + i d_y, at fixed parameter values,
    lambdified with its first k-derivatives; ``top`` holds the top-degree parts (circle at infinity)."""

    def __init__(self, model, values):
        values = model.check_values(values)
        need = set(model.parameters) | {"hbar"}
        missing = sorted(n for n in need if n not in values)
        if missing:
            raise ParameterError(f"missing parameter value(s): {', '.join(missing)}")
        subs = {s: sp.Float(values[n], 20) for n, s in model.parameters.items()}
        subs[HBAR] = sp.Float(values["hbar"], 20)
        self.hbar = float(values["hbar"])
        H = model.hamiltonian.xreplace(subs)
        d0 = (H[0, 0] + H[1, 1]) / 2
        dz = (H[0, 0] - H[1, 1]) / 2
        g = H[1, 0]
        exprs = [d0, dz, g]
        grads = [sp.diff(x, v) for x in exprs for v in (K_X, K_Y)]
        lam = lambda e: sp.lambdify((K_X, K_Y), e, "numpy")
        self._f = [lam(x) for x in exprs]
        self._grad = [lam(x) for x in grads]
        self.spin = [np.array(s.xreplace(subs), dtype=complex) for s in model.spin]
        self.top = _top_parts(dz, g)
        self._H = H
        self._coefficients = hamiltonian_coefficients(H)
        self.energy_scale = max([abs(float(values.get("epsilon_F", 0.0)))]
                                + [abs(complex(x)) for x in H.xreplace({K_X: 0, K_Y: 0})])

    def k_range(self, E):
        """(k_lo, k_hi): a range of |k| that brackets every root of eps(k) = E, from the model's own
        momentum scales at these values (semisym.model.scales)."""
        energy = max(abs(float(E)), self.energy_scale)
        if self._coefficients is not None:
            return momentum_range(self._coefficients, energy)
        return model_scales._bisected_range(self._H, energy, model_scales.DECADES)

    def k_grid(self, E, per_decade=100):
        """0 and a geometric grid over :meth:`k_range` (``per_decade`` points a decade)."""
        lo, hi = self.k_range(E)
        return np.concatenate([[0.0], np.geomspace(lo, hi, int(per_decade * np.log10(hi / lo)) + 1)])

    def fields(self, kx, ky):
        """d0, d_z, g and their gradients (arrays; gradients with a last axis (x, y))."""
        shape = np.shape(kx)
        ev = lambda f, dt: np.broadcast_to(np.asarray(f(kx, ky), dtype=dt), shape)
        d0, dz = ev(self._f[0], float), ev(self._f[1], float)
        g = ev(self._f[2], complex)
        gr = [ev(f, complex if i >= 4 else float) for i, f in enumerate(self._grad)]
        return d0, dz, g, np.stack(gr[0:2], -1), np.stack(gr[2:4], -1), np.stack(gr[4:6], -1)

    def matrix(self, kx, ky):
        """H(k) as complex 2x2 arrays (..., 2, 2): [[d0 + d_z, conj(g)], [g, d0 - d_z]]."""
        d0, dz, g, *_ = self.fields(np.asarray(kx, float), np.asarray(ky, float))
        return np.stack([np.stack([d0 + dz, np.conj(g)], -1), np.stack([g, d0 - dz], -1)], -2)

    def energies(self, kx, ky):
        d0, dz, g = (np.asarray(f(kx, ky)) for f in self._f)
        dd = np.sqrt(dz ** 2 + np.abs(g) ** 2)
        return np.stack([d0 + dd, d0 - dd], -1)

    def grad_energies(self, kx, ky):
        d0, dz, g, gd0, gdz, gg = self.fields(kx, ky)
        dd = np.sqrt(dz ** 2 + np.abs(g) ** 2)
        gdd = (dz[..., None] * gdz + np.real(np.conj(g)[..., None] * gg)) / np.where(dd > 0, dd, 1)[..., None]
        return np.stack([gd0 + gdd, gd0 - gdd], -2)          # (..., band, xy)


def _top_parts(dz, g):
    """Top-degree homogeneous parts of d_z and g as functions of theta (None if d is not polynomial)."""
    out = {}
    t = sp.Symbol("theta", real=True)
    for name, x in (("z", dz), ("g", g)):
        x = sp.expand(x)
        if x == 0:
            out[name] = (-1, None, None)
            continue
        try:
            P = sp.Poly(x, K_X, K_Y)
        except sp.PolynomialError:
            return None
        if any(not c.is_number for c in P.coeffs()):
            return None
        n = P.total_degree()
        top = sum(c * K_X ** i * K_Y ** j for (i, j), c in P.terms() if i + j == n)
        a = top.subs({K_X: sp.cos(t), K_Y: sp.sin(t)})
        out[name] = (n, sp.lambdify(t, a, "numpy"), sp.lambdify(t, sp.diff(a, t), "numpy"))
    return out


# ------------------------------------------------------------------ states

@dataclass
class States:
    """Band states at points k: energies (n, 2), U (n, comp, band), dU (n, xy, comp, band),
    V = <u^a|dH/dk_i|u^b> (n, xy, 2, 2), Berry connection R (n, xy, 2, 2), spin S (n, 3, 2, 2)."""

    k: np.ndarray
    eps: np.ndarray
    U: np.ndarray
    dU: np.ndarray
    V: np.ndarray
    R: np.ndarray
    S: np.ndarray

    @property
    def velocity(self):
        """v^m_i = <u^m|dH/dk_i|u^m>/hbar without the 1/hbar: (n, band, xy)."""
        return np.real(np.einsum("nimm->nmi", self.V))


def states(ham, kx, ky, gauge=None):
    """Eigenstates and their derivatives at the points (kx, ky) (1D arrays).

    ``gauge(kx, ky) -> (phi, grad_phi)`` with phi of shape (n, 2) and grad_phi (n, 2, xy)
    multiplies |u^m_k> by exp(i phi_m(k))."""
    d0, dz, g, gd0, gdz, gg = ham.fields(kx, ky)
    n = len(kx)
    dd = np.sqrt(dz ** 2 + np.abs(g) ** 2)
    if np.any(dd <= 1e-300):
        raise ModelError("the two bands touch (d(k) = 0) at a point where the states are needed")
    north = dz >= 0
    a = np.where(north, dd + dz, dd - dz)
    norm = np.sqrt(2 * dd * a)
    U = np.empty((n, 2, 2), dtype=complex)
    U[:, 0, UP] = np.where(north, a, np.conj(g)) / norm
    U[:, 1, UP] = np.where(north, g, a) / norm
    U[:, 0, DOWN] = np.where(north, -np.conj(g), -a) / norm
    U[:, 1, DOWN] = np.where(north, a, g) / norm
    img = np.imag(np.conj(g)[:, None] * gg) / norm[:, None] ** 2            # (n, xy)
    sgn = np.where(north, -1.0, 1.0)[:, None]
    A = np.stack([sgn * img, -sgn * img], 1)                                  # (n, band, xy)
    eps = np.stack([d0 + dd, d0 - dd], -1)
    if gauge is not None:
        phi, gphi = gauge(kx, ky)
        U = U * np.exp(1j * phi)[:, None, :]
        A = A - gphi
    # dH/dk_i in the spin basis
    dH = np.empty((n, 2, 2, 2), dtype=complex)
    dH[:, :, 0, 0] = gd0 + gdz
    dH[:, :, 1, 1] = gd0 - gdz
    dH[:, :, 1, 0] = gg
    dH[:, :, 0, 1] = np.conj(gg)
    V = np.einsum("npa,nipq,nqb->niab", np.conj(U), dH, U)
    de = eps[:, None, :] - eps[:, :, None]                                    # de[n, a, b] = eps_b - eps_a
    R = np.zeros_like(V)
    R[:, :, 0, 1] = 1j * V[:, :, 0, 1] / de[:, None, 0, 1]
    R[:, :, 1, 0] = 1j * V[:, :, 1, 0] / de[:, None, 1, 0]
    R[:, :, 0, 0] = A[:, 0, :]
    R[:, :, 1, 1] = A[:, 1, :]
    # d_i u^m = sum_{n != m} u^n V_i^{nm}/(eps_m - eps_n) - i A_i^m u^m
    dU = np.empty((n, 2, 2, 2), dtype=complex)
    for m, o in ((0, 1), (1, 0)):
        coef = V[:, :, o, m] / (eps[:, m] - eps[:, o])[:, None]                # (n, xy)
        dU[:, :, :, m] = coef[:, :, None] * U[:, None, :, o] - 1j * A[:, m, :, None] * U[:, None, :, m]
    S = np.einsum("npa,ipq,nqb->niab", np.conj(U), np.array(ham.spin), U)
    return States(np.stack([kx, ky], -1), eps, U, dU, V, R, S)
