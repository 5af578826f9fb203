"""The kinetic equation of the paper, on the Fermi shells of an isotropic model.

Distributions are stored on energy shells: a diagonal density is a dict
``{Circle: h(z)}`` meaning n^m_k = sum_circles delta(eps^m_k - E_circle) h(theta)
(z = e^{i theta}); an off-diagonal density is ``{Circle: {(a, b): M^{ab}(z)}}``
meaning S^{ab}_k = sum_circles delta(eps^{m_circle}_k - E) M^{ab}(theta).  The
field is E = E_x x-hat, E_x = 1: every density is per unit E_x.

Disorder: white noise, <U^{ab}_{kk'} U^{cd}_{k'k}> = u_0^2 <u^a_k|u^b_k'><u^c_k'|u^d_k>
(Eqs. 4-10, with the index order of Eq. 4); for disorder that couples to the spin
(semisym.model.disorder), u_0^2 sum_AB w_AB <u^a_k|sigma_A|u^b_k'><u^c_k'|sigma_B|u^d_k>
(``Kinetics.corr``), the same in every formula below.

Collision integral (Eq. 20): J(rho) = (i/hbar) <[U, g]>, with g from Eq. 17
(``collision="eq17"``: U alone evolved in time) or from the steady-state form of
Culcer, Sekine and MacDonald, PRB 96, 035106 (``collision="steady"``: the whole
commutator [U, rho] evolved).  Energy denominators 1/(x - i0) keep their
i pi delta(x) part (the principal parts are dropped, as in Eqs. 28, 33, 36).  For
a band-diagonal rho both forms are the same.
"""

from __future__ import annotations

import sympy as sp

from semisym.conventions import other
from semisym.symbolic.bands import Point, element, overlap, sandwich
from semisym.symbolic.algebra import angular_average, average_product, conj, laurent, safe_expand
from semisym.conventions import Options
from semisym.errors import InternalError
from semisym.model.hamiltonian import E_CHARGE, HBAR, U0
from semisym.symbolic.bands import Z, ZP
from semisym.symbolic.skew import SkewScattering

def harmonics(expr, z):
    """{l: coefficient} of a Laurent polynomial in z."""
    try:
        return {l: c for l, c in laurent(expr, z).items() if c != 0}
    except ValueError:
        raise InternalError("angular dependence is not a Laurent polynomial") from None


def radius_numeric(r, params, dps=30):
    """Numbers for every symbol of a Radius at parameter values ``params`` ({symbol: number})."""
    from semisym.model.form import K
    kv = sp.Float(r.k_value, dps)
    out = {}
    for sym, fn in r.functions().items():
        out[sym] = sp.N(fn.xreplace(params).subs(K, kv), dps)
    out[r.c] = sp.sqrt((1 + out[r.C]) / 2).evalf(dps)
    out[r.s] = sp.sqrt((1 - out[r.C]) / 2).evalf(dps)
    return out




