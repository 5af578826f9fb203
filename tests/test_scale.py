"""Scale invariance: the physics does not depend on the units.  Every root bracket, radial grid and
cutoff comes from the model's own scales, so rescaling the energy unit by 10^p and the length unit
by 10^q (hbar = e = 1 kept) leaves every dimensionless result unchanged: sigma_yx and sigma_xx (in
e^2/hbar, dimensionless in 2D) exactly, the spin density (per area per field, dimension
1/(energy length) at e = 1) times 10^(p + q).  And a Bi2Se3-like surface in SI units gives the
natural-units numbers."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import semisym
from semisym.numeric import contour, thermal

#: (energy exponent, length exponent) of each parameter at hbar = e = 1: H is an energy, k an inverse
#: length, so a coefficient of k^n has dimension energy * length^n; <U U> = u_0^2 delta(r) makes u_0
#: an energy times a length
DIMENSION = {"epsilon_F": (1, 0), "M": (1, 0), "Delta": (1, 0), "v_F": (1, 1), "v": (1, 1), "alpha": (1, 1),
             "lam": (1, 3), "m": (-1, -2), "u_0": (1, 1), "T": (0, 0), "hbar": (0, 0), "e": (0, 0), "k_B": (1, 0)}

#: the power of (energy unit * length unit) by which each quantity per unit E_x scales
SPIN_POWER = {"sigma_yx": 0, "sigma_xx": 0, "s_x": -1, "s_y": -1}

#: reproducible draws and no shrinking (each example costs seconds): a failure reports its p and q
QUICK = dict(derandomize=True, phases=[Phase.explicit, Phase.generate])

#: the fast tier rescales one model with one Fermi circle and one with two; the slow tier every regime
FAST = {("ti-surface", "conduction"), ("rashba-ferromagnet", "annulus")}
CASES = [pytest.param(name, regime, marks=() if (name, regime) in FAST else pytest.mark.slow)
         for name in semisym.models.BUILTINS for regime in semisym.builtin(name).regimes]


def rescaled(values, p, q):
    return {n: v * 10.0 ** (DIMENSION[n][0] * p + DIMENSION[n][1] * q) for n, v in values.items()}


def assert_same(ref, got, p, q, rtol=1e-9):
    for (quantity, term), v in ref.items():
        if quantity not in SPIN_POWER:
            continue
        w = got[(quantity, term)] * 10.0 ** (-SPIN_POWER[quantity] * (p + q))
        scale = max(abs(ref[k]) for k in ref if k[0] == quantity) or 1.0
        assert abs(float(w) - float(v)) <= rtol * scale, (quantity, term, float(v), float(w), p, q)


def natural(name, regime):
    return dict(semisym.builtin(name).regimes[regime], e=1.0, u_0=0.1)


@pytest.mark.parametrize("name, regime", CASES)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], **QUICK)
@given(p=st.floats(-25, 25), q=st.floats(-15, 15))
def test_every_path_is_scale_invariant(name, regime, p, q):
    model = semisym.builtin(name)
    values = natural(name, regime)
    scaled = rescaled(values, p, q)
    if semisym.models.is_isotropic(model.hamiltonian):
        ref = semisym.derive(model, values=values).result(values).values
        got = semisym.derive(model, values=scaled).result(scaled).values
        assert_same(ref, got, p, q)
    ref = contour.evaluate(model, values).values
    got = contour.evaluate(model, scaled).values
    assert_same(ref, got, p, q, rtol=1e-8)


@settings(max_examples=3, deadline=None, **QUICK)
@given(p=st.floats(-25, 25), q=st.floats(-15, 15))
def test_finite_temperature_is_scale_invariant(p, q):
    model = semisym.builtin("ti-surface")
    values = dict(natural("ti-surface", "conduction"), T=0.05, k_B=1.0)
    ref = thermal.evaluate(model, values).values
    got = thermal.evaluate(model, rescaled(values, p, q)).values
    assert_same(ref, got, p, q, rtol=1e-8)


@pytest.mark.slow
@settings(max_examples=3, deadline=None, **QUICK)
@given(p=st.floats(-25, 25), q=st.floats(-15, 15))
def test_closed_form_sweeps_are_scale_invariant(p, q):
    from semisym.sweep import sweep
    model = semisym.builtin("ti-surface")
    fixed = {k: v for k, v in natural("ti-surface", "conduction").items() if k != "epsilon_F"}
    eF = np.linspace(-2, 2, 9)
    ref = sweep(model, fixed, {"epsilon_F": eF}, progress=False)
    got = sweep(model, rescaled(fixed, p, q), {"epsilon_F": eF * 10.0 ** p}, progress=False)
    assert list(got.route) == list(ref.route)
    for k, v in ref.columns.items():
        if k[0] in SPIN_POWER:
            w = got.columns[k] * 10.0 ** (-SPIN_POWER[k[0]] * (p + q))
            assert np.allclose(w, v, rtol=1e-9, atol=1e-12 * np.max(np.abs(v))), k


HBAR_SI, E_SI = 1.054571817e-34, 1.602176634e-19
MEV = 1e-3 * E_SI
#: a magnetized Bi2Se3-like surface in SI units: v_F = 5e5 m/s, M = 10 meV, epsilon_F = 100 meV
BI2SE3 = dict(hbar=HBAR_SI, v_F=5e5, M=10 * MEV, epsilon_F=100 * MEV, e=E_SI, u_0=1e-39)


def test_si_units_give_the_natural_units_numbers():
    """Every term fell to 0 (the Fermi radius ~3e8 1/m lay outside a fixed search range, 'gap')."""
    nat = dict(hbar=1.0, v_F=1.0, M=0.1, epsilon_F=1.0, e=1.0, u_0=0.1)
    ref = semisym.derive("ti-surface", values=nat).result(nat)
    r = semisym.derive("ti-surface", values=BI2SE3).result(BI2SE3)
    unit = E_SI ** 2 / HBAR_SI
    for t in ("intrinsic", "extrinsic", "side_jump", "skew", "total"):
        assert r["sigma_yx", t] / unit == pytest.approx(ref["sigma_yx", t], rel=1e-12)
    # Eq. 86 at xi = M/eps_F = 0.1: 2 xi (1 + xi^2) / (pi (1 + 3 xi^2)^2) e^2/hbar = 0.0606
    xi = 0.1
    assert r["sigma_yx", "total"] / unit == pytest.approx(2 * xi * (1 + xi ** 2) / (math.pi * (1 + 3 * xi ** 2) ** 2),
                                                         rel=1e-12)
    num = contour.evaluate(semisym.builtin("ti-surface"), BI2SE3)
    assert num[("sigma_yx", "total")] / unit == pytest.approx(ref["sigma_yx", "total"], rel=1e-9)


@pytest.mark.slow
def test_si_units_in_the_kubo_referee():
    from semisym.kubo import kubo
    values = {k: v for k, v in BI2SE3.items() if k != "u_0"}
    r = kubo("ti-surface", values)
    xi = 0.1
    assert r["sigma_yx", "total"] / (E_SI ** 2 / HBAR_SI) == pytest.approx(
        2 * xi * (1 + xi ** 2) / (math.pi * (1 + 3 * xi ** 2) ** 2), rel=1e-7)
