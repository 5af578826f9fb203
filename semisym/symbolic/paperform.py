"""Closed forms in the variables a physicist writes them in ("paper form").

Every closed form f of a term is rewritten as

    f = P * g(xi_1, xi_2, ...)

with g a dimensionless function of the model's dimensionless ratios xi and P a product of powers
of the physical scales:

* conductivities: P = (e^2/h) * (epsilon_F tau/hbar)^n (n = 1 for a Drude-like term, 0 otherwise);
* spin densities (per unit E_x): P = e rho(epsilon_F) * l, l = v tau (a mean free path) or
  hbar v/epsilon_F (a Fermi wavelength), v the model's velocity scale;
* torques: P = e rho(epsilon_F) * l * epsilon_F.

The variables, for a derivation in one Fermi-level regime:

* ``xi``: each energy-like parameter over epsilon_F (the paper's xi_F = M/epsilon_F), and
  generally every dimensionless ratio of a model parameter with epsilon_F, hbar and one reference
  parameter carrying a length (a velocity such as v_F, or alpha), found from the dimensions of the
  parameters (:mod:`semisym.model.dimensions`); the reference is the one that makes every ratio a
  monomial with integer exponents where possible.  A built-in model may name a ratio
  (``Model.paper_symbols``: the paper's M gives xi_F).
* ``rho``: the density of states at the Fermi level, the sum over the Fermi circles of
  k_r/(2 pi |d eps/dk|) (Eq. 70 for the TI: rho = |epsilon_F|/(2 pi hbar^2 v_F^2)).
* ``tau``: the paper's scattering time, 1/tau = pi u_0^2 rho/hbar (Section VI).
* ``h = 2 pi hbar``.

Each form is checked at random 30-digit points against the closed form it rewrites (an
InternalError if they differ); ``PaperForm.expanded()`` gives the closed form back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy as sp

from semisym.errors import InternalError
from semisym.model.dimensions import dimensions
from semisym.model.hamiltonian import E_CHARGE, HBAR, U0

RHO = sp.Symbol("rho", positive=True)
TAU = sp.Symbol("tau", positive=True)
H_PLANCK = sp.Symbol("h", positive=True)


@dataclass(frozen=True)
class PaperForm:
    """f = unit * scale * g: ``unit`` is e^2/h (conductivities), e rho or e; ``scale`` a monomial
    in tau, hbar, epsilon_F and the model's reference scale; ``g`` a dimensionless function of the
    ratios xi; ``definitions`` {symbol: expression in the model's parameters} for every variable
    used (tau's in terms of rho)."""

    unit: sp.Expr
    scale: sp.Expr
    g: sp.Expr
    definitions: dict

    @property
    def expr(self):
        """The form as one SymPy expression in the paper's variables."""
        return self.unit * self.scale * self.g

    def expanded(self):
        """The closed form in the model's parameters (the definitions substituted back)."""
        defs = self.definitions
        out = self.expr.xreplace({TAU: defs[TAU]} if TAU in defs else {})
        return out.xreplace(defs)

    def latex(self, symbol_names=None):
        """LaTeX, the ratio function as one fraction; ``symbol_names``: {name: LaTeX} to add."""
        names = dict(LATEX_NAMES, **(symbol_names or {}))
        fmt = lambda x: _latex(x, names)
        return _product([fmt(x) for x in (self.unit, self.scale) if x != 1], _render(self.g, fmt, frac=True), r"\,")

    def text(self):
        """One line of plain text: (e^2/h) (3 xi_F (1 - xi_F^2)^2)/(2 (1 + 3 xi_F^2)^2)."""
        if self.g == 1 and self.scale == 1:
            return plain(self.unit)
        parts = [plain(x) for x in (self.unit, self.scale) if x != 1]
        parts = [f"({p})" if ("/" in p or " " in p) else p for p in parts]
        return _product(parts, _render(self.g, plain, frac=False), " ")


def _numbers_to_g(mono, g):
    """(mono, g) with the numerical factor of the monomial of scales moved into the ratio function."""
    if not mono.free_symbols:
        return sp.Integer(1), mono * g
    number, mono = mono.as_independent(*mono.free_symbols, as_Add=False)
    return mono, number * g


def _product(parts, g, sep, tail=()):
    """``parts`` and the rendered ratio function ``g`` (then ``tail``) joined by ``sep``, the sign of
    g in front of the whole product."""
    sign = ""
    if g.startswith("-"):
        sign, g = "-", g[1:]
    return sign + sep.join(list(parts) + ([] if g == "1" else [g]) + list(tail))


#: LaTeX names of the symbols a paper form uses
LATEX_NAMES = {"epsilon_F": r"\varepsilon_F", "lam": r"\lambda"}


def _latex(x, names):
    return sp.latex(x, order="rev-lex", symbol_names={s: names[s.name] for s in x.free_symbols
                                                       if s.name in names})


def plain(expr):
    """One-line text a physicist reads: x^2 for powers, a space for a product (SymPy's
    ``2*pi*hbar**2`` reads ``2 pi hbar^2``)."""
    s = sp.sstr(expr, order="rev-lex")
    return s.replace("**", "^").replace("*", " ")


def _even_variable(g, xi):
    """(g, p) with g(xi) = xi^p G(xi^2): G in the variable X standing for xi^2, or (None, 0)."""
    for p in (0, 1):
        h = sp.cancel(g / xi ** p)
        if sp.cancel(h - h.xreplace({xi: -xi})) == 0:
            X = sp.Dummy("X", positive=True)
            return sp.cancel(h.xreplace({xi: sp.sqrt(X)})), p, X
    return None, 0, None


def _split(g):
    """g = c * prod(factor^power), each polynomial factor with a positive constant term (1 - xi^2,
    not xi^2 - 1), written in xi^2 where g is even or odd in a ratio xi; square roots kept as
    factors with half-integer powers ((1 - xi^2) sqrt(1 - xi^2) = (1 - xi^2)^(3/2))."""
    radicals = [a for a in sp.Mul.make_args(g) if a.is_Pow and a.exp.is_Rational and not a.exp.is_Integer]
    g = g / sp.Mul(*radicals)
    back = {}
    pre = []
    for xi in sorted(g.free_symbols, key=str):
        G, p, X = _even_variable(g, xi)
        if G is not None:
            g = G
            back[X] = xi ** 2
            if p:
                pre.append((xi, 1))
    num, den = sp.fraction(sp.cancel(g))
    c = sp.Integer(1)
    parts = list(pre)
    for expr, sign in ((num, 1), (den, -1)):
        coeff, factors = sp.factor_list(expr)
        c *= coeff ** sign
        for f, p in factors:
            if isinstance(f, sp.Add):
                const = f.as_independent(*f.free_symbols)[0]
                if const.is_number and const < 0:
                    f = -f
                    c *= (-1) ** (p * sign)
            parts.append((f.xreplace(back), p * sign))
    parts += [(sp.expand(a.base), a.exp) for a in radicals]
    merged = {}
    for f, p in parts:
        merged[f] = merged.get(f, 0) + p
    out = [(f, sp.sympify(p)) for f, p in merged.items() if p != 0]
    return c, sorted(out, key=lambda fp: isinstance(fp[0], sp.Add))


def _render(g, fmt, frac):
    rational = g / sp.Mul(*[a for a in sp.Mul.make_args(g) if a.is_Pow and a.exp.is_Rational])
    if not rational.is_rational_function(*g.free_symbols):      # sign(xi): as SymPy writes it
        return fmt(g)
    c, parts = _split(g)
    sign = "-" if c < 0 else ""
    c = abs(c)
    top = [(f, p) for f, p in parts if p > 0]
    bottom = [(f, -p) for f, p in parts if p < 0]

    def prod(items, alone):
        out = []
        for f, p in items:
            s = fmt(f)
            if p == sp.Rational(1, 2):
                out.append(rf"\sqrt{{{s}}}" if frac else f"sqrt({s})")
                continue
            if (isinstance(f, sp.Add) and not (frac and alone and p == 1)) or (p != 1 and not f.is_Symbol):
                s = rf"\left({s}\right)" if frac else f"({s})"
            out.append(s if p == 1 else (f"{s}^{{{p}}}" if frac else (f"{s}^{p}" if sp.Integer(p) == p else f"{s}^({p})")))
        return out
    n, d = sp.fraction(c)
    num = ([] if n == 1 else [fmt(n)]) + prod(top, n == 1 and len(top) == 1)
    den = ([] if d == 1 else [fmt(d)]) + prod(bottom, d == 1 and len(bottom) == 1)
    if frac:
        top_s = r"\,".join(num) or "1"
        bot_s = r"\,".join(den)
        return sign + (rf"\frac{{{top_s}}}{{{bot_s}}}" if den else top_s)
    top_s = " ".join(num) or "1"
    if not den:
        return sign + top_s
    bot = " ".join(den)
    return sign + (f"({top_s})" if len(num) > 1 else top_s) + "/" + (f"({bot})" if len(den) > 1 else bot)


class PaperVariables:
    """The paper's variables for one derivation (closed forms only): ratios, rho, tau, h."""

    def describe(self, used=None):
        """[(symbol, definition as plain text, as LaTeX)] of the variables (those in ``used`` if
        given); tau is stated as 1/tau = pi u_0^2 rho/hbar."""
        out = []
        for k, v in self.definitions.items():
            if used is not None and k not in used:
                continue
            if k is TAU:
                out.append((k, "1/tau = " + plain(1 / v), r"1/\tau = " + _latex(1 / v, LATEX_NAMES)))
            else:
                out.append((k, f"{k} = {plain(v)}", f"{_latex(k, LATEX_NAMES)} = {_latex(v, LATEX_NAMES)}"))
        return out

    def __init__(self, d):
        """``d``: a Derivation with closed forms (not numeric mode)."""
        m = d.model
        self.eps = d.eps_F
        dims = dimensions(m)
        sym = m.parameters
        hbar = sym.get("hbar", HBAR)
        self.ok = all(v is not None for v in dims.values())
        self.definitions = {H_PLANCK: 2 * sp.pi * hbar}
        #: parameter -> (its ratio symbol xi, the scale with parameter = xi * scale)
        self.ratios = {}
        if not self.ok:
            return
        E, Hb = sp.Matrix([1, 0, 0]), sp.Matrix([1, 0, 1])
        others = [n for n in sym if n != "hbar"]
        best = None
        for ref in [n for n in others if dims[n][1] != 0]:
            M = sp.Matrix.hstack(E, Hb, sp.Matrix(dims[ref]))
            if M.det() == 0:
                continue
            exps = {n: M.solve(-sp.Matrix(dims[n])) for n in others if n != ref}
            fractional = sum(1 for v in exps.values() for x in v if not x.is_Integer)
            if best is None or fractional < best[0]:
                best = (fractional, ref, exps)
        named = {v: k for k, v in (m.paper_symbols or {}).items()}
        if best is None:            # no length carrier: energies only
            exps = {n: sp.Matrix([-dims[n][0], 0, 0]) for n in others}
            ref = None
        else:
            _, ref, exps = best
        for n, (a, b, c) in ((n, tuple(v)) for n, v in exps.items()):
            name = "xi_F" if named.get(n) == "M" else f"xi_{n}"
            xi = sp.Symbol(name, real=True)
            scale = self.eps ** (-a) * hbar ** (-b) * (sym[ref] ** (-c) if ref else 1)
            self.ratios[sym[n]] = (xi, scale)
            self.definitions[xi] = sym[n] / scale
        # the disorder's own parameters (relative weights such as r_z) are dimensionless ratios already
        for x in d.disorder.parameters.values():
            self.ratios[x] = (x, sp.Integer(1))
        vals = d.radius_values()
        self.rho = sp.simplify(sum((c.dos for c in d.LF.circles), sp.Integer(0)).xreplace(vals))
        if self.rho != 0:
            self.definitions[RHO] = self.rho
            self.definitions[TAU] = hbar / (sp.pi * U0 ** 2 * RHO)
        self.hbar = hbar
        self.sample = d.sample

    def _with_tau(self, expr):
        """u_0 through the paper's tau: 1/tau = pi u_0^2 rho/hbar (where there is a Fermi circle)."""
        return expr.xreplace({U0: sp.sqrt(self.hbar / (sp.pi * self.rho * TAU))}) if self.rho != 0 else expr

    @staticmethod
    def _substitute(expr, ratios):
        """Each parameter of ``ratios`` written as its ratio times its scale."""
        return expr.xreplace({p: xi * scale for p, (xi, scale) in ratios.items()})

    def rewrite(self, expr):
        """An expression (an object of the chain) in the paper's variables: u_0 through tau, each
        parameter through its ratio, square roots of products split (sqrt(eps_F^2 (1 - xi_F^2)) =
        eps_F sqrt(1 - xi_F^2)); unchanged where the variables are unknown."""
        if not self.ok or not isinstance(expr, sp.Expr):
            return expr
        out = self._substitute(self._with_tau(expr), self.ratios)
        out = out.replace(lambda a: a.is_Pow and a.exp.is_Rational and not a.exp.is_Integer,
                          lambda a: sp.Pow(sp.factor(a.base), a.exp))
        out = sp.factor(sp.powsimp(out))
        out = out.replace(lambda a: a.is_Pow and a.exp.is_Rational and not a.exp.is_Integer,
                          lambda a: sp.Pow(sp.expand(a.base), a.exp))          # sqrt(1 - xi^2)
        if sp.count_ops(out) > sp.count_ops(expr):
            return expr
        return out

    def object_latex(self, expr, theta):
        """LaTeX of an object of the chain on a Fermi circle in the paper's variables: a monomial of
        the scales, a function of the ratios, the angular factor (cos or sin of l theta)."""
        r = self.rewrite(expr)
        xis = [xi for xi, _ in self.ratios.values()]
        if not isinstance(r, sp.Mul) and not r.free_symbols & set(xis):
            return _latex(r, LATEX_NAMES)
        indep, rest = r.as_independent(theta, as_Add=False)
        mono, g = indep.as_independent(*xis, as_Add=False)
        mono, g = _numbers_to_g(mono, g)
        if any(mono.has(x) for x in xis) or not g.free_symbols <= set(xis) or isinstance(rest, sp.Add):
            return _latex(r, LATEX_NAMES)
        fmt = lambda x: _latex(x, LATEX_NAMES)
        out = _product([fmt(mono)] if mono != 1 else [], _render(g, fmt, frac=True), r"\,",
                       [] if rest == 1 else [fmt(rest)])
        return out if out not in ("", "-") else out + "1"

    def form(self, quantity, f):
        """The PaperForm of the closed form ``f`` of a term of ``quantity``, or None (a zero, an
        unevaluated integral, or a form that does not separate into scales times ratios)."""
        if not self.ok or f == 0 or not isinstance(f, sp.Expr) or f.has(sp.Integral):
            return None
        e, hbar = E_CHARGE, self.hbar
        closed = f
        f = self._with_tau(f)
        if quantity.startswith("sigma"):
            pre, pre_value = e ** 2 / H_PLANCK, e ** 2 / (2 * sp.pi * hbar)
        elif self.rho != 0:
            pre, pre_value = e * RHO, e * self.rho
        else:
            pre, pre_value = e, e
        # a form that does not depend on epsilon_F (the Fermi level in a gap) keeps the parameters
        ratios = self.ratios if f.has(self.eps) else {}
        r = self._substitute(f / pre_value, ratios)
        r = sp.factor(sp.powsimp(sp.powdenest(r)))
        # |x| = x sign(x), 1/sign(x) = sign(x): M/(2|M|) reads sign(M)/2
        r = r.replace(sp.Abs, lambda x: x * sp.sign(x)) if r.has(sp.Abs) else r
        r = r.replace(lambda a: a.is_Pow and isinstance(a.base, sp.sign) and a.exp.is_Integer,
                      lambda a: a.base ** (int(a.exp) % 2))
        xis = [xi for xi, _ in ratios.values()]
        mono, g = r.as_independent(*xis, as_Add=False)
        signs = [x for x in sp.Mul.make_args(mono) if x.has(sp.sign, sp.Abs)]     # sign(M): dimensionless
        g *= sp.Mul(*signs)
        mono = mono / sp.Mul(*signs)
        mono, g = _numbers_to_g(mono, g)
        if any(mono.has(x) for x in xis) or not all(
                x in xis for x in g.free_symbols if not any(a.has(x) for a in signs)):
            return None
        if not ratios and pre.free_symbols == {e}:     # no Fermi circle: e/(hbar v_F), not e (1/(hbar v_F))
            pre, mono = pre * mono, sp.Integer(1)
        if not g.free_symbols:            # a number: one prefactor, e^2/(2 h) rather than (e^2/h) 1/2
            pre, mono, g = pre * mono * g, sp.Integer(1), sp.Integer(1)
        used = pre * mono * g
        form = PaperForm(pre, mono, g, {k: v for k, v in self.definitions.items()
                                        if used.has(k) or (k is RHO and used.has(TAU))})
        verify(form, closed, self.sample)
        return form


def verify(form, closed, sample, points=3, seed=7):
    """Raise InternalError unless ``form.expanded()`` equals ``closed`` at random 30-digit points
    near ``sample`` (each parameter scaled by a random factor in [0.5, 2), and the sign of each one
    not declared positive flipped at random: the rewriting is an identity, Abs and sign included)."""
    rnd = random.Random(seed)
    a = form.expanded()
    syms = sorted((a.free_symbols | closed.free_symbols), key=str)
    for _ in range(points):
        point = {}
        for s in syms:
            x = sp.Float(sample.get(s, 1), 30) * sp.Float(rnd.uniform(0.5, 2.0), 30)
            point[s] = x if s.is_positive or s.is_negative else x * rnd.choice((1, -1))
        x, y = sp.N(a.xreplace(point), 30), sp.N(closed.xreplace(point), 30)
        if not (y.is_real and y.is_finite):          # a singular point of the closed form itself
            continue
        if not (x.is_real and x.is_finite) or abs(x - y) > sp.Float("1e-20") * max(abs(y), sp.Float("1e-300")):
            raise InternalError(f"paper form {form.text()} differs from the closed form {closed}")
