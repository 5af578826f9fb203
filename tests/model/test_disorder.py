"""Gaussian white noise that couples to the spin (semisym.model.disorder): the correlator
u_0^2 sum_AB w_AB <u|sigma_A|u'><u'|sigma_B|u> carried through the whole chain, on the symbolic
path, the numeric path and the Kubo-Streda referee, each derived independently.  Scalar disorder is
the paper's and leaves every number unchanged (the rest of the suite)."""

import math

import pytest
import sympy as sp

import semisym
from semisym.errors import ModelError, ParameterError, SemisymError
from semisym.kubo.streda import Kubo
from semisym.model.disorder import Disorder, make
from semisym.numeric import contour

TI = dict(hbar=1.0, v_F=1.0, M=0.3, epsilon_F=1.0, e=1.0)


def test_presets_and_text():
    assert make(None).scalar and make("scalar").scalar and make("s0s0").scalar
    m = make("magnetic-z")
    assert m.w == sp.diag(1, 0, 0, m.parameters["r_z"]) and m.rotation_invariant()
    t = make("s0s0 + r_z*szsz + c*s0sz")
    assert t.w[0, 3] == t.w[3, 0] == t.parameters["c"] / 2
    assert make("s0s0 + a*sxsx + a*sysy").rotation_invariant()
    assert not make("s0s0 + a*sxsx").rotation_invariant()


@pytest.mark.parametrize("text, words", [
    ("s0s0 + sqsz", "not a Pauli pair: sqsz"),
    ("s0s0*szsz", "one Pauli pair"),
    ("k_x*s0s0", "without k_x"),
    ("__import__('os')", "unknown disorder"),
    ("s0s0 + __import__('os')", "not allowed"),
    ("", "unknown disorder"),
    ("no-such-preset", "unknown disorder 'no-such-preset'"),
])
def test_bad_disorder_is_named(text, words):
    with pytest.raises(ModelError, match=words):
        make(text)


def test_correlator_must_be_positive_semidefinite():
    with pytest.raises(ParameterError, match="not positive semi-definite"):
        make("s0s0 + 3*s0sz").values()
    with pytest.raises(ParameterError, match="without a value: r_z"):
        make("s0s0 + r_z*szsz").values({})


def test_twice_the_scalar_correlator_is_u0_times_sqrt2():
    """w = 2 e_0 e_0^T is scalar disorder with u_0^2 -> 2 u_0^2: every term (the Drude and Edelstein
    terms scale as 1/u_0^2, the rest not at all)."""
    a = semisym.derive("ti-surface", disorder="2*s0s0")
    b = semisym.derive("ti-surface")
    u0 = sp.Symbol("u_0", positive=True)
    for t in b.terms:
        assert sp.simplify(a.groups[t.quantity][t.name].expr - t.expr.xreplace({u0: sp.sqrt(2) * u0})) == 0


def test_rotation_breaking_disorder_goes_to_the_numeric_path():
    with pytest.raises(SemisymError, match="breaks the rotation symmetry"):
        semisym.derive("ti-surface", disorder="s0s0 + r*sxsx")
    r = semisym.derive("ti-surface", disorder="s0s0 + r*sxsx", values=dict(TI, u_0=1.0, r=0.3))
    assert r.method == "numeric path" and "s0s0 + r*sxsx" in r.info["disorder"]


@pytest.fixture(scope="module")
def magnetic_ti():
    return semisym.derive("ti-surface", disorder="magnetic-z")


def test_magnetic_ti_closed_forms_and_checks(magnetic_ti):
    """Closed forms in r_z; at r_z = 0 the paper's Eq. 86; every check of the derivation passes
    (gauge invariance, the transposes, closed forms against 30-digit quadrature)."""
    d = magnetic_ti
    r = d.disorder.parameters["r_z"]
    assert r in d.sigma_yx["total"].expr.free_symbols
    scalar = semisym.derive("ti-surface")
    for t in scalar.terms:
        assert sp.simplify(d.groups[t.quantity][t.name].expr.xreplace({r: 0}) - t.expr) == 0
    checks = d.check()
    assert all(c.passed is not False for c in checks) and sum(c.passed is True for c in checks) == 5


@pytest.mark.parametrize("r_z", [0.5, 1.7])
def test_magnetic_ti_equals_kubo(magnetic_ti, r_z):
    """The Kubo-Streda calculation (self-energy sum_AB w_AB sigma_A <G> sigma_B, ladder with the same
    structure; nothing of the semiclassical chain) against the closed forms."""
    vals = dict(TI, r_z=r_z)
    kb = Kubo(semisym.builtin("ti-surface"), vals, disorder="magnetic-z").limit()
    ev = magnetic_ti.evaluate(dict(vals, u_0=1.0))
    assert math.isclose(kb["sigma_yx"]["total"], float(ev[("sigma_yx", "total")]), rel_tol=1e-8)
    assert math.isclose(kb["sigma_xx"]["inverse_u0sq"], float(ev[("sigma_xx", "drude")]), rel_tol=1e-8)
    assert math.isclose(kb["s_y"]["inverse_u0sq"], float(ev[("s_y", "edelstein")]), rel_tol=1e-8)
    assert math.isclose(kb["s_x"]["total"], float(ev[("s_x", "total")]), rel_tol=1e-8)


