"""LaTeX of a derivation's closed forms (``semisym derive --latex``); tables and JSON of every path
come from semisym.result.Result."""

from __future__ import annotations

from semisym.conventions import QUANTITIES


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
