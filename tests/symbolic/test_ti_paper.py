"""Every term derived for the TI surface against the closed forms of Section VI.

The derivation runs the general formulas (Eqs. 4-63) on H = hbar v_F (k_x s_y - k_y s_x) + M s_z;
the reference closed forms (semisym.paper) are typed in from the paper and used only here.
Corrections to the printed text are applied in semisym.paper, with their reason:
- Eq. 88: s_{k,r} is s_{k,x} (not used: spin matrix elements are derived);
- Eq. 103: xi/lambda_F = M/eps_F^2;
- Eq. 105: the first term carries a stray factor rho(eps_F); the torque is M z x <sigma>.
"""

import mpmath as mp
import pytest
import sympy as sp

from semisym.paper import TIReference, gap_sigma_yx

from tests.conftest import derived, same, symbols_of

#: (quantity, term, paper equation): every term of the acceptance table
TABLE = [
    ("sigma_yx", "intrinsic", "74"),
    ("sigma_yx", "extrinsic", "78"),
    ("sigma_yx", "side_jump", "82"),
    ("sigma_yx", "skew", "85"),
    ("sigma_yx", "total", "86"),
    ("s_x", "edelstein", "90"), ("s_y", "edelstein", "90"),
    ("s_x", "intrinsic", "96"), ("s_y", "intrinsic", "96"),
    ("s_x", "extrinsic", "99"), ("s_y", "extrinsic", "99"),
    ("s_x", "side_jump", "101"), ("s_y", "side_jump", "101"),
    ("s_x", "skew", "103"), ("s_y", "skew", "103"),
    ("s_x", "total", "104"), ("s_y", "total", "104"),
    ("torque_x", "total", "105"), ("torque_y", "total", "105"),
]


def reference(d):
    p, eF, e, hbar, u0 = symbols_of(d)
    return TIReference(p["M"], p["v_F"], hbar, eF, e, u0)


def expected(ref, quantity, term):
    if quantity == "sigma_yx":
        return ref.sigma_yx()[term]
    if quantity in ("s_x", "s_y"):
        return ref.spin()[term]["xy".index(quantity[-1])]
    tx, ty = ref.torque()
    return tx if quantity == "torque_x" else ty


@pytest.mark.parametrize("prescription", ["paper", "fermi-shell"])   # users get fermi-shell by default
@pytest.mark.parametrize("regime", ["conduction", "valence"])
@pytest.mark.parametrize("quantity,term,eq", TABLE)
def test_term_equals_paper(regime, quantity, term, eq, prescription):
    """Section VI, term by term, with both skew prescriptions: with one Fermi circle both must give
    Eqs. 84-86."""
    d = derived("ti-surface", regime, prescription=prescription)
    t = d.groups[quantity][term]
    assert t.paper_eq == eq
    assert t.closed_form
    # valence band: the closed forms hold with eps_F -> |eps_F| (TIReference uses |eps_F|)
    assert same(t.expr, expected(reference(d), quantity, term)), (quantity, term, t.expr)


def test_sigma_xx_is_drude():
    """sigma_xx = e^2 rho v^2 tau_tr / 2 with the transport time of Eq. 76."""
    d = derived("ti-surface", "conduction")
    p, eF, e, hbar, u0 = symbols_of(d)
    M, v = p["M"], p["v_F"]
    xi = M / eF
    rho = eF / (2 * sp.pi * hbar ** 2 * v ** 2)
    tau = hbar / (sp.pi * u0 ** 2 * rho)
    tau_tr = 2 * tau / (1 + 3 * xi ** 2)
    vF2 = v ** 2 * (1 - xi ** 2)
    assert same(d.sigma_xx["drude"].expr, e ** 2 * rho * vF2 * tau_tr / 2)


def test_beta_gamma_n_sj_n_sk_on_the_fermi_circle():
    """Eqs. 77, 81, 84 and 98: the per-k objects of the chain.

    Eq. 81 and 84 give n as (coefficient) e E.theta-hat delta; E = x-hat: E.theta-hat = -sin(theta).
    Eq. 84 as printed carries (1-xi^2)^{3/2}; with the xi/lambda prefactor it reproduces Eq. 85."""
    d = derived("ti-surface", "conduction")
    ref = reference(d)
    th = d.THETA
    obj = d.objects
    p, eF, e, hbar, u0 = symbols_of(d)
    assert same(obj["beta_x"]["+@F"], -ref.beta_theta() * sp.sin(th))
    assert same(obj["beta_y"]["+@F"], ref.beta_theta() * sp.cos(th))
    assert same(obj["gamma_x"]["+@F"], ref.gamma_k() * sp.cos(th))
    assert same(obj["gamma_y"]["+@F"], ref.gamma_k() * sp.sin(th))
    assert same(obj["n_sj"]["+@F"], -e * ref.n_sj_theta() * sp.sin(th))
    assert same(obj["n_sk"]["+@F"], -e * ref.n_sk_theta() * sp.sin(th))
    # the skew distribution has an equal and opposite part on the valence shell at -eps_F (sigma_z of Eq. 84)
    (lab,) = [k for k in obj["n_sk"] if k.startswith("-")]
    assert same(obj["n_sk"][lab], +e * ref.n_sk_theta() * sp.sin(th))


