"""Closed forms of the raw terms: Fermi radii replaced by their closed forms, Fermi-sea integrals
done symbolically (with mpmath quadrature where SymPy finds no antiderivative), everything in
:func:`semisym.symbolic.algebra.tidy` form; in numeric mode every term evaluated at the sample."""

from __future__ import annotations

import mpmath as mp
import sympy as sp

from semisym.conventions import SIGMA_TERMS, SKEW_3, equation, SPIN_TERMS
from semisym.model.form import K
from semisym.symbolic.algebra import tidy
from semisym.errors import InternalError
from semisym.symbolic.sea import sea_integral, sea_numeric
from semisym.symbolic.terms import Term, TermGroup


class ClosedForms:
    """Turns ``self.raw`` into the terms ``self.groups`` {quantity: TermGroup}.  Part of
    :class:`semisym.symbolic.derivation.Derivation`."""

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
        """Paper equation of a term: the TI closed form for models of the paper's type with the
        paper's scalar disorder, otherwise the general formula it comes from."""
        return equation((q, t), paper=bool(self.model.paper_symbols) and self.disorder.scalar)

    def _sort_groups(self):
        """Terms of each quantity in the order of the paper (intrinsic ... total)."""
        order = {"sigma_yx": SIGMA_TERMS, "sigma_xx": ("drude",)}
        for q, g in self.groups.items():
            names = list(order.get(q, SPIN_TERMS))
            if "total" in names:
                names.insert(names.index("total"), SKEW_3)
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
                expr += coeff * sp.Float(sea_numeric(lambda k: mp.re(fnum(k)), ivn, 30, scale=self.shells.k_scale), 30)
            term = Term(quantity=q, name=t, expr=expr, closed_form=False, paper_eq=self._eq(q, t), raw=raw, derivation=self)
            self.groups.setdefault(q, TermGroup(q))[t] = term
        self._chop_numeric()
        self._sort_groups()

    #: a coefficient of a numeric-mode term below this fraction of the largest coefficient of the same
    #: monomial (power of e and u_0) in its tensor is the residue of 30-digit arithmetic
    CHOP = 1e-20

    def _chop_numeric(self):
        """Numeric mode: drop the residues of 30-digit arithmetic (imaginary parts of real responses,
        coefficients of exactly vanishing terms), judged against the largest coefficient of the same
        monomial in the same tensor (conventions.TENSOR), so that the units of the inputs do not matter."""
        from semisym.conventions import TENSOR
        biggest = {}
        coeffs = {}
        for q, g in self.groups.items():
            for t, term in g.items():
                c = {}
                for a in sp.Add.make_args(sp.expand(term.expr)):
                    x, mono = a.as_independent(*a.free_symbols, as_Add=False)   # x: a number, I and pi included
                    c[mono] = c.get(mono, 0) + x
                coeffs[(q, t)] = c
                for mono, x in c.items():
                    key = (TENSOR[q], mono)
                    biggest[key] = max(biggest.get(key, 0), abs(complex(x)))
        for (q, t), c in coeffs.items():
            out = sp.Integer(0)
            for mono, x in c.items():
                scale = biggest[(TENSOR[q], mono)]
                z = complex(x)
                if abs(z) <= self.CHOP * scale:
                    continue
                x = sp.N(x, 30)              # one number per monomial: 0.0596 e^2, not e^2 (0.0684 - 0.0275/pi)
                if abs(z.imag) <= self.CHOP * scale:
                    x = sp.re(x)
                out += x * mono
            self.groups[q][t].expr = out

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
                parts = [cache[(q, n)] for n in names + (SKEW_3,) if n != "total" and (q, n) in cache]
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
