"""LaTeX of a derivation's closed forms (``semisym derive --latex``), to paste into a paper: unnumbered
equations (the paper's equation number as a comment, never a forced tag, so that the host
document's numbering is kept), the term label on the quantity, the torque as T.  Tables and JSON of
every path come from semisym.result.Result."""

from __future__ import annotations

from semisym.conventions import QUANTITIES, latex_symbol


def latex(d, torque="T"):
    """The terms as LaTeX (amsmath), one align* block per quantity; ``torque``: the torque's symbol."""
    out = [f"% semisym: {d.model.name}, regime {d.regime}; H = {d.model.text}"]
    for q in QUANTITIES:
        g = d.groups.get(q)
        if not g:
            continue
        out.append(r"\begin{align*}")
        rows = []
        for t in g.values():
            eq = f"  % Eq. {t.paper_eq} of the paper" if t.paper_eq else ""
            rows.append(f"  {latex_symbol(q, t.name, torque)} &= {t.latex}" + r" \\" + eq)
        rows[-1] = rows[-1].replace(r" \\", "", 1)
        out.append("\n".join(rows))
        out.append(r"\end{align*}")
    return "\n".join(out)
