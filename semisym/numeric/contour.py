"""The numeric path: the general formulas on discretized Fermi contours, for any 2x2 H(k_x, k_y).

The same chain as :mod:`semisym.kinetics` and :mod:`semisym.response` (Eqs. 27-63), with
every k-sum done numerically instead of symbolically, so that anisotropic models (hexagonal
warping) are covered and the symbolic closed forms get an independent check:

- H = d0 + d.sigma is evaluated with NumPy; eigenvectors from the closed 2x2 formula, in a
  gauge chosen point by point (north or south chart); their k-derivatives from first-order
  perturbation theory plus the chart's Berry connection.  ``gauge=`` adds any further smooth
  phase (the gauge-invariance test).
- Fermi contours: crossings eps^m(k) = eps_F along N rays theta_j = 2 pi j/N (scan and
  bisection, polished by Newton steps); each contour must meet every ray once (star-shaped
  about k = 0), else a :class:`~semisym.errors.ModelError`.
- On-shell sums: sum_k delta(eps^m_k - eps_F) F(k) = sum_j w_j F(k_j),
  w_j = r_j / (2 pi N |d eps/dr|_j) (trapezoid rule in theta: spectral accuracy).
- The anisotropic J0 (Eq. 28) is a full integral operator: a dense matrix on the contour
  nodes.  J0 n = drive is solved with the charge-neutrality condition sum_k n = 0.
- D', S' (Eqs. 31, 33), beta (Eq. 47), gamma (Eq. 61), J_E (Eq. 38, m' summed) and the
  skew driving term (Fermi-shell prescription) as in :mod:`semisym.kinetics`.
- Fermi sea, sigma_yx (Eq. 72): Omega^(+-) = -+ (1/2) d^.(d_x d^ x d_y d^), so the occupied-region
  integral is a solid angle, turned into line integrals of -cos(Theta) dphi along the Fermi
  contours and the circle at infinity (phi = arg(d_x + i d_y)), plus 2 pi sign(d_z) w for a zero of
  d_x + i d_y of winding w inside the region.  The circle at infinity is evaluated from the
  top-degree homogeneous parts of d (polynomial models).
- Fermi sea, spin density (Eq. 91): 2D quadrature, trapezoid in theta and Gauss-Legendre
  along each ray between the crossing radii, the last interval mapped to [0, 1).

Accuracy: every term is computed on N and 2N rays (and the Fermi-sea spin quadrature on n
and 2n radial points); N doubles until the largest change is below ``rtol`` times the
term's scale; the last change is each term's error estimate.

Units and conventions as in :mod:`semisym.response` (per unit E_x, sum_k = int d^2k/(2 pi)^2,
charge -e, Pauli spin, T = 0; finite temperature in :mod:`semisym.thermal`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from semisym.conventions import TERMS, TORQUE, Options, equation
from semisym.errors import InternalError, ModelError, ParameterError
from semisym.model.hamiltonian import HBAR
from semisym.model.parse import K_X, K_Y
from semisym.result import Entry, Result

UP, DOWN = 0, 1          # band indices as in semisym.bands: 0 = "+" (upper), 1 = "-" (lower)
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

    def fields(self, kx, ky):
        """d0, d_z, g and their gradients (arrays; gradients with a last axis (x, y))."""
        shape = np.shape(kx)
        ev = lambda f, dt: np.broadcast_to(np.asarray(f(kx, ky), dtype=dt), shape)
        d0, dz = ev(self._f[0], float), ev(self._f[1], float)
        g = ev(self._f[2], complex)
        gr = [ev(f, complex if i >= 4 else float) for i, f in enumerate(self._grad)]
        return d0, dz, g, np.stack(gr[0:2], -1), np.stack(gr[2:4], -1), np.stack(gr[4:6], -1)

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


# ------------------------------------------------------------------ Fermi contours

@dataclass
class Contour:
    """One Fermi contour: band, radius on every ray, d eps/dr and dr/dtheta on every ray."""

    band: int
    r: np.ndarray
    slope: np.ndarray
    dr: np.ndarray

    @property
    def sign(self):
        return int(np.sign(self.slope[0]))


def _ray_scan(ham, E, th, rmax_decades=(-8, 6), n_scan=1400):
    ks = np.concatenate([[0.0], np.logspace(*rmax_decades, n_scan)])
    c, s = np.cos(th), np.sin(th)
    ev = ham.energies(ks[None, :] * c[:, None], ks[None, :] * s[:, None]) - E       # (ray, k, band)
    return ks, ev


def contours(ham, E, n_theta):
    """The Fermi contours at energy E on n_theta rays (radius ordering per band)."""
    th = 2 * np.pi * np.arange(n_theta) / n_theta
    ks, ev = _ray_scan(ham, E, th)
    out = []
    for m in (UP, DOWN):
        f = ev[:, :, m]
        cross = (f[:, :-1] * f[:, 1:] < 0)
        counts = cross.sum(1)
        if np.any(counts != counts[0]):
            raise ModelError(f"the Fermi contour of band {'+-'[m]} at eps_F = {E:g} is not star-shaped about "
                             "k = 0 (rays meet it a different number of times)")
        if counts[0] == 0:
            continue
        rows, cols = np.nonzero(cross)
        lo = ks[cols].reshape(n_theta, -1)
        hi = ks[cols + 1].reshape(n_theta, -1)
        tt = np.repeat(th, counts[0]).reshape(n_theta, -1)
        flo = np.take_along_axis(f, cols.reshape(n_theta, -1), 1)
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            fm = ham.energies(mid * np.cos(tt), mid * np.sin(tt))[..., m] - E
            left = np.sign(fm) == np.sign(flo)
            lo = np.where(left, mid, lo)
            hi = np.where(left, hi, mid)
        r = 0.5 * (lo + hi)
        for _ in range(2):   # Newton polish
            ct, st = np.cos(tt), np.sin(tt)
            e = ham.energies(r * ct, r * st)[..., m] - E
            ge = ham.grad_energies(r * ct, r * st)[..., m, :]
            slope = ge[..., 0] * ct + ge[..., 1] * st
            r = r - e / slope
        ct, st = np.cos(tt), np.sin(tt)
        ge = ham.grad_energies(r * ct, r * st)[..., m, :]
        slope = ge[..., 0] * ct + ge[..., 1] * st
        dth = r * (-ge[..., 0] * st + ge[..., 1] * ct)
        for i in range(counts[0]):
            if np.any(np.sign(slope[:, i]) != np.sign(slope[0, i])):
                raise ModelError(f"a Fermi contour of band {'+-'[m]} at eps_F = {E:g} is tangent to a ray")
            out.append(Contour(m, r[:, i], slope[:, i], -dth[:, i] / slope[:, i]))
    return th, out


# ------------------------------------------------------------------ the kinetic chain on one level

class Shell:
    """The Fermi level discretized: nodes of every contour with their weights and states."""

    def __init__(self, ham, E, n_theta, gauge=None):
        self.th, self.contours = contours(ham, E, n_theta)
        self.n_theta = n_theta
        c, s = np.cos(self.th), np.sin(self.th)
        if self.contours:
            r = np.concatenate([C.r for C in self.contours])
            cc, ss = np.tile(c, len(self.contours)), np.tile(s, len(self.contours))
            self.band = np.concatenate([np.full(n_theta, C.band) for C in self.contours])
            self.w = np.concatenate([C.r / (2 * np.pi * n_theta * np.abs(C.slope)) for C in self.contours])
            self.st = states(ham, r * cc, r * ss, gauge)
        else:
            self.band = np.zeros(0, dtype=int)
            self.w = np.zeros(0)
            self.st = None

    def __len__(self):
        return len(self.w)


class Chain:
    """n^(-1), S', beta, gamma, J_E, n^(sj), J_sk, n^(sk) on a :class:`Shell` (per unit E_x)."""

    def __init__(self, shell, hbar, e, u0):
        self.sh, self.hbar, self.e, self.u0 = shell, hbar, e, u0
        st, b = shell.st, shell.band
        self.o = 1 - b
        n = len(shell)
        idx = np.arange(n)
        # Q[i, j, a, c] = <u^a_{k_i}|u^c_{k_j}>
        self.Q = np.einsum("ipa,jpc->ijac", np.conj(st.U), st.U)
        self.idx = idx
        self.Qb = self.pair(b, b)        # Q[i, j, m_i, m_j]: both on-shell bands
        self.Qbo = self.pair(b, 1 - b)   # Q[i, j, m_i, o_j]
        self.Qob = self.pair(1 - b, b)   # Q[i, j, o_i, m_j]
        W = u0 ** 2 * np.abs(self.Qb) ** 2
        w = shell.w
        A = 2 * np.pi / hbar * (np.diag(W @ w) - W * w[None, :])
        self._A = A + np.outer(np.ones(n), w) * (np.abs(A).max() / max(w.max(), 1e-300))

    def solve_J0(self, drive):
        """h with [J0 n]_i = drive_i and sum_k n = sum_i w_i h_i = 0 (charge neutrality).

        A drive from a Born collision integral carries no particles (sum_i w_i drive_i = 0); on a
        coarse contour the quadrature leaves a small remainder, which is projected out."""
        w = self.sh.w
        bal = np.dot(w, drive) / max(np.dot(w, np.abs(drive)), 1e-300)
        if abs(bal) > 1e-3:
            raise InternalError(f"the Boltzmann drive does not conserve particles ({bal:.1e})")
        drive = drive - np.dot(w, drive) / w.sum()
        return np.linalg.solve(self._A, drive)

    def pair(self, a_of, c_of):
        """Q[i, j, a(i), c(j)] for band choices a(i), c(j) (arrays)."""
        return self.Q[self.idx[:, None], self.idx[None, :], a_of[:, None], c_of[None, :]]

    def run(self):
        st, b, o, w, hbar, e, u0 = self.sh.st, self.sh.band, self.o, self.sh.w, self.hbar, self.e, self.u0
        idx = self.idx
        vel = st.velocity / hbar                                   # (n, band, xy)
        v = vel[idx, b]                                            # (n, xy) on-shell velocity
        self.v = v
        self.n1 = self.solve_J0(-e * v[:, 0])
        # S' (Eqs. 31, 33): M^{ab}_i for (a, b) = (o, b) and (b, o)
        h = self.n1
        dh = h[:, None] - h[None, :]
        pre = np.pi * u0 ** 2 / hbar
        self.M = {}
        # Q^{a c}_{ij} Q^{c b}_{ji} with c the band of j: (a, b) = (o, m) and (m, o)
        for key, (a, bb), q in (("ob", (o, b), self.Qob * np.conj(self.Qb)),
                                ("bo", (b, o), self.Qb * np.conj(self.Qob))):
            J = pre * ((q * dh) @ w)
            self.M[key] = hbar * (-J) / (1j * (st.eps[idx, a] - st.eps[idx, bb]))
        # beta (Eq. 47) and gamma (Eq. 61): transpose of the off-diagonal collision integral
        R = st.R
        T = {q: hbar * st.S[:, q] / (1j * (st.eps[:, :, None] - st.eps[:, None, :]) + np.eye(2)) for q in (0, 1)}
        self.beta = [self.transpose_J(R[:, i]) for i in (0, 1)]
        self.gamma = [self.transpose_J(T[q]) for q in (0, 1)]
        # J_E (Eq. 38, m' summed), n^(sj) (Eq. 37)
        self.JE = self.J_E()
        self.nsj = self.solve_J0(-self.JE)
        # skew (Fermi-shell prescription), n^(sk) (Eq. 35)
        self.Jsk = self.J_sk()
        self.nsk = self.solve_J0(-self.Jsk)
        return self

    def transpose_J(self, X):
        """beta_i = (pi u0^2/hbar) sum_j w_j [X^{mo}_i Q^{oc}Q^{cm} + X^{om}_i Q^{mc}Q^{co}
        - X^{co'}_j Q^{o'm}Q^{mc} - X^{o'c}_j Q^{cm}Q^{mo'}] (Q^{..}_{ij} then Q^{..}_{ji})."""
        b, o, w, idx = self.sh.band, self.o, self.sh.w, self.idx
        # X^{m o} and X^{o m} at every node (read at i in t1, t2 and at j, as X^{c o'}, X^{o' c}, in t3, t4)
        Xmo, Xom = X[idx, b, o], X[idx, o, b]
        Q_oc, Q_mc, Q_mo2 = self.Qob, self.Qb, self.Qbo
        t1 = Xmo * ((Q_oc * np.conj(Q_mc)) @ w)
        t2 = Xom * ((Q_mc * np.conj(Q_oc)) @ w)
        t3 = -((np.conj(Q_mo2) * Q_mc) @ (w * Xmo))
        t4 = -((np.conj(Q_mc) * Q_mo2) @ (w * Xom))
        out = np.pi * self.u0 ** 2 / self.hbar * (t1 + t2 + t3 + t4)
        return np.real(out)

    def J_E(self):
        """[J_E]^m_i = -(2 pi/hbar) e u0^2 sum_j w_j [ |Q^{mc}|^2 (R_x^{cc}_j - R_x^{mm}_i)
        + Im{ (<d_x u^m_i|u^c_j> + <u^m_i|d_x u^c_j>) Q^{cm}_{ji} } ]."""
        st, b, w, idx = self.sh.st, self.sh.band, self.sh.w, self.idx
        Ax = np.real(st.R[idx, 0, b, b])
        dbra = np.conj(st.dU[idx, 0, :, b])                        # <d_x u^m_i|  (n, comp)
        ket = st.U[idx, :, b]                                      # |u^c_j>     (n, comp)
        dket = st.dU[idx, 0, :, b]
        dQ = dbra @ ket.T + np.conj(ket) @ dket.T                  # (i, j)
        Qmc = self.Qb
        t = np.abs(Qmc) ** 2 * (Ax[None, :] - Ax[:, None]) + np.imag(dQ * np.conj(Qmc))
        return -2 * np.pi / self.hbar * self.e * self.u0 ** 2 * (t @ w)

    def J_sk(self):
        """Fermi-shell skew driving term J_sk = 2 [T1F + T2on] (kinetics.Kinetics.J_sk)."""
        w = self.sh.w
        pre = np.pi * self.u0 ** 2 / self.hbar
        Mdm, Mmd = self.M["ob"], self.M["bo"]                      # M^{o b}_i, M^{b o}_i
        Q_mc, Q_dc = self.Qb, self.Qob
        outer = pre * (((Q_mc * np.conj(Q_dc)) @ w) * Mdm + Mmd * ((Q_dc * np.conj(Q_mc)) @ w))
        # inner: source s with M^{xy}_s, target i: -pre w_s Q^{m x}_{is} M^{xy}_s Q^{y m}_{si}
        Q_mx_b, Q_mx_o = self.Qb, self.Qbo                         # Q[i, s, m_i, b_s], Q[i, s, m_i, o_s]
        inner = -pre * ((Q_mx_b * np.conj(Q_mx_o)) @ (w * Mmd) + (Q_mx_o * np.conj(Q_mx_b)) @ (w * Mdm))
        return np.real(2 * (outer + inner))


