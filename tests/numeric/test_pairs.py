"""Skew scattering on pairs of impurities in the Boltzmann equation (semisym.numeric.pairs): the
term skew_pairs against the closed form of Ado et al. (2015), against the crossed diagrams of the
Kubo formula (a second method: ladder-dressed vertices instead of the chain's n^(-1) and J0^(-1)),
identities of the TI surface, gauge invariance, and the refusals."""

import math

import numpy as np
import pytest

from semisym.compare import compare
from semisym.errors import ModelError, ParameterError
from semisym.kubo.crossed import crossed_limit
from semisym.kubo.streda import Kubo
from semisym.model.builtins import builtin
from semisym.numeric import contour, thermal
from semisym.paper import ado2015_sigma_xy

E2_H = 1 / (2 * math.pi)           # e^2/h at e = hbar = 1


def _values(name, xi, eF=1.0, **more):
    mass, vel = ("Delta", "v") if name == "massive-dirac" else ("M", "v_F")
    vals = {"hbar": 1.0, vel: 1.0, mass: xi * abs(eF), "epsilon_F": eF, "e": 1.0, "u_0": 0.3}
    vals.update(more)
    return vals


@pytest.mark.parametrize("name,xi,eF", [("ti-surface", 0.2, 1.0), ("ti-surface", 0.6, 1.0),
                                        ("ti-surface", 0.3, -1.0), ("massive-dirac", 0.45, 1.0)])
def test_skew_pairs_and_total_full_equal_ado_2015(name, xi, eF):
    """Boltzmann equation with the pair rate: sigma_yx^sp = -(e^2/h) 4 xi (1 - xi^2)/(1 + 3 xi^2)^2 and
    total_full = (e^2/h) 8 xi^3/(1 + 3 xi^2)^2 (Ado et al. 2015, sigma_xy = -sigma_yx, m = M or Delta),
    conduction and valence band, to 1e-6 relative and within the stated error."""
    res = contour.evaluate(builtin(name), _values(name, xi, eF), pairs=True)
    ref = ado2015_sigma_xy(xi)
    sp, full = res.entries[("sigma_yx", "skew_pairs")], res.entries[("sigma_yx", "total_full")]
    assert sp.value == pytest.approx(float(ref["crossed"]) * E2_H, rel=1e-6)
    assert abs(sp.value - float(ref["crossed"]) * E2_H) <= sp.error + 1e-12 * abs(sp.value)
    assert full.value == pytest.approx(float(ref["full"]) * E2_H, rel=1e-6)
    assert "skew_pairs" in res.approximation


def test_ti_surface_identity_and_the_edelstein_direction():
    """J_y = e v_F sigma_x on the TI surface: sigma_yx^sp = e v_F <s_x>^sp (e = 2, v_F = 1.5); s_y (the
    Edelstein direction, not Hall-like) gets no total_full and no antisymmetric pair part; the torque
    follows the spin density (torque_y = J <s_x> with the exchange M)."""
    res = contour.evaluate(builtin("ti-surface"), _values("ti-surface", 0.4, e=2.0, v_F=1.5), pairs=True)
    sp = lambda q: res.entries[(q, "skew_pairs")].value
    assert sp("sigma_yx") == pytest.approx(2.0 * 1.5 * sp("s_x"), rel=1e-10)
    assert ("s_x", "total_full") in res.entries and ("s_y", "total_full") not in res.entries
    assert abs(sp("s_y")) < 1e-9 * abs(sp("s_x"))
    assert sp("torque_y") == pytest.approx(0.4 * sp("s_x"), rel=1e-12)


