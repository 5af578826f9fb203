"""Skew scattering: one collision integral, two forms of g, two prescriptions (derivations/notes.md)."""

import pytest

from semisym.paper import TIReference

from tests.conftest import derived, same, symbols_of


def eq85(d):
    p, eF, e, hbar, u0 = symbols_of(d)
    return TIReference(p["M"], p["v_F"], hbar, eF, e, u0).sigma_yx()["skew"]


def test_eq17_collision_gives_one_third():
    """With g from Eq. 17 as printed (U alone evolved in time) the skew term is one third of Eq. 85."""
    d = derived("ti-surface", "conduction", collision="eq17", prescription="paper")
    assert same(d.sigma_yx["skew"].expr, eq85(d) / 3)
    # the other terms do not depend on the form of g (band-diagonal densities)
    ref = derived("ti-surface", "conduction")
    for t in ("intrinsic", "extrinsic", "side_jump"):
        assert same(d.sigma_yx[t].expr, ref.sigma_yx[t].expr)


def test_fermi_shell_prescription_gives_eq85():
    d = derived("ti-surface", "conduction", prescription="fermi-shell")
    assert same(d.sigma_yx["skew"].expr, eq85(d))
    # on the Fermi shell only: no skew density at -eps_F
    assert all(not k.startswith("-") for k in d.objects["n_sk"])


@pytest.mark.parametrize("model,regime", [("ti-surface", "valence"), ("massive-dirac", "conduction"),
                                          ("massive-dirac", "valence")])
def test_prescriptions_agree_with_one_fermi_circle(model, regime):
    """With one Fermi circle the Fermi-shell prescription and the paper's give the same terms."""
    a = derived(model, regime, prescription="fermi-shell")
    b = derived(model, regime, prescription="paper")
    for q in ("sigma_yx", "s_x", "s_y"):
        for t in ("skew", "total"):
            assert same(a.groups[q][t].expr, b.groups[q][t].expr), (q, t)
