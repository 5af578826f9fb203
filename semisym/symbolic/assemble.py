"""The chain run and the response terms assembled (Section VI), before any simplification:
anomalous Hall conductivity, spin density, torque.

Conventions (README, "Conventions"): sum_k = int d^2k/(2 pi)^2 (per unit area, one
band pair, no degeneracy factor); electron charge -e; E = E_x x-hat and every term
is per unit E_x; sigma_yx = j_y/E_x; spin density in Pauli units (no hbar/2);
1/tau = pi u_0^2 rho(eps_F)/hbar; zero temperature.

Current (Eq. 52), per unit E_x:
    sigma_yx = (e^2/hbar) sum_mk Omega^m n_FD              intrinsic   (Eq. 72)
             - e sum_mk n^(-1)m beta^m_y                    extrinsic   (Eq. 75)
             - e sum_mk v^m_y n^(sj)m                       side_jump   (Eq. 79)
             - e sum_mk v^m_y n^(sk)m                       skew        (Eq. 83)
    sigma_xx = - e sum_mk v^m_x n^(-1)m                     drude
Spin density (Eq. 63), per unit E_x:
    <s> = sum_mk s^mm n^(-1)m                               edelstein   (Eq. 87)
        + (ie/hbar) sum_mk [T, R'_x]^mm n_FD                intrinsic   (Eq. 91)
        + sum_mk n^(-1)m gamma^m                            extrinsic   (Eq. 97)
        + sum_mk s^mm (n^(sj)m + n^(sk)m)                   side_jump, skew (Eqs. 100, 102)
Torque (Eq. 105, corrected): (2J/hbar) z x <S>, <S> = (hbar/2) <sigma>:
    torque_x = -J s_y, torque_y = J s_x.
"""

from __future__ import annotations

import sympy as sp

from semisym.conventions import BANDS, SIGMA_TERMS, SKEW_3, SPIN_TERMS, other
from semisym.symbolic.bands import Point, Radius
from semisym.symbolic.algebra import angular_average, average_product, tidy
from semisym.symbolic.kinetics import Z
from semisym.model.hamiltonian import E_CHARGE, HBAR


class Raw:
    """An unsimplified term: a Fermi-surface part in radius symbols and Fermi-sea parts
    (integrand f(k) after the angular average, list of occupied intervals)."""

    def __init__(self, fs=0, sea=()):
        self.fs = sp.sympify(fs)
        self.sea = list(sea)

    def __add__(self, other):
        return Raw(self.fs + other.fs, self.sea + other.sea)

    __radd__ = lambda self, other: self if other == 0 else self + other

    def scale(self, c):
        return Raw(c * self.fs, [(c * f, iv) for f, iv in self.sea])