def test_transport_time_eq76():
    """n^(-1) = -e tau_tr v_x delta(eps - eps_F), 1/tau_tr = (1 + 3 xi^2)/(2 tau) (Eq. 76)."""
    d = derived("ti-surface", "conduction")
    p, eF, e, hbar, u0 = symbols_of(d)
    M, v = p["M"], p["v_F"]
    xi = M / eF
    tau = hbar / (sp.pi * u0 ** 2 * eF / (2 * sp.pi * hbar ** 2 * v ** 2))
    vx = v * sp.sqrt(1 - xi ** 2) * sp.cos(d.THETA)
    assert same(d.objects["n_minus1"]["+@F"], -e * 2 * tau / (1 + 3 * xi ** 2) * vx)
    # the transport time as an object of the chain, and in the paper's variables 2 tau/(1 + 3 xi_F^2)
    assert same(d.objects["tau_tr"]["+@F"], 2 * tau / (1 + 3 * xi ** 2))
    P = d.paper_variables
    XI, TAU = sp.Symbol("xi_F", real=True), sp.Symbol("tau", positive=True)
    assert sp.simplify(P.rewrite(d.objects["tau_tr"]["+@F"]) - 2 * TAU / (1 + 3 * XI ** 2)) == 0
    # Eq. 77 in the paper's own variables: beta = (1/tau)(hbar v_F/lambda) xi sqrt(1 - xi^2) theta-hat
    assert sp.simplify(P.rewrite(d.objects["beta_y"]["+@F"])
                       - hbar * v / (eF * TAU) * XI * sp.sqrt(1 - XI ** 2) * sp.cos(d.THETA)) == 0


def test_gap_is_half_quantized():
    """Fermi level in the gap: only the Fermi sea remains, sigma_yx = e^2 sign(M)/(4 pi hbar)."""
    d = derived("ti-surface", "gap")
    p, eF, e, hbar, u0 = symbols_of(d)
    assert not d.circles
    for t in ("extrinsic", "side_jump", "skew"):
        assert d.sigma_yx[t].expr == 0
    assert same(sp.refine(d.sigma_yx["total"].expr, sp.Q.positive(p["M"])), gap_sigma_yx(1, hbar, e))
    # in the gap the spin density is not zero: sigma_yx = e v_F <s_x>
    assert same(e * p["v_F"] * d.s_x["total"].expr - d.sigma_yx["total"].expr, 0)
    assert d.s_x["total"].expr != 0


def test_particle_hole_symmetry_numbers():
    """Every Section VI closed form holds in the valence band with eps_F -> |eps_F|: the valence
    derivation at -eps_F gives the conduction numbers at eps_F.  Two independent derivations
    (different band, eigenvector, velocity sign, skew shells at +-eps_F)."""
    c, v = derived("ti-surface", "conduction"), derived("ti-surface", "valence")
    vals = dict(hbar=1.0, v_F=0.8, M=0.35, e=1.0, u_0=0.3)
    for q, t in [("sigma_yx", "total"), ("sigma_yx", "skew"), ("s_x", "total"), ("s_y", "edelstein")]:
        a = c.groups[q][t].value(dict(vals, epsilon_F=1.3))
        b = v.groups[q][t].value(dict(vals, epsilon_F=-1.3))
        with mp.workdps(30):
            assert abs(a - b) < 1e-25 * abs(a), (q, t, a, b)


def test_disorder_independence():
    """The anomalous Hall terms are of order zero in the disorder; the Edelstein term is 1/u_0^2."""
    d = derived("ti-surface", "conduction")
    u0 = symbols_of(d)[4]
    for t in d.sigma_yx.values():
        assert not t.expr.has(u0)
    assert sp.simplify(d.s_y["edelstein"].expr * u0 ** 2).has(u0) is False
