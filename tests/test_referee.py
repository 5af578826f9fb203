"""`semisym check` referees every term with methods that share no code with the derivation.  Errors
planted in the symbolic chain (the sign of J_sk, a factor in J_E, the sign of the Berry curvature)
make it fail on the TI surface and on the Rashba ferromagnet with the lower band only, where the
checks of the derivation alone were blind (3 SKIP, 3 PASS, exit 0 with J_sk's sign flipped).  The
same and more (the printed Eq. 38, the sign of the Kubo ladder) through the command itself, in a
scratch copy of the package: tests/mutations.py."""

import pytest

import semisym
from semisym.referee import check

CASES = [("ti-surface", "conduction"), ("rashba-ferromagnet", "lower-band")]


@pytest.mark.parametrize("name, regime", CASES + [("massive-dirac", "valence"), ("rashba-ferromagnet", "annulus")])
def test_every_term_is_refereed_on_correct_code(name, regime):
    checks, refereed = check(semisym.derive(name, regime=regime), points=1)
    assert all(c.passed is not False for c in checks), [str(c) for c in checks]
    assert all(refereed.values())


def _flip_J_sk(monkeypatch):
    from semisym.symbolic.skew import SkewScattering
    orig = SkewScattering.J_sk
    monkeypatch.setattr(SkewScattering, "J_sk", lambda self, S: {c: -v for c, v in orig(self, S).items()})


def _double_J_E(monkeypatch):
    from semisym.symbolic.kinetics import Kinetics
    orig = Kinetics.J_E
    monkeypatch.setattr(Kinetics, "J_E", lambda self: {c: 2 * v for c, v in orig(self).items()})


def _flip_berry_curvature(monkeypatch):
    from semisym.symbolic.bands import Point
    orig = Point.berry_curvature
    monkeypatch.setattr(Point, "berry_curvature", lambda self, m: -orig(self, m))


@pytest.mark.parametrize("plant", [_flip_J_sk, _double_J_E, _flip_berry_curvature])
@pytest.mark.parametrize("name, regime", CASES)
def test_a_planted_error_fails_the_check(plant, name, regime, monkeypatch):
    plant(monkeypatch)
    # the numeric-path referee alone (tests/mutations.py runs the full `semisym check`, Kubo included)
    checks, _ = check(semisym.derive(name, regime=regime), points=1, kubo=False)
    failed = [c.name for c in checks if c.passed is False]
    assert "numeric_path_agrees" in failed, [str(c) for c in checks]


def test_a_model_without_closed_forms_has_its_totals_refereed_and_says_which_terms_are_not():
    """ti-warped (anisotropic): the numeric path is gauge invariant and its totals agree with Kubo;
    its separate terms have no independent referee, and the check says so (fails, naming them)."""
    from semisym.referee import check_numeric_path
    model = semisym.builtin("ti-warped")
    checks, refereed, res = check_numeric_path(model, model.regimes["conduction"])
    status = {c.name: c.passed for c in checks}
    assert status == {"gauge_invariance": True, "kubo_agrees": True, "every_term_refereed": False}
    assert refereed[("sigma_yx", "total")] == ["Kubo"] and refereed[("sigma_xx", "drude")] == ["Kubo"]
    assert refereed[("sigma_yx", "skew")] == []
    assert "sigma_yx/skew" in checks[-1].detail
    assert [c["name"] for c in res.checks] == list(status)
