"""Skew scattering: one collision integral, two forms of g, two prescriptions (derivations/notes.md)."""

import pytest
import sympy as sp

from semisym.paper import TIReference

from .conftest import derived, same, symbols_of


def eq85(d):
    p, eF, e, hbar, u0 = symbols_of(d)
    return TIReference(p["M"], p["v_F"], hbar, eF, e, u0).sigma_yx()["skew"]


def test_eq17_collision_gives_one_third():
    """With g from Eq. 17 as printed (U alone evolved in time) the skew term is one third of Eq. 85."""
    d = derived("ti-surface", "conduction", collision="eq17")
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
