"""Skew scattering on pairs of impurities: the crossed (X and Psi) part of the two-impurity rate.

Derivation: derivations/notes.md, section 12.  For Gaussian white noise <u_A u_B> = u_0^2 w_AB the
irreducible four-point vertex of order u_0^4 with one pair of crossed impurity lines (momenta
p <- p'; lines (A, C), (B, D)) has three pieces, acting on a 2x2 block Y at p':

    X       :  sigma_A G^R(p_1) sigma_B  Y  sigma_C G^A(p + p' - p_1) sigma_D        sum over p_1
    Psi^R   :  sigma_A G^R(p + q) sigma_B G^R(p' + q) sigma_C  Y  sigma_D               sum over q
    Psi^A   :  sigma_D  Y  sigma_A G^A(p' + q) sigma_B G^A(p + q) sigma_C               sum over q

The same sums are the golden-rule rate of the two-impurity T-matrix with the crossed pairing
(<T^(2) T^(2)*> is X, <T^(1) T^(3)*> + c.c. the two Psi), so that between on-shell states

    K_ss'(p, p') = <s_p| Irr^cr[P_s'(p')] |s_p>,        W^pair_{p <- p'} = (2 pi/hbar) u_0^4 K_ss'(p, p'),

with G^{R,A} = PV -+ i pi A at zero broadening.  Terms with no or two spectral functions A are
symmetric under (p, s) <-> (p', s'); the terms with one A, computed here, are the antisymmetric part
K^A: skew scattering on pairs of impurities a Fermi wavelength apart.  It enters the Kubo formula
between ladder-dressed vertices (:mod:`semisym.kubo.crossed`) and the Boltzmann equation as a
collision term (:mod:`semisym.numeric.chain`, ``skew_pairs``).

Numerics (isotropic models): by rotation invariance K_ss'(p, p') depends on the angle phi between p
and p'; its harmonics int dphi e^{i n phi} K_ss'(phi) are done by adaptive Gauss-Kronrod on the
intervals between the angles where the loop momentum's circle is tangent to a Fermi circle, each
mapped by a smoothstep so that the inverse square-root singularities there are bounded.  The loop
sum with one on-shell momentum is an angle integral over a Fermi circle of a principal value: the
smooth part is expanded in Chebyshev polynomials and the principal values of T_n / (c - c_0) are
taken in closed form (:meth:`PairRate.loop`), exact also where two poles meet.

Conventions: K at u_0 = 1 (the rate of the model's disorder is u_0^4 K), one loop sum
sum_k = int d^2k/(2 pi)^2 inside, with the momenta p, p' on the Fermi circles; bands in numpy's
eigh order (0 = lower).
"""

from __future__ import annotations

import math

import numpy as np

from semisym.model.disorder import PAULI_ARRAYS
from semisym.quadrature import adaptive_kronrod

_SIGMA = np.array(PAULI_ARRAYS[1:])


