"""The symbolic techniques that keep SymPy fast: unit phases whose conjugate is their inverse,
Laurent polynomials in z = e^{i theta} (an angular average is one coefficient), expansion that
keeps denominators intact, and a compact canonical form (:func:`tidy`)."""

from __future__ import annotations

import sympy as sp

# unit-modulus symbols (angle phases, e^{i chi}, gauge phases): conj(x) = 1/x
_PHASES: set = set()


def phase_symbol(name):
    """A new unit-modulus symbol (conj(x) = 1/x in :func:`conj`)."""
    return register_phase(sp.Symbol(name))


def register_phase(s):
    """Declare an existing symbol unit-modulus."""
    _PHASES.add(s)
    return s


def conj(expr):
    """Complex conjugate of an expression built from real symbols and unit phases."""
    rep = {sp.I: -sp.I}
    for x in expr.free_symbols:
        if x in _PHASES:
            rep[x] = 1 / x
    return expr.xreplace(rep)


def safe_expand(expr):
    """Expand the numerator structure of ``expr`` while keeping every denominator
    that is a sum intact (SymPy's expand would multiply the angle phases into it)."""
    expr = sp.sympify(expr)
    if not expr.has(sp.Pow):
        return sp.expand(expr)
    hidden = {}

    def protect(x):
        key = sp.Dummy("den")
        hidden[key] = x
        return key

    protected = expr.replace(lambda x: x.is_Pow and x.exp.is_negative and x.base.is_Add, protect)
    out = sp.expand(protected)
    return out.xreplace(hidden) if hidden else out


def laurent(expr, z):
    """{power: coefficient} of a Laurent polynomial in z whose coefficients may be
    rational in other symbols; raises ValueError if ``expr`` is not one."""
    expr = sp.sympify(expr)
    hidden = {}

    def protect(x):
        if x.base.has(z):
            raise ValueError(f"not a Laurent polynomial in {z}")
        key = sp.Dummy("den")
        hidden[key] = x
        return key

    protected = expr.replace(lambda x: x.is_Pow and x.exp.is_negative and x.base.is_Add, protect) \
        if expr.has(sp.Pow) else expr
    parts = {}
    for t in sp.Add.make_args(sp.expand(protected)):
        # the power of z in a product of factors (cheaper than as_coeff_exponent on every term)
        a, rest = 0, []
        for f in (t.args if t.is_Mul else (t,)):
            if f == z:
                a += 1
            elif f.is_Pow and f.base == z and f.exp.is_Integer:
                a += int(f.exp)
            elif f.is_Atom or not f.has(z):
                rest.append(f)
            else:
                raise ValueError(f"not a Laurent polynomial in {z}")
        parts.setdefault(a, []).append(sp.Mul(*rest))
    out = {a: sp.Add(*cs) for a, cs in parts.items()}
    if hidden:
        out = {a: c.xreplace(hidden) for a, c in out.items()}
    return out


def average_product(a, b, z):
    """<a b>_theta from the harmonics of each factor (no expansion of the product)."""
    la, lb = laurent(a, z), laurent(b, z)
    return sp.Add(*[c * lb[-l] for l, c in la.items() if -l in lb])


def angular_average(expr, z):
    """<expr>_theta for a Laurent polynomial in z = e^{i theta}: its z^0 coefficient."""
    return laurent(expr, z).get(0, sp.Integer(0))



def tidy(expr):
    """A compact canonical form: rational simplification (cancel + factor), radicals kept as
    generators; falls back to ``simplify`` when radicals remain nested inside sums."""
    if expr == 0:
        return expr
    out = sp.factor(sp.cancel(sp.together(expr)))
    if any(p.base.is_Add and p.base.has(sp.Pow) for p in out.atoms(sp.Pow) if p.exp.is_Rational and not p.exp.is_Integer):
        out = sp.factor(sp.simplify(out))
    return out