#: the Fermi-surface terms (zero when no contour is at the Fermi level)
FS_KEYS = [("sigma_xx", "drude"), ("sigma_yx", "extrinsic"), ("sigma_yx", "side_jump"), ("sigma_yx", "skew")] + [
    (q, t) for q in ("s_x", "s_y") for t in ("edelstein", "extrinsic", "side_jump", "skew")]


def fs_terms(chain, spin_ops=(0, 1)):
    """The Fermi-surface terms (per unit E_x) from a finished :class:`Chain`."""
    st, b, w, e, idx = chain.sh.st, chain.sh.band, chain.sh.w, chain.e, chain.idx
    vy, vx = chain.v[:, 1], chain.v[:, 0]
    out = {
        ("sigma_xx", "drude"): -e * np.sum(w * vx * chain.n1),
        ("sigma_yx", "extrinsic"): -e * np.sum(w * chain.n1 * chain.beta[1]),
        ("sigma_yx", "side_jump"): -e * np.sum(w * vy * chain.nsj),
        ("sigma_yx", "skew"): -e * np.sum(w * vy * chain.nsk),
    }
    for i, q in zip(spin_ops, ("s_x", "s_y")):
        s = np.real(st.S[idx, i, b, b])
        out[(q, "edelstein")] = np.sum(w * s * chain.n1)
        out[(q, "extrinsic")] = np.sum(w * chain.n1 * chain.gamma[i])
        out[(q, "side_jump")] = np.sum(w * s * chain.nsj)
        out[(q, "skew")] = np.sum(w * s * chain.nsk)
    return out


