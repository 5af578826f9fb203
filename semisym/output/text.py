"""LaTeX of a derivation's closed forms (``semisym derive --latex``), to paste into a paper: unnumbered
equations (the paper's equation number as a comment, never a forced tag, so that the host
document's numbering is kept), the term label on the quantity, the torque as T, each closed form in
the paper's variables (:mod:`semisym.symbolic.paperform`) with their definitions, or ``raw`` as
SymPy writes it in the model's parameters.  A fragment for ``\\input`` (amsmath needed), or with
``standalone`` a complete document.  Tables and JSON of every path come from semisym.result.Result."""

from __future__ import annotations



from semisym.conventions import QUANTITIES, latex_symbol

#: the preamble of a standalone document (any class: article, revtex4-2, ...)
PREAMBLE = r"""\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{amsmath}"""


def latex(d, torque="T", raw=False, standalone=False, documentclass="article"):
    """The terms as LaTeX (amsmath), one align* block per quantity; ``torque``: the torque's symbol;
    ``raw``: closed forms in the model's parameters; ``standalone``: a complete document of class
    ``documentclass``."""
    forms = {} if raw else d.paper_forms
    out = [f"% semisym: {d.model.name}, regime {d.regime}; H = {d.model.text}"]
    used = set()
    for q in QUANTITIES:
        g = d.groups.get(q)
        if not g:
            continue
        out.append(r"\begin{align*}")
        rows = []
        for t in g.values():
            eq = f"  % Eq. {t.paper_eq} of the paper" if t.paper_eq else ""
            f = forms.get((q, t.name))
            if f is not None:
                used |= set(f.definitions)
            rhs = t.latex if f is None else f.latex()
            rows.append(f"  {latex_symbol(q, t.name, torque)} &= {rhs}" + r" \\" + eq)
        rows[-1] = rows[-1].replace(r" \\", "", 1)
        out.append("\n".join(rows))
        out.append(r"\end{align*}")
    if used:
        defs = [tex for _, _, tex in d.paper_variables.describe(used)]
        out.insert(1, "where $" + "$, $".join(defs) + "$.")
    body = "\n".join(out)
    if not standalone:
        return body
    title = f"{d.model.name}: every term of Section VI (regime {d.regime})"
    return "\n".join([rf"\documentclass{{{documentclass}}}", PREAMBLE, r"\begin{document}",
                      rf"\section*{{{tex_escape(title)}}}", body, r"\end{document}", ""])


def tex_escape(s):
    """Text for LaTeX's text mode: its special characters escaped (and < >, which T1 would print as
    other glyphs, written as commands)."""
    return s.replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("%", r"\%").replace("&", r"\&") \
            .replace("#", r"\#").replace("^", r"\^{}").replace("{", r"\{").replace("}", r"\}") \
            .replace("<", r"\textless{}").replace(">", r"\textgreater{}")



