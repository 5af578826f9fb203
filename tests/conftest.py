import functools

import pytest
import sympy as sp

import semisym
from semisym.model import E_CHARGE, HBAR, U0


@functools.lru_cache(maxsize=None)
def derived(model, regime=None, collision="steady", prescription="paper"):
    """Derivations shared between test modules (each costs a few seconds)."""
    return semisym.derive(model, regime=regime, collision=collision, prescription=prescription)


@functools.lru_cache(maxsize=None)
def checked(model, regime=None):
    return derived(model, regime).check()


@pytest.fixture
def ti():
    return derived("ti-surface", "conduction")


def symbols_of(d):
    p = d.model.parameters
    return p, d.eps_F, E_CHARGE, HBAR, U0


def same(a, b, d=None, points=4):
    """Exact equality of two expressions: symbolic first, then numerically at random points
    (30 digits) if SymPy cannot decide."""
    diff = sp.simplify(sp.sympify(a) - sp.sympify(b))
    if diff == 0:
        return True
    import random
    rng = random.Random(3)
    syms = sorted(diff.free_symbols, key=str)
    for _ in range(points):
        vals = {}
        for s in syms:
            if s.name == "epsilon_F":
                v = rng.uniform(1.0, 2.0) * (-1 if s.is_negative else 1)
            elif s.name in ("M", "Delta"):
                v = rng.uniform(0.1, 0.5)
            else:
                v = rng.uniform(0.5, 2.0)
            vals[s] = sp.Float(v, 30)
        x = sp.N(sp.sympify(a).xreplace(vals), 30)
        y = sp.N(sp.sympify(b).xreplace(vals), 30)
        if abs(x - y) > sp.Float("1e-25") * max(1, abs(y)):
            return False
    return True
