"""Beyond the non-crossing approximation: the X and Psi diagrams (one pair of crossed impurity lines).

Derivation: derivations/notes.md, section 12.  Units as in :mod:`semisym.kubo.streda` (response per
unit E_x, J = -e v, sum_k = int d^2k/(2 pi)^2, Gaussian white noise <u_A u_B> = u_0^2 w_AB).

The crossed irreducible vertex and its pair kernel K_ss'(p, p') are those of :mod:`semisym.pairs`.
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
invariance to the relative angle phi and contracted harmonic by harmonic with the kernel's
harmonics (:meth:`semisym.pairs.PairRate.harmonics`).
"""

from __future__ import annotations

import numpy as np

from semisym.errors import ModelError
from semisym.pairs import PairRate


class Crossed(PairRate):
    """The crossed-diagram (X + Psi) response of a :class:`semisym.kubo.streda.Kubo` object: the pair
    kernel of :class:`semisym.pairs.PairRate` between the on-shell ladder-dressed vertices.

    ``n_beta``: Chebyshev nodes of the loop's angle integral; ``n_theta``: points on each Fermi circle
    for the on-shell ladder (the trapezoid rule, exact for the trigonometric polynomials of an
    isotropic model up to that degree)."""

    def __init__(self, kb, n_beta=128, n_theta=64):
        if not kb.isotropic:
            raise ModelError("the crossed diagrams are computed for isotropic models only")
        self.kb = kb
        self.n_beta, self.n_theta = n_beta, n_theta
        w = kb.disorder.numeric(kb.disorder.values(kb.values))
        circles = [(n, kr[0], sl[0]) for n, kr, sl in kb.contours()]
        super().__init__(lambda kx, ky: kb._mat(kb._H, kx, ky), kb.eF, circles, w)

    # ------------------------------------------------------------------ on-shell ladder

    def dressed(self, O, left):
        """On-shell, ladder-dressed vertex of the 2x2 operator field ``O`` (a function of kx, ky):
        O~_s(k) = <s_k|O + Lambda|s_k>, Lambda = sum_s' int_s' (pi/Gamma_s') O~_s' S(P_s'), with S for
        the vertex on the right (``left`` False) and its transpose on the left; u_0 = 1.
        Returns per circle the values on the uniform angle grid."""
        th = 2 * np.pi * np.arange(self.n_theta) / self.n_theta
        A_F = self.kb.spectral()
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

    def vertices(self):
        """(J~, {name: O~}): the on-shell dressed vertices (:meth:`dressed`) of the current J_x on the
        right and of every observable of :meth:`semisym.kubo.streda.Kubo._observables` on the left."""
        from semisym.kubo.streda import OBSERVABLES
        kb = self.kb
        field = lambda name: (lambda kx, ky: kb._observables(*kb.ops_at(kx, ky))[name])
        return (self.dressed(field("sigma_xx"), left=False),        # the operator of sigma_xx is J_x
                {name: self.dressed(field(name), left=True) for name in OBSERVABLES})

    def response(self, Jt, Ot, n_beta=None, rtol=1e-9, cache=None):
        """K^cr for each observable, from the dressed vertices of :meth:`vertices` (the current J~ on
        the right, {name: O~} on the left); returns {name: (value, error estimate)}.  The error adds
        the angle quadrature's estimate and the change when the loop rule's nodes are halved.
        ``cache``: a dict that keeps the angle integrals between calls (a refinement reuses the
        coarser ones)."""
        kb = self.kb
        n_beta = n_beta or self.n_beta
        cache = {} if cache is None else cache

        def harm(s, s2, orders, nb):
            key = (s, s2, tuple(orders), nb, rtol)
            if key not in cache:
                cache[key] = self.harmonics(s, s2, orders, nb, rtol)
            return cache[key]

        fft = lambda f: np.fft.fft(f) / self.n_theta
        out = {name: [0.0, 0.0] for name in Ot}
        for i, s in enumerate(self.circles):
            for j, s2 in enumerate(self.circles):
                jn = fft(Jt[j][0])
                orders = [n for n in range(-self.n_theta // 2 + 1, self.n_theta // 2)
                          if abs(jn[n]) > 1e-12 * np.abs(jn).max()]
                kh, err = harm(s, s2, orders, n_beta)
                kh2, _ = harm(s, s2, orders, n_beta // 2)
                pref = (kb.hbar / (2 * np.pi)) * self.measure(s) * self.measure(s2) * 2 * np.pi \
                    * (np.pi / Jt[i][1]) * (np.pi / Jt[j][1])
                for name in Ot:
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
    Jt, Ot = cr.vertices()
    harm = lambda v: np.fft.fft(v[0])[[1, -1]] / cr.n_theta          # the harmonics e^{+-i theta}
    jh = [harm(v) for v in Jt]
    hall = {}
    for name in OBSERVABLES:
        oh = [harm(v) for v in Ot[name]]
        # a kernel even in the scattering angle couples o_{-1} j_1 + o_1 j_{-1}: the longitudinal part
        par = max(abs(o[1] * j[0] + o[0] * j[1]) for o in oh for j in jh)
        norm = max(np.abs(o).max() * np.abs(j).max() for o in oh for j in jh) + 1e-300
        hall[name] = bool(par <= 1e-9 * norm)
    cache = {}
    while True:
        res = cr.response(Jt, Ot, n_beta=n_beta, rtol=rtol, cache=cache)
        if n_beta >= max_beta or all(res[q][1] <= target * abs(res[q][0]) for q in OBSERVABLES if hall[q]):
            break
        n_beta *= 2
    out = {name: {"value": float(res[name][0]), "error": float(res[name][1]), "hall_like": hall[name]}
           for name in OBSERVABLES}
    return out
