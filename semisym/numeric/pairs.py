"""Skew scattering on pairs of impurities in the Boltzmann equation: the term ``skew_pairs``.

The crossed part of the two-impurity golden-rule rate (:mod:`semisym.pairs`, derivations/notes.md
section 12) adds to the collision integral the antisymmetric rate

    W^A_{k <- k'} = (2 pi/hbar) u_0^4 K^A(k, k') delta(eps_k - eps_k'),

and, as for third-order skew scattering (section 11), the kinetic chain gives at order u_0^0

    J0 n^(sp) = sum_k' W^A_{k k'} n^(-1)_k',
    sigma_yx^(sp) = -e sum_k v_y n^(sp),     <s_a>^(sp) = sum_k <s_a> n^(sp),

with n^(-1) (Eq. 29) and J0 (Eq. 28) those of :class:`semisym.numeric.chain.Chain`.  On the chain's
nodes (rays at theta_j = 2 pi j/N) the convolution is done harmonic by harmonic: with
n^(-1) = sum_n c_n e^{i n theta} on contour c',

    sum_k' W^A n^(-1) (theta on contour c) = (2 pi/hbar) u_0^4 sum_c' mu_c' sum_n c_n e^{i n theta} k_cc'[n],

k_cc'[n] = int dphi e^{i n phi} K^A_cc'(phi) (:meth:`semisym.pairs.PairRate.harmonics`) and
mu_c' = k_c'/((2 pi)^2 |d eps/dk|) the measure of contour c'.  Isotropic models with scalar disorder.
Units: those of the other Fermi-surface terms (per unit E_x; sigma in e^2/hbar, spin densities per
unit area).
"""

from __future__ import annotations

import numpy as np

from semisym.pairs import PairRate

#: the observables of the term
QUANTITIES = ("sigma_yx", "s_x", "s_y")


class PairSkew:
    """The term ``skew_pairs`` on the Fermi contours of a model at eps_F (isotropic, scalar disorder).

    The kernel's harmonics are computed once per loop resolution and kept (a chain on more rays
    reuses them).  The loop rule starts at ``n_beta`` Chebyshev nodes and doubles (up to
    ``max_beta``) until the change of each Hall-like term on halving the nodes is below ``target``
    times its value; ``rtol``: the angle quadrature's tolerance."""

    def __init__(self, ham, E, contours, n_beta=128, target=1e-7, max_beta=2048, rtol=1e-9):
        # semisym.pairs counts bands from the lower one (numpy's eigh order); the chain from the upper one
        circles = [(1 - C.band, float(C.r[0]), float(C.slope[0])) for C in contours]
        self.rate = PairRate(ham.matrix, E, circles, np.diag([1.0, 0, 0, 0]))
        self.n_beta, self.target, self.max_beta, self.rtol = n_beta, target, max_beta, rtol
        self._harm = {}

    def harmonics(self, ci, cj, orders, n_beta):
        key = (ci, cj, tuple(orders), n_beta)
        if key not in self._harm:
            c = self.rate.circles
            self._harm[key] = self.rate.harmonics(c[ci], c[cj], orders, n_beta, self.rtol)
        return self._harm[key]

    def drive(self, chain, n_beta):
        """(sum_k' W^A_{k k'} n^(-1)_k' on the chain's nodes, the relative error of the kernel's
        harmonics from the angle quadrature)."""
        sh = chain.sh
        C, N = len(sh.contours), sh.n_theta
        c = np.fft.fft(chain.n1.reshape(C, N), axis=1) / N
        size = np.abs(c).max()
        orders = [n for n in range(-N // 2 + 1, N // 2) if np.abs(c[:, n]).max() > 1e-10 * size]
        phase = np.exp(1j * np.outer(orders, sh.th))                      # (order, node)
        out = np.zeros((C, N), dtype=complex)
        rel = 0.0
        for ci in range(C):
            for cj in range(C):
                kh, err = self.harmonics(ci, cj, orders, n_beta)
                kv = np.array([kh[n] for n in orders])
                rel = max(rel, err / max(np.abs(kv).max(), 1e-300))
                out[ci] += self.rate.measure(self.rate.circles[cj]) * (c[cj, orders] * kv) @ phase
        return 2 * np.pi / chain.hbar * chain.u0 ** 4 * out.real.ravel(), rel

    def observables(self, chain, spin_ops=(0, 1)):
        """{quantity: its on-shell value on every node} (-e v_y for sigma_yx, <s_a> for the spins)."""
        st, b, idx = chain.sh.st, chain.sh.band, chain.idx
        obs = {"sigma_yx": -chain.e * chain.v[:, 1]}
        for i, q in zip(spin_ops, ("s_x", "s_y")):
            obs[q] = np.real(st.S[idx, i, b, b])
        return obs

    def hall_like(self, chain):
        """{quantity: True where it has no 1/u_0^2 part}: on every pair of contours the first
        harmonics of the observable and of n^(-1) are orthogonal (o_{-1} c_1 + o_1 c_{-1} = 0; the
        Born kernel is even in the scattering angle, so J0 keeps that), as in
        :func:`semisym.kubo.crossed.crossed_limit`."""
        C, N = len(chain.sh.contours), chain.sh.n_theta
        h = lambda f: (np.fft.fft(f.reshape(C, N), axis=1) / N)[:, [1, -1]]
        j = h(chain.n1)
        out = {}
        for q, o in self.observables(chain).items():
            o = h(o)
            par = np.abs(np.outer(o[:, 1], j[:, 0]) + np.outer(o[:, 0], j[:, 1])).max()
            out[q] = bool(par <= 1e-9 * (np.abs(o).max() * np.abs(j).max() + 1e-300))
        return out

    def _terms(self, chain, n_beta):
        drive, rel = self.drive(chain, n_beta)
        nsp = chain.solve_J0(drive)
        w = chain.sh.w
        return {q: float(np.sum(w * o * nsp)) for q, o in self.observables(chain).items()}, rel

    def terms(self, chain):
        """({(quantity, "skew_pairs"): value}, {same: error estimate}, {quantity: hall-like}) for a
        finished :class:`semisym.numeric.chain.Chain` (its n^(-1) and J0)."""
        hall = self.hall_like(chain)
        while True:
            fine, rel = self._terms(chain, self.n_beta)
            coarse, _ = self._terms(chain, self.n_beta // 2)
            err = {q: abs(fine[q] - coarse[q]) + rel * abs(fine[q]) for q in fine}
            if self.n_beta >= self.max_beta or all(err[q] <= self.target * abs(fine[q]) for q in fine if hall[q]):
                break
            self.n_beta *= 2
        key = lambda q: (q, "skew_pairs")
        return {key(q): v for q, v in fine.items()}, {key(q): e for q, e in err.items()}, hall