def test_magnetic_ti_numeric_path(magnetic_ti):
    vals = dict(TI, u_0=0.1, r_z=0.5)
    r = contour.evaluate(semisym.builtin("ti-surface"), vals, disorder="magnetic-z")
    for k, v in magnetic_ti.evaluate(vals).items():
        assert abs(r[k] - float(v)) < 1e-12 * max(1.0, abs(float(v))), k


@pytest.mark.slow
@pytest.mark.parametrize("eF", [1.0, 0.1, -0.4])
def test_rashba_magnetic_equals_kubo(eF):
    """Rashba ferromagnet with magnetic (sigma_z) disorder in every regime: semiclassics = Kubo to
    1e-6.  With both bands occupied sigma_yx is finite (it vanishes for scalar disorder in the
    non-crossing approximation; Inoue et al., PRL 97, 046604 (2006))."""
    m = semisym.builtin("rashba-ferromagnet")
    vals = dict(hbar=1.0, m=1.0, alpha=1.0, Delta=0.3, epsilon_F=eF, e=1.0, r_z=0.5)
    kb = Kubo(m, vals, disorder="magnetic-z").limit()
    d = semisym.derive(m, disorder="magnetic-z", values=dict(vals, u_0=1.0))
    ev = d.evaluate(dict(vals, u_0=1.0))
    for q in ("sigma_yx", "s_x"):
        assert math.isclose(kb[q]["total"], float(ev[(q, "total")]), rel_tol=1e-6), q
    assert math.isclose(kb["s_y"]["inverse_u0sq"], float(ev[("s_y", "edelstein")]), rel_tol=1e-6)
    if eF == 1.0:
        assert abs(float(ev[("sigma_yx", "total")])) > 1e-3
        plain = {k: v for k, v in vals.items() if k != "r_z"}
        scalar = semisym.derive(m, values=dict(plain, u_0=1.0)).evaluate(dict(plain, u_0=1.0))
        assert abs(float(scalar[("sigma_yx", "total")])) < 1e-20


@pytest.mark.slow
@pytest.mark.parametrize("disorder, extra", [("magnetic-z", {"r_z": 0.5}), ("scalar-cubic", {"u_1": 1.0})])
def test_warped_ti_numeric_path_equals_kubo(disorder, extra):
    """The anisotropic warped surface through the numeric path with each disorder model against
    Kubo: every compared coefficient (1/u_0^2, u_0^0 and, with a third cumulant, u_1^3/u_0^4)."""
    m = semisym.builtin("ti-warped")
    vals = dict(TI, lam=0.1, **extra)
    from semisym.compare import compare
    r = compare(m, vals, disorder=disorder)
    assert disorder in r.info["disorder"]
    assert (("sigma_yx", "skew_3_coefficient") in r.entries) == (disorder == "scalar-cubic")
    for e in r.entries.values():
        if e.compared:
            assert e.rel_diff < 1e-6, e


def test_disorder_class_rejects_bad_matrices():
    with pytest.raises(ModelError, match="4x4"):
        Disorder(sp.eye(3))
    with pytest.raises(ModelError, match="symmetric"):
        Disorder(sp.Matrix(4, 4, lambda i, j: i))


# ---------------------------------------------------------------- third-order skew scattering

def test_skew3_closed_form_ti(tmp_path):
    """Scalar point impurities with a third cumulant: sigma_yx^(sk3) is odd in u_1 and scales as
    u_1^3/u_0^4 (~ 1/n_i); for the massive Dirac/TI surface it has the form of Sinitsyn et al.,
    PRB 75, 045315 (2007): (e^2/2 pi hbar)(u_1^3/u_0^4) M (eps_F^2 - M^2)^2/(3 M^2 + eps_F^2)^2
    (their (v k_F)^4 = (eps_F^2 - M^2)^2 and 4 M^2 + (v k_F)^2 = 3 M^2 + eps_F^2)."""
    d = semisym.derive("ti-surface", disorder="scalar-cubic")
    s = d.model.symbols
    M, hbar, e, u0 = s["M"], s["hbar"], s["e"], s["u_0"]
    u1 = sp.Symbol("u_1", real=True)
    eF = d.eps_F
    sk3 = d.sigma_yx["skew_3"].expr
    assert sp.simplify(sk3 - e ** 2 / (2 * sp.pi * hbar) * u1 ** 3 / u0 ** 4 * M * (eF ** 2 - M ** 2) ** 2
                       / (3 * M ** 2 + eF ** 2) ** 2) == 0
    assert sp.simplify(sk3.xreplace({u1: -u1}) + sk3) == 0
    assert list(d.sigma_yx)[-2:] == ["skew_3", "total"]
    parts = sum(t.expr for name, t in d.sigma_yx.items() if name != "total")
    assert sp.simplify(parts - d.sigma_yx["total"].expr) == 0
    assert all(c.passed is not False for c in d.check())


