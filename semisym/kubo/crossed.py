"""Beyond the non-crossing approximation: the X and Psi diagrams (one pair of crossed impurity lines).

Derivation: derivations/notes.md, section 12.  Units as in :mod:`semisym.kubo.streda` (response per
unit E_x, J = -e v, sum_k = int d^2k/(2 pi)^2, Gaussian white noise <u_A u_B> = u_0^2 w_AB).

The irreducible four-point vertex at order u_0^4 has three crossed pieces (momenta p <- p'; a pair
(A, C), (B, D) of impurity lines, each weighted w):

    X       :  sigma_A G^R(p_1) sigma_B  Y  sigma_C G^A(p + p' - p_1) sigma_D        sum over p_1
    Psi^R   :  sigma_A G^R(p + q) sigma_B G^R(p' + q) sigma_C  Y  sigma_D               sum over q
    Psi^A   :  sigma_D  Y  sigma_A G^A(p' + q) sigma_B G^A(p + q) sigma_C               sum over q

Between two ladder-dressed blocks G^R J~ G^A, each ~ 1/u_0^2 on the Fermi surface, they give a
response of order u_0^0, the order of side jump and skew scattering.  In the weak-disorder limit
only the intraband, on-shell parts of the two blocks survive,

    G^R(p) Y G^A(p) -> (pi/Gamma_s) delta(eps_F - eps_s(p)) P_s(p) Y P_s(p),  Gamma_s = <s|Gamma|s>,

so that

    K^cr = (hbar/2 pi) sum_{s s'} sum_p sum_p' (pi/Gamma_s)(pi/Gamma_s') O~_s(p) J~_s'(p') K_ss'(p, p')
    K_ss'(p, p') = <s_p| Irr^cr(p <- p')[ P_s'(p') ] |s_p>,

with O~ and J~ the on-shell, ladder-dressed vertices (Boltzmann) and the propagators inside
Irr^cr at zero broadening, G^{R,A} = PV -+ i pi A.  Terms with no or two spectral functions A are
symmetric under (p, s) <-> (p', s'); those with one A are antisymmetric.  The symmetric part is a
correction of relative order u_0^2 to the Born rates: it changes Drude-like responses (sigma_xx,
the Edelstein density) at order u_0^0, beyond the order kept, and it contains the logarithmic
ultraviolet part of the diagrams; it cancels from Hall-like responses (sigma_yx and, in isotropic
models with a mirror-times-time-reversal symmetry, the Hall-like spin density).  The antisymmetric
part is skew scattering on pairs of impurities: it is what is computed here, for every observable.

Numerics (isotropic models): the Fermi-surface sums over p and p' are reduced by rotation
invariance to the relative angle phi and contracted harmonic by harmonic; the phi integral is
adaptive Gauss-Kronrod on the intervals between the angles where the loop momentum's circle is
tangent to a Fermi circle, each mapped by a smoothstep so that the inverse square-root
singularities there are bounded.  The loop sum with one on-shell momentum is an angle integral over
a Fermi circle of a principal value: the smooth part is expanded in Chebyshev polynomials and the
principal values of T_n / (c - c_0) are taken in closed form (:meth:`Crossed.loop`), exact also
where two poles meet.
"""

from __future__ import annotations

import math

import numpy as np

from semisym.errors import ModelError
from semisym.model.disorder import PAULI_ARRAYS
from semisym.quadrature import adaptive_kronrod

_SIGMA = np.array(PAULI_ARRAYS[1:])


