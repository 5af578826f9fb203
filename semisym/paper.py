"""Reference data: the closed forms printed in Section VI of the paper (magnetized TI surface).

These formulas are typed in from the paper and are used ONLY to compare with what
semisym derives (tests, ``semisym check``); no derived result is built from them.
Each function returns a SymPy expression in the symbols passed to it; corrections
to the printed text are applied where marked, with the reason.

Notation of the paper: xi = M/eps_F, lambda_F = eps_F (conduction band),
rho(eps_F) = eps_F/(2 pi hbar^2 v_F^2), 1/tau = pi u_0^2 rho/hbar.
Every formula holds in the valence band with eps_F -> |eps_F| (particle-hole symmetry).
"""

from __future__ import annotations

import sympy as sp


class TIReference:
    """Section VI closed forms for H = hbar v_F (k_x sigma_y - k_y sigma_x) + M sigma_z.

    Pass the symbols (or numbers) to use: ``TIReference(M, v_F, hbar, eps_F, e, u_0)``.
    """

    def __init__(self, M, v_F, hbar, eps_F, e, u_0):
        self.M, self.v, self.hbar, self.e, self.u0 = M, v_F, hbar, e, u_0
        self.eF = sp.Abs(eps_F)
        self.xi = M / self.eF
        self.rho = self.eF / (2 * sp.pi * hbar ** 2 * v_F ** 2)
        self.tau = hbar / (sp.pi * u_0 ** 2 * self.rho)

    def printed(self, xi, rho, tau):
        """Every closed form of Section VI as the paper prints it, in its own variables ``xi``
        (xi_F), ``rho`` (rho(eps_F)) and ``tau``, which may be symbols independent of M, eps_F and
        u_0: {quantity: {term: expression}} for sigma_yx, s_x, s_y (per unit E_x, E = E_x x-hat;
        E x z-hat = -y-hat and z-hat x E = y-hat) and torque_x, torque_y (Eq. 105, corrected)."""
        e, hb, v, eF = self.e, self.hbar, self.v, self.eF
        f = (1 - xi ** 2) / (1 + 3 * xi ** 2)
        skew = 3 * (1 - xi ** 2) ** 2 / (2 * (1 + 3 * xi ** 2) ** 2)
        tot = 4 * (1 + xi ** 2) / (1 + 3 * xi ** 2) ** 2
        base = e ** 2 / (2 * sp.pi * hb) * xi
        sigma = {
            "intrinsic": e ** 2 / (4 * sp.pi * hb) * xi,                                    # Eq. 74
            "extrinsic": base * f,                                                          # Eq. 78
            "side_jump": base * f,                                                          # Eq. 82
            "skew": base * skew,                                                            # Eq. 85
            "total": base * tot,                                                            # Eq. 86
        }
        # Eq. 103: e hbar rho v_F xi / lambda_F = e hbar rho v_F M / eps_F^2
        a = e * hb * v * rho * xi / eF
        edel = e * tau * v * rho * f                                                        # Eq. 90
        s_x = {"edelstein": 0, "intrinsic": a / 2,                                          # Eqs. 90, 96
               "extrinsic": a * f, "side_jump": a * f, "skew": a * skew,                    # Eqs. 99, 101, 103
               "total": a * tot}                                                            # Eq. 104
        s_y = {"edelstein": -edel, "intrinsic": 0, "extrinsic": 0, "side_jump": 0, "skew": 0, "total": -edel}
        # Eq. 105 corrected (see torque()): M m x <sigma> with M = xi eps_F
        first = -(e * tau * eF ** 2 * xi / (2 * sp.pi * hb ** 2 * v)) * f
        second = (2 * e / (sp.pi * hb * v)) * eF * xi ** 2 * (1 + xi ** 2) / (1 + 3 * xi ** 2) ** 2
        return {"sigma_yx": sigma, "s_x": s_x, "s_y": s_y,
                "torque_x": {"edelstein": -first, "total": -first}, "torque_y": {"total": second}}

    # --- anomalous Hall conductivity sigma_yx (per unit E_x)
    def sigma_yx(self):
        return self.printed(self.xi, self.rho, self.tau)["sigma_yx"]

    # --- spin density per unit E_x, E = E_x x-hat
    def spin(self):
        """{term: (s_x, s_y)}.  E x z-hat = -y-hat and z-hat x E = y-hat for E along x."""
        p = self.printed(self.xi, self.rho, self.tau)
        return {t: (p["s_x"][t], p["s_y"][t]) for t in p["s_x"]}

    def torque(self):
        """(torque_x, torque_y) of Eq. 105 for m = z, E = E_x x-hat.

        Correction: the first term of Eq. 105 as printed carries a stray factor
        rho(eps_F); the torque is (2M/hbar) m x <S> with <S> = (hbar/2) <sigma>,
        i.e. M m x <sigma>, and the first term reads
        -(e tau eps_F M/(2 pi hbar^2 v_F)) (1-xi^2)/(1+3xi^2) m x (z x E).
        m x (z x E) = -x-hat and m x E = y-hat for E along x.
        """
        p = self.printed(self.xi, self.rho, self.tau)
        return (p["torque_x"]["total"], p["torque_y"]["total"])

    def beta_theta(self):
        """Eq. 77: beta = (1/tau)(hbar v_F/lambda) xi sqrt(1-xi^2) theta-hat, conduction band."""
        return (1 / self.tau) * (self.hbar * self.v / self.eF) * self.xi * sp.sqrt(1 - self.xi ** 2)

    def gamma_k(self):
        """Eq. 98: gamma = -(1/tau)(hbar/lambda) xi sqrt(1-xi^2) k-hat, conduction band."""
        return -(1 / self.tau) * (self.hbar / self.eF) * self.xi * sp.sqrt(1 - self.xi ** 2)

    def n_sj_theta(self):
        """Eq. 81: n^(sj) = 2 (hbar v_F/lambda) xi sqrt(1-xi^2)/(1+3xi^2) delta(eps_F - eps) e E.theta-hat
        (coefficient of e E.theta-hat delta)."""
        return 2 * self.hbar * self.v / self.eF * self.xi * sp.sqrt(1 - self.xi ** 2) / (1 + 3 * self.xi ** 2)

    def n_sk_theta(self):
        """Eq. 84: n^(sk) = (3/2)(hbar v_F/lambda) xi (1-xi^2)^{3/2}/(1+3xi^2)^2 delta e E.theta-hat sigma_z."""
        return sp.Rational(3, 2) * self.hbar * self.v / self.eF * self.xi * (1 - self.xi ** 2) ** sp.Rational(3, 2) \
            / (1 + 3 * self.xi ** 2) ** 2


