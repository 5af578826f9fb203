"""The kinetic chain on the contour nodes: J0 (Eq. 28) as a dense operator, n^(-1) (Eq. 29),
D', S' (Eqs. 31, 33), beta (Eq. 47), gamma (Eq. 61), J_E (Eq. 38, m' summed), n^(sj) (Eq. 37),
the Fermi-shell skew driving term and n^(sk) (Eq. 35); the Fermi-surface terms of Eqs. 52 and 63."""

from __future__ import annotations


import numpy as np

from semisym.errors import InternalError

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
