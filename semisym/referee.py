"""`semisym check`: the checks of a derivation (symbolic/checks.py) together with referees that share
no code with the symbolic derivation, so that every term of every model is refereed:

- ``numeric_path_agrees``: the numeric path (discretized Fermi contours, numerical eigenvectors,
  its own J0, beta, gamma, J_E and J_sk; semisym.numeric) against the derived terms, term by term,
  at the regime's sample point and at random points of the same regime;
- ``kubo_agrees`` (``kubo=True``, the default; one Kubo point, about a second for one Fermi circle):
  the Kubo-Streda totals (sigma_yx, the spin density and the Drude/Edelstein coefficients;
  semisym.compare).

The summary says, for every term, which independent methods agreed with it; a term that none
referees makes the check fail.  A model without closed forms (anisotropic) is checked by
:func:`check_numeric_path`: the numeric path's gauge invariance and the Kubo referee of its totals.
"""

from __future__ import annotations

import random

from semisym.conventions import TENSOR, TORQUE, tensor_scales
from semisym.errors import SemisymError
from semisym.model.scales import DECADES
from semisym.symbolic.checks import CheckResult

#: agreement required between the derivation and the numeric path, relative to the largest term of
#: the tensor, beyond the numeric path's own error estimate
NUMERIC_RTOL = 1e-8


def numeric_path_agrees(d, points=1, seed=2):
    """Every term of ``d`` against the numeric path at the sample point and ``points - 1`` random
    points of the regime (e = 1, u_0 = 1: both sides are homogeneous in them).  Returns the check
    and the set of terms it referees."""
    from semisym.numeric import contour
    from semisym.symbolic.checks import random_points
    # a numeric-mode derivation holds numbers at its sample point only
    more = points - 1 if not d.numeric else 0
    where = [dict(d.sample_values)] + (random_points(d, more, seed) if more > 0 else [])
    worst, bad, seen = 0.0, set(), set()
    for vals in where:
        vals = dict(vals, e=1.0, u_0=1.0)
        vals.setdefault("hbar", 1.0)
        if d.disorder.third:
            vals.setdefault("u_1", 1.0)
        try:
            num = contour.evaluate(d.model, vals, disorder=d.disorder)
        except SemisymError as exc:         # a model the numeric path cannot take: no referee here
            return CheckResult("numeric_path_agrees", None, f"the numeric path cannot take this model ({exc})"), set()
        mine = {k: float(v) for k, v in d.evaluate(vals).items()}
        scale = tensor_scales(mine)
        for k, v in mine.items():
            s = scale[TENSOR[k[0]]] or 1.0
            diff = abs(v - num.values[k]) / s
            allowed = NUMERIC_RTOL + num.errors[k] / s
            worst = max(worst, diff)
            (bad if diff > allowed else seen).add(k)
    seen -= bad
    detail = (f"{len(where)} point(s), every term against discretized Fermi contours: largest difference "
              f"{worst:.1e} of its tensor" + (f"; fails: {sorted(f'{q}/{t}' for q, t in bad)}" if bad else ""))
    return CheckResult("numeric_path_agrees", not bad, detail), seen


def kubo_agrees(d, tolerance=1e-6, model=None, values=None, options=None, disorder=None, crossed=False):
    """The Kubo-Streda totals against the derivation ``d`` at its sample point (or, with ``d`` None,
    the numeric path of ``model`` at ``values``): sigma_yx (total), the spin density (total u_0^0
    part) and the Drude/Edelstein coefficients; with ``crossed`` also the numeric path's skew
    scattering on pairs against the crossed diagrams (:func:`semisym.compare.pair_entries`; isotropic
    models with scalar disorder)."""
    from semisym.compare import compare
    if d is not None:
        model, values, options, disorder = d.model, d.sample_values, d.options, d.disorder
    vals = dict(values, e=1.0)
    vals.setdefault("hbar", 1.0)
    try:
        r = compare(model, vals, options=options, disorder=disorder, crossed=crossed)
    except SemisymError as exc:          # a model the Kubo module cannot take (H not polynomial)
        return CheckResult("kubo_agrees", None, f"the Kubo-Streda referee cannot take this model ({exc})"), set()
    bad = [f"{q}/{t}" for (q, t), e in r.entries.items() if e.compared and not e.rel_diff <= tolerance]
    seen = set()
    for (q, t), e in r.entries.items():
        if not (e.compared and e.rel_diff <= tolerance) or t == "skew_pairs":   # skew_pairs: no derived term
            continue
        if t == "disorder_independent":
            seen.add((q, "total"))
        if t == "skew_3_coefficient":
            seen.add((q, "skew_3"))
        elif q == "sigma_xx":
            seen.add(("sigma_xx", "drude"))
        elif q.startswith("s_"):
            seen.add((q, "edelstein"))
    worst = max((e.rel_diff for e in r.entries.values() if e.compared), default=0.0)
    pairs = any(t == "skew_pairs" for _, t in r.entries)
    what = "Kubo-Streda totals" + (" and skew_pairs against the crossed diagrams" if pairs else "")
    note = f"; {r.info['crossed']}" if crossed and not pairs else ""
    return CheckResult("kubo_agrees", not bad, f"{what} at the sample point: largest relative difference "
                       f"{worst:.1e}" + (f"; fails: {bad}" if bad else "") + note), seen