# ------------------------------------------------------------------ Fermi sea

def _phase_rate(g, gg, dk):
    """d arg(g)/dt along a curve with tangent dk (arrays (n,), (n, xy), (n, xy))."""
    dg = gg[:, 0] * dk[:, 0] + gg[:, 1] * dk[:, 1]
    return np.imag(np.conj(g) * dg) / np.abs(g) ** 2


def _line_cos_dphi(ham, C, th):
    """L(C) = oint cos(Theta) dphi along contour C (counter-clockwise in theta) and the winding of g."""
    c, s = np.cos(th), np.sin(th)
    kx, ky = C.r * c, C.r * s
    d0, dz, g, gd0, gdz, gg = ham.fields(kx, ky)
    dk = np.stack([C.dr * c - C.r * s, C.dr * s + C.r * c], -1)
    rate = _phase_rate(g, gg, dk)
    cos = dz / np.sqrt(dz ** 2 + np.abs(g) ** 2)
    h = 2 * np.pi / len(th)
    return h * np.sum(cos * rate), h * np.sum(rate) / (2 * np.pi)


def _line_at_infinity(ham, n=4096):
    """L(oo) = oint cos(Theta_oo) dphi_oo from the top-degree parts of d_z and g, and the winding of g."""
    top = ham.top
    if top is None:
        raise ModelError("the Fermi-sea Hall term of an unbounded band needs d(k) polynomial in k_x, k_y "
                         "(the circle at infinity is taken from the top-degree terms)")
    nz, az, _ = top["z"]
    ng, ag, agp = top["g"]
    if ag is None:
        return 0.0, 0
    th = 2 * np.pi * (np.arange(n) + 0.5) / n
    a = np.asarray(ag(th), dtype=complex) * np.ones(n)
    ap = np.asarray(agp(th), dtype=complex) * np.ones(n)
    if np.min(np.abs(a)) < 1e-12 * np.max(np.abs(a)):
        raise ModelError("d_x + i d_y has a zero direction at large k: the circle at infinity is not resolved")
    rate = np.imag(np.conj(a) * ap) / np.abs(a) ** 2
    wind = int(round(np.sum(rate) * (2 * np.pi / n) / (2 * np.pi)))
    if az is None or nz < ng:
        return 0.0, wind
    if nz == ng:
        z = np.asarray(az(th), dtype=float) * np.ones(n)
        return float(np.sum(z / np.sqrt(z ** 2 + np.abs(a) ** 2) * rate) * 2 * np.pi / n), wind
    # nz > ng: cos Theta_oo = sign(a_z(theta)), piecewise; integrate between the sign changes
    from scipy.optimize import brentq
    fine = np.linspace(0, 2 * np.pi, 8 * n + 1)
    z = np.asarray(az(fine), dtype=float) * np.ones_like(fine)
    roots = [brentq(lambda t: float(az(t)), fine[i], fine[i + 1], xtol=1e-15)
             for i in range(len(fine) - 1) if z[i] * z[i + 1] < 0]
    edges = [0.0] + roots + [2 * np.pi]
    x, wq = np.polynomial.legendre.leggauss(48)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        t = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
        zz = np.sign(float(az(0.5 * (lo + hi))))
        a = np.asarray(ag(t), dtype=complex) * np.ones_like(t)
        ap = np.asarray(agp(t), dtype=complex) * np.ones_like(t)
        total += zz * 0.5 * (hi - lo) * np.sum(wq * np.imag(np.conj(a) * ap) / np.abs(a) ** 2)
    return total, wind


