"""Numbers from a derivation: the Fermi-circle structure at given values (a regime check), the
closed forms at 30 digits, and the raw terms re-evaluated independently (Fermi radii by mpmath root
finding, Fermi-sea integrals by quadrature)."""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from semisym.conventions import BANDS
from semisym.model.form import K
from semisym.errors import ParameterError, RegimeError
from semisym.symbolic.fermi import Shells
from semisym.model.hamiltonian import E_CHARGE, HBAR, U0
from semisym.symbolic.sea import sea_numeric
from semisym.symbolic.terms import evaluate_expr


class Values:
    """Numeric evaluation of a derivation's terms.  Part of
    :class:`semisym.symbolic.derivation.Derivation`."""

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

    def _values(self, values):
        """Validated values, with the disorder's parameters at their sample values where not given."""
        values = self.model.check_values(values)
        d = self.disorder
        if d.parameters:
            values = dict({n: self.sample_values[n] for n in d.parameters if n in self.sample_values}, **values)
            d.values(values)
        return values

    def term_value(self, term, values, dps=30):
        values = self._values(values)
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
        from semisym.model.disorder import U1
        for name, sym in (("e", E_CHARGE), ("u_0", U0), ("hbar", HBAR), ("u_1", U1)) + tuple(self.disorder.parameters.items()):
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
        cache[key] = (params, kmap, num, sh.k_scale)
        return cache[key]

    def raw_value(self, term, values, dps=30):
        """The term evaluated from its unsimplified form: numeric Fermi radii (mpmath root
        finding), numeric radius functions and mpmath quadrature of the Fermi sea."""
        values = self.model.check_values(values)
        raw = term.raw
        params, kmap, num, k_scale = self._numeric_radii(values, dps)
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
                total += sea_numeric(lambda k: mp.re(fnum(k)), ivn, dps, scale=k_scale)
            return +total

    def _numeric_value(self, term, values, dps=30):
        for name, v in self.sample_values.items():
            if name in values and abs(values[name] - v) > 1e-14 * max(1, abs(v)):
                raise RegimeError(f"this derivation is numeric at {name} = {v}: derive again with the new values")
        return evaluate_expr(term.expr, values, dps)

    def evaluate(self, values, dps=30):
        """{(quantity, term): value} for every term at the given values."""
        values = self._values(values)
        if self.numeric:
            return {(t.quantity, t.name): self._numeric_value(t, values, dps) for t in self.terms}
        self.check_regime(values)
        return {(t.quantity, t.name): evaluate_expr(t.expr, values, dps) if t.closed_form
                else self.raw_value(t, values, dps) for t in self.terms}
