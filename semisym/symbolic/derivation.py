"""Response terms (Section VI): anomalous Hall conductivity, spin density, torque.

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

import mpmath as mp
import sympy as sp

from semisym.conventions import BANDS, Options, SIGMA_TERMS, equation, SPIN_TERMS, other
from semisym.model.form import K, isotropic_form
from semisym.symbolic.bands import Point, Radius
from semisym.symbolic.algebra import angular_average, average_product, laurent, tidy
from semisym.errors import InternalError, ModelError, ParameterError, RegimeError
from semisym.symbolic.fermi import Shells
from semisym.symbolic.kinetics import Kinetics, Z, ZP
from semisym.model.hamiltonian import E_CHARGE, HBAR, U0, Model, fermi_symbol
from semisym.symbolic.sea import sea_integral, sea_numeric
from semisym.result import Entry, Result
from semisym.symbolic.terms import Term, TermGroup, evaluate_expr


#: Fermi radii with closed forms larger than this send the derivation to numeric mode
MAX_CLOSED_RADIUS_OPS = 16


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


class Derivation:
    """Every term of Section VI for one model in one Fermi-level regime.

    Attributes ``sigma_yx``, ``sigma_xx``, ``s_x``, ``s_y``, ``torque_x``,
    ``torque_y`` are :class:`TermGroup` dicts of :class:`Term`;
    ``objects`` holds the intermediate objects of the chain (beta, gamma, n^(-1),
    n^(sj), n^(sk), J_E, tau) on each Fermi circle, as functions of theta.
    """

    def __init__(self, model, sample, regime, options=None, gauge=False, closed=True, numeric=False):
        self.model = model
        self.regime = regime
        #: the options of the calculation (conventions.Options)
        self.options = Options.make(options)
        self.collision = self.options.collision
        self.prescription = self.options.prescription
        self.je = self.options.je
        self.gauge = gauge
        self.closed = closed
        self.form = isotropic_form(model.hamiltonian)
        sgn = 1 if sample["epsilon_F"] > 0 else (-1 if sample["epsilon_F"] < 0 else 0)
        self.eps_F = fermi_symbol(sgn)
        self.sample_values = dict(sample)
        self.sample = {model.parameters[n]: sp.Float(v, 30) for n, v in sample.items() if n in model.parameters}
        self.sample[self.eps_F] = sp.Float(sample["epsilon_F"], 30)
        #: numeric mode: every term evaluated at the sample values (u_0 kept as a symbol)
        self.numeric = numeric
        self.shells = Shells(self.form, self.sample, self.eps_F, symbolic=not numeric)
        self.LF = self.shells.fermi_level()
        num = None
        if numeric:
            # model parameters become numbers; e (and hbar where it is not a model parameter)
            # stay symbols: they enter only as overall factors
            num = dict(self.sample)
        self.kin = Kinetics(self.form, self.shells, gauge=gauge, options=self.options, numeric=num)
        self.raw = {}
        self._run()
        self.groups = {}
        self._finish(closed)

    # ------------------------------------------------------------------ chain

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

        vy = lambda P, m: P.velocity(m)[1]
        vx = lambda P, m: P.velocity(m)[0]
        e = E_CHARGE
        R = {}
        R[("sigma_xx", "drude")] = Raw(-e * self._sum_fs(n1, vx))
        R[("sigma_yx", "extrinsic")] = Raw(-e * self.kin.reduce(sum(
            (c.dos * average_product(n1[c], beta[c][1], Z) for c in n1), sp.Integer(0))))
        R[("sigma_yx", "side_jump")] = Raw(-e * self._sum_fs(nsj, vy))
        R[("sigma_yx", "skew")] = Raw(-e * self._sum_fs(nsk, vy))
        for i, q in enumerate(("s_x", "s_y")):
            sdiag = lambda P, m, i=i: P.spin(spin[i], m, m)
            R[(q, "edelstein")] = Raw(self._sum_fs(n1, sdiag))
            R[(q, "extrinsic")] = Raw(self.kin.reduce(sum(
                (c.dos * average_product(n1[c], gamma[c][i], Z) for c in n1), sp.Integer(0))))
            R[(q, "side_jump")] = Raw(self._sum_fs(nsj, sdiag))
            R[(q, "skew")] = Raw(self._sum_fs(nsk, sdiag))
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
        for q, names in (("sigma_yx", SIGMA_TERMS), ("s_x", SPIN_TERMS), ("s_y", SPIN_TERMS)):
            R[(q, "total")] = sum((R[(q, t)] for t in names if t != "total"), Raw())
        # torque (Eq. 105 corrected): (2J/hbar) z x <S>, <S> = (hbar/2)<sigma>
        if self.model.exchange:
            J = self.model.parameters[self.model.exchange]
            for t in SPIN_TERMS:
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

    # ------------------------------------------------------------------ closed forms

    def radius_values(self):
        vals = {}
        self.closed_radii = True
        for r in self.shells.radii:
            v = r.values()
            if v is None:
                self.closed_radii = False
                continue
            vals.update(v)
        return vals

    def _closed(self, raw, vals):
        fs = raw.fs
        closed = True
        if fs != 0:
            fs = fs.xreplace(vals)
            if any(fs.has(x) for r in self.shells.radii for x in (r.k, r.C, r.S, r.D)):
                closed = False
            fs = tidy(fs) if closed else fs
        total = fs
        for f, iv in raw.sea:
            key = (f, tuple(iv))
            if key not in self._sea_cache:
                self._sea_cache[key] = sea_integral(f, iv, lambda r: r.k_expr)
            expr, ok = self._sea_cache[key]
            if expr is None:
                total += sp.Integral(0, (K, 0, 1))
                closed = False
                continue
            closed = closed and ok
            total += expr
        return (tidy(total) if closed else total), closed

    def _eq(self, q, t):
        """Paper equation of a term: the TI closed form for models of the paper's type,
        otherwise the general formula it comes from."""
        return equation((q, t), paper=bool(self.model.paper_symbols))

    def _sort_groups(self):
        """Terms of each quantity in the order of the paper (intrinsic ... total)."""
        order = {"sigma_yx": SIGMA_TERMS, "sigma_xx": ("drude",)}
        for q, g in self.groups.items():
            names = order.get(q, SPIN_TERMS)
            items = sorted(g.items(), key=lambda kv: names.index(kv[0]))
            g.clear()
            g.update(items)

    def _finish_numeric(self):
        num = self.kin.numeric
        for (q, t), raw in self.raw.items():
            expr = self.kin.num(raw.fs) if raw.fs != 0 else sp.Integer(0)
            for f, iv in raw.sea:
                fn = f.xreplace(num)
                coeff, g = sp.factor_terms(fn).as_independent(K, as_Add=False)
                if g.free_symbols - {K}:
                    raise InternalError("a Fermi-sea integrand keeps symbols besides k")
                fnum = sp.lambdify(K, g, "mpmath")
                ivn = [(0 if lo == 0 else lo.k_value, mp.inf if hi == sp.oo else hi.k_value) for lo, hi in iv]
                expr += coeff * sp.Float(sea_numeric(lambda k: mp.re(fnum(k)), ivn, 30), 30)
            term = Term(quantity=q, name=t, expr=expr, closed_form=False, paper_eq=self._eq(q, t), raw=raw, derivation=self)
            self.groups.setdefault(q, TermGroup(q))[t] = term
        self._sort_groups()

    def _finish(self, closed):
        if self.numeric:
            return self._finish_numeric()
        vals = self.radius_values() if closed else {}
        self._sea_cache = {}
        cache = {}
        for (q, t), raw in self.raw.items():
            if not closed:
                expr, ok = raw.fs, False
            elif q.startswith("torque"):
                J = self.model.parameters[self.model.exchange]
                src, ok = cache[("s_y" if q == "torque_x" else "s_x", t)]
                expr = tidy(-J * src if q == "torque_x" else J * src)
            elif t == "total":
                names = SIGMA_TERMS if q == "sigma_yx" else SPIN_TERMS
                parts = [cache[(q, n)] for n in names if n != "total"]
                if all(ok for _, ok in parts):
                    expr, ok = tidy(sum(x for x, _ in parts)), True
                else:
                    expr, ok = self._closed(raw, vals)
            else:
                expr, ok = self._closed(raw, vals)
            cache[(q, t)] = (expr, ok)
            term = Term(quantity=q, name=t, expr=expr, closed_form=ok, paper_eq=self._eq(q, t),
                        raw=raw, derivation=self)
            self.groups.setdefault(q, TermGroup(q))[t] = term
        self._sort_groups()

    # ------------------------------------------------------------------ objects of the chain

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
        the cosine: the total out-scattering rate).  Densities are per unit E_x and stand in front of
        delta(eps^m_k - E) of their circle's shell."""
        if "_objects" in self.__dict__:
            return self._objects
        out = {}
        lab = lambda c: f"{'+' if c.band == 0 else '-'}@{c.radius.label}" + (
            "" if c.level is self.LF else f"(E={sp.sstr(c.level.expr)})")
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
        self._objects = out
        return out

    def band_objects(self):
        """The band-structure objects at a generic point k(cos theta, sin theta) (z = e^{i theta}):
        energies, eigenvectors (half-angle gauge, Section "Conventions" of the README), Berry
        connection R^{mm} = i<u^m|grad u^m> (x, y), Berry curvature Omega^m (Eq. 43) and the
        interband connection R^{+-}; band 0 is "+" (upper), 1 is "-" (lower)."""
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

    # ------------------------------------------------------------------ access

    def __getattr__(self, name):
        groups = self.__dict__.get("groups", {})
        if name in groups:
            return groups[name]
        if name in ("sigma_yx", "sigma_xx", "s_x", "s_y", "torque_x", "torque_y"):
            return TermGroup(name)
        raise AttributeError(name)

    @property
    def terms(self):
        """All terms, in a fixed order."""
        out = []
        for q in ("sigma_yx", "sigma_xx", "s_x", "s_y", "torque_x", "torque_y"):
            out.extend(self.groups.get(q, {}).values())
        return out

    @property
    def circles(self):
        """The Fermi circles: band, radius (closed form or None), velocity sign, density of states."""
        out = []
        for c in self.LF.circles:
            out.append({"band": "+" if c.band == 0 else "-", "radius": c.radius.k_expr,
                        "radius_value": float(c.radius.k_value), "velocity": "outward" if c.sign > 0 else "inward"})
        return out

    def describe_regime(self):
        if not self.LF.circles:
            return "Fermi level in a gap (no Fermi circle)"
        parts = [f"band {'+' if c.band == 0 else '-'} (k = {float(c.radius.k_value):.4g}, "
                 f"{'outward' if c.sign > 0 else 'inward'} velocity)" for c in self.LF.circles]
        return f"{len(parts)} Fermi circle(s): " + "; ".join(parts)

    # ------------------------------------------------------------------ numbers

    def structure(self, values):
        """The Fermi-circle structure (band, velocity sign) at parameter values."""
        sample = self._sample_for(values)
        sh = Shells(self.form, sample, self.eps_F)
        L = sh.fermi_level()
        return sh, [(c.band, c.sign) for c in L.circles]

    def _sample_for(self, values):
        sample = {}
        for name, sym in self.model.parameters.items():
            if name not in values:
                raise ParameterError(f"missing parameter value(s): {name}")
            sample[sym] = sp.Float(values[name], 30)
        if "epsilon_F" not in values:
            raise ParameterError("missing parameter value(s): epsilon_F")
        eps = values["epsilon_F"]
        if (eps > 0 and self.eps_F.is_negative) or (eps < 0 and self.eps_F.is_positive):
            raise RegimeError("epsilon_F has the other sign than in this derivation: derive again with these values")
        sample[self.eps_F] = sp.Float(eps, 30)
        return sample

    def check_regime(self, values):
        sh, st = self.structure(values)
        mine = [(c.band, c.sign) for c in self.LF.circles]
        if st != mine:
            raise RegimeError("these values put the Fermi level in another regime "
                              f"({len(st)} circle(s) instead of {len(mine)}): derive again with these values")
        return sh

    def term_value(self, term, values, dps=30):
        values = self.model.check_values(values)
        if self.numeric:
            return self._numeric_value(term, values, dps)
        self.check_regime(values)
        if term.closed_form:
            return evaluate_expr(term.expr, values, dps)
        return self.raw_value(term, values, dps)

    def _numeric_radii(self, values, dps):
        """Numeric values of every radius symbol at parameter values: the Fermi radii (and the
        radii of other shells) found again by mpmath root finding, not from closed forms."""
        key = (tuple(sorted(values.items())), dps)
        cache = self.__dict__.setdefault("_radii_cache", {})
        if key in cache:
            return cache[key]
        sample = self._sample_for(values)
        sh = Shells(self.form, sample, self.eps_F, precision=dps)
        params = dict(sample)
        for name, sym in (("e", E_CHARGE), ("u_0", U0), ("hbar", HBAR)):
            if name in values:
                params[sym] = sp.Float(values[name], dps)
        kmap = {}
        for L in self.shells.levels:
            Ln = sh.fermi_level() if L.expr == self.eps_F else sh.level(L.expr)
            for band in BANDS:
                mine = sorted((c for c in L.circles if c.band == band), key=lambda c: c.radius.k_value)
                theirs = sorted((c for c in Ln.circles if c.band == band), key=lambda c: c.radius.k_value)
                if len(mine) != len(theirs):
                    raise RegimeError("these values put the Fermi level in another regime: derive again with these values")
                for a, b in zip(mine, theirs):
                    kmap[a.radius] = b.radius.k_value
        num = {}
        for r, kv in kmap.items():
            for sym, fn in r.functions().items():
                num[sym] = sp.N(fn.xreplace(params).subs(K, sp.Float(kv, dps)), dps)
        cache[key] = (params, kmap, num)
        return cache[key]

    def raw_value(self, term, values, dps=30):
        """The term evaluated from its unsimplified form: numeric Fermi radii (mpmath root
        finding), numeric radius functions and mpmath quadrature of the Fermi sea."""
        values = self.model.check_values(values)
        raw = term.raw
        params, kmap, num = self._numeric_radii(values, dps)
        missing = [n for n, s in (("e", E_CHARGE), ("u_0", U0), ("hbar", HBAR)) if s not in params and
                   (raw.fs.has(s) or any(f.has(s) for f, _ in raw.sea))]
        if missing:
            raise ParameterError(f"missing parameter value(s): {', '.join(missing)}")
        with mp.workdps(dps):
            total = mp.mpf(0)
            if raw.fs != 0:
                v = sp.N(raw.fs.xreplace(params).xreplace(num), dps)
                total += mp.mpf(str(sp.re(v)))
            for f, iv in raw.sea:
                fnum = sp.lambdify(K, f.xreplace(params), "mpmath")
                ivn = []
                for lo, hi in iv:
                    a = 0 if lo == 0 else kmap[lo]
                    b = mp.inf if hi == sp.oo else kmap[hi]
                    ivn.append((a, b))
                total += sea_numeric(lambda k: mp.re(fnum(k)), ivn, dps)
            return +total

    def _numeric_value(self, term, values, dps=30):
        for name, v in self.sample_values.items():
            if name in values and abs(values[name] - v) > 1e-14 * max(1, abs(v)):
                raise RegimeError(f"this derivation is numeric at {name} = {v}: derive again with the new values")
        return evaluate_expr(term.expr, values, dps)

    def evaluate(self, values, dps=30):
        """{(quantity, term): value} for every term at the given values."""
        values = self.model.check_values(values)
        if self.numeric:
            return {(t.quantity, t.name): self._numeric_value(t, values, dps) for t in self.terms}
        self.check_regime(values)
        return {(t.quantity, t.name): evaluate_expr(t.expr, values, dps) if t.closed_form
                else self.raw_value(t, values, dps) for t in self.terms}

    # ------------------------------------------------------------------ the one result type

    def result(self, values=None, checks=None, dps=30):
        """Every term as a :class:`semisym.result.Result`: its expression (closed form where one
        exists) and, with ``values``, its number (30 digits, stated without error)."""
        vals = None if values is None else self.evaluate(values, dps=dps)
        entries = {}
        for t in self.terms:
            method = "numeric mode" if self.numeric else ("closed form" if t.closed_form else "symbolic, numeric integral")
            v = None if vals is None else float(vals[(t.quantity, t.name)])
            entries[(t.quantity, t.name)] = Entry(t.quantity, t.name, v, None, t.paper_eq, method, t.expr)
        info = {"regime": self.regime, "fermi_level": self.describe_regime(),
                "sample": {k: float(v) for k, v in self.sample_values.items()},
                "circles": [{"band": c["band"], "radius": None if c["radius"] is None else sp.sstr(c["radius"]),
                             "radius_at_sample": c["radius_value"], "velocity": c["velocity"]} for c in self.circles]}
        if self.numeric:
            info["note"] = "numeric mode (several Fermi circles): every intermediate result at the sample values; e and u_0 symbols"
        m = self.model
        return Result(m.name, m.text, "numeric mode" if self.numeric else "closed form", entries,
                      inputs=dict(values or {}), options=self.options.as_dict(), info=info,
                      checks=[{"name": c.name, "passed": None if c.passed is None else bool(c.passed),
                               "detail": c.detail} for c in (checks or [])],
                      parameters=sorted(set(m.parameters) | {"hbar"}) + ["epsilon_F", "u_0", "e"])

    def rederive(self, **changes):
        """The same derivation (model, sample point, regime, mode) redone with changed settings:
        ``options`` (an Options), ``gauge`` (arbitrary smooth eigenvector phases) or ``closed``
        (False: no closed forms, raw expressions only)."""
        kw = dict(options=self.options, gauge=self.gauge, closed=self.closed, numeric=self.numeric)
        kw.update(changes)
        return Derivation(self.model, self.sample_values, self.regime, **kw)

    # ------------------------------------------------------------------ checks

    def check(self, points=3, seed=1):
        from semisym.symbolic.checks import run_checks
        return run_checks(self, points=points, seed=seed)


