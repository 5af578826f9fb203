"""The objects of the chain shown as the paper prints them (Eqs. 76-84, 98-102): on each Fermi circle
as functions of theta, and the band-structure objects at a generic point."""

from __future__ import annotations

import sympy as sp

from semisym.conventions import BANDS
from semisym.symbolic.bands import Point
from semisym.symbolic.algebra import angular_average, laurent, tidy
from semisym.symbolic.kinetics import Z, ZP
from semisym.model.hamiltonian import E_CHARGE, HBAR


class ChainObjects:
    """``objects`` and ``band_objects()`` of a derivation.  Part of
    :class:`semisym.symbolic.derivation.Derivation`."""

    THETA = sp.Symbol("theta", real=True)

    def on_circle(self, expr):
        """A Laurent polynomial in z = e^{i theta} at a Fermi circle, as a closed form in theta
        (cos and sin of l theta), radius symbols replaced by their closed forms."""
        vals = self.radius_values()
        th = self.THETA
        terms = {l: self.kin.reduce(c) for l, c in laurent(expr, Z).items()}
        out = 0
        for l in sorted({abs(l) for l in terms}):
            a, b = terms.get(l, 0), terms.get(-l, 0)
            if l == 0:
                out += tidy(sp.sympify(a).xreplace(vals))
                continue
            out += tidy(sp.sympify(a + b).xreplace(vals)) * sp.cos(l * th) \
                + tidy(sp.sympify(sp.I * (a - b)).xreplace(vals)) * sp.sin(l * th)
        return out

    @property
    def objects(self):
        """The objects of the chain on every Fermi circle (label -> closed form in theta):
        n_minus1 (Eq. 29), beta_x, beta_y (Eq. 47), gamma_x, gamma_y (Eq. 61), J_E (Eq. 38),
        n_sj (Eq. 37), J_sk (Eq. 36), n_sk (Eq. 35), tau (1/tau = (2 pi/hbar) sum_k' W, Eq. 30 without
        the cosine: the total out-scattering rate), tau_tr (the transport time: n^(-1) = -e v_x tau_tr,
        v_x = (d eps/dk/hbar) cos theta).  Densities are per unit E_x and stand in front of
        delta(eps^m_k - E) of their circle's shell."""
        if "_objects" in self.__dict__:
            return self._objects
        out = {}
        self._circle_latex = {}

        def lab(c):
            key = f"{'+' if c.band == 0 else '-'}@{c.radius.label}" + (
                "" if c.level is self.LF else f"(E={sp.sstr(c.level.expr)})")
            at = "" if c.level is self.LF else rf",\ \varepsilon = {sp.latex(c.level.expr)}"
            self._circle_latex[key] = rf"{'+' if c.band == 0 else '-'},\,k_{{{c.radius.label}}}{at}"
            return key

        out["n_minus1"] = {lab(c): self.on_circle(h) for c, h in self.n1.items()}
        for i, ax in enumerate("xy"):
            out[f"beta_{ax}"] = {lab(c): self.on_circle(b[i]) for c, b in self.beta.items()}
            out[f"gamma_{ax}"] = {lab(c): self.on_circle(g[i]) for c, g in self.gamma.items()}
        out["J_E"] = {lab(c): self.on_circle(h) for c, h in self.JE.items()}
        out["n_sj"] = {lab(c): self.on_circle(h) for c, h in self.nsj.items()}
        out["J_sk"] = {lab(c): self.on_circle(h) for c, h in self.Jsk.items()}
        out["n_sk"] = {lab(c): self.on_circle(h) for c, h in self.nsk.items()}
        vals = self.radius_values()
        rate = {}
        for c in self.LF.circles:
            w = sum((cp.dos * angular_average(self.kin.W(c, cp), ZP) for cp in self.LF.circles), sp.Integer(0))
            rate[lab(c)] = tidy((HBAR / (2 * sp.pi * self.kin.reduce(angular_average(w, Z)))).xreplace(vals))
        out["tau"] = rate
        # n^(-1) = -e v_x tau_tr per unit E_x on the shell, v_x = (d eps/dk/hbar) cos(theta): the transport time
        th = self.THETA
        out["tau_tr"] = {}
        for c in self.LF.circles:
            key = lab(c)
            cos = out["n_minus1"][key].coeff(sp.cos(th))
            v = (c.radius.slope(c.band) / HBAR).xreplace(vals)
            out["tau_tr"][key] = tidy(-cos / (E_CHARGE * v))
        self._objects = out
        return out

    def circle_latex(self, key):
        """LaTeX of a circle key of :attr:`objects` ("+@F" -> "+, k_F"; "-@F(E=-epsilon_F)" -> "-, k_F,
        epsilon = -epsilon_F"), for rendering: the keys themselves are identifiers."""
        self.objects
        return self._circle_latex[key]

    def band_objects(self, compact=False):
        """The band-structure objects at a generic point k(cos theta, sin theta) (z = e^{i theta}):
        energies, eigenvectors (half-angle gauge, Section "Conventions" of the README), Berry
        connection R^{mm} = i<u^m|grad u^m> (x, y), Berry curvature Omega^m (Eq. 43) and the
        interband connection R^{+-}; band 0 is "+" (upper), 1 is "-" (lower).

        ``compact``: the half band splitting |d(k)| (the square root in the energies) written as the
        symbol d_k, so that eigenvectors read sqrt(2M + 2 d_k)/(2 sqrt(d_k)) instead of nested
        radicals; its definition is under the key "d_k"."""
        out = self._band_objects()
        if not compact:
            return out
        D = sp.Symbol("d_k", positive=True)
        roots = [a for a in out["energy"]["+"].atoms(sp.Pow) if a.exp == sp.Rational(1, 2)]

        def short(x):
            for r in roots:
                x = x.replace(lambda a: a.is_Pow and a.base == r.base, lambda a: D ** (2 * a.exp))
            return sp.simplify(x)

        def walk(x):
            if isinstance(x, dict):
                return {k: walk(v) for k, v in x.items()}
            if isinstance(x, tuple):
                return tuple(walk(v) for v in x)
            if isinstance(x, sp.MatrixBase):
                return x.applyfunc(short)
            return short(x)
        out = walk(out)
        out["d_k"] = roots[0] if roots else None
        return out

    def _band_objects(self):
        gen = self.generic
        P = Point(gen, Z, self.form.N, gauge=False)
        fn = gen.functions()
        C = fn[gen.C]
        half = {gen.c: sp.sqrt((1 + C) / 2), gen.s: sp.sqrt((1 - C) / 2)}
        th = sp.Symbol("theta", real=True)
        angle = {Z: sp.exp(sp.I * th)}

        def show(x, reduce=True):
            x = gen.reduce(x) if reduce else x
            return sp.simplify(sp.sympify(x).xreplace(half).subs(fn).xreplace(angle))
        out = {"energy": {}, "eigenvector": {}, "berry_connection": {}, "berry_curvature": {}}
        for m in BANDS:
            name = "+" if m == 0 else "-"
            out["energy"][name] = show(P.energy(m))
            out["eigenvector"][name] = P.ket(m).applyfunc(lambda x: show(x, reduce=False))
            out["berry_connection"][name] = tuple(show(x, reduce=False) for x in P.berry(m, m))
            out["berry_curvature"][name] = show(P.berry_curvature(m))
        out["interband_connection"] = tuple(show(x, reduce=False) for x in P.berry(0, 1))
        return out