class Kinetics(SkewScattering):
    """Builds J0, D', S', beta, gamma, J_E and J_sk on the shells of ``shells``."""

    def __init__(self, form, shells, gauge=False, options=None, numeric=None, disorder=None):
        options = Options.make(options)
        from semisym.model.disorder import make
        #: the disorder model (semisym.model.disorder.Disorder; scalar by default)
        self.disorder = make(disorder)
        collision, prescription, je = options.collision, options.prescription, options.je
        self.form = form
        self.shells = shells
        self.gauge = gauge
        self.collision = collision
        self.prescription = prescription
        self._points = {}
        #: "summed": Eq. 38 with R^{m'm'}_{k'} (outgoing band, gauge invariant); "printed": R^{mm}_{k'}
        #: as printed (kept to show that it is not gauge invariant with two bands at eps_F)
        self.je = je
        #: numeric mode: {symbol: number} for every radius symbol and parameter, substituted
        #: into every stored intermediate result (keeps expressions small with several circles)
        self.numeric = numeric

    def num(self, expr):
        if self.numeric is None:
            return expr
        for r in self.shells.radii:
            if r.c not in self.numeric:
                self.numeric.update(radius_numeric(r, self.numeric, self.shells.dps))
        return sp.expand(sp.sympify(expr).xreplace(self.numeric))

    def point(self, radius, z=Z):
        key = (radius.label, z)
        if key not in self._points:
            self._points[key] = Point(radius, z, self.form.N, gauge=self.gauge)
        return self._points[key]

    def move(self, expr, radius, z_from, z_to):
        """Re-express a function of the point (radius, z_from) at the point (radius, z_to)."""
        P, Q = self.point(radius, z_from), self.point(radius, z_to)
        rep = {z_from: z_to}
        rep.update(zip(P.gauge_symbols, Q.gauge_symbols))
        return expr.xreplace(rep)

    def reduce(self, expr):
        """Half angles -> cos Theta, sin Theta on every radius (gauge-invariant expressions)."""
        for r in self.shells.radii:
            expr = r.reduce(expr)
        return expr

    # -------------------------------------------------------------- the disorder correlator

    def corr(self, P, a, Pp, b, c, d):
        """<U^{ab}_{kk'} U^{cd}_{k'k}> (Eqs. 4-10), k at the point P, k' at Pp:
        u_0^2 sum_AB w_AB <u^a_k|sigma_A|u^b_k'><u^c_k'|sigma_B|u^d_k> (for scalar disorder, w_00 = 1
        alone, u_0^2 <u^a_k|u^b_k'><u^c_k'|u^d_k>)."""
        return U0 ** 2 * sum(w * element(P, a, A, Pp, b) * element(Pp, c, B, P, d) for A, B, w in self.disorder.pairs)

    def corr_grad(self, P, m, Pp, b):
        """u_0^2 sum_AB w_AB [(d_kx + d_k'x) <u^m_k|sigma_A|u^b_k'>] <u^b_k'|sigma_B|u^m_k> (the
        Im-term of Eq. 38 before its imaginary part is taken)."""
        out = 0
        for A, B, w in self.disorder.pairs:
            d = sandwich(P.dbra_xy(m)[0], A, Pp.ket(b)) + sandwich(P.bra(m), A, Pp.dket_xy(b)[0])
            out += w * d * element(Pp, b, B, P, m)
        return U0 ** 2 * out

    # -------------------------------------------------------------- third-order skew scattering

    def skew3_drive(self, n):
        """The third-order (non-Gaussian) skew scattering acting on a diagonal Fermi-shell density n:
        A[n]_k = sum_k' w^A_{kk'} n_k', with the antisymmetric scattering rate at order U^3 (golden rule
        with the T-matrix to second order in V; the principal part, a renormalization of the
        symmetric rate, dropped):

            w^A_{kk'} = (4 pi^2/hbar) u_1^3 sum_q delta(eps_q - eps_k) Im[<u_k'|u_k><u_k|u_q><u_q|u_k'>]
                        delta(eps_k - eps_k'),

        q over every Fermi circle (a third angle), u_1^3 = n_i V_0^3.  J0 n^(sk3) = A[n^(-1)] (the
        collision integral -J0 n + A[n] with sum_k' w^A_{kk'} = 0 for an isotropic model)."""
        from semisym.model.disorder import U1
        ZQ = self._zq()
        L = self.shells.fermi_level()
        out = {}
        for c in L.circles:
            P = self.point(c.radius, Z)
            m = c.band
            total = 0
            for cp in L.circles:
                Pp = self.point(cp.radius, ZP)
                mp = cp.band
                hp = n.get(cp, 0)
                if hp == 0:
                    continue
                hp = hp.xreplace({Z: ZP})
                rate = 0
                for cq in L.circles:
                    Pq = self.point(cq.radius, ZQ)
                    x = overlap(Pp, mp, P, m) * overlap(P, m, Pq, cq.band) * overlap(Pq, cq.band, Pp, mp)
                    x = angular_average(safe_expand(x), ZQ)
                    rate += cq.dos * (x - conj(x)) / (2 * sp.I)
                rate = safe_expand(4 * sp.pi ** 2 / HBAR * U1 ** 3 * rate)
                total += cp.dos * average_product(rate, hp, ZP)
            out[c] = self.num(self.reduce(total))
        return out

    @staticmethod
    def _zq():
        from semisym.symbolic.bands import phase_symbol
        return phase_symbol("zq")

    # -------------------------------------------------------------- J0

    def W(self, c_out, c_in):
        """<U^{mm'}_{kk'} U^{m'm}_{k'k}> (u_0^2 |<u^m_k|u^m'_k'>|^2 for scalar disorder), k on c_out
        (angle z), k' on c_in (angle zp)."""
        P, Pp = self.point(c_out.radius, Z), self.point(c_in.radius, ZP)
        m, mp = c_out.band, c_in.band
        return safe_expand(self.corr(P, m, Pp, mp, mp, m))

    def solve_J0(self, drive):
        """Solve [J0 n]_k = drive (Eq. 28) on every level that ``drive`` touches.

        [J0 n]^m_k = (2 pi/hbar) sum_{m'k'} <U^{mm'}_{kk'} U^{m'm}_{k'k}> (n^m_k - n^{m'}_k') delta(eps^m_k - eps^{m'}_k'),
        on a level: (2 pi/hbar) sum_{r'} rho_r' <W_{rr'} (h_r(theta) - h_r'(theta'))>_theta'.
        Solved per angular harmonic as a small linear system coupling the circles.
        """
        by_level = {}
        for c, h in drive.items():
            by_level.setdefault(id(c.level), (c.level, {}))[1][c] = h
        out = {}
        for level, d in by_level.values():
            circles = level.circles
            n = len(circles)
            harm = {c: harmonics(d.get(c, 0), Z) for c in circles}
            ls = sorted(set().union(*[set(h) for h in harm.values()]))
            W = [[self.W(ci, cj) for cj in circles] for ci in circles]
            sol = {c: 0 for c in circles}
            for l in ls:
                if l == 0:
                    raise InternalError("isotropic drive in the Boltzmann equation")
                A = sp.zeros(n, n)
                for i in range(n):
                    for j, cj in enumerate(circles):
                        w0 = angular_average(W[i][j], ZP)
                        kl = safe_expand(angular_average(W[i][j] * ZP ** l, ZP) / Z ** l)
                        if w0.has(Z) or kl.has(Z):
                            raise InternalError("scattering kernel is not isotropic")
                        A[i, i] += 2 * sp.pi / HBAR * cj.dos * w0
                        A[i, j] -= 2 * sp.pi / HBAR * cj.dos * kl
                b = sp.Matrix([harm[c].get(l, 0) for c in circles])
                A = A.applyfunc(lambda x: sp.factor(self.reduce(x)))
                x = A.LUsolve(b) if n > 1 else sp.Matrix([b[0] / A[0, 0]])
                for i, c in enumerate(circles):
                    sol[c] += x[i] * Z ** l
            out.update({c: self.num(v) for c, v in sol.items()})
        return out

    # -------------------------------------------------------------- n^(-1)

    def n_minus1(self):
        """n^(-1) from J0 n = (eE/hbar).d n_FD/dk (Eq. 27): drive -e (d eps/dk / hbar) cos(theta) on the Fermi shell."""
        L = self.shells.fermi_level()
        drive = {}
        for c in L.circles:
            P = self.point(c.radius)
            drive[c] = -E_CHARGE * c.radius.slope(c.band) / HBAR * P.cos
        return self.solve_J0(drive)

    # -------------------------------------------------------------- D', S'

    def S_prime(self, n):
        """Off-diagonal density S' = hbar D' / (i (eps^a - eps^b)) (Eq. 31), D' = -J(n)^{ab} (Eq. 33).

        [J(n)]^{ab}_k = (pi/hbar) sum_{c k'} <U^{ac}_{kk'}U^{cb}_{k'k}> [(n^b_k - n^c_k') delta(eps^b_k - eps^c_k')
                                                   + (n^a_k - n^c_k') delta(eps^a_k - eps^c_k')]
        for a diagonal n on the Fermi shell.
        """
        L = self.shells.fermi_level()
        out = {}
        for s in L.circles:
            ms, o = s.band, other(s.band)
            P = self.point(s.radius, Z)
            hs = n.get(s, 0)
            br = {(o, ms): 0, (ms, o): 0}
            for cp in L.circles:
                Pp = self.point(cp.radius, ZP)
                hp = n.get(cp, 0).xreplace({Z: ZP}) if cp in n else 0
                for (a, b) in br:
                    # (a, b) = (o, ms): first bracket (delta on band b = ms); (ms, o): second
                    q = safe_expand(self.corr(P, a, Pp, cp.band, cp.band, b))
                    br[(a, b)] += cp.dos * (angular_average(q, ZP) * hs - average_product(q, hp, ZP))
            M = {}
            for (a, b), v in br.items():
                J = sp.pi / HBAR * v
                M[(a, b)] = safe_expand(HBAR * (-J) / (sp.I * (P.energy(a) - P.energy(b))))
            out[s] = {ab: self.num(v) for ab, v in M.items()}
        return out

    def trace_offdiag(self, op_ab, S):
        """sum_k sum_{a != b} O^{ba}_k S^{ab}_k for an off-diagonal shell density S.

        ``op_ab(P, a, b)`` gives the matrix element O^{ab} at the point P."""
        total = 0
        for c, M in S.items():
            P = self.point(c.radius, Z)
            val = sum(op_ab(P, b, a) * Mab for (a, b), Mab in M.items())
            total += c.dos * angular_average(val, Z)
        return total

    # -------------------------------------------------------------- beta, gamma

    def transpose_J(self, op_ab, c):
        """The transpose of the off-diagonal collision integral applied to an off-diagonal
        operator X (Eq. 47 for X = R', Eq. 61 for X = T), at the Fermi circle c:

        beta^m_k = (pi/hbar) sum_{r'} rho_r' < X^{mo}_k Q^{oc'} Q^{c'm} + X^{om}_k Q^{mc'} Q^{c'o}
                                     - X^{c'o'}_k' Q^{o'm} Q^{mc'} - X^{o'c'}_k' Q^{c'm} Q^{mo'} >,
        Q the overlaps between k (on c, band m) and k' (on r', band c'); o, o' the other bands.
        ``op_ab(P, a, b)`` gives X^{ab} at P.  Returns a function of z.
        """
        L = self.shells.fermi_level()
        m, o = c.band, other(c.band)
        P = self.point(c.radius, Z)
        total = 0
        for cp in L.circles:
            Pp = self.point(cp.radius, ZP)
            b, ob = cp.band, other(cp.band)
            t = (op_ab(P, m, o) * self.corr(P, o, Pp, b, b, m)
                 + op_ab(P, o, m) * self.corr(P, m, Pp, b, b, o)
                 - op_ab(Pp, b, ob) * self.corr(Pp, ob, P, m, m, b)
                 - op_ab(Pp, ob, b) * self.corr(Pp, b, P, m, m, ob))
            total += cp.dos * angular_average(t, ZP)
        return self.num(self.reduce(sp.pi / HBAR * total))

    # -------------------------------------------------------------- J_E, n^(sj)

    def J_E(self):
        """Electric-field correction of the collision integral, Eq. 38 (with the outgoing-band
        sum over m' in the Berry-connection term), on the Fermi shell, per unit E_x:

        [J_E]^m_k = -(2 pi/hbar) e u_0^2 sum_{r'} rho_r' < |Q^{mm'}|^2 (R_x^{m'm'}_k' - R_x^{mm}_k)
                       + Im{ [(d_kx + d_k'x) Q^{mm'}_{kk'}] Q^{m'm}_{k'k} } >   (dn_FD/deps = -delta).
        """
        L = self.shells.fermi_level()
        out = {}
        for c in L.circles:
            m = c.band
            P = self.point(c.radius, Z)
            RmmP = P.berry(m, m)[0]
            total = 0
            for cp in L.circles:
                b = cp.band
                Pp = self.point(cp.radius, ZP)
                qq, x = self.corr(P, m, Pp, b, b, m), self.corr_grad(P, m, Pp, b)
                im = (x - conj(x)) / (2 * sp.I)
                out_band = b if self.je == "summed" else m
                t = qq * (Pp.berry(out_band, out_band)[0] - RmmP) + im
                total += cp.dos * angular_average(t, ZP)
            out[c] = self.num(self.reduce(-2 * sp.pi / HBAR * E_CHARGE * total))
        return out

    # -------------------------------------------------------------- J_sk, n^(sk)