def check(d, points=3, seed=1, kubo=True, crossed=False):
    """The checks of ``d`` (symbolic/checks.py), the numeric-path referee and, with ``kubo``, the
    Kubo referee (with ``crossed`` also skew scattering on pairs, Boltzmann against Kubo); then
    ``refereed``: a check that every term was refereed by an independent method.
    Returns (checks, {term: [methods that agreed]})."""
    checks = list(d.check(points=points, seed=seed))
    refereed = {(t.quantity, t.name): [] for t in d.terms}
    num, seen = numeric_path_agrees(d, points=min(points, 2), seed=seed + random.Random(seed).randint(1, 99))
    checks.append(num)
    for k in seen:
        refereed[k].append("numeric path")
    if kubo:
        checks.append(_credit_kubo(kubo_agrees(d, crossed=crossed), refereed))
    for c in checks:
        if c.name == "sum_equals_paper_total" and c.passed:
            refereed[("sigma_yx", "total")].append("Eq. 86")
    checks.append(_every_term(refereed))
    return checks, refereed


def _credit_kubo(kb, refereed):
    """Record the terms the Kubo referee agreed with; the torque is J times a spin density
    (conventions.TORQUE), refereed with it."""
    check_result, seen = kb
    seen = seen | {(q, t) for q, (src, _) in TORQUE.items() for (s, t) in seen if s == src}
    for k in seen:
        if k in refereed:
            refereed[k].append("Kubo")
    return check_result


def _every_term(refereed):
    none = sorted(f"{q}/{t}" for (q, t), who in refereed.items() if not who)
    n = sum(1 for who in refereed.values() if who)
    return CheckResult("every_term_refereed", not none,
                       f"{n} of {len(refereed)} terms agree with at least one independent method"
                       + (f"; refereed by none: {none}" if none else ""))


def numeric_gauge_invariance(model, values, seed=7):
    """The numeric path's terms unchanged when every eigenvector gets a random smooth phase
    exp(i phi_m(k)) (a consistency check of the numeric path, not an independent method)."""
    from semisym.numeric import contour
    n = 64
    plain, shell = contour.evaluate_once(model, values, n)
    # the phase varies on the scale of the Fermi contours (or the model's momentum scale without one)
    k_scale = (max(C.r.max() for C in shell.contours) if shell.contours
               else contour.Hamiltonian(model, values).k_range(values["epsilon_F"])[1] / 10.0 ** DECADES)
    turned, _ = contour.evaluate_once(model, values, n, gauge=contour.random_gauge(seed, k_scale))
    scale = tensor_scales(plain)
    worst = max(abs(plain[k] - turned[k]) / (scale[TENSOR[k[0]]] or 1.0) for k in plain)
    return CheckResult("gauge_invariance", worst < 1e-9,
                       f"numeric path on {n} rays: every term unchanged under a random smooth phase of each "
                       f"eigenvector (largest change {worst:.1e} of its tensor)")


def check_numeric_path(model, values, kubo=True, crossed=False):
    """`semisym check` for a model without closed forms (anisotropic): the numeric path's gauge
    invariance and the Kubo referee of its totals.  The separate terms (intrinsic, side jump, ...)
    of such a model have no independent referee: every_term_refereed names them and fails.
    Returns (checks, {term: [methods that agreed]}, the numeric path's Result with the checks)."""
    from semisym.numeric import contour
    values = dict(values, e=1.0, u_0=1.0)
    values.setdefault("hbar", 1.0)
    res = contour.evaluate(model, values)
    refereed = {k: [] for k in res.values}
    checks = [numeric_gauge_invariance(model, values)]
    if kubo:
        checks.append(_credit_kubo(kubo_agrees(None, model=model, values=values, crossed=crossed), refereed))
    checks.append(_every_term(refereed))
    res.checks = [c.as_dict() for c in checks]
    return checks, refereed, res
