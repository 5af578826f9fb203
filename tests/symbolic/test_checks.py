"""The checks of `semisym check` pass for the built-ins in every Fermi-level regime,
and they can fail (a deliberately wrong term is caught)."""

import pytest
import sympy as sp

from semisym.symbolic.checks import check_numeric, check_paper_total, check_velocity_spin

from tests.conftest import checked, derived


@pytest.mark.parametrize("model,regime", [
    ("ti-surface", "conduction"), ("ti-surface", "valence"), ("ti-surface", "gap"),
    ("massive-dirac", "conduction"),
])
def test_all_checks_pass(model, regime):
    results = checked(model, regime)
    names = {r.name for r in results}
    assert names == {"sum_equals_paper_total", "current_equals_velocity_spin", "gauge_invariance",
                     "beta_is_transpose_of_J", "gamma_is_transpose_of_J", "closed_form_vs_raw"}
    for r in results:
        assert r.passed, str(r)


def _tamper(d, quantity, term, factor):
    import copy
    t = d.groups[quantity][term]
    bad = copy.copy(d)
    bad.groups = {q: dict(g) for q, g in d.groups.items()}
    bt = copy.copy(t)
    bt.expr = t.expr * factor
    bad.groups[quantity][term] = bt
    return bad


def test_checks_can_fail():
    d = derived("ti-surface", "conduction")
    bad = _tamper(d, "sigma_yx", "skew", sp.Rational(1, 3))
    assert check_paper_total(bad).passed is False
    assert check_velocity_spin(bad).passed is False
    bad2 = _tamper(d, "s_x", "side_jump", 1 + sp.Rational(1, 10 ** 10))
    assert check_numeric(bad2, points=1).passed is False
