"""The same pipeline on models the paper never treats: independent facts, not typed-in formulas."""

import mpmath as mp
import pytest
import sympy as sp

import semisym
from semisym.model import E_CHARGE, HBAR

from tests.conftest import derived, same

VALS = dict(hbar=1.0, e=1.0, u_0=0.4)


@pytest.mark.parametrize("regime", ["conduction", "valence", "gap"])
def test_massive_dirac_equals_ti_surface(regime):
    """The two models differ by a rotation of the pseudospin: sigma_yx agrees term by term."""
    ti, md = derived("ti-surface", regime), derived("massive-dirac", regime)
    p, q = ti.model.parameters, md.model.parameters
    rename = {q["Delta"]: p["M"], q["v"]: p["v_F"], md.eps_F: ti.eps_F}
    for t in ("intrinsic", "extrinsic", "side_jump", "skew", "total"):
        assert same(md.sigma_yx[t].expr.xreplace(rename), ti.sigma_yx[t].expr), t
    assert same(md.sigma_xx["drude"].expr.xreplace(rename), ti.sigma_xx["drude"].expr)


def test_energy_shift_d0():
    """d0 = mu (a constant shift of both bands): every term is the TI one at eps_F - mu."""
    m = semisym.from_text("hbar*v_F*(k_x*sigma_y - k_y*sigma_x) + M*sigma_z + mu*sigma_0",
                          positive=["v_F"], exchange="M")
    d = semisym.derive(m, values=dict(hbar=1, v_F=1, M=0.3, mu=0.2, epsilon_F=1.2))
    ti = derived("ti-surface", "conduction")
    vals = dict(VALS, v_F=0.9, M=0.25)
    for q, t in [("sigma_yx", "total"), ("sigma_yx", "skew"), ("s_y", "edelstein"), ("torque_y", "total")]:
        a = d.groups[q][t].value(dict(vals, mu=0.25, epsilon_F=1.375))
        b = ti.groups[q][t].value(dict(vals, epsilon_F=1.125))
        with mp.workdps(30):
            assert abs(a - b) < 1e-25 * abs(b), (q, t)


def test_chiral_winding_two_gap():
    """H = a (k_-^2 sigma_+ + h.c.) + Delta sigma_z (winding N = 2): with the Fermi level in the gap
    the filled lower band gives N e^2 sign(Delta)/(4 pi hbar) -- twice the Dirac value."""
    m = semisym.from_text("a*((k_x**2 - k_y**2)*sigma_x + 2*k_x*k_y*sigma_y) + Delta*sigma_z",
                          positive=["a", "Delta"], exchange="Delta")
    d = semisym.derive(m, values=dict(a=1, Delta=0.5, hbar=1, epsilon_F=0.1))
    assert not d.circles
    assert same(d.sigma_yx["total"].expr, 2 * E_CHARGE ** 2 / (4 * sp.pi * HBAR))


def test_chiral_winding_two_conduction_checks():
    """The winding-2 model with a Fermi circle: every check passes (gauge invariance,
    beta/gamma transposes, closed form against mpmath)."""
    m = semisym.from_text("a*((k_x**2 - k_y**2)*sigma_x + 2*k_x*k_y*sigma_y) + Delta*sigma_z",
                          positive=["a", "Delta"], exchange="Delta")
    d = semisym.derive(m, values=dict(a=1, Delta=0.5, hbar=1, epsilon_F=1.0))
    assert len(d.circles) == 1
    for r in d.check(points=2):
        assert r.passed is not False, str(r)
    # the intrinsic part approaches the gap value N e^2/(4 pi hbar) as eps_F -> Delta+
    v = d.sigma_yx["intrinsic"].value(dict(a=1, Delta=0.5, hbar=1, epsilon_F=0.5000001, e=1, u_0=1))
    assert abs(v - 2 / (4 * mp.pi)) < 1e-6
