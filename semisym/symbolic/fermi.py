"""Fermi circles, energy shells, on-shell sums and occupied regions.

On-shell reduction (sum_k means int d^2k / (2 pi)^2, per unit area):

    sum_k' delta(eps^m(k') - E) F(k') = sum_{circles r of band m at E} rho_r <F(k_r, theta')>_theta',
    rho_r = k_r / (2 pi |d eps^m/dk|_{k_r}),

the density of states of circle r (per unit area).  A :class:`Level` is an
energy E with every circle (band, radius) at that energy; the circles are found
by solving eps^m(k) = E in closed form when SymPy can, checked and completed by a
numerical scan at the regime's sample point.
"""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import sympy as sp

from semisym.conventions import BANDS, BAND_NAME
from semisym.model.form import K
from semisym.symbolic.bands import Radius
from semisym.errors import ModelError
from semisym.model.scales import DECADES, bisected_range, momentum_range


#: energies more complicated than this are not solved for k in closed form (numeric radii)
MAX_SOLVE_OPS = 12


class Circle:
    """A circle |k| = k_r of band ``band`` at energy ``level.expr``."""

    def __init__(self, band, radius, level, sign):
        self.band = band
        self.radius = radius
        self.level = level
        #: sign of d eps/dk on the circle (+1: velocity outward, -1: inward)
        self.sign = sign

    @property
    def dos(self):
        """rho_r = k_r / (2 pi |d eps/dk|): this circle's density of states per unit area."""
        r = self.radius
        return r.k / (2 * sp.pi * self.sign * r.slope(self.band))

    def __repr__(self):
        return f"Circle(band {BAND_NAME[self.band]}, {self.radius.label}, sign {self.sign:+d})"


class Level:
    def __init__(self, expr, value, circles):
        self.expr = expr
        self.value = value
        self.circles = circles

    def __repr__(self):
        return f"Level({self.expr} = {float(self.value):.6g}: {self.circles})"


