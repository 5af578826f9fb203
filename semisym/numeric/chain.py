"""The kinetic chain on the contour nodes: J0 (Eq. 28) as a dense operator, n^(-1) (Eq. 29),
D', S' (Eqs. 31, 33), beta (Eq. 47), gamma (Eq. 61), J_E (Eq. 38, m' summed), n^(sj) (Eq. 37),
the Fermi-shell skew driving term and n^(sk) (Eq. 35); the Fermi-surface terms of Eqs. 52 and 63."""

from __future__ import annotations


import numpy as np

from semisym.errors import InternalError
from semisym.model.disorder import PAULI_ARRAYS as PAULI

class Chain:
    """n^(-1), S', beta, gamma, J_E, n^(sj), J_sk, n^(sk) on a :class:`Shell` (per unit E_x)."""

    def __init__(self, shell, hbar, e, u0, w=None, u1=None):
        """``w``: the 4x4 disorder matrix of semisym.model.disorder at its values (None: scalar);
        ``u1``: the third cumulant of scalar point impurities (third-order skew scattering), or None."""
        self.sh, self.hbar, self.e, self.u0, self.u1 = shell, hbar, e, u0, u1
        st, b = shell.st, shell.band
        self.o = 1 - b
        n = len(shell)
        idx = np.arange(n)
        self.idx = idx
        w_ab = np.diag([1.0, 0, 0, 0]) if w is None else np.asarray(w, dtype=float)
        #: (A, B, w_AB) of the correlator u_0^2 sum_AB w_AB <u|sigma_A|u'><u'|sigma_B|u>
        self.pairs = [(A, B, w_ab[A, B]) for A in range(4) for B in range(4) if w_ab[A, B] != 0]
        # M[A][i, j, a, c] = <u^a_{k_i}|sigma_A|u^c_{k_j}>
        self.M_el = {A: np.einsum("ipa,pq,jqc->ijac", np.conj(st.U), PAULI[A], st.U)
                     for A in {x for p in self.pairs for x in p[:2]}}
        self.sel = {"bb": (b, b), "bo": (b, self.o), "ob": (self.o, b)}
        W = self.cc("bb", "bb").real
        w = shell.w
        A = 2 * np.pi / hbar * (np.diag(W @ w) - W * w[None, :])
        self._A = A + np.outer(np.ones(n), w) * (np.abs(A).max() / max(w.max(), 1e-300))

    def solve_J0(self, drive, scale=0.0):
        """h with [J0 n]_i = drive_i and sum_k n = sum_i w_i h_i = 0 (charge neutrality).

        A drive from a Born collision integral carries no particles (sum_i w_i drive_i = 0); on a
        coarse contour the quadrature leaves a small remainder, which is projected out.  ``scale``:
        the size of the drive's parts before they cancel (a drive that cancels to rounding noise,
        such as the third-order skew drive with two Fermi circles, is judged against it)."""
        w = self.sh.w
        bal = np.dot(w, drive) / max(np.dot(w, np.abs(drive)), 1e6 * scale, 1e-300)
        if abs(bal) > 1e-3:
            raise InternalError(f"the Boltzmann drive does not conserve particles ({bal:.1e})")
        drive = drive - np.dot(w, drive) / w.sum()
        return np.linalg.solve(self._A, drive)

    def pair(self, A, a_of, c_of):
        """<u^{a(i)}_i|sigma_A|u^{c(j)}_j> for band choices a(i), c(j) (arrays)."""
        return self.M_el[A][self.idx[:, None], self.idx[None, :], a_of[:, None], c_of[None, :]]

    def cc(self, first, second):
        """The correlator u_0^2 sum_AB w_AB M^A_first conj(M^B_second) on the node pairs (i, j), each
        factor <u^a_i|sigma_A|u^c_j> with the band choices named by ``first``/``second`` ("bb": both
        on the shell's band, "bo": the other band at j, "ob": the other band at i).  For scalar
        disorder u_0^2 Q conj(Q'), Q the overlaps: <U^{ac}_{ij} U^{cb}_{ji}> = u_0^2 Q^{ac}_{ij} conj(Q^{bc}_{ij})."""
        key = (first, second)
        cache = self.__dict__.setdefault("_cc", {})
        if key not in cache:
            cache[key] = self.u0 ** 2 * sum(w * self.pair(A, *self.sel[first]) * np.conj(self.pair(B, *self.sel[second]))
                                            for A, B, w in self.pairs)
        return cache[key]

    def run(self):
        st, b, o, w, hbar, e = self.sh.st, self.sh.band, self.o, self.sh.w, self.hbar, self.e
        idx = self.idx
        vel = st.velocity / hbar                                   # (n, band, xy)
        v = vel[idx, b]                                            # (n, xy) on-shell velocity
        self.v = v
        self.n1 = self.solve_J0(-e * v[:, 0])
        # S' (Eqs. 31, 33): M^{ab}_i for (a, b) = (o, b) and (b, o)
        h = self.n1
        dh = h[:, None] - h[None, :]
        pre = np.pi / hbar
        self.M = {}
        # <U^{a c}_{ij} U^{c b}_{ji}> with c the band of j: (a, b) = (o, m) and (m, o)
        for key, (a, bb), q in (("ob", (o, b), self.cc("ob", "bb")),
                                ("bo", (b, o), self.cc("bb", "ob"))):
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
        # third-order skew scattering (symbolic.kinetics.Kinetics.skew3_drive): J0 n^(sk3) = A[n^(-1)]
        if self.u1 is not None:
            drive, scale = self.skew3_drive(self.n1)
            self.nsk3 = self.solve_J0(drive, scale * 1e-10)
        else:
            self.nsk3 = None
        return self

    def skew3_drive(self, h):
        """(A, scale): A_i = sum_j w_j w^A_ij h_j, w^A_ij = (4 pi^2/hbar) u1^3 sum_q w_q Im[Q_ji Q_iq Q_qj] with every
        node on the Fermi contours (the on-shell bands)."""
        Q = self.pair(0, *self.sel["bb"])                          # Q[i, j] = <u_i|u_j>, on-shell states
        w = self.sh.w
        # sum_q w_q Q_iq Q_qj = (Q diag(w) Q)_ij; Im[Q_ji (Q w Q)_ij]
        cyc = 4 * np.pi ** 2 / self.hbar * self.u1 ** 3 * (Q.T * ((Q * w[None, :]) @ Q))
        rate = np.imag(cyc)
        # the size of the parts that cancel (the products before their imaginary part is taken)
        scale = np.dot(w, np.abs(cyc) @ (w * np.abs(h)))
        return rate @ (w * h), scale

    def transpose_J(self, X):
        """beta_i = (pi u0^2/hbar) sum_j w_j [X^{mo}_i Q^{oc}Q^{cm} + X^{om}_i Q^{mc}Q^{co}
        - X^{co'}_j Q^{o'm}Q^{mc} - X^{o'c}_j Q^{cm}Q^{mo'}] (Q^{..}_{ij} then Q^{..}_{ji})."""
        b, o, w, idx = self.sh.band, self.o, self.sh.w, self.idx
        # X^{m o} and X^{o m} at every node (read at i in t1, t2 and at j, as X^{c o'}, X^{o' c}, in t3, t4)
        Xmo, Xom = X[idx, b, o], X[idx, o, b]
        t1 = Xmo * (self.cc("ob", "bb") @ w)
        t2 = Xom * (self.cc("bb", "ob") @ w)
        t3 = -(self.cc("bb", "bo") @ (w * Xmo))
        t4 = -(self.cc("bo", "bb") @ (w * Xom))
        out = np.pi / self.hbar * (t1 + t2 + t3 + t4)
        return np.real(out)

    def J_E(self):
        """[J_E]^m_i = -(2 pi/hbar) e u0^2 sum_j w_j [ |Q^{mc}|^2 (R_x^{cc}_j - R_x^{mm}_i)
        + Im{ (<d_x u^m_i|u^c_j> + <u^m_i|d_x u^c_j>) Q^{cm}_{ji} } ]."""
        st, b, w, idx = self.sh.st, self.sh.band, self.sh.w, self.idx
        Ax = np.real(st.R[idx, 0, b, b])
        dbra = np.conj(st.dU[idx, 0, :, b])                        # <d_x u^m_i|  (n, comp)
        ket = st.U[idx, :, b]                                      # |u^c_j>     (n, comp)
        bra = np.conj(ket)
        dket = st.dU[idx, 0, :, b]
        grad = 0
        for A, B, wab in self.pairs:
            s = PAULI[A]
            dM = dbra @ s @ ket.T + bra @ s @ dket.T                 # (i, j): (d_x + d_x') <u^m_i|sigma_A|u^c_j>
            grad = grad + wab * dM * np.conj(self.pair(B, b, b))
        t = self.cc("bb", "bb").real * (Ax[None, :] - Ax[:, None]) + self.u0 ** 2 * np.imag(grad)
        return -2 * np.pi / self.hbar * self.e * (t @ w)

    def J_sk(self):
        """Fermi-shell skew driving term J_sk = 2 [T1F + T2on] (kinetics.Kinetics.J_sk)."""
        w = self.sh.w
        pre = np.pi / self.hbar
        Mdm, Mmd = self.M["ob"], self.M["bo"]                      # M^{o b}_i, M^{b o}_i
        outer = pre * ((self.cc("bb", "ob") @ w) * Mdm + Mmd * (self.cc("ob", "bb") @ w))
        # inner: source s with M^{xy}_s, target i: -pre w_s <U^{m x}_{is} U^{y m}_{si}> M^{xy}_s
        inner = -pre * (self.cc("bb", "bo") @ (w * Mmd) + self.cc("bo", "bb") @ (w * Mdm))
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
    if chain.nsk3 is not None:
        out[("sigma_yx", "skew_3")] = -e * np.sum(w * vy * chain.nsk3)
        for i, q in zip(spin_ops, ("s_x", "s_y")):
            out[(q, "skew_3")] = np.sum(w * np.real(st.S[idx, i, b, b]) * chain.nsk3)
    return out
