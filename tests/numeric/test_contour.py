"""The numeric path (semisym.numeric.contour, semisym.numeric.thermal) against independent facts: the symbolic
closed forms, gauge invariance, the lam -> 0 limit, the point-group symmetry of the warped
surface, and the Sommerfeld expansion at low temperature."""

import numpy as np
import pytest
import sympy as sp

from semisym.numeric import contour, thermal
from semisym.errors import ParameterError
from semisym.model import builtin, from_matrix
from semisym.model.parse import K_X, K_Y

from tests.conftest import derived

ISOTROPIC = [(m, r) for m in ("ti-surface", "massive-dirac", "rashba-ferromagnet") for r in builtin(m).regimes]


def relative_worst(ref, got):
    scale = {}
    for (q, _), v in ref.items():
        scale[q] = max(scale.get(q, 0.0), abs(float(v)))
    return max(abs(float(ref[k]) - got[k]) / scale[k[0]] for k in ref if scale[k[0]] > 0)


@pytest.mark.parametrize("name,regime", ISOTROPIC)
def test_numeric_path_equals_closed_forms(name, regime):
    model = builtin(name)
    vals = dict(model.regimes[regime], e=1.3, u_0=0.07)
    d = derived(name, regime, prescription="fermi-shell")
    ref = d.evaluate(vals)
    res = contour.evaluate(model, vals, rtol=1e-12)
    assert relative_worst(ref, res.values) < 1e-10
    # the error estimates are honest: each term is within its estimate (plus rounding)
    for k in ref:
        assert abs(float(ref[k]) - res[k]) <= 10 * res.errors[k] + 1e-12 * max(1.0, abs(res[k]))


@pytest.mark.parametrize("name,regime", [("ti-warped", "conduction"), ("rashba-ferromagnet", "two-bands"),
                                         ("rashba-ferromagnet", "annulus")])
def test_gauge_invariance(name, regime):
    model = builtin(name)
    vals = dict(model.regimes[regime], e=1.0, u_0=0.1)
    a, _ = contour.evaluate_once(model, vals, 64)
    b, _ = contour.evaluate_once(model, vals, 64, gauge=contour.random_gauge(7))
    scale = max(abs(v) for v in a.values())
    for k in a:
        assert abs(a[k] - b[k]) < 1e-11 * scale, k


def test_warped_surface_reduces_to_ti_surface():
    vals = dict(hbar=1.0, v_F=1.0, M=0.3, epsilon_F=1.0, e=1.0, u_0=0.1)
    ref = derived("ti-surface", "conduction", prescription="fermi-shell").evaluate(vals)
    res = contour.evaluate(builtin("ti-warped"), dict(vals, lam=0.0), n_theta=64)
    assert relative_worst(ref, res.values) < 1e-10
    # and continuously: the warping changes every term by O(lam^2) (lam -> -lam is a rotation by pi/3)
    small = [contour.evaluate(builtin("ti-warped"), dict(vals, lam=x), n_theta=64).values
             for x in (0.01, 0.02)]
    d1 = abs(small[0][("sigma_yx", "total")] - float(ref[("sigma_yx", "total")]))
    d2 = abs(small[1][("sigma_yx", "total")] - float(ref[("sigma_yx", "total")]))
    assert 0 < d1 < 1e-3 and 3.5 < d2 / d1 < 4.5


def _rotated(model, phi):
    """The model rotated about z by phi: H'(k) = U H(R^-1 k) U^dagger, U = exp(-i phi sigma_z/2)."""
    c, s = sp.cos(phi), sp.sin(phi)
    H = model.hamiltonian.xreplace({K_X: c * K_X + s * K_Y, K_Y: -s * K_X + c * K_Y})
    U = sp.diag(sp.exp(-sp.I * phi / 2), sp.exp(sp.I * phi / 2))
    H = (U * H * U.H).applyfunc(lambda x: sp.expand(sp.simplify(x)))
    return from_matrix(H, name=model.name + "-rotated", exchange=model.exchange)


RESPONSES = [("sigma_yx", "total"), ("sigma_xx", "drude"), ("s_x", "total"), ("s_y", "total"),
             ("sigma_yx", "skew"), ("sigma_yx", "intrinsic")]