def _occupied_rings(ham, E, contours_):
    """For each band: occupied rings (lo, hi) along the rays, lo/hi a Contour, 0 or None (infinity)."""
    rings = {}
    for m in (UP, DOWN):
        cs = sorted([C for C in contours_ if C.band == m], key=lambda C: C.r[0])
        occ = ham.energies(np.array([0.0]), np.array([0.0]))[0, m] < E
        edges = [0] + cs + [None]
        out = []
        for i in range(len(edges) - 1):
            if occ:
                out.append((edges[i], edges[i + 1]))
            occ = not occ
        rings[m] = out
    return rings


def sea_sigma_yx(ham, E, th, contours_, e):
    """Intrinsic anomalous Hall term (Eq. 72) by the solid-angle boundary formula."""
    d0, dz0, g0, *_ = ham.fields(np.array([0.0]), np.array([0.0]))
    scale = max(np.max([C.r.max() for C in contours_]) if contours_ else 1.0, 1e-3)
    if abs(g0[0]) < 1e-13:
        rho = 1e-7 * scale
        tt = 2 * np.pi * np.arange(64) / 64
        kx, ky = rho * np.cos(tt), rho * np.sin(tt)
        _, dz, g, _, _, gg = ham.fields(kx, ky)
        dk = np.stack([-rho * np.sin(tt), rho * np.cos(tt)], -1)
        w0 = int(round(np.sum(_phase_rate(g, gg, dk)) / 64))
        s0 = float(np.sign(dz0[0]))
    else:
        w0, s0 = 0, 0.0
    L = {}
    for C in contours_:
        val, wind = _line_cos_dphi(ham, C, th)
        if abs(wind - w0) > 1e-6:
            raise ModelError("d_x + i d_y vanishes away from k = 0: the Fermi-sea Hall term by the boundary "
                             "formula needs its only zero at k = 0")
        L[id(C)] = val
    total = 0.0
    rings = _occupied_rings(ham, E, contours_)
    if any(hi is None for rs in rings.values() for _, hi in rs):
        L_inf, w_inf = _line_at_infinity(ham)
        if w_inf != w0:
            raise ModelError("d_x + i d_y vanishes away from k = 0: the Fermi-sea Hall term by the "
                             "boundary formula needs its only zero at k = 0")
    for m, rs in rings.items():
        for lo, hi in rs:
            phi = 0.0
            if hi is None:
                phi -= L_inf
            else:
                phi -= L[id(hi)]
            if lo == 0:
                phi += 2 * np.pi * s0 * w0
            else:
                phi += L[id(lo)]
            # int_R Omega^m d^2k = -SIGN_m Phi / 2 ; sigma = (e^2/hbar) sum_m int Omega / (2 pi)^2
            total += -SIGN[m] * phi / 2
    return e ** 2 / ham.hbar * total / (2 * np.pi) ** 2


