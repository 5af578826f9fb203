"""Fermi contours along N rays (scan and bisection, polished by Newton steps), and the shell of
nodes on which the on-shell sums are done: sum_k delta(eps^m_k - eps_F) F(k) = sum_j w_j F(k_j),
w_j = r_j / (2 pi N |d eps/dr|_j)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from semisym.errors import ModelError
from semisym.numeric.hamiltonian import DOWN, UP, states

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


def _ray_scan(ham, E, th):
    ks = ham.k_grid(E)
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