def test_warped_surface_keeps_its_threefold_symmetry():
    """With C3 symmetry every rank-2 response tensor is isotropic: the response to E along any
    direction (the model rotated by an arbitrary angle) is the same.  A control model with only
    two-fold anisotropy is not, which shows the test can fail."""
    base = builtin("ti-warped")
    vals = dict(base.regimes["conduction"], e=1.0, u_0=0.1, lam=0.15)
    a = contour.evaluate(base, vals, n_theta=96, rtol=1e-9).values
    b = contour.evaluate(_rotated(base, sp.Rational(37, 100)), vals, n_theta=96, rtol=1e-9).values
    for k in RESPONSES:
        assert abs(a[k] - b[k]) < 1e-8 * max(abs(a[k]), 1e-3), k

    from semisym.model import from_text
    ctrl = from_text("hbar*v_F*(k_x*sigma_y - (1 + lam)*k_y*sigma_x) + M*sigma_z",
                     name="two-fold", exchange="M", positive=("v_F",))
    c = contour.evaluate(ctrl, vals, n_theta=96).values
    d = contour.evaluate(_rotated(ctrl, sp.Rational(37, 100)), vals, n_theta=96).values
    assert abs(c[("sigma_xx", "drude")] - d[("sigma_xx", "drude")]) > 1e-3 * abs(c[("sigma_xx", "drude")])


def test_zero_temperature_limit_and_sommerfeld_expansion():
    """X(T) - X(0) = (pi^2/6)(k_B T)^2 X''(mu) + O(T^4), X'' from the symbolic closed form."""
    vals = dict(hbar=1.0, v_F=1.0, M=0.3, epsilon_F=1.0, e=1.0, u_0=0.1)
    d = derived("ti-surface", "conduction", prescription="fermi-shell")
    X0 = d.evaluate(vals)
    eF = d.eps_F
    model = builtin("ti-surface")
    dev = {}
    for kT in (0.01, 0.02):
        r = thermal.evaluate(model, dict(vals, T=kT, k_B=1.0))
        for term in d.terms:
            k = (term.quantity, term.name)
            rep = {s: vals[s.name] for s in term.expr.free_symbols if s.name in vals and s != eF}
            x2 = float(sp.diff(term.expr.xreplace(rep), eF, 2).subs(eF, 1.0))
            som = np.pi ** 2 / 6 * kT ** 2 * x2
            if abs(som) < 1e-9:
                assert abs(r[k] - float(X0[k])) < 1e-9 * max(1.0, abs(float(X0[k])))
                continue
            assert r.errors[k] < 1e-10 * max(1.0, abs(r[k]))
            rel = (r[k] - float(X0[k])) / som - 1
            assert abs(rel) < 0.03, (k, kT, rel)
            dev.setdefault(k, []).append(rel)
    # the remainder is O(T^4): the relative deviation grows like T^2 (factor 4 from kT 0.01 to 0.02)
    for k, (r1, r2) in dev.items():
        assert 3.0 < r2 / r1 < 5.0, k


def test_bad_input_is_named():
    model = builtin("ti-warped")
    vals = dict(model.regimes["conduction"], e=1.0)
    with pytest.raises(ParameterError, match="u_0"):
        contour.evaluate(model, vals)
    with pytest.raises(ParameterError, match="k_B"):
        thermal.evaluate(model, dict(vals, u_0=0.1, T=0.01))
    with pytest.raises(ParameterError, match="lam"):
        contour.evaluate(model, {k: v for k, v in dict(vals, u_0=0.1).items() if k != "lam"})


def test_torque_error_bars_include_the_spin_density_error():
    """torque_x = -M s_y and torque_y = M s_x: their error bars are |M| times those of the spin
    density, the Fermi-sea tail included (they were ~1e-20 beside s_y's 6.5e-12)."""
    r = contour.evaluate(builtin("ti-warped"), dict(hbar=1.0, v_F=1.0, M=0.3, lam=0.1, epsilon_F=1.0,
                                                    e=1.0, u_0=0.1))
    for t in ("intrinsic", "total"):
        assert r.errors[("s_y", t)] > 0
        assert r.errors[("torque_x", t)] == pytest.approx(0.3 * r.errors[("s_y", t)], rel=1e-12)
        assert r.errors[("torque_y", t)] == pytest.approx(0.3 * r.errors[("s_x", t)], rel=1e-12)