def gap_sigma_yx(M, hbar, e):
    """Fermi level in the gap of a massive Dirac cone: half-quantized e^2/(4 pi hbar) sign(M)
    (the filled lower band of H = hbar v (k x sigma) + M sigma_z; independent textbook fact)."""
    return e ** 2 / (4 * sp.pi * hbar) * sp.sign(M)


#: Corrections to the printed text of the paper, found by deriving from its definitions
#: (derivations/notes.md has the details); (place, statement) with LaTeX allowed in statements.
CORRECTIONS = [
    ("Eqs. 6, 10", r"the disorder correlator is $\langle U^{mm'}_{kk'}U^{nn'}_{k'k}\rangle = u_0^2\,"
                   r"\langle u^m_k|u^{m'}_{k'}\rangle\langle u^n_{k'}|u^{n'}_k\rangle$ (the printed second "
                   r"overlap has its indices swapped)."),
    ("Eq. 36", r"the skew driving term is garbled; it is derived as the band-diagonal part of the Born "
               r"collision integral acting on the off-diagonal density $S'$ produced by $D'$ (Eq. 33)."),
    ("Eq. 38", r"the Berry-connection term $\mathcal{R}^{m'm'}_{k'} - \mathcal{R}^{mm}_k$ is summed over "
               r"the outgoing band $m'$ together with the Im-term; as printed ($m' = m$) the side jump "
               r"depends on the eigenvector phases as soon as two bands meet at $\varepsilon_F$."),
    ("Eq. 61", r"the last correlator reads $\langle U^{mm'}_{kk'}U^{nm}_{k'k}\rangle$; $\gamma$ is Eq. 47 "
               r"with $\mathcal{R}'$ replaced by $T$ (Eq. 56)."),
    ("Eq. 84", r"the factor $(1-\xi_F^2)^{3/2}$ belongs to the distribution written with the prefactor "
               r"$\hbar v_F\xi/\lambda$; the derived $n^{(sk)}$ integrates to Eq. 85."),
    ("Eq. 88", r"$s_{k,r}$ is $s_{k,x}$."),
    ("Eq. 103", r"$e\hbar\rho v_F\xi_F/\lambda_F = e\hbar\rho v_F M/\varepsilon_F^2$."),
    ("Eq. 105", r"the first term carries a stray factor $\rho(\varepsilon_F)$: the torque is "
                r"$(2M/\hbar)\,\hat m\times\langle S\rangle$ with $\langle S\rangle = (\hbar/2)\langle\sigma\rangle$."),
    ("Section VI", r"every closed form holds in the valence band with $\varepsilon_F\to|\varepsilon_F|$; in the gap "
                   r"$\sigma_{yx} = e^2\,\mathrm{sign}(M)/(4\pi\hbar)$ and the spin density is $\sigma_{yx}/(e v_F)$, not zero."),
]


def ado2015_sigma_xy(xi):
    """Reference data beyond the paper: the anomalous Hall conductivity of massive Dirac fermions with
    Gaussian white-noise disorder, in units of e^2/h, from Ado, Dmitriev, Ostrovsky, Titov,
    EPL 111, 37004 (2015), for H = v (p.sigma) + m sigma_z, eps_F = eps > m > 0, xi = m/eps:

        non-crossing:   sigma_xy = -(e^2/h) 4 eps m (eps^2 + m^2) / (eps^2 + 3 m^2)^2
        full (+ X, Psi): sigma_xy = -(e^2/h) 8 eps m^3 / (eps^2 + 3 m^2)^2

    (quoted from the published abstract's result; the article itself is not stored with the project).
    Mapping to semisym: their m is Delta of ``massive-dirac`` and M of ``ti-surface`` (a rotation of
    the spin about z), their sigma_xy is -sigma_yx of semisym; the non-crossing line is then Eq. 86
    of the paper.  Returns {"nca", "full", "crossed"} as SymPy expressions in ``xi``, semisym's sign
    (sigma_yx), units e^2/h."""
    nca = 4 * xi * (1 + xi ** 2) / (1 + 3 * xi ** 2) ** 2
    full = 8 * xi ** 3 / (1 + 3 * xi ** 2) ** 2
    return {"nca": nca, "full": full, "crossed": sp.simplify(full - nca)}