@pytest.mark.parametrize("name, vals", [
    ("ti-surface", dict(hbar=1.0, v_F=1.0, M=0.3, epsilon_F=1.0, e=1.0)),
    ("ti-surface", dict(hbar=1.0, v_F=1.0, M=0.3, epsilon_F=-0.8, e=1.0)),
    ("massive-dirac", dict(hbar=1.0, v=1.0, Delta=0.4, epsilon_F=1.3, e=1.0)),
])
def test_skew3_equals_kubo(name, vals):
    """The Kubo-Streda bubble with the rung of three impurity lines at one impurity (no semiclassics)
    against the closed form, to 1e-8: the coefficient of u_1^3/u_0^4."""
    from semisym.kubo.streda import skew3_limit
    m = semisym.builtin(name)
    k3 = skew3_limit(Kubo(m, vals, disorder="scalar-cubic"))
    ev = semisym.derive(m, disorder="scalar-cubic", values=dict(vals, u_0=1.0, u_1=1.0)).evaluate(
        dict(vals, u_0=1.0, u_1=1.0))
    for q in ("sigma_yx", "s_x"):
        mine = float(ev[(q, "skew_3")])
        assert abs(k3[q]["coefficient"] - mine) < 1e-8 * max(abs(mine), 1e-2), q


@pytest.mark.slow
@pytest.mark.parametrize("eF", [1.0, 0.1, -0.4])
def test_rashba_skew3_equals_kubo(eF):
    """Rashba ferromagnet, every regime: third-order skew of sigma_yx and s_x, semiclassics = Kubo
    (both vanish with both bands occupied; with the lower band only it is the leading term for
    small n_i, Nunner et al., PRB 76, 235312 (2007))."""
    from semisym.compare import compare
    vals = dict(hbar=1.0, m=1.0, alpha=1.0, Delta=0.3, epsilon_F=eF, e=1.0)
    r = compare("rashba-ferromagnet", dict(vals, u_1=1.0), disorder="scalar-cubic")
    for q in ("sigma_yx", "s_x"):
        e = r.entries[(q, "skew_3_coefficient")]
        assert e.rel_diff < 1e-6 or abs(e.value - e.reference) < 1e-10, e
    if eF == 0.1:
        assert abs(r.entries[("sigma_yx", "skew_3_coefficient")].value) > 1e-2


def test_skew3_numeric_path_equals_symbolic():
    vals = dict(hbar=1.0, m=1.0, alpha=1.0, Delta=0.3, epsilon_F=0.1, e=1.0, u_0=0.5, u_1=0.7)
    r = contour.evaluate(semisym.builtin("rashba-ferromagnet"), vals, disorder="scalar-cubic")
    ev = semisym.derive("rashba-ferromagnet", disorder="scalar-cubic", values=vals).evaluate(vals)
    for q in ("sigma_yx", "s_x", "s_y"):
        for t in ("skew_3", "total"):
            assert abs(r[(q, t)] - float(ev[(q, t)])) < 1e-10 * max(1.0, abs(float(ev[(q, t)]))), (q, t)


def test_third_cumulant_needs_scalar_impurities_and_u1():
    with pytest.raises(ModelError, match="scalar impurities only"):
        Disorder(sp.diag(1, 0, 0, 1), third=True)
    with pytest.raises(ParameterError, match="u_1"):
        contour.evaluate(semisym.builtin("ti-surface"), dict(TI, u_0=1.0), disorder="scalar-cubic")


def test_sweeps_take_the_disorder():
    """A closed-form sweep (TI, magnetic disorder) and a numeric one (Rashba, third cumulant) give
    the derivation's numbers, skew_3 among the columns."""
    import numpy as np
    from semisym.sweep import sweep
    r = sweep(semisym.builtin("ti-surface"), dict(TI, u_0=0.5, r_z=0.5, epsilon_F=None) | {"epsilon_F": 1.0},
              {"M": np.array([0.2, 0.3])}, disorder="magnetic-z", scheduler="serial", progress=False)
    d = semisym.derive("ti-surface", disorder="magnetic-z")
    for i, M in enumerate((0.2, 0.3)):
        ev = d.evaluate(dict(TI, M=M, u_0=0.5, r_z=0.5))
        assert abs(r.columns[("sigma_yx", "total")][i] - float(ev[("sigma_yx", "total")])) < 1e-12
    vals = dict(hbar=1.0, m=1.0, alpha=1.0, Delta=0.3, e=1.0, u_0=0.5, u_1=0.4)
    r = sweep(semisym.builtin("rashba-ferromagnet"), vals, {"epsilon_F": np.array([0.1])}, numeric=True,
              disorder="scalar-cubic", scheduler="serial", progress=False)
    ev = semisym.derive("rashba-ferromagnet", disorder="scalar-cubic", values=dict(vals, epsilon_F=0.1)).evaluate(
        dict(vals, epsilon_F=0.1))
    assert abs(r.columns[("sigma_yx", "skew_3")][0] - float(ev[("sigma_yx", "skew_3")])) < 1e-9