def _spin_integrand(ham, kx, ky, m, e, spin_ops):
    """(ie/hbar) [T^{mn} R_x^{nm} - R_x^{mn} T^{nm}] of band m (Eq. 91) at the points (kx, ky)."""
    o = 1 - m
    st = states(ham, kx, ky)
    de = st.eps[:, m] - st.eps[:, o]
    out = []
    for q in spin_ops:
        Tmn = ham.hbar * st.S[:, q, m, o] / (1j * de)
        Tnm = ham.hbar * st.S[:, q, o, m] / (-1j * de)
        out.append(np.real(1j * e / ham.hbar * (Tmn * st.R[:, 0, o, m] - st.R[:, 0, m, o] * Tnm)))
    return np.array(out)


_GK_X = np.array([0.991455371120813, 0.949107912342759, 0.864864423359769, 0.741531185599394,
                  0.586087235467691, 0.405845151377397, 0.207784955007898, 0.0])
_GK_WK = np.array([0.022935322010529, 0.063092092629979, 0.104790010322250, 0.140653259715525,
                   0.169004726639267, 0.190350578064785, 0.204432940075298, 0.209482141084728])
_G_W = np.array([0.129484966168870, 0.279705391489277, 0.381830050505119, 0.417959183673469])


def adaptive_kronrod(f, a, b, tol, max_intervals=20000, chunk=4000):
    """Globally adaptive Gauss-Kronrod (7, 15) quadrature of a vector function, vectorized.

    ``f(x)`` takes a 1D array of abscissae and returns an array (n_out, len(x)).  The intervals
    that carry 90% of the estimated error (|Kronrod - Gauss|, largest component) are bisected until
    the total estimate is below ``tol`` (an interval's estimate is counted above the rounding noise,
    1e-13 of int |f| over it), or ``max_intervals`` is reached, or 40 bisection rounds in a row fail
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

    edges = np.linspace(a, b, 33)
    lo, hi = edges[:-1], edges[1:]
    K, e = rule(lo, hi)
    stall, last = 0, e.sum()
    while e.sum() > tol and len(lo) < max_intervals and stall < 40:
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


#: Gauss-Legendre points in t (k = K/(1 - t)) for the Fermi-sea tail
N_TAIL = 32


def far_radius(ham, E, contours_):
    """Radius beyond which the Fermi-sea quadrature switches to the adaptive tail rule."""
    if contours_:
        # from a fixed ray set, so that K (and the cached tail) does not change with the ray count
        _, cs = contours(ham, E, 16)
        return 1.5 * max(C.r.max() for C in cs)
    ks = np.logspace(-6, 6, 1201)
    d = ham.energies(ks, 0 * ks)
    gap = d[:, 0] - d[:, 1]
    ref = 2 * gap[0] + abs(E - 0.5 * (d[0, 0] + d[0, 1]))
    return float(ks[np.argmax(gap > ref)]) if np.any(gap > ref) else 1.0


def sea_spin(ham, E, th, contours_, e, n_r=48, spin_ops=(0, 1), rtol=1e-10):
    """Intrinsic spin density (Eq. 91): (ie/hbar) sum_m int f_m [T^{mn} R_x^{nm} - R_x^{mn} T^{nm}].

    2D quadrature: up to the radius K (1.5 times the largest Fermi radius) a trapezoid rule in
    theta with Gauss-Legendre points along each ray between the crossing radii; beyond K, where
    the integrand of a warped model concentrates on lines whose width shrinks like 1/k^2, Gauss-
    Legendre in t (k = K/(1 - t)) on fixed circles and an adaptive Gauss-Kronrod rule in theta
    (:func:`adaptive_kronrod`).  Returns (values, error estimate of the tail rule)."""
    x, wq = np.polynomial.legendre.leggauss(n_r)
    t01, w01 = 0.5 * (x + 1), 0.5 * wq
    n_theta = len(th)
    rings = _occupied_rings(ham, E, contours_)
    res = np.zeros(len(spin_ops))
    Kf = far_radius(ham, E, contours_)
    c, s = np.cos(th), np.sin(th)
    tail_bands = []
    for m, rs in rings.items():
        for lo, hi in rs:
            rlo = np.zeros(n_theta) if lo == 0 else lo.r
            rhi = np.full(n_theta, Kf) if hi is None else hi.r
            if hi is None:
                tail_bands.append(m)
            r = rlo[:, None] + (rhi - rlo)[:, None] * t01[None, :]
            jac = (rhi - rlo)[:, None] * w01[None, :]
            f = _spin_integrand(ham, (r * c[:, None]).ravel(), (r * s[:, None]).ravel(), m, e, spin_ops)
            res += np.sum(f.reshape(len(spin_ops), *r.shape) * (r * jac)[None], axis=(1, 2)) / (2 * np.pi * n_theta)
    err = 0.0
    if tail_bands:
        # the tail does not depend on the ray grid: computed once per (energy, K, bands, tolerance)
        key = (float(E), float(Kf), tuple(tail_bands), float(rtol), tuple(spin_ops))
        cache = ham.__dict__.setdefault("_tail_cache", {})
        if key not in cache:
            x32, w32 = np.polynomial.legendre.leggauss(N_TAIL)
            t, wt = 0.5 * (x32 + 1), 0.5 * w32
            r = Kf / (1 - t)
            wr = Kf / (1 - t) ** 2 * wt * r / (2 * np.pi) ** 2

            def ring(theta):
                kx, ky = np.outer(np.cos(theta), r).ravel(), np.outer(np.sin(theta), r).ravel()
                return sum((_spin_integrand(ham, kx, ky, m, e, spin_ops).reshape(len(spin_ops), len(theta), -1) @ wr)
                           for m in tail_bands)

            scale = max(np.max(np.abs(res)), 1e-300)
            cache[key] = adaptive_kronrod(ring, 0.0, 2 * np.pi, rtol * scale)
        val, err = cache[key]
        res = res + val
    return res, float(err)


# ------------------------------------------------------------------ one point, with convergence control

def _totals(vals, exchange_value):
    """The totals (sum of the terms of sigma_yx, s_x, s_y) and the torque (conventions.TORQUE)."""
    for q in ("sigma_yx", "s_x", "s_y"):
        vals[(q, "total")] = sum(vals[(q, t)] for t in TERMS[q] if t != "total")
    if exchange_value is not None:
        for q, (src, sign) in TORQUE.items():
            for t in TERMS[q]:
                vals[(q, t)] = sign * exchange_value * vals[(src, t)]
    return vals


def evaluate_once(model, values, n_theta, n_r=32, gauge=None, ham=None, rtol=1e-10):
    """Every term on n_theta rays (no convergence control)."""
    ham = ham or Hamiltonian(model, values)
    for name in ("epsilon_F", "e", "u_0"):
        if name not in values:
            raise ParameterError(f"missing parameter value: {name}")
    if values["u_0"] <= 0:
        raise ParameterError("u_0 must be positive (the disorder strength)")
    E, e, u0 = float(values["epsilon_F"]), float(values["e"]), float(values["u_0"])
    shell = Shell(ham, E, n_theta, gauge)
    if len(shell):
        chain = Chain(shell, ham.hbar, e, u0).run()
        vals = fs_terms(chain)
    else:
        vals = dict.fromkeys(FS_KEYS, 0.0)
    vals[("sigma_yx", "intrinsic")] = sea_sigma_yx(ham, E, shell.th, shell.contours, e)
    (sx, sy), tail_err = sea_spin(ham, E, shell.th, shell.contours, e, n_r=n_r, rtol=max(0.1 * rtol, 1e-9))
    vals[("s_x", "intrinsic")], vals[("s_y", "intrinsic")] = sx, sy
    J = float(values[model.exchange]) if model.exchange else None
    shell.tail_error = tail_err
    return _totals({k: float(v) for k, v in vals.items()}, J), shell


def _scale(vals):
    """Typical size of each quantity (for relative errors)."""
    sc = {}
    for (q, t), v in vals.items():
        sc[q] = max(sc.get(q, 0.0), abs(v))
    return sc


def evaluate(model, values, rtol=1e-9, n_theta=None, n_max=2048, n_r=32, gauge=None, options=None):
    """Every term at one point, converged in the number of rays (and radial points).

    Starts at ``n_theta`` rays (16 for an isotropic model, 64 otherwise), doubles until every
    term changes by less than ``rtol`` times the largest term of its quantity, or n_max is
    reached.  The error estimate of each term is its last change.  The numeric path implements
    the default options only (Fermi-shell skew prescription, Eq. 38 summed over the outgoing
    band); any other value of ``options`` is refused."""
    from semisym.model.form import is_isotropic
    Options.make(options).require_defaults("the numeric path")
    ham = Hamiltonian(model, values)
    if n_theta is None:
        n_theta = 16 if is_isotropic(model.hamiltonian) else 64
    prev, shell = evaluate_once(model, values, n_theta, n_r, gauge, ham, rtol)
    history = []
    while True:
        n2, r2 = 2 * n_theta, n_r + 16
        cur, shell = evaluate_once(model, values, n2, r2, gauge, ham, rtol)
        sc = _scale(cur)
        errs = {k: abs(cur[k] - prev[k]) for k in cur}
        for q in ("s_x", "s_y"):
            for t in ("intrinsic", "total"):
                errs[(q, t)] += shell.tail_error
        if model.exchange:
            # the torque is J times a spin density: so is its error (tail error included)
            J = abs(float(values[model.exchange]))
            for q, (src, _) in TORQUE.items():
                for t in TERMS[q]:
                    errs[(q, t)] = J * errs[(src, t)]
        worst = max((errs[k] / sc[k[0]] for k in cur if sc[k[0]] > 0), default=0.0)
        history.append((n2, worst))
        n_theta, n_r, prev = n2, r2, cur
        if worst < rtol or n_theta >= n_max:
            break
    info = [dict(band="+-"[C.band], radius_min=float(C.r.min()), radius_max=float(C.r.max()),
                 velocity_sign=C.sign) for C in shell.contours]
    return to_result(model, values, cur, errs, dict(rays=n_theta, radial_points=n_r, contours=info, history=history))


def to_result(model, values, vals, errs, info, method="numeric path"):
    """The one result type (semisym.result.Result) from {(quantity, term): value} and errors."""
    paper = bool(model.paper_symbols)
    entries = {k: Entry(k[0], k[1], float(v), float(errs[k]), equation(k, paper), method) for k, v in vals.items()}
    return Result(model.name, model.text, method, entries, inputs=dict(values), info=info)