class Shells:
    """Finds and caches levels and radii for one model form at one sample point.

    ``sample`` maps every parameter symbol (and epsilon_F) to a number.
    """

    def __init__(self, form, sample, eps_F, precision=30, symbolic=True):
        self.form = form
        self.sample = sample
        self.eps_F = eps_F
        self.dps = precision
        #: solve eps_m(k) = E in closed form (False: numeric radii only)
        self.symbolic = symbolic
        self.radii = []
        self.levels = []
        self._energy_num = {m: sp.lambdify(K, form.energy[m].subs(sample), "mpmath") for m in BANDS}
        self._energy_np = {m: sp.lambdify(K, sp.re(form.energy[m].subs(sample).evalf(17)), "numpy") for m in BANDS}
        #: {degree: |coefficient|} of d0, d_z and g in k at the sample: the model's momentum scales
        self._coefficients = {}
        try:
            for part in (form.d0, form.dz, form.g):
                p = sp.Poly(sp.expand(sp.sympify(part).subs(sample)), K)
                for (n,), c in p.terms():
                    self._coefficients[n] = self._coefficients.get(n, 0.0) + abs(complex(c))
        except (sp.PolynomialError, TypeError):
            self._coefficients = None          # not polynomial in k: scale by bisection

    # numeric helpers
    def num(self, expr):
        with mp.workdps(self.dps):
            return mp.mpmathify(sp.N(expr.subs(self.sample), self.dps))

    def energy_num(self, m, k):
        with mp.workdps(self.dps):
            return mp.re(self._energy_num[m](mp.mpf(k)))

    def k_range(self, energy):
        """(k_lo, k_hi) bracketing every radius at energies up to ``energy`` (model.scales)."""
        if self._coefficients is not None:
            return momentum_range(self._coefficients, energy)
        e0 = {b: float(self.energy_num(b, 0)) for b in BANDS}
        return bisected_range(lambda k: max(abs(float(self.energy_num(b, k)) - e0[b]) for b in BANDS),
                              max(energy, *map(abs, e0.values())))

    def _numeric_roots(self, m, E):
        """Roots of eps^m(k) = E for k > 0 by a scan and refinement, over a range of k set by the
        model's own momentum scales (semisym.model.scales), 200 points a decade."""
        energy = max(abs(float(E)), abs(float(self.num(self.eps_F))))
        lo, hi = self.k_range(energy)
        n = int(200 * math.log10(hi / lo)) + 1
        escale = mp.mpf(max(energy, max(abs(v) for v in self._coefficients.values())
                            if self._coefficients else energy) or 1)
        grid = np.concatenate([[lo * 1e-3], np.geomspace(lo, hi, n)])
        with np.errstate(all="ignore"):
            vals = np.broadcast_to(np.asarray(self._energy_np[m](grid), dtype=float), grid.shape) - float(E)
        roots = []
        for i in range(len(grid) - 1):
            if vals[i] == 0:
                roots.append(mp.mpf(grid[i]))
            elif vals[i] * vals[i + 1] < 0:
                with mp.workdps(self.dps):
                    # in units of the energy scale, so that the solver's tolerance is relative
                    r = mp.findroot(lambda k: (self.energy_num(m, k) - E) / escale, (grid[i], grid[i + 1]),
                                    solver="anderson")
                roots.append(r)
        return roots

    @property
    def k_scale(self):
        """The largest characteristic momentum of the model at the Fermi energy (model.scales)."""
        lo, hi = self.k_range(abs(float(self.num(self.eps_F))))
        return hi / 10.0 ** DECADES if self._coefficients is not None else math.sqrt(lo * hi)

    def radius_for(self, k_value, k_expr=None):
        for r in self.radii:
            if abs(r.k_value - k_value) <= 1e-9 * abs(k_value):
                if r.k_expr is None and k_expr is not None:
                    r.k_expr = k_expr
                return r
        r = Radius(self.form, label="F" if not self.radii else f"F{len(self.radii)}", k_expr=k_expr)
        r.k_value = k_value
        self.radii.append(r)
        return r

    def level(self, expr):
        """The Level at energy ``expr`` (an expression of the parameters), with its circles."""
        value = self.num(expr)
        if expr.is_Float:
            expr = sp.Float(value, self.dps)
        for L in self.levels:
            if L.value == value or abs(L.value - value) <= 1e-12 * max(abs(value), abs(L.value)):
                return L
        circles = []
        for m in BANDS:
            numeric = self._numeric_roots(m, value)
            symbolic = []
            cands = []
            if self.symbolic and sp.count_ops(expr) <= MAX_SOLVE_OPS:
                try:
                    cands = sp.solve(sp.Eq(self.form.energy[m], expr), K, check=False, simplify=False)
                except (NotImplementedError, ValueError, TypeError):
                    cands = []
            for c in cands:
                try:
                    v = complex(sp.N(c.subs(self.sample), self.dps))
                except (TypeError, ValueError):
                    continue
                if abs(v.imag) < 1e-12 * abs(v) and v.real > 0:
                    symbolic.append((mp.mpf(v.real), c))
            for kv in numeric:
                match = [c for v, c in symbolic if abs(v - kv) < 1e-8 * kv]
                r = self.radius_for(kv, match[0] if match else None)
                slope = self.energy_num(m, kv * (1 + mp.mpf(10) ** -12)) - self.energy_num(m, kv * (1 - mp.mpf(10) ** -12))
                if slope == 0:
                    raise ModelError(f"the Fermi level touches a band extremum of band {BAND_NAME[m]}: "
                                     "move epsilon_F slightly")
                circles.append(Circle(m, r, None, 1 if slope > 0 else -1))
        L = Level(expr, value, circles)
        for c in circles:
            c.level = L
        self.levels.append(L)
        return L

    def fermi_level(self):
        return self.level(self.eps_F)

    def occupied(self, m):
        """Occupied radial intervals of band m at zero temperature, as (lo, hi) with
        lo/hi a Radius, 0 or oo."""
        L = self.fermi_level()
        bounds = sorted((c.radius for c in L.circles if c.band == m), key=lambda r: r.k_value)
        edges = [0] + bounds + [sp.oo]
        out = []
        for lo, hi in zip(edges[:-1], edges[1:]):
            klo = 0 if lo == 0 else lo.k_value
            khi = 2 * klo + 1 if hi == sp.oo else hi.k_value
            mid = (klo + khi) / 2
            if self.energy_num(m, mid) < L.value:
                out.append((lo, hi))
        return out


def add_density(acc, circle, value):
    acc[circle] = acc.get(circle, 0) + value
