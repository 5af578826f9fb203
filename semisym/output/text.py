"""Tables, LaTeX and JSON documents of a derivation."""

from __future__ import annotations

import json

import mpmath as mp
import sympy as sp

from semisym.conventions import QUANTITIES


def values_for(d, values, dps=30):
    """{(quantity, term): mpf} for every term, or None without values."""
    if values is None:
        return None
    return d.evaluate(values, dps=dps)


def to_dict(d, values=None, checks=None, dps=30):
    vals = values_for(d, values, dps)
    m = d.model
    doc = {
        "model": {
            "name": m.name,
            "hamiltonian": m.text,
            "parameters": sorted(set(m.parameters) | {"hbar"}) + ["epsilon_F", "u_0", "e"],
        },
        "regime": d.regime,
        "collision": d.collision,
        "prescription": d.prescription,
        "numeric": bool(d.numeric),
        "sample": {k: float(v) for k, v in d.sample_values.items()},
        "circles": [{"band": c["band"], "radius": None if c["radius"] is None else sp.sstr(c["radius"]),
                     "radius_at_sample": c["radius_value"], "velocity": c["velocity"]} for c in d.circles],
        "terms": [],
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in (checks or [])],
    }
    if values is not None:
        doc["values"] = {k: float(v) for k, v in values.items()}
    for t in d.terms:
        row = {"quantity": t.quantity, "term": t.name, "paper_eq": t.paper_eq,
               "expr": sp.sstr(t.expr), "latex": t.latex, "closed_form": t.closed_form}
        if vals is not None:
            row["value"] = float(vals[(t.quantity, t.name)])
        doc["terms"].append(row)
    return doc


def to_json(d, values=None, checks=None):
    return json.dumps(to_dict(d, values, checks), indent=2)


def table(d, values=None, dps=30):
    vals = values_for(d, values, dps)
    lines = [f"model: {d.model.name}   H = {d.model.text}",
             f"regime: {d.regime} -- {d.describe_regime()}",
             f"skew scattering: collision integral '{d.collision}', prescription '{d.prescription}'",
             *([f"numeric derivation (several Fermi circles) at {', '.join(f'{k}={v:g}' for k, v in d.sample_values.items())}; "
                "e and u_0 kept as symbols"] if d.numeric else []),
             "conventions: sum_k = int d^2k/(2pi)^2; charge -e; E = E_x x; per unit E_x; "
             "spin in Pauli units; 1/tau = pi u_0^2 rho/hbar", ""]
    rows = [("quantity", "term", "eq.", "closed form" if vals is None else "value", "expression")]
    for t in d.terms:
        v = "yes" if t.closed_form else "no (numeric)"
        if vals is not None:
            v = mp.nstr(vals[(t.quantity, t.name)], 12)
        rows.append((t.quantity, t.name, t.paper_eq or "-", v, sp.sstr(t.expr)))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        lines.append("  ".join(x.ljust(w[i]) for i, x in enumerate(r[:4])) + "  " + r[4])
    return "\n".join(lines)


def latex(d):
    """The terms as LaTeX (amsmath), one align block per quantity."""
    names = {"sigma_yx": r"\sigma_{yx}", "sigma_xx": r"\sigma_{xx}", "s_x": r"\langle s_x\rangle/E_x",
             "s_y": r"\langle s_y\rangle/E_x", "torque_x": r"\tau_x/E_x", "torque_y": r"\tau_y/E_x"}
    out = [f"% semisym: {d.model.name}, regime {d.regime}; H = {d.model.text}"]
    for q in QUANTITIES:
        g = d.groups.get(q)
        if not g:
            continue
        out.append(r"\begin{align}")
        rows = []
        for t in g.values():
            eq = f" \\tag*{{(Eq.~{t.paper_eq})}}" if t.paper_eq else ""
            rows.append(f"  {names[q]}^{{\\text{{{t.name.replace('_', ' ')}}}}} &= {t.latex}{eq}")
        out.append(" \\\\\n".join(rows))
        out.append(r"\end{align}")
    return "\n".join(out)
