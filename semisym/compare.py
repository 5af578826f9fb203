"""Semiclassical totals against the in-tool Kubo-Streda calculation (non-crossing approximation).

Both sides are split by order in the disorder: the coefficient of 1/u_0^2 (Drude, Edelstein)
and the disorder-independent part (u_0^0: the anomalous Hall conductivity and the
spin density / torque it goes with).  The u_0^0 parts of the longitudinal responses
(sigma_xx and the Edelstein direction) are beyond the order of the semiclassical theory
and, in the Born approximation, depend on the band cutoff through Re Sigma: they are
shown for Kubo but not compared.
"""

from __future__ import annotations

from semisym.conventions import SKEW_3
from semisym.kubo.streda import KUBO_TERMS, OBSERVABLES, Kubo
from semisym.model.form import is_isotropic
from semisym.progress import expect, step
from semisym.result import APPROXIMATION, APPROXIMATION_CROSSED, APPROXIMATION_THIRD, Entry, Result
from semisym.symbolic.derivation import derive

#: the semiclassical term that carries the 1/u_0^2 order of each observable
LEADING = {"sigma_xx": "drude", "sigma_yx": None, "s_x": "edelstein", "s_y": "edelstein"}
#: the term name of the disorder-independent (u_0^0) part in a comparison
INDEPENDENT = "disorder_independent"
#: the term name of the third-order skew scattering coefficient (of u_1^3/u_0^4) in a comparison
SKEW3_TERM = "skew_3_coefficient"
#: skew scattering on pairs of impurities (semiclassical; the Kubo side calls it "crossed")
PAIRS_TERM = "skew_pairs"


def rel_diff(a, b):
    """|a - b| relative to the larger of the two (absolute where both are below 1e-9)."""
    if abs(a) < 1e-9 and abs(b) < 1e-9:
        return abs(a - b)
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def parts(ev, errors=None):
    """{quantity: (coefficient of 1/u_0^2, u_0^0 part, error)} from every term evaluated at u_0 = 1."""
    errors = errors or {}
    out = {}
    for q in OBSERVABLES:
        if q == "sigma_xx":
            out[q] = (float(ev[(q, "drude")]), None, errors.get((q, "drude"), 0.0))
            continue
        total = float(ev[(q, "total")]) - float(ev.get((q, SKEW_3), 0.0))   # u_1^3/u_0^4: compared apart
        lead = float(ev[(q, LEADING[q])]) if LEADING[q] else 0.0
        out[q] = (lead, total - lead, errors.get((q, "total"), 0.0))
    return out


def semiclassical_parts(d, values):
    """{quantity: (coefficient of 1/u_0^2, u_0^0 part)} from a derivation at ``values``."""
    return {q: p[:2] for q, p in parts(d.evaluate(dict(values, u_0=1.0))).items()}


def semiclassics(model, values, options=None, disorder=None):
    """Every semiclassical term at ``values`` with u_0 = 1: from the closed forms (isotropic models
    with rotation-invariant disorder) or the numeric path (any model).  Returns (values, errors, info)."""
    from semisym.model.disorder import make
    disorder = make(disorder)
    vals = dict(values, u_0=1.0)
    if disorder.third:
        vals["u_1"] = 1.0             # skew_3 is then the coefficient of u_1^3/u_0^4
    if is_isotropic(model.hamiltonian) and disorder.rotation_invariant():
        d = derive(model, values=vals, options=options, disorder=disorder)
        return d.evaluate(vals), {}, {"semiclassical": f"derivation ({d.describe_regime()})"}
    from semisym.numeric import contour
    r = contour.evaluate(model, vals, options=options, disorder=disorder)
    return r.values, r.errors, {"semiclassical": f"numeric path ({r.info['rays']} rays)"}


def pair_entries(model, values, kb) -> dict:
    """{(quantity, "skew_pairs"): Entry}: skew scattering on pairs of impurities from the Boltzmann
    equation (:mod:`semisym.numeric.pairs`, its own n^(-1) and J0) against the crossed diagrams of
    the Kubo formula between ladder-dressed vertices (:func:`semisym.kubo.crossed.crossed_limit`),
    both the part antisymmetric in the scattering (the whole crossed term of a Hall-like quantity)."""
    from semisym.kubo.crossed import crossed_limit
    from semisym.numeric import contour
    ref = crossed_limit(kb)
    mine = contour.evaluate(model, dict(values, u_0=1.0), pairs=True)
    out = {}
    for q in ("sigma_yx", "s_x", "s_y"):
        e = mine.entries[(q, PAIRS_TERM)]
        r = ref[q]
        out[(q, PAIRS_TERM)] = Entry(q, PAIRS_TERM, e.value, e.error, None, "semiclassics vs Kubo", reference=r["value"],
                                     reference_error=r["error"], rel_diff=rel_diff(e.value, r["value"]), compared=True)
    return out