class PairRate:
    """The antisymmetric pair kernel K^A_ss'(p, p') of an isotropic 2x2 model at the Fermi level.

    ``H``: H(kx, ky) -> (..., 2, 2) complex arrays at fixed parameter values; ``eF``: the Fermi
    level; ``circles``: the Fermi circles as (band, radius, d eps/dk), band 0 the lower one; ``w``:
    the 4x4 disorder weights w_AB (semisym.model.disorder, at their values)."""

    def __init__(self, H, eF, circles, w):
        self.H, self.eF = H, float(eF)
        self.circles = [(int(n), float(k), float(sl)) for n, k, sl in circles]
        w = np.asarray(w, dtype=float)
        #: impurity lines (sigma_A, sigma_C, w_AC)
        self.lines = [(PAULI_ARRAYS[A], PAULI_ARRAYS[B], w[A, B]) for A in range(4) for B in range(4) if w[A, B] != 0]

    # ------------------------------------------------------------------ bands

    def eig(self, kx, ky):
        """Bands and band projectors of H = h_0 + d.sigma at the points (kx, ky), lower band first:
        eps = h_0 -+ |d|, P = (1 -+ d.sigma/|d|)/2 (arrays (..., 2) and (..., 2, 2, 2))."""
        H = self.H(np.asarray(kx, float), np.asarray(ky, float))
        h0 = (H[..., 0, 0] + H[..., 1, 1]).real / 2
        d = np.stack([H[..., 0, 1].real, -H[..., 0, 1].imag, (H[..., 0, 0] - H[..., 1, 1]).real / 2], -1)
        dn = np.linalg.norm(d, axis=-1)
        n = d / np.where(dn > 0, dn, 1.0)[..., None]
        ns = np.einsum("...a,aij->...ij", n, _SIGMA)
        one = np.eye(2)
        P = np.stack([(one - ns) / 2, (one + ns) / 2], -3)
        return np.stack([h0 - dn, h0 + dn], -1), P

    def measure(self, c):
        """sum_k delta(eps_F - eps(k)) over circle c = k_c/((2 pi)^2 |d eps/dk|) int d theta."""
        n, kc, sl = c
        return kc / ((2 * np.pi) ** 2 * abs(sl))


    # ------------------------------------------------------------------ loop with one on-shell line

    def loop(self, Q, sign, t, n_beta):
        """T[n, a, b, c, d] = PV sum_k over circle t of P_t(k)_ab sum_u P_u(q)_cd / (eps_F - eps_u(q)),
        q = Q + sign k, for an array Q (n, 2) of momenta.

        With beta the angle of k from Q and c = cos(beta), |q|^2 = Q^2 + k_t^2 + 2 sign Q k_t c, so the
        denominator g_u = eps_F - eps_u(|q|) depends on c alone and vanishes at c_j = sign (r_j^2 -
        Q^2 - k_t^2)/(2 Q k_t) for the Fermi radii r_j of band u.  The angle integral is
        int_{-1}^{1} dc Phi(c) / (g_u(c) sqrt(1 - c^2)), Phi the even part in beta of the integrand;
        chi = Phi D / g_u, D = prod_j (c - c_j) over the zeros with |c_j| < 2, is smooth; it is
        expanded in Chebyshev polynomials (sum_n a_n T_n, from its values at the n_beta Chebyshev
        nodes) and integrated against 1/D by partial fractions in closed form:
        PV int T_n / ((c - c_0) sqrt(1 - c^2)) dc = pi U_{n-1}(c_0) for |c_0| < 1 and
        -s pi rho^n / sqrt(c_0^2 - 1), rho = c_0 - s sqrt(c_0^2 - 1), s = sign c_0, otherwise.
        This stays exact as a pair of poles meets (|c_j| -> 1, the loop circle tangent to a
        Fermi circle), where a quadrature rule would fail."""
        nt, kt, _ = t
        Qn = np.hypot(Q[:, 0], Q[:, 1])
        thQ = np.arctan2(Q[:, 1], Q[:, 0])
        N = n_beta
        beta = np.pi * (np.arange(N) + 0.5) / N
        c = np.cos(beta)
        al = thQ[:, None] + np.concatenate([beta, -beta])[None, :]
        kx, ky = kt * np.cos(al), kt * np.sin(al)
        _, Pk = self.eig(kx, ky)
        E, Pq = self.eig(Q[:, 0, None] + sign * kx, Q[:, 1, None] + sign * ky)
        Pk = Pk[..., nt, :, :]
        n_ = np.arange(N)
        cheb = np.cos(np.outer(n_, beta)) * np.where(n_ == 0, 1.0, 2.0)[:, None] / N      # a = cheb @ chi
        out = np.zeros((len(Q), 16), dtype=complex)
        for u in range(2):
            F = (Pk[..., :, :, None, None] * Pq[..., u, None, None, :, :]).reshape(len(Q), 2, N, 16)
            g = (self.eF - E[..., u]).reshape(len(Q), 2, N)[:, 0]          # a function of c alone
            circ = [(r, sl) for (n, r, sl) in self.circles if n == u]
            zeros = [sign * (r * r - Qn ** 2 - kt ** 2) / (2 * Qn * kt) for r, _ in circ]
            zeros = [np.where(np.abs(z) < 2, z, np.nan) for z in zeros]        # farther ones are smooth
            factors = [np.where(np.isnan(z)[:, None], 1.0, c[None, :] - z[:, None]) for z in zeros]
            D = np.prod(factors, axis=0) if zeros else np.ones((len(Q), N))
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = D / g
            for j, (z, (r, sl)) in enumerate(zip(zeros, circ)):
                # a node on a zero of g: D/g -> prod_{i != j} (c - c_i) / (dg/dc), dg/dc = -d eps/dr sign Q k_t / r
                at = np.abs(factors[j]) < 1e-8
                if at.any():
                    rest = np.prod([f for i, f in enumerate(factors) if i != j], axis=0) if len(zeros) > 1 else 1.0
                    ratio = np.where(at, rest / (-sl * sign * Qn * kt / r)[:, None], ratio)
            a = np.matmul(cheb, (F[:, 0] + F[:, 1]) * ratio[..., None])
            none = np.all([np.isnan(z) for z in zeros], axis=0) if zeros else np.ones(len(Q), bool)
            res = np.where(none[:, None], np.pi * a[:, 0], 0)
            for j, z in enumerate(zeros):
                ok = ~np.isnan(z)
                if not ok.any():
                    continue
                zj = np.where(ok, z, 0.5)
                Dp = np.ones(len(Q))
                for i, zi in enumerate(zeros):
                    if i != j:
                        Dp = Dp * np.where(np.isnan(zi), 1.0, zj - np.nan_to_num(zi))
                res = res + np.where(ok[:, None], np.matmul(self._hilbert(zj, N)[:, None, :], a)[:, 0] / Dp[:, None], 0)
            out = out + res
        return out.reshape(len(Q), 2, 2, 2, 2) * self.measure(t)

    @staticmethod
    def _hilbert(c0, N):
        """J_n(c0) = PV int_{-1}^{1} T_n(c) / ((c - c0) sqrt(1 - c^2)) dc for n < N, c0 an array."""
        inside = np.abs(c0) < 1
        J = np.zeros((len(c0), N))
        x = np.where(inside, c0, 0.0)                               # the recurrence grows outside
        U_prev, U = np.zeros(len(c0)), np.ones(len(c0))           # U_{n-1}, starting at U_0
        for n in range(1, N):
            J[:, n] = np.pi * U
            U_prev, U = U, 2 * x * U - U_prev
        s = np.sign(c0)
        root = np.sqrt(np.where(inside, 2.0, c0 * c0) - 1)
        rho = c0 - s * root
        outside = -s[:, None] * np.pi * rho[:, None] ** np.arange(N)[None, :] / root[:, None]
        return np.where(inside[:, None], J, outside)

    # ------------------------------------------------------------------ the kernel

    def kernel(self, s, s2, phi, n_beta):
        """K_ss'(p, p') (antisymmetric part: the terms with one on-shell line), p on circle s at
        angle 0, p' on circle s' at the angles ``phi``; u_0 = 1."""
        ns, ks, _ = s
        n2, k2, _ = s2
        p = np.array([ks, 0.0])
        pp = np.stack([k2 * np.cos(phi), k2 * np.sin(phi)], -1)
        _, P1 = self.eig(np.array([ks]), np.array([0.0]))
        Ps = P1[0, ns]
        _, P2 = self.eig(pp[:, 0], pp[:, 1])
        Pp = P2[:, n2]
        ipi = 1j * np.pi
        T = {}
        for key, Q, sg in (("X", p + pp, -1), ("d", pp - p, 1), ("m", p - pp, 1)):
            T[key] = sum(self.loop(Q, sg, t, n_beta) for t in self.circles)
        K = np.zeros(len(phi), dtype=complex)
        for sA, sC, w1 in self.lines:
            for sB, sD, w2 in self.lines:
                ww = w1 * w2
                L = Ps @ sA                              # (2, 2)
                MB = np.einsum("ij,njk,kl->nil", sB, Pp, sC)   # sigma_B P_s' sigma_C
                # X: i pi [Tr(Ps sA Pv sB Ps' sC Ak sD) - Tr(Ps sA Ak sB Ps' sC Pv sD)], T = Ak (x) Pv
                TX = T["X"]
                K += ww * ipi * (np.einsum("ic,nabcd,nda,bi->n", L, TX, MB, sD, optimize=True)
                                 - np.einsum("ia,nabcd,nbc,di->n", L, TX, MB, sD, optimize=True))
                # Psi^R: -i pi [Tr(Ps sA Ak sB Pv sC Ps' sD) (Q = p'-p) + Tr(Ps sA Pv sB Ak sC Ps' sD) (Q = p-p')]
                CPD = np.einsum("ij,njk,kl->nil", sC, Pp, sD)
                K += -ww * ipi * (np.einsum("ia,nabcd,bc,ndi->n", L, T["d"], sB, CPD, optimize=True)
                                  + np.einsum("ic,nabcd,da,nbi->n", L, T["m"], sB, CPD, optimize=True))
                # Psi^A: +i pi [Tr(Ps sD Ps' sA Ak sB Pv sC) (Q = p-p') + Tr(Ps sD Ps' sA Pv sB Ak sC) (Q = p'-p)]
                LL = np.einsum("ij,jk,nkl,lm->nim", Ps, sD, Pp, sA)
                K += ww * ipi * (np.einsum("nia,nabcd,bc,di->n", LL, T["m"], sB, sC, optimize=True)
                                 + np.einsum("nic,nabcd,da,bi->n", LL, T["d"], sB, sC, optimize=True))
        return K

    # ------------------------------------------------------------------ phi quadrature

    def breaks(self, s, s2):
        ks, k2 = s[1], s2[1]
        radii = [c[1] for c in self.circles]
        pts = {0.0, math.pi}
        for kt in radii:
            for r in radii:
                for Qv in (kt + r, abs(kt - r)):
                    for sg in (1, -1):     # |p + p'| (X) and |p' - p| (Psi)
                        c = sg * (Qv * Qv - ks * ks - k2 * k2) / (2 * ks * k2)
                        if -1 < c < 1:
                            pts.add(math.acos(c))
        # the loop circle through k = 0, where the band structure changes fastest (|Q| = k_t)
        for kt in radii:
            for sg in (1, -1):
                c = sg * (kt * kt - ks * ks - k2 * k2) / (2 * ks * k2)
                if -1 < c < 1:
                    pts.add(math.acos(c))
        # break points that only rounding separates (a tangency at phi = 0 or pi) are one
        out = []
        for x in sorted(pts):
            if out and x - out[-1] < 1e-7:
                out[-1] = math.pi if x == math.pi else out[-1]
                continue
            out.append(x)
        return out

    def harmonics(self, s, s2, orders, n_beta, rtol, end_gap=1e-6):
        """int_{-pi}^{pi} dphi e^{i n phi} K_ss'(phi) for n in ``orders``, with an error estimate.

        Adaptive Gauss-Kronrod on each interval between break points, phi = a + (b - a) m(u) with the
        smoothstep m(u) = u^2 (3 - 2u) (zero slope at both ends, so that the inverse square-root
        singularities at a tangency become bounded), the nodes phi and -phi together (the simple pole
        of the kernel at a vanishing loop momentum cancels between them).  At phi = 0 and pi the
        loop momentum is extremal, a tangency there is quadratic in phi and the integrand bounded;
        the last ``end_gap`` radians, where rounding would blur the tangency, are added as
        end_gap f(edge)."""
        br = np.array(self.breaks(s, s2))
        gaps = np.where((br == 0) | (br == math.pi), end_gap, 0.0)
        a, b = br[:-1] + gaps[:-1], br[1:] - gaps[1:]
        orders = list(orders)

        def F(phi):
            K = self.kernel(s, s2, np.concatenate([phi, -phi]), n_beta)
            m = len(phi)
            return np.array([np.exp(1j * n * phi) * K[:m] + np.exp(-1j * n * phi) * K[m:] for n in orders])

        def f(x):
            i = np.minimum(np.floor(x).astype(int), len(a) - 1)
            u = np.clip(x - i, 1e-7, 1 - 1e-7)
            phi = a[i] + (b[i] - a[i]) * u * u * (3 - 2 * u)
            v = (b[i] - a[i]) * 6 * u * (1 - u) * F(phi)
            return np.concatenate([v.real, v.imag])

        val, err = adaptive_kronrod(f, 0.0, float(len(a)), 0.0, rtol=rtol, n_start=2 * len(a), chunk=64,
                                   max_intervals=2000, stall_rounds=4)
        n = len(orders)
        edge = np.concatenate([a, b])
        wt = np.concatenate([gaps[:-1], gaps[1:]])
        ends = F(edge[wt > 0]) @ wt[wt > 0]
        return {o: val[j] + 1j * val[n + j] + ends[j] for j, o in enumerate(orders)}, err

