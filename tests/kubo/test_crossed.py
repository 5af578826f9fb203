"""The crossed (X and Psi) diagrams: semisym.kubo.crossed against the closed form of Ado et al.
(2015), identities of the TI surface, the limits they state, the Rashba ferromagnet with both
subbands (where the non-crossing result vanishes), and the independence of scales and resolution."""

import math

import pytest

from semisym.errors import ModelError
from semisym.kubo.crossed import Crossed, crossed_limit
from semisym.kubo.streda import Kubo, kubo
from semisym.model.builtins import builtin
from semisym.paper import ado2015_sigma_xy

E2_H = 1 / (2 * math.pi)           # e^2/h at e = hbar = 1


def _dirac(name, xi, eF=1.0, **scale):
    m = builtin(name)
    mass, vel = ("Delta", "v") if name == "massive-dirac" else ("M", "v_F")
    vals = {"hbar": 1.0, vel: 1.0, mass: xi * eF, "epsilon_F": eF, "e": 1.0}
    vals.update(scale)
    return Kubo(m, vals)


@pytest.mark.parametrize("xi", [0.05, 0.2, 0.35, 0.5, 0.7, 0.9])
@pytest.mark.parametrize("name", ["massive-dirac", "ti-surface"])
def test_crossed_equals_ado_2015(name, xi):
    """sigma_yx^cr = (e^2/h) [8 xi^3 - 4 xi (1 + xi^2)] / (1 + 3 xi^2)^2 = -(e^2/h) 4 xi (1 - xi^2)/(1 + 3 xi^2)^2
    at six M/eps_F in the conduction band, to 1e-6 relative (seen: 1e-10 and better), within the
    stated error."""
    ref = float(ado2015_sigma_xy(xi)["crossed"]) * E2_H
    got = crossed_limit(_dirac(name, xi))["sigma_yx"]
    assert got["value"] == pytest.approx(ref, rel=1e-6)
    assert abs(got["value"] - ref) <= got["error"] < 1e-6 * abs(ref)


def test_full_equals_ado_2015_and_the_nca_is_eq_86():
    """The whole answer: Kubo's non-crossing total is Ado's non-crossing line (the paper's Eq. 86), and
    total_full is their full result; in the valence band the same with eps_F -> |eps_F|."""
    for eF in (1.0, -1.0):
        xi = 0.3
        res = kubo("ti-surface", {"hbar": 1.0, "v_F": 1.0, "M": xi, "epsilon_F": eF, "e": 1.0})
        ref = ado2015_sigma_xy(xi)
        assert res.entries[("sigma_yx", "total")].value == pytest.approx(float(ref["nca"]) * E2_H, rel=1e-8)
        assert res.entries[("sigma_yx", "total_full")].value == pytest.approx(float(ref["full"]) * E2_H, rel=1e-8)


def test_ti_surface_sigma_yx_equals_e_v_s_x_for_the_crossed_part():
    """On the TI surface J_y = e v_F sigma_x: the crossed sigma_yx is e v_F times the crossed <s_x>
    (e = 2, v_F = 1.5 so that the identity is not 1 = 1), and the Edelstein component s_y has no
    crossed Hall-like part."""
    kb = _dirac("ti-surface", 0.4, e=2.0, v_F=1.5)
    c = crossed_limit(kb)
    assert c["sigma_yx"]["value"] == pytest.approx(2.0 * 1.5 * c["s_x"]["value"], rel=1e-10)
    assert c["sigma_yx"]["hall_like"] and c["s_x"]["hall_like"]
    assert not c["s_y"]["hall_like"] and not c["sigma_xx"]["hall_like"]
    assert abs(c["s_y"]["value"]) < 1e-10 * abs(c["s_x"]["value"])


