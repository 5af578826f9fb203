"""Bands of an isotropic two-band model, in half-angle form.

An isotropic model (rotating k by an angle is a unitary rotation of the two-band
space about the pseudospin z axis) has, with k = k (cos theta, sin theta) and
z = e^{i theta},

    H = d0(k) + d_z(k) sigma_z + [g(k) z^N sigma_- + c.c.],   d_x + i d_y = g(k) z^N,

with winding number N.  With cos Theta = d_z/|d| (Theta in [0, pi]) and
e^{i phi} = e^{i chi(k)} z^N, chi = arg g, the eigenvectors are taken in the gauge
(upper component of |u^+> real and non-negative, lower component of |u^-> real)

    |u^+_k> = (c, s e^{i phi}),   |u^-_k> = (-s e^{-i phi}, c),   c = cos(Theta/2), s = sin(Theta/2),

with energies eps^pm = d0 pm |d| (band index 0 is the upper band +, 1 the lower
band -).  Every quantity of the paper is built at a :class:`Point` (a radius and
an angle symbol) from these eigenvectors by exact differentiation:
dc/dk = -s Theta'/2, ds/dk = c Theta'/2, de^{i chi}/dk = i chi' e^{i chi},
dz/dtheta = i z.  Results are Laurent polynomials in the angle symbols, so an
angular average is one coefficient (:func:`angular_average`).

Berry connection R^{ab}_k = i <u^a_k | grad_k u^b_k> (Eq. 70-71 for the TI);
Berry curvature Omega^m = i[<d_x u|d_y u> - <d_y u|d_x u>] (Eq. 43);
spin matrix elements s^{ab} = <u^a|s|u^b>; T^{ab} = hbar s^{ab} / (i (eps^a - eps^b)) (Eq. 56).
"""

from __future__ import annotations

import itertools

import sympy as sp

from semisym.conventions import BAND_SIGN, BANDS
from semisym.errors import InternalError
from semisym.model.form import K
from semisym.model.hamiltonian import HBAR
from semisym.symbolic.algebra import conj, phase_symbol, register_phase

#: e^{i theta} of the momentum k and e^{i theta'} of k' (the angle phases of Points on circles)
Z = phase_symbol("z")
ZP = phase_symbol("zp")

# ------------------------------------------------------------------ radii and points