def default_sample(model, form):
    """A sample point for a model without named regimes: every parameter 1, epsilon_F in the upper band."""
    vals = {n: 1.0 for n in model.parameters}
    e_top = form.energy[0].subs({model.parameters[n]: 1 for n in model.parameters}).subs(K, 1)
    vals["epsilon_F"] = float(sp.N(e_top))
    return vals


def derive(model, regime=None, values=None, collision=None, prescription=None, gauge=False,
           numeric=None, options=None, je=None):
    """Derive every term of Section VI for ``model`` (a Model or a built-in name).

    Parameters
    ----------
    model : Model or str
    regime : str, optional
        a named regime of the model ("conduction", "valence", "gap" for the TI);
        the default is the model's first regime.
    values : dict, optional
        parameter values {name: number}; they choose the regime (their Fermi
        circles) and may be used later for numbers.  Missing ones are taken from
        the regime's sample point.
    options : conventions.Options, optional
        collision, prescription and je together; the keywords below override it.
    collision : "steady" (default) or "eq17"
        the Born collision integral used for the skew term with the "paper" prescription
        (see kinetics); the "fermi-shell" prescription does not depend on it.
    prescription : "fermi-shell" (default) or "paper"
        the skew-scattering prescription (derivations/notes.md): "fermi-shell" keeps the skew
        density on the Fermi shell, J_sk = 2 [T1F + T2on] (a heuristic that the in-tool Kubo
        calculation confirms on every model and regime tried); "paper" is Eq. 36 taken literally
        (skew densities also on the shells at the other band's energy).  Both give Eq. 85 for
        the TI surface; they differ with several Fermi circles.
    je : "summed" (default) or "printed"
        Eq. 38 with the Berry-connection term summed over the outgoing band (gauge invariant), or
        as printed (m' = m; gauge dependent when two bands meet at the Fermi energy).

    A misspelt option value is a ParameterError that names the allowed values.
    """
    options = Options.make(options, collision=collision, prescription=prescription, je=je)
    if isinstance(model, str):
        from semisym.model.builtins import builtin
        model = builtin(model)
    if not isinstance(model, Model):
        raise ModelError("derive() takes a Model or a built-in model name")
    form = isotropic_form(model.hamiltonian)
    if regime is not None and regime not in model.regimes:
        raise ParameterError(f"unknown regime '{regime}' for {model.name} "
                             f"(regimes: {', '.join(model.regimes) or 'none; give values'})")
    if regime is None and model.regimes and not values:
        regime = next(iter(model.regimes))
    sample = dict(model.regimes[regime]) if regime else (
        dict(next(iter(model.regimes.values()))) if model.regimes else default_sample(model, form))
    vals = model.check_values(values)
    unknown = sorted(set(vals) - set(model.parameters) - {"epsilon_F", "e", "u_0", "hbar"})
    if unknown:
        raise ParameterError(f"unknown parameter(s): {', '.join(unknown)} "
                             f"(model parameters: {', '.join(sorted(set(model.parameters) | {'hbar'}))}, epsilon_F, e, u_0)")
    sample.update({k: v for k, v in vals.items() if k in model.parameters or k == "epsilon_F"})
    if values and regime is None:
        regime = "given values"
    if numeric is None:
        # several Fermi circles: the closed forms grow too large; evaluate at the sample values
        sym = model.parameters
        probe = {sym[n]: sp.Float(v, 30) for n, v in sample.items() if n in sym}
        sgn = 1 if sample["epsilon_F"] > 0 else (-1 if sample["epsilon_F"] < 0 else 0)
        eF = fermi_symbol(sgn)
        probe[eF] = sp.Float(sample["epsilon_F"], 30)
        # several Fermi circles, or a Fermi radius whose closed form is large (nested radicals):
        # the closed forms grow too large for SymPy; evaluate the chain at the sample values
        L = Shells(form, probe, eF).fermi_level()
        numeric = len(L.circles) > 1 or any(
            c.radius.k_expr is None or sp.count_ops(c.radius.k_expr) > MAX_CLOSED_RADIUS_OPS for c in L.circles)
    return Derivation(model, sample, regime, options=options, gauge=gauge, numeric=numeric)