def test_rashba_two_bands_boltzmann_equals_kubo():
    """Rashba ferromagnet with both subbands at eps_F, where the non-crossing sigma_yx vanishes: the pair
    term of the Boltzmann equation (the chain's n^(-1), J0 coupling the two Fermi circles) equals the
    crossed diagrams between ladder-dressed vertices to 1e-6, sigma_yx and s_x; total_full is the pair
    term alone."""
    m = builtin("rashba-ferromagnet")
    vals = dict(m.regimes["two-bands"], e=1.0, u_0=0.2)
    res = contour.evaluate(m, vals, pairs=True)
    ref = crossed_limit(Kubo(m, {k: v for k, v in vals.items() if k != "u_0"}))
    for q in ("sigma_yx", "s_x"):
        e = res.entries[(q, "skew_pairs")]
        assert e.value == pytest.approx(ref[q]["value"], rel=1e-6)
        assert abs(e.value - ref[q]["value"]) <= e.error + ref[q]["error"]
    tot = res.entries[("sigma_yx", "total")].value
    assert abs(tot) < 1e-8 * abs(res.entries[("sigma_yx", "skew_pairs")].value)
    assert res.entries[("sigma_yx", "total_full")].value == pytest.approx(ref["sigma_yx"]["value"], rel=1e-6)


def test_gauge_invariance():
    """A smooth random phase of the eigenvectors changes no pair term (Rashba, lower band only)."""
    m = builtin("rashba-ferromagnet")
    vals = dict(m.regimes["lower-band"], e=1.0, u_0=0.2)
    cache = {}
    a, _ = contour.evaluate_once(m, vals, 32, pairs=cache)
    b, _ = contour.evaluate_once(m, vals, 32, gauge=contour.random_gauge(5), pairs=cache)
    for q in ("sigma_yx", "s_x", "s_y"):
        k = (q, "skew_pairs")
        assert abs(a[k] - b[k]) < 1e-11 * abs(a[("sigma_yx", "skew_pairs")]), k


def test_in_the_gap_there_is_no_pair_scattering():
    res = contour.evaluate(builtin("ti-surface"), _values("ti-surface", 2.0), pairs=True)
    for q in ("sigma_yx", "s_x", "s_y"):
        assert res.entries[(q, "skew_pairs")].value == 0.0
    assert res.entries[("sigma_yx", "total_full")].value == res.entries[("sigma_yx", "total")].value


def test_scales_drop_out():
    """SI-sized hbar, v_F, eps_F, e give the same sigma_yx^sp in units e^2/hbar as natural units."""
    nat = contour.evaluate(builtin("ti-surface"), _values("ti-surface", 0.3), pairs=True)
    hb, v, eF, e = 1.054571817e-34, 3.0e5, 1.6e-20, 1.602176634e-19
    si = contour.evaluate(builtin("ti-surface"), {"hbar": hb, "v_F": v, "M": 0.3 * eF, "epsilon_F": eF, "e": e,
                                                  "u_0": 1e-40}, pairs=True)
    k = ("sigma_yx", "skew_pairs")
    assert si.entries[k].value * hb / e ** 2 == pytest.approx(nat.entries[k].value, rel=1e-8)


def test_compare_sets_skew_pairs_against_crossed():
    res = compare("ti-surface", _values("ti-surface", 0.5), crossed=True)
    e = res.entries[("sigma_yx", "skew_pairs")]
    assert e.compared and e.rel_diff < 1e-8
    assert e.reference == pytest.approx(float(ado2015_sigma_xy(0.5)["crossed"]) * E2_H, rel=1e-8)


def test_refusals_name_the_reason():
    m = builtin("ti-warped")
    with pytest.raises(ModelError, match="isotropic"):
        contour.evaluate(m, dict(m.regimes["conduction"], e=1.0, u_0=0.1), pairs=True)
    with pytest.raises(ModelError, match="scalar disorder"):
        contour.evaluate(builtin("ti-surface"), _values("ti-surface", 0.3, r_z=0.5), disorder="magnetic-z", pairs=True)
    with pytest.raises(ParameterError, match="T = 0"):
        thermal.evaluate(builtin("ti-surface"), _values("ti-surface", 0.3, T=0.01, k_B=1.0), pairs=True)
    res = compare("ti-surface", _values("ti-surface", 0.3, r_z=0.5), disorder="magnetic-z", crossed=True)
    assert ("sigma_yx", "skew_pairs") not in res.entries and "scalar disorder" in res.info["crossed"]
    assert np.isfinite(res.entries[("sigma_yx", "disorder_independent")].value)