class Assembly:
    """Runs the chain (n^(-1), S', beta, gamma, J_E, n^(sj), J_sk, n^(sk)) on the Fermi circles and the
    Fermi sea, and assembles the raw terms ``self.raw`` {(quantity, term): Raw}.  Part of
    :class:`semisym.symbolic.derivation.Derivation`."""

    def _sum_fs(self, density, weight):
        """sum_k w(k) n_k for a diagonal shell density: sum_c rho_c <w h_c>."""
        total = 0
        for c, h in density.items():
            P = self.kin.point(c.radius)
            total += c.dos * average_product(weight(P, c.band), h, Z)
        return self.kin.reduce(total)

    def _run(self):
        kin = self.kin
        spin = self.model.spin
        n1 = kin.n_minus1() if self.LF.circles else {}
        S = kin.S_prime(n1) if n1 else {}
        self.n1, self.S = n1, S
        # extrinsic velocity and spin: beta (Eq. 47) and gamma (Eq. 61) on each Fermi circle
        beta, gamma = {}, {}
        for c in self.LF.circles:
            beta[c] = [kin.transpose_J(lambda P, a, b, i=i: P.berry(a, b)[i], c) for i in (0, 1)]
            gamma[c] = [kin.transpose_J(lambda P, a, b, i=i: P.T(spin[i], a, b), c) for i in (0, 1)]
        self.beta, self.gamma = beta, gamma
        # side jump: J0 n^(sj) = -J_E (Eq. 37)
        JE = kin.J_E() if n1 else {}
        nsj = kin.solve_J0({c: -v for c, v in JE.items()}) if JE else {}
        # skew: J0 n^(sk) = -J_sk (Eq. 35)
        Jsk = kin.J_sk(S) if S else {}
        nsk = kin.solve_J0({c: -v for c, v in Jsk.items() if v != 0}) if Jsk else {}
        self.JE, self.nsj, self.Jsk, self.nsk = JE, nsj, Jsk, nsk
        # third-order (non-Gaussian) skew scattering: J0 n^(sk3) = A[n^(-1)] (kinetics.skew3_drive)
        third = self.disorder.third and bool(n1)
        if third:
            A3 = kin.skew3_drive(n1)
            nsk3 = kin.solve_J0({c: v for c, v in A3.items() if v != 0}) if any(v != 0 for v in A3.values()) else {}
        self.nsk3 = nsk3 if third else {}

        vy = lambda P, m: P.velocity(m)[1]
        vx = lambda P, m: P.velocity(m)[0]
        e = E_CHARGE
        R = {}
        R[("sigma_xx", "drude")] = Raw(-e * self._sum_fs(n1, vx))
        R[("sigma_yx", "extrinsic")] = Raw(-e * self.kin.reduce(sum(
            (c.dos * average_product(n1[c], beta[c][1], Z) for c in n1), sp.Integer(0))))
        R[("sigma_yx", "side_jump")] = Raw(-e * self._sum_fs(nsj, vy))
        R[("sigma_yx", "skew")] = Raw(-e * self._sum_fs(nsk, vy))
        if self.disorder.third:
            R[("sigma_yx", SKEW_3)] = Raw(-e * self._sum_fs(self.nsk3, vy))
        for i, q in enumerate(("s_x", "s_y")):
            sdiag = lambda P, m, i=i: P.spin(spin[i], m, m)
            R[(q, "edelstein")] = Raw(self._sum_fs(n1, sdiag))
            R[(q, "extrinsic")] = Raw(self.kin.reduce(sum(
                (c.dos * average_product(n1[c], gamma[c][i], Z) for c in n1), sp.Integer(0))))
            R[(q, "side_jump")] = Raw(self._sum_fs(nsj, sdiag))
            R[(q, "skew")] = Raw(self._sum_fs(nsk, sdiag))
            if self.disorder.third:
                R[(q, SKEW_3)] = Raw(self._sum_fs(self.nsk3, sdiag))
        # Fermi sea: intrinsic terms at a generic radius
        gen = Radius(self.form, label="k", generic=True)
        self.generic = gen
        P = Point(gen, Z, self.form.N, gauge=self.gauge)
        fn = gen.functions()
        occ = {m: self.shells.occupied(m) for m in BANDS}
        self.occupied = occ
        sea = {"sigma_yx": [], "s_x": [], "s_y": []}
        for m in BANDS:
            n = other(m)
            om = gen.reduce(P.berry_curvature(m))
            sea["sigma_yx"].append((tidy((e ** 2 / HBAR * om).subs(fn)), occ[m]))
            for i, q in enumerate(("s_x", "s_y")):
                f = sp.I * e / HBAR * (P.T(spin[i], m, n) * P.berry(n, m)[0] - P.berry(m, n)[0] * P.T(spin[i], n, m))
                f = gen.reduce(angular_average(f, Z))
                sea[q].append((tidy(f.subs(fn)), occ[m]))
        for q in sea:
            R[(q, "intrinsic")] = Raw(0, sea[q])
        # totals
        extra = (SKEW_3,) if self.disorder.third else ()
        for q, names in (("sigma_yx", SIGMA_TERMS), ("s_x", SPIN_TERMS), ("s_y", SPIN_TERMS)):
            R[(q, "total")] = sum((R[(q, t)] for t in names + extra if t != "total"), Raw())
        # torque (Eq. 105 corrected): (2J/hbar) z x <S>, <S> = (hbar/2)<sigma>
        if self.model.exchange:
            J = self.model.parameters[self.model.exchange]
            for t in SPIN_TERMS + extra:
                R[("torque_x", t)] = R[("s_y", t)].scale(-J)
                R[("torque_y", t)] = R[("s_x", t)].scale(J)
        self.raw = R

    @property
    def trace_ext(self):
        """sum_k Tr(O S') for O = v_y (times -e), s_x, s_y: the extrinsic terms computed directly
        from the off-diagonal density (Eqs. 44, 58), for the transpose identities of check()."""
        if "_trace_ext" not in self.__dict__:
            kin, S, spin, e = self.kin, self.S, self.model.spin, E_CHARGE
            if not S:
                self._trace_ext = {"sigma_yx": 0, "s_x": 0, "s_y": 0}
            else:
                self._trace_ext = {
                    "sigma_yx": -e * kin.reduce(kin.trace_offdiag(
                        lambda P, a, b: sp.I / HBAR * (P.energy(a) - P.energy(b)) * P.berry(a, b)[1], S)),
                    "s_x": kin.reduce(kin.trace_offdiag(lambda P, a, b: P.spin(spin[0], a, b), S)),
                    "s_y": kin.reduce(kin.trace_offdiag(lambda P, a, b: P.spin(spin[1], a, b), S)),
                }
        return self._trace_ext