class Radius:
    """A radius |k| = k_r at which band quantities are evaluated, with its symbols.

    Symbols: k, C = cos Theta, S = sin Theta, c = cos(Theta/2), s = sin(Theta/2),
    p = e^{i chi}, Tp = dTheta/dk, Xp = dchi/dk, D = |d|, d0, Dp = d|d|/dk, d0p = dd0/dk.
    ``k_expr`` is the radius as an expression of the parameters (a closed-form
    root) or None; ``generic`` radii stand for the running radial variable K.
    """

    _count = itertools.count()

    def __init__(self, form, label=None, k_expr=None, generic=False):
        self.form = form
        self.index = next(Radius._count)
        self.label = label or f"r{self.index}"
        L = self.label
        self.generic = generic
        self.k = K if generic else sp.Symbol(f"k_{L}", positive=True)
        self.k_expr = K if generic else k_expr
        self.c = sp.Symbol(f"c_{L}", positive=True)
        self.s = sp.Symbol(f"s_{L}", positive=True)
        self.C = sp.Symbol(f"C_{L}", real=True)
        self.S = sp.Symbol(f"S_{L}", nonnegative=True)
        self.p = phase_symbol(f"p_{L}")
        self.Tp = sp.Symbol(f"Tp_{L}", real=True)
        self.Xp = sp.Symbol(f"Xp_{L}", real=True)
        self.D = sp.Symbol(f"D_{L}", positive=True)
        self.d0 = sp.Symbol(f"d0_{L}", real=True)
        self.Dp = sp.Symbol(f"Dp_{L}", real=True)
        self.d0p = sp.Symbol(f"d0p_{L}", real=True)

    def energy(self, m):
        return self.d0 + BAND_SIGN[m] * self.D

    def slope(self, m):
        """d eps^m / dk at this radius (hbar times the radial group velocity)."""
        return self.d0p + BAND_SIGN[m] * self.Dp

    def functions(self):
        """Each radius symbol as a function of the radial variable K."""
        f = self.form
        C = f.dz / f.D
        S = f.absg / f.D
        g = f.g
        Tp = -sp.diff(C, K) / S if f.absg != 0 else sp.Integer(0)
        Xp = sp.im(sp.expand_complex(sp.diff(g, K) / g))
        return {
            self.C: C, self.S: S, self.D: f.D, self.d0: f.d0,
            self.Dp: sp.diff(f.D, K), self.d0p: sp.diff(f.d0, K),
            self.Tp: Tp, self.Xp: Xp, self.p: g / f.absg, self.k: K,
        }

    def values(self):
        """Each radius symbol as a closed-form expression of the parameters (k -> k_expr)."""
        if self.k_expr is None:
            return None
        out = {}
        for sym, fn in self.functions().items():
            out[sym] = sp.simplify(fn.subs(K, self.k_expr)) if not self.generic else sp.simplify(fn)
        return out

    def reduce(self, expr):
        """Replace c^a s^b by C = cos Theta, S = sin Theta (gauge-invariant combinations only)."""
        c, s = self.c, self.s
        expr = sp.sympify(expr)
        if not expr.has(c) and not expr.has(s):
            return expr
        hidden = {}

        def protect(x):
            key = sp.Dummy("den")
            hidden[key] = sp.Pow(self.reduce(x.base), x.exp) if x.base.has(c, s) else x
            return key

        if expr.has(sp.Pow):
            expr = expr.replace(lambda x: x.is_Pow and x.exp.is_negative and x.base.is_Add, protect)
        groups = {}
        for t in sp.Add.make_args(sp.expand(expr)):
            pw = t.as_powers_dict()
            a, b = sp.sympify(pw.get(c, 0)), sp.sympify(pw.get(s, 0))
            if not (a.is_Integer and b.is_Integer):
                raise InternalError("non-integer power of a half-angle")
            groups.setdefault((int(a), int(b)), []).append(t.xreplace({c: 1, s: 1}))
        out = []
        for (a, b), coeffs in groups.items():
            if (a + b) % 2:
                raise InternalError("gauge: odd power of a half-angle survived")
            if a < 0 or b < 0:
                raise InternalError("half-angle in a denominator")
            if a % 2:
                mono = (self.S / 2) * ((1 + self.C) / 2) ** ((a - 1) // 2) * ((1 - self.C) / 2) ** ((b - 1) // 2)
            else:
                mono = ((1 + self.C) / 2) ** (a // 2) * ((1 - self.C) / 2) ** (b // 2)
            out.append(sp.Add(*coeffs) * mono)
        res = sp.Add(*out)
        return res.xreplace(hidden) if hidden else res

    def __repr__(self):
        return f"Radius({self.label}, k={self.k_expr})"


class Point:
    """A point k = k_r (cos theta, sin theta) of momentum space.

    ``z`` is the symbol e^{i theta} of this point.  With ``gauge=True`` every
    eigenvector gets an arbitrary smooth phase e^{i phi_m(k)} (a unit symbol q
    with arbitrary gradient symbols), used to prove gauge invariance.
    """

    def __init__(self, radius, z, N, gauge=False):
        self.r = radius
        self.z = z
        register_phase(z)
        self.N = N
        self.gauge = gauge
        r = radius
        self.rules_k = {r.c: -r.s * r.Tp / 2, r.s: r.c * r.Tp / 2, r.p: sp.I * r.Xp * r.p}
        self.rules_th = {z: sp.I * z}
        self.q = {}
        #: the gauge symbols of this point, in a fixed order (see Kinetics.move)
        self.gauge_symbols = []
        if gauge:
            for m in BANDS:
                q = phase_symbol(f"q{m}_{r.label}_{z.name}")
                a = sp.Symbol(f"ak{m}_{r.label}_{z.name}", real=True)
                b = sp.Symbol(f"at{m}_{r.label}_{z.name}", real=True)
                self.q[m] = q
                self.rules_k[q] = sp.I * a * q
                self.rules_th[q] = sp.I * b * q
                self.gauge_symbols += [q, a, b]
        self._ket = {}

    # eigenvectors and their derivatives
    def ket(self, m):
        if m not in self._ket:
            r, z, N = self.r, self.z, self.N
            e = r.p * z ** N
            v = sp.Matrix([r.c, r.s * e]) if m == 0 else sp.Matrix([-r.s / e, r.c])
            if self.gauge:
                v = v * self.q[m]
            self._ket[m] = v
        return self._ket[m]

    def bra(self, m):
        return self.ket(m).applyfunc(conj).T

    @staticmethod
    def _derive(expr, rules):
        return sum((sp.diff(expr, x) * dx for x, dx in rules.items()), sp.Integer(0))

    def dket_k(self, m):
        return self.ket(m).applyfunc(lambda x: self._derive(x, self.rules_k))

    def dket_th(self, m):
        return self.ket(m).applyfunc(lambda x: self._derive(x, self.rules_th))

    def dbra_k(self, m):
        return self.dket_k(m).applyfunc(conj).T

    def dbra_th(self, m):
        return self.dket_th(m).applyfunc(conj).T

    @property
    def cos(self):
        return (self.z + 1 / self.z) / 2

    @property
    def sin(self):
        return (self.z - 1 / self.z) / (2 * sp.I)

    def polar_to_xy(self, radial, azimuthal):
        """Cartesian (x, y) components of a vector given in (k-hat, theta-hat) components."""
        return (self.cos * radial - self.sin * azimuthal, self.sin * radial + self.cos * azimuthal)

    # band quantities
    def energy(self, m):
        return self.r.energy(m)

    def velocity(self, m):
        """Group velocity (v_x, v_y) of band m: d eps^m/dk k-hat / hbar."""
        v = self.r.slope(m) / HBAR
        return (self.cos * v, self.sin * v)

    def berry(self, a, b):
        """Berry connection R^{ab} = i <u^a|grad u^b> as (x, y) components."""
        radial = sp.I * (self.bra(a) * self.dket_k(b))[0]
        azim = sp.I * (self.bra(a) * self.dket_th(b))[0] / self.r.k
        return self.polar_to_xy(radial, azim)

    def dbra_xy(self, m):
        """(d/dk_x, d/dk_y) of <u^m_k| at this point."""
        dk, dth = self.dbra_k(m), self.dbra_th(m)
        return self.polar_to_xy(dk, dth / self.r.k)

    def dket_xy(self, m):
        dk, dth = self.dket_k(m), self.dket_th(m)
        return self.polar_to_xy(dk, dth / self.r.k)

    def spin(self, op, a, b):
        """<u^a| op |u^b> for a 2x2 operator (e.g. a spin matrix)."""
        return (self.bra(a) * op * self.ket(b))[0]

    def T(self, op, a, b):
        """T^{ab} = hbar s^{ab} / (i (eps^a - eps^b)) for a != b (Eq. 56)."""
        if a == b:
            return sp.Integer(0)
        return HBAR * self.spin(op, a, b) / (sp.I * (self.energy(a) - self.energy(b)))

    def berry_curvature(self, m):
        """Omega^m_z = i[<d_x u|d_y u> - <d_y u|d_x u>] (Eq. 43) = (i/k)[<d_k u|d_th u> - c.c.]."""
        x = (self.dbra_k(m) * self.dket_th(m))[0]
        return sp.I * (x - conj(x)) / self.r.k


def overlap(P1, a, P2, b):
    """<u^a_{k1}|u^b_{k2}>."""
    return (P1.bra(a) * P2.ket(b))[0]


def sandwich(bra, A, ket):
    """<bra|sigma_A|ket> for a row and a column (A = 0, 1, 2, 3 for sigma_0, sigma_x, sigma_y, sigma_z;
    sigma_0 without a multiplication by the unit matrix)."""
    from semisym.model.disorder import PAULI
    return (bra * ket)[0] if A == 0 else (bra * PAULI[A] * ket)[0]


def element(P1, a, A, P2, b):
    """<u^a_{k1}|sigma_A|u^b_{k2}>."""
    return sandwich(P1.bra(a), A, P2.ket(b))