def compare(model, values: dict, collision: str | None = None, prescription: str | None = None,
            kubo_result=None, options=None, progress=None, disorder=None, crossed: bool = False) -> Result:
    """The semiclassical totals against Kubo at ``values``, as a Result: for each observable the
    coefficient of 1/u_0^2 (Drude, Edelstein) and the disorder-independent part, each with the Kubo
    value as ``reference``.  The u_0^0 parts of the longitudinal responses are beyond the
    semiclassical order: shown, not compared (``compared`` False).  ``progress``: a bar of
    :mod:`semisym.progress`.  ``disorder``: semisym.model.disorder (scalar by default), on both sides.
    ``crossed``: also skew scattering on pairs of impurities, the numeric path's ``skew_pairs``
    (:mod:`semisym.numeric.pairs`) against the crossed diagrams (:mod:`semisym.kubo.crossed`), for
    sigma_yx, s_x, s_y (isotropic models with scalar disorder; otherwise a note in ``info``)."""
    from semisym.conventions import Options
    if isinstance(model, str):
        from semisym.model.builtins import builtin
        model = builtin(model)
    from semisym.model.disorder import make
    disorder = make(disorder)
    options = Options.make(options, collision=collision, prescription=prescription)
    values = {k: v for k, v in model.check_values(values).items() if k != "u_0"}
    expect(progress, 1)
    ev, errs, info = semiclassics(model, values, options, disorder)
    step(progress)
    semi = parts(ev, errs)
    kb_object = None if kubo_result is not None else Kubo(model, values, disorder=disorder)
    kb = kubo_result or kb_object.limit(progress=progress)
    # the Edelstein direction: a 1/u_0^2 spin density that is not rounding noise of the numeric path
    edelstein = max(abs(semi[p][0]) for p in ("s_x", "s_y"))
    entries = {}
    for q in OBSERVABLES:
        k = kb[q]
        lead, indep, err = semi[q]
        kerr = float(k["error"])
        a = float(k["inverse_u0sq"])
        entries[(q, KUBO_TERMS[q])] = Entry(q, KUBO_TERMS[q], lead, err, None, "semiclassics vs Kubo",
                                            reference=a, reference_error=kerr, rel_diff=rel_diff(lead, a), compared=True)
        longitudinal = q == "sigma_xx" or (q.startswith("s_") and abs(lead) > err + 1e-10 * edelstein)
        b = float(k["total"])
        entries[(q, INDEPENDENT)] = Entry(q, INDEPENDENT, None if longitudinal else indep, None if longitudinal else err,
                                          None, "semiclassics vs Kubo", reference=b, reference_error=kerr,
                                          rel_diff=None if longitudinal else rel_diff(indep, b), compared=not longitudinal)
    if disorder.third:
        # third-order skew scattering: the coefficient of u_1^3/u_0^4 of sigma_yx and the spin density
        from semisym.kubo.streda import skew3_limit
        k3 = skew3_limit(kb_object if kb_object is not None else Kubo(model, values, disorder=disorder))
        for q in ("sigma_yx", "s_x", "s_y"):
            mine = float(ev[(q, SKEW_3)])
            ref = float(k3[q]["coefficient"])
            entries[(q, SKEW3_TERM)] = Entry(q, SKEW3_TERM, mine, float(errs.get((q, SKEW_3), 0.0)), None,
                                             "semiclassics vs Kubo", reference=ref,
                                             reference_error=float(k3[q]["error"]), rel_diff=rel_diff(mine, ref),
                                             compared=True)
    if crossed:
        if is_isotropic(model.hamiltonian) and disorder.scalar:
            entries.update(pair_entries(model, values, kb_object or Kubo(model, values, disorder=disorder)))
            info["crossed"] = ("skew_pairs: skew scattering on pairs of impurities in the Boltzmann equation "
                               "(numeric path) against the crossed X and Psi diagrams of the Kubo formula")
        else:
            info["crossed"] = "not compared: skew scattering on pairs is computed for isotropic models with scalar disorder"
    if not disorder.scalar:
        info["disorder"] = disorder.describe(values)
    info.update(kubo="Kubo-Streda, non-crossing, weak-disorder limit", circles=kb.circles,
                note="*_coefficient: coefficient of 1/u_0^2 (skew_3_coefficient: of u_1^3/u_0^4); "
                     "disorder_independent: the u_0^0 part "
                     "(not compared for longitudinal responses, beyond the semiclassical order)")
    return Result(model.name, model.text, "semiclassics vs Kubo", entries, inputs=values, options=options.as_dict(),
                  info=info, parameters=model.parameter_names(disorder=False),
                  approximation=(APPROXIMATION_CROSSED if PAIRS_TERM in {t for _, t in entries}
                                 else APPROXIMATION_THIRD if disorder.third else APPROXIMATION))
