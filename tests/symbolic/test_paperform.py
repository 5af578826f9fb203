"""Closed forms in the paper's variables (xi_F, rho, tau, e^2/h): each equals the closed form it
rewrites, and for the TI surface each is the expression Section VI prints, with xi_F, rho and tau
treated as independent symbols (so that the form, not only the value, is the paper's)."""

import pytest
import sympy as sp

from semisym import derive
from semisym.model.builtins import builtin
from semisym.model.dimensions import dimensions
from semisym.model.hamiltonian import from_text
from semisym.paper import TIReference
from semisym.symbolic.paperform import H_PLANCK, RHO, TAU


def _identical(a, b):
    """a == b as expressions, for either sign of every symbol not declared positive or negative
    (M/|M| = sign(M) for M != 0)."""
    free = [x for x in (a - b).free_symbols if not (x.is_positive or x.is_negative)]
    for signs in ([1] * len(free), [-1] * len(free)):
        p = {x: s * sp.Symbol(x.name, positive=True) for x, s in zip(free, signs)}
        if sp.simplify((a - b).xreplace(p)) != 0:
            return False
    return True


@pytest.fixture(scope="module")
def ti():
    return derive("ti-surface", regime="conduction")


def test_every_ti_term_is_printed_as_in_section_vi(ti):
    s = ti.model.symbols
    hbar, v, M, e, u0 = s["hbar"], s["v_F"], s["M"], s["e"], s["u_0"]
    xi = sp.Symbol("xi_F", real=True)
    printed = TIReference(M, v, hbar, ti.eps_F, e, u0).printed(xi, RHO, TAU)
    forms = ti.paper_forms
    seen = 0
    for q, terms in printed.items():
        for t, paper in terms.items():
            f = forms[(q, t)]
            if paper == 0:
                assert ti.groups[q][t].expr == 0 and f is None
                continue
            ours = f.expr.xreplace({H_PLANCK: 2 * sp.pi * hbar})
            if q.startswith("torque"):
                # Eq. 105 as printed is wrong (a stray rho, see paper.CORRECTIONS): values only
                assert sp.simplify(f.expanded() - paper.xreplace({xi: M / ti.eps_F}).xreplace(
                    {RHO: ti.eps_F / (2 * sp.pi * hbar ** 2 * v ** 2)}).xreplace(
                    {TAU: 2 * hbar ** 3 * v ** 2 / (u0 ** 2 * ti.eps_F)})) == 0, (q, t)
            else:
                assert sp.simplify(ours - paper) == 0, (q, t, f.text(), paper)
            seen += 1
    assert seen == 15
    assert {str(k) for k in ti.paper_variables.definitions} == {"h", "xi_F", "rho", "tau"}


@pytest.mark.parametrize("model, regime", [("ti-surface", "conduction"), ("ti-surface", "valence"),
                                           ("ti-surface", "gap"), ("massive-dirac", "conduction")])
def test_paper_form_expands_to_the_closed_form(model, regime):
    d = derive(model, regime=regime)
    for t in d.terms:
        f = d.paper_forms[(t.quantity, t.name)]
        if t.expr == 0:
            continue
        assert f is not None, (t.quantity, t.name)
        assert _identical(f.expanded(), t.expr), (t.quantity, t.name)
        ratios = {x for x in d.paper_variables.definitions if str(x).startswith("xi")}
        assert f.g.replace(sp.sign, lambda x: 1).free_symbols <= ratios


def test_ti_definitions_are_the_papers():
    """Section VI: xi = M/eps_F, rho = eps_F/(2 pi hbar^2 v_F^2), 1/tau = pi u_0^2 rho/hbar."""
    d = derive("ti-surface")
    s = d.model.symbols
    defs = {str(k): v for k, v in d.paper_variables.definitions.items()}
    assert sp.simplify(defs["xi_F"] - s["M"] / d.eps_F) == 0
    assert sp.simplify(defs["rho"] - d.eps_F / (2 * sp.pi * s["hbar"] ** 2 * s["v_F"] ** 2)) == 0
    assert sp.simplify(1 / defs["tau"] - sp.pi * s["u_0"] ** 2 * RHO / s["hbar"]) == 0
    sk = d.paper_forms[("sigma_yx", "skew")]
    assert sk.text() == "(e^2/h) (3 xi_F (1 - xi_F^2)^2)/(2 (1 + 3 xi_F^2)^2)"
    assert sk.latex() == (r"\frac{e^{2}}{h}\,\frac{3\,\xi_{F}\,\left(1 - \xi_{F}^{2}\right)^{2}}"
                          r"{2\,\left(1 + 3 \xi_{F}^{2}\right)^{2}}")


def test_a_model_the_paper_never_treats():
    """No hbar, other names: g has the dimension of an energy times a length, B of an energy; the
    ratio is B/epsilon_F and the scales are e rho and g/epsilon_F (a length)."""
    m = from_text("g*(k_x*sigma_y - k_y*sigma_x) + B*sigma_z", exchange="B", positive=("g",),
                  regimes={"up": {"g": 1.0, "B": 0.3, "epsilon_F": 1.0}})
    assert dimensions(m) == {"g": (1, 1, 0), "B": (1, 0, 0)}
    d = derive(m)
    defs = {str(k) for k in d.paper_variables.definitions}
    assert "xi_B" in defs and "rho" in defs
    for t in d.terms:
        f = d.paper_forms[(t.quantity, t.name)]
        if t.expr != 0:
            assert _identical(f.expanded(), t.expr)
    assert "xi_B" in d.paper_forms[("sigma_yx", "total")].text()


def test_dimensions_from_the_hamiltonian():
    """A mass is energy time^2/length^2, alpha of a Rashba term energy times length, the warping
    strength energy times length^3 (independent of semisym: E = hbar^2 k^2/2m, alpha k, lam k^3)."""
    assert dimensions(builtin("rashba-ferromagnet")) == {"hbar": (1, 0, 1), "m": (1, -2, 2), "alpha": (1, 1, 0),
                                                         "Delta": (1, 0, 0)}
    assert dimensions(builtin("ti-warped"))["lam"] == (1, 3, 0)
    assert dimensions(from_text("a*b*(k_x*sigma_x + k_y*sigma_y) + M*sigma_z"))["a"] is None


def test_numeric_mode_has_no_paper_form():
    d = derive("rashba-ferromagnet", regime="two-bands")
    assert d.numeric and d.paper_variables is None
    assert all(f is None for f in d.paper_forms.values())
