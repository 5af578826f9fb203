"""The skew-scattering driving term J_sk (Eq. 36): the band-diagonal part of the Born collision
integral J = (i/hbar) <[U, g]> acting on the off-diagonal density S' produced by D' (Eq. 33), with
the two prescriptions of conventions.CHOICES["prescription"] (derivations/notes.md)."""

from __future__ import annotations

import sympy as sp

from semisym.conventions import BANDS, other
from semisym.symbolic.bands import Z, ZP
from semisym.symbolic.fermi import add_density
from semisym.symbolic.algebra import angular_average, average_product, safe_expand
from semisym.errors import InternalError
from semisym.model.hamiltonian import HBAR


class SkewScattering:
    """J_sk on the Fermi circles.  Part of :class:`semisym.symbolic.kinetics.Kinetics`."""

    def _level_of(self, band, radius):
        """The level at the energy of ``band`` at ``radius`` (the Fermi level if it is there)."""
        L = self.shells.fermi_level()
        for c in L.circles:
            if c.band == band and c.radius is radius:
                return L
        from semisym.model.form import K
        if self.numeric is not None or radius.k_expr is None:
            value = self.shells.energy_num(band, radius.k_value)
            return self.shells.level(sp.Float(value, self.shells.dps))
        expr = self.form.energy[band].subs(K, radius.k_expr)
        if sp.count_ops(expr) < 60:
            expr = sp.simplify(expr)
        return self.shells.level(expr)

    def _circle(self, level, band, radius):
        for c in level.circles:
            if c.band == band and c.radius is radius:
                return c
        raise InternalError("a shell circle was not found on its level")

    def J_sk(self, S):
        """Skew-scattering driving term: the diagonal part of the Born collision integral acting
        on the off-diagonal density S' produced by D' (Eq. 36, derived from Eq. 20).

        [J(rho)]^{mm}_k = -(pi/hbar) sum_{k'cd} [ - <Q^{mc} Q^{cd}> rho^{dm}_k delta(X1)
              + Q^{mc} rho^{cd}_k' Q^{dm} delta(X2) + Q^{md} rho^{dc}_k' Q^{cm} delta(X3)
              - rho^{md}_k Q^{dc} Q^{cm} delta(X4) ],
        Q^{ab} = <u^a_k|u^b_k'> or <u^a_k'|u^b_k>.  Steady state: X1 = X2 = eps^c_k' - eps^m_k,
        X3 = X4 = eps^m_k - eps^c_k'.  Eq. 17 (U alone evolved): X1 = eps^c_k' - eps^d_k,
        X2 = eps^d_k' - eps^m_k, X3 = eps^m_k - eps^d_k', X4 = eps^d_k - eps^c_k'.
        Prescription ``fermi-shell`` keeps only the Fermi shell: J_sk = 2 [T1F + T2on]
        (see derivations/ notes).  Returns a diagonal density {Circle: J(z)}.
        """
        pre = sp.pi / HBAR            # u_0^2 is inside the correlator (Kinetics.corr)
        LF = self.shells.fermi_level()
        out = {}
        for s, M in S.items():
            ms = s.band
            r = s.radius
            P = self.point(r, Z)
            # outer terms: rho at k
            for m in BANDS:
                d = other(m)
                if self.prescription == "fermi-shell":
                    if m != ms:
                        continue
                    level = LF
                else:
                    level = self._level_of(m if self.collision == "steady" else d, r)
                total = 0
                for cp in level.circles:
                    Pp = self.point(cp.radius, ZP)
                    b = cp.band
                    # M (the density at k) does not depend on theta': average the overlaps only
                    t = (angular_average(self.corr(P, m, Pp, b, b, d), ZP) * M.get((d, m), 0)
                         + M.get((m, d), 0) * angular_average(self.corr(P, d, Pp, b, b, m), ZP))
                    total += cp.dos * t
                val = pre * total
                if self.prescription == "fermi-shell":
                    add_density(out, s, 2 * val)
                    continue
                if m == ms:
                    add_density(out, s, val)
                else:
                    Lm = self._level_of(m, r)
                    target = self._circle(Lm, m, r)
                    jac = (target.sign * r.slope(m)) / (s.sign * r.slope(ms))
                    add_density(out, target, val * jac)
            # inner terms: rho at k'
            for (x, y), Mxy in M.items():
                levels = [self._level_of(x, r), self._level_of(y, r)]
                if self.prescription == "fermi-shell":
                    levels = [L for L in levels if L is LF]
                Mp = self.move(Mxy, r, Z, ZP)
                Pp = self.point(r, ZP)
                for L in levels:
                    for c in L.circles:
                        P2 = self.point(c.radius, Z)
                        m = c.band
                        q = safe_expand(self.corr(P2, m, Pp, x, y, m))
                        val = -pre * s.dos * average_product(q, Mp, ZP)
                        add_density(out, c, 2 * val if self.prescription == "fermi-shell" else val)
        return {c: self.num(self.reduce(v)) for c, v in out.items()}