class Crossed:
    """The crossed-diagram (X + Psi) response of a :class:`semisym.kubo.streda.Kubo` object.

    ``n_beta``: Chebyshev nodes of the loop's angle integral; ``n_theta``: points on each Fermi circle
    for the on-shell ladder (the trapezoid rule, exact for the trigonometric polynomials of an
    isotropic model up to that degree)."""

    def __init__(self, kb, n_beta=128, n_theta=64):
        if not kb.isotropic:
            raise ModelError("the crossed diagrams are computed for isotropic models only")
        self.kb = kb
        self.n_beta, self.n_theta = n_beta, n_theta
        w = kb.disorder.numeric(kb.disorder.values(kb.values))
        #: impurity lines (sigma_A, sigma_C, w_AC)
        self.lines = [(PAULI_ARRAYS[A], PAULI_ARRAYS[B], w[A, B]) for A in range(4) for B in range(4) if w[A, B] != 0]
        self.eF = kb.eF
        #: Fermi circles: (band index, lower = 0; radius; d eps/dk = <n|hbar v.k-hat|n> at angle 0)
        self.circles = []
        for n, kr, _ in kb.contours():
            k = float(kr[0])
            _, P = self.eig(np.array([k]), np.array([0.0]))
            _, Jx, _ = kb.ops_at(np.array([k]), np.array([0.0]))
            slope = -kb.hbar / kb.e * np.trace(P[0, n] @ Jx[0]).real
            self.circles.append((n, k, slope))

    # ------------------------------------------------------------------ bands

    def eig(self, kx, ky):
        """Bands and band projectors of H = h_0 + d.sigma at the points (kx, ky), lower band first:
        eps = h_0 -+ |d|, P = (1 -+ d.sigma/|d|)/2 (arrays (..., 2) and (..., 2, 2, 2))."""
        H = self.kb._mat(self.kb._H, np.asarray(kx, float), np.asarray(ky, float))
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

    def spectral(self, th):
        """A(eps_F) = sum_k delta(eps_F - H_k) = sum over circles of int P_c (trapezoid in angle)."""
        A = np.zeros((2, 2), dtype=complex)
        for c in self.circles:
            _, P = self.eig(c[1] * np.cos(th), c[1] * np.sin(th))
            A += self.measure(c) * 2 * np.pi * P[:, c[0]].mean(0)
        return A

    # ------------------------------------------------------------------ on-shell ladder

    def dressed(self, O, left):
        """On-shell, ladder-dressed vertex of the 2x2 operator field ``O`` (a function of kx, ky):
        O~_s(k) = <s_k|O + Lambda|s_k>, Lambda = sum_s' int_s' (pi/Gamma_s') O~_s' S(P_s'), with S for
        the vertex on the right (``left`` False) and its transpose on the left; u_0 = 1.
        Returns per circle the values on the uniform angle grid."""
        th = 2 * np.pi * np.arange(self.n_theta) / self.n_theta
        A_F = self.spectral(th)
        S = lambda Y, t: sum(x * ((b @ Y @ a) if t else (a @ Y @ b)) for a, b, x in self.lines)
        rows, gams = [], []
        for c in self.circles:
            n, kc, sl = c
            _, P = self.eig(kc * np.cos(th), kc * np.sin(th))
            P = P[:, n]
            gam = np.pi * np.einsum("tij,ji->t", P, S(A_F, False)).real
            Ot = O(kc * np.cos(th), kc * np.sin(th))
            o = np.einsum("tij,tji->t", P, Ot)
            wgt = self.measure(c) * 2 * np.pi / self.n_theta * np.pi / gam
            SP = np.array([S(p, left) for p in P])
            gams.append(gam)
            rows.append((P, o, wgt, SP))
        # vec(Lambda) = b + M vec(Lambda)
        b = sum(np.einsum("t,t,tij->ij", wgt, o, SP).ravel() for P, o, wgt, SP in rows)
        M = sum(np.einsum("t,tji,tkl->klij", wgt, P, SP).reshape(4, 4) for P, o, wgt, SP in rows)
        # 1 - M is singular in one direction (particle conservation: the density vertex is not
        # relaxed by elastic scattering); the least-norm solution leaves that direction out, which an
        # E_x-driven response never contains
        lam = np.linalg.lstsq(np.eye(4) - M, b, rcond=1e-10)[0].reshape(2, 2)
        return [(o + np.einsum("tij,ji->t", P, lam), g.mean()) for (P, o, wgt, SP), g in zip(rows, gams)]

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

    def response(self, observables, n_beta=None, rtol=1e-9, cache=None):
        """K^cr for each observable (a dict name -> 2x2 operator field of kx, ky), the current J_x on
        the right; returns {name: (value, error estimate)}.  The error adds the angle quadrature's
        estimate and the change when the loop rule's nodes are halved.  ``cache``: a dict that keeps
        the angle integrals between calls (a refinement reuses the coarser ones)."""
        kb = self.kb
        n_beta = n_beta or self.n_beta
        cache = {} if cache is None else cache

        def harm(s, s2, orders, nb):
            key = (s, s2, tuple(orders), nb, rtol)
            if key not in cache:
                cache[key] = self.harmonics(s, s2, orders, nb, rtol)
            return cache[key]

        Jx = lambda kx, ky: kb.ops_at(kx, ky)[1]
        Jt = self.dressed(Jx, left=False)
        Ot = {name: self.dressed(O, left=True) for name, O in observables.items()}
        fft = lambda f: np.fft.fft(f) / self.n_theta
        out = {name: [0.0, 0.0] for name in observables}
        for i, s in enumerate(self.circles):
            for j, s2 in enumerate(self.circles):
                jn = fft(Jt[j][0])
                orders = [n for n in range(-self.n_theta // 2 + 1, self.n_theta // 2)
                          if abs(jn[n]) > 1e-12 * np.abs(jn).max()]
                kh, err = harm(s, s2, orders, n_beta)
                kh2, _ = harm(s, s2, orders, n_beta // 2)
                pref = (kb.hbar / (2 * np.pi)) * self.measure(s) * self.measure(s2) * 2 * np.pi \
                    * (np.pi / Jt[i][1]) * (np.pi / Jt[j][1])
                for name in observables:
                    on = fft(Ot[name][i][0])
                    val = pref * sum(on[-n] * jn[n] * kh[n] for n in orders)
                    val2 = pref * sum(on[-n] * jn[n] * kh2[n] for n in orders)
                    scale = abs(pref) * sum(abs(on[-n] * jn[n]) for n in orders)
                    out[name][0] += val.real
                    out[name][1] += scale * err + abs(val - val2)
        return {name: tuple(v) for name, v in out.items()}


def crossed_limit(kb, n_beta=128, rtol=1e-9, target=1e-7, max_beta=2048):
    """The crossed (X + Psi) contribution of order u_0^0 to every observable of
    :data:`semisym.kubo.streda.OBSERVABLES` (response to E_x per unit E_x, the units of
    :class:`semisym.kubo.streda.Kubo`), for the Kubo object ``kb`` (isotropic models).

    Returns {name: {"value", "error", "hall_like"}}.  ``hall_like``: the observable's on-shell dressed
    vertex is orthogonal to the current's on every Fermi circle (sigma_yx always; a spin component
    whose band expectation value turns with the momentum by 90 degrees), so that it has no 1/u_0^2
    part and the crossed diagrams contribute to it through their antisymmetric part alone: there
    ``value`` is the whole crossed contribution of order u_0^0.  For the other observables (sigma_xx,
    the Edelstein density) ``value`` is the antisymmetric part only; their symmetric part, also of
    order u_0^0, corrects the 1/u_0^2 term at relative order u_0^2 and is not computed.

    The loop rule starts with ``n_beta`` Chebyshev nodes and is doubled (up to ``max_beta``) until the
    error estimate of every Hall-like observable is below ``target`` times its value; a model whose
    bands change on a scale much below k_F (a small gap) needs more nodes."""
    from semisym.kubo.streda import OBSERVABLES
    if not kb.circles():
        return {name: {"value": 0.0, "error": 0.0, "hall_like": True} for name in OBSERVABLES}
    cr = Crossed(kb, n_beta=n_beta)
    fields = {
        "sigma_yx": lambda kx, ky: kb.ops_at(kx, ky)[2],
        "sigma_xx": lambda kx, ky: kb.ops_at(kx, ky)[1],
        "s_x": lambda kx, ky: np.broadcast_to(kb.spin[0], np.shape(kx) + (2, 2)),
        "s_y": lambda kx, ky: np.broadcast_to(kb.spin[1], np.shape(kx) + (2, 2)),
    }
    harm = lambda v: np.fft.fft(v[0])[[1, -1]] / cr.n_theta          # the harmonics e^{+-i theta}
    Jt = [harm(v) for v in cr.dressed(fields["sigma_xx"], left=False)]
    hall = {}
    for name in OBSERVABLES:
        Ot = [harm(v) for v in cr.dressed(fields[name], left=True)]
        # a kernel even in the scattering angle couples o_{-1} j_1 + o_1 j_{-1}: the longitudinal part
        par = max(abs(o[1] * j[0] + o[0] * j[1]) for o in Ot for j in Jt)
        norm = max(np.abs(o).max() * np.abs(j).max() for o in Ot for j in Jt) + 1e-300
        hall[name] = bool(par <= 1e-9 * norm)
    cache = {}
    while True:
        res = cr.response({name: fields[name] for name in OBSERVABLES}, n_beta=n_beta, rtol=rtol, cache=cache)
        if n_beta >= max_beta or all(res[q][1] <= target * abs(res[q][0]) for q in OBSERVABLES if hall[q]):
            break
        n_beta *= 2
    out = {name: {"value": float(res[name][0]), "error": float(res[name][1]), "hall_like": hall[name]}
           for name in OBSERVABLES}
    return out