def test_band_edge_and_high_density():
    """Ado et al.: at the band edge (M/eps_F -> 1) the crossed term vanishes with the other disorder
    terms, so that the full sigma_yx (the derived non-crossing total + the crossed term) is the
    intrinsic one, e^2/2h; at high density the crossed diagrams reverse the sign of the skew term (the
    paper's Eq. 85 as semisym derives it) and leave a small fraction of the non-crossing total."""
    import semisym
    for xi in (0.99, 0.999):
        vals = {"hbar": 1.0, "v_F": 1.0, "M": xi, "epsilon_F": 1.0, "e": 1.0}
        derived = semisym.derive("ti-surface").result(dict(vals, u_0=0.1)).entries
        cr = crossed_limit(Kubo(builtin("ti-surface"), vals))["sigma_yx"]["value"]
        assert abs(cr) < 3 * (1 - xi) * E2_H
        full = derived[("sigma_yx", "total")].value + cr
        assert derived[("sigma_yx", "intrinsic")].value == pytest.approx(xi * E2_H / 2, rel=1e-12)
        assert abs(full - E2_H / 2) < 4 * (1 - xi) * E2_H
    vals = {"hbar": 1.0, "v_F": 1.0, "M": 0.1, "epsilon_F": 1.0, "e": 1.0}
    derived = semisym.derive("ti-surface").result(dict(vals, u_0=0.1)).entries
    cr = crossed_limit(Kubo(builtin("ti-surface"), vals))["sigma_yx"]["value"]
    skew, total = derived[("sigma_yx", "skew")].value, derived[("sigma_yx", "total")].value
    assert skew > 0 and skew + cr < 0
    assert 0 < total + cr < 0.05 * total


def test_rashba_two_bands_crossed_is_finite_where_the_nca_vanishes():
    """Rashba ferromagnet with both subbands at eps_F: the non-crossing sigma_yx is 0, the crossed
    diagrams give a finite sigma_yx and <s_x> (Ado et al., PRL 117, 046601 (2016))."""
    m = builtin("rashba-ferromagnet")
    res = kubo(m, dict(m.regimes["two-bands"], e=1.0))
    assert abs(res.entries[("sigma_yx", "total")].value) < 1e-8
    for q in ("sigma_yx", "s_x"):
        e = res.entries[(q, "crossed")]
        assert abs(e.value) > 1e4 * e.error
        assert res.entries[(q, "total_full")].value == pytest.approx(e.value, abs=1e-8)


@pytest.mark.slow
@pytest.mark.parametrize("regime", ["lower-band", "annulus"])
def test_error_estimate_holds_at_twice_the_resolution(regime):
    """The stated error bounds the change to a finer loop rule and a tighter angle tolerance
    (annulus: two Fermi radii of one band, partial fractions with two poles in one loop)."""
    m = builtin("rashba-ferromagnet")
    kb = Kubo(m, dict(m.regimes[regime], e=1.0))
    coarse = crossed_limit(kb)
    fine = crossed_limit(kb, n_beta=512, rtol=1e-11, max_beta=512)
    for q in ("sigma_yx", "s_x"):
        assert abs(coarse[q]["value"] - fine[q]["value"]) <= coarse[q]["error"]
        assert coarse[q]["error"] < 1e-5 * abs(coarse[q]["value"])


def test_scales_drop_out():
    """No number in the crossed calculation stands for a scale: hbar v_F = 3e-29 J m, M and eps_F of
    order 1e-20 J (SI-like magnitudes) give the same sigma_yx in units e^2/hbar as natural units."""
    xi = 0.3
    nat = crossed_limit(_dirac("ti-surface", xi))["sigma_yx"]["value"]
    hb, v, eF, e = 1.054571817e-34, 3.0e5, 1.6e-20, 1.602176634e-19
    kb = Kubo(builtin("ti-surface"), {"hbar": hb, "v_F": v, "M": xi * eF, "epsilon_F": eF, "e": e})
    si = crossed_limit(kb)["sigma_yx"]["value"]
    assert si * hb / e ** 2 == pytest.approx(nat, rel=1e-8)


def test_anisotropic_and_spin_dependent_disorder_are_refused_with_a_reason():
    m = builtin("ti-warped")
    kb = Kubo(m, dict(m.regimes["conduction"], e=1.0))
    with pytest.raises(ModelError, match="isotropic"):
        Crossed(kb)
    res = kubo(builtin("ti-surface"), {"hbar": 1.0, "v_F": 1.0, "M": 0.3, "epsilon_F": 1.0, "e": 1.0, "r_z": 0.5},
               disorder="magnetic-z")
    assert ("sigma_yx", "crossed") not in res.entries
    assert "scalar disorder" in res.info["crossed"]
