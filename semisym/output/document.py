"""The documents in derivations/: for each built-in model a standalone LaTeX document, the same
as Markdown, its figures (PNG for Markdown, PDF for LaTeX) and the data behind each figure (CSV).

    semisym report --out derivations/ --force      # every built-in model (--force: replace them)
    semisym report ti-surface --out derivations/

Everything is regenerated from the code (``derive``, ``check``, the numeric path and sweeps);
tests/test_documents.py regenerates it into a temporary folder and compares the text files
(.tex, .md, .csv) with the committed ones byte for byte, so no printed digit may depend on the
machine: values are printed to 10 significant digits (figure data to 8, numeric-path values no
finer than their error), and a value below NOISE times the largest term of its tensor (sigma,
spin density, torque) is rounding noise and printed as 0.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import sympy as sp

from semisym.progress import expect, step
from semisym.model.builtins import BUILTINS, builtin
from semisym.paper import CORRECTIONS
from semisym.files import write_text
from semisym.output.text import tex_escape as _tex_escape
# noise is judged against the largest component of a tensor (conventions.TENSOR), since a rotation
# of the axes mixes them (s_x of the Rashba ferromagnet is exactly 0 beside an s_y of order 30)
from semisym.conventions import GENERAL_EQ, QUANTITIES, TENSOR, UNITS, general_formula, latex_symbol, tensor_scales

#: values used for the numbers and figures (in addition to each regime's sample point)
EXTRA = {"e": 1.0, "u_0": 0.1}
#: Fermi-energy sweeps of the figures: (start, stop, count)
SWEEPS = {"ti-surface": (-2.0, 2.0, 401), "massive-dirac": (-2.0, 2.0, 401),
          "rashba-ferromagnet": (-0.45, 1.5, 40), "ti-warped": (0.4, 1.6, 13)}
PAPER_MODELS = ("ti-surface", "massive-dirac")

TEX_T = {"intrinsic": "int", "extrinsic": "ext", "side_jump": "sj", "skew": "sk", "skew_3": "sk3", "total": "tot",
         "edelstein": "E", "drude": "D"}


def _num(v, digits=10):
    v = float(v)
    return "0" if v == 0 else f"{v:.{digits}g}"


#: significant digits of the figure data (CSV): float64 values whose last printed digit is
#: ~1e-7 of the value cannot flip with the ~1e-15 differences of another machine's arithmetic
CSV_DIGITS = 8

#: a value below this fraction of the largest term of its tensor is rounding noise
NOISE = 1e-12



def _resolved(v, err, scale):
    """A value, or 0 where it cannot be told from zero: |v| within its error estimate or below
    NOISE times the largest term of its tensor (so that rounding noise, whose last digits change
    with the order of floating-point operations, is not printed as a result)."""
    return 0.0 if abs(float(v)) <= max(err, NOISE * scale) else v


def _denoised(values, errors=None):
    """_resolved applied to every value of {(quantity, term): value}."""
    scale = tensor_scales(values)
    return {k: _resolved(v, (errors or {}).get(k, 0.0), scale[TENSOR[k[0]]]) for k, v in values.items()}


def _tex_num(v, digits=10):
    s = _num(v, digits)
    if "e" in s:
        m, x = s.split("e")
        return rf"{m}\times 10^{{{int(x)}}}"
    return s


#: significant digits of the numbers inside a numeric-mode expression: its 30-digit numbers end in
#: digits that depend on the path of the root finding, which a document must not print
EXPR_DIGITS = 12


def _latex(expr):
    """LaTeX of an expression with its floating-point numbers rounded to EXPR_DIGITS digits."""
    floats = expr.atoms(sp.Float)
    return sp.latex(expr.xreplace({f: sp.Float(f, EXPR_DIGITS) for f in floats}) if floats else expr)




#: the quantities' headings in the LaTeX documents (mathematics, not ASCII; the Markdown keeps
#: conventions.UNITS)
TEX_HEADING = {q: f"${latex_symbol(q)}$: {what}" for q, what in {
    "sigma_yx": r"conductivity $j_y/E_x$ (sheet, 2D; $e$ and $\hbar$ kept as symbols)",
    "sigma_xx": r"conductivity $j_x/E_x$ (sheet, 2D)",
    "s_x": r"spin density $\langle\sigma_x\rangle$ per unit area (Pauli matrices)",
    "s_y": r"spin density $\langle\sigma_y\rangle$ per unit area (Pauli matrices)",
    "torque_x": r"torque $(2J/\hbar)(\hat z\times\langle S\rangle)_x = -J\langle\sigma_y\rangle$ per unit area",
    "torque_y": r"torque $(2J/\hbar)(\hat z\times\langle S\rangle)_y = J\langle\sigma_x\rangle$ per unit area",
}.items()}


def _symbol(name):
    return {"epsilon_F": r"\varepsilon_F", "u_0": "u_0", "v_F": "v_F", "lam": r"\lambda", "Delta": r"\Delta",
            "alpha": r"\alpha", "hbar": r"\hbar"}.get(name, name)


class Doc:
    """Two parallel outputs, LaTeX and Markdown."""

    def __init__(self):
        self.tex, self.md = [], []

    def section(self, title, level=1, tex=None):
        """A heading; ``tex``: its LaTeX form when it differs from the escaped text."""
        self.tex.append(("\\section{%s}" if level == 1 else "\\subsection{%s}") % (tex or _tex_escape(title)))
        self.md.append(("## " if level == 1 else "### ") + title + "\n")

    def para(self, tex, md=None):
        self.tex.append(tex + "\n")
        self.md.append((md if md is not None else tex) + "\n")

    def equation(self, lhs, rhs, tag=None):
        """lhs = rhs[0] = rhs[1] ... (one line each), with the paper's equation number as a label
        beside the first line (a comment-like tag*, not the document's numbering)."""
        rhs = [rhs] if isinstance(rhs, str) else list(rhs)
        t = f"\\tag*{{Eq.~{tag}}}" if tag else ""
        lines = [f"  {lhs} &= {rhs[0]}{t}"] + [f"  &= {r}" for r in rhs[1:]]
        self.tex.append("\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}")
        md = " = ".join([lhs] + rhs) if len(rhs) == 1 else "\\begin{aligned}\n" + " \\\\\n".join(
            [f"{lhs} &= {rhs[0]}"] + [f"&= {r}" for r in rhs[1:]]) + "\n\\end{aligned}"
        self.md.append(f"$$\n{md}\n$$" + (f"\n(paper Eq. {tag})" if tag else "") + "\n")

    def items(self, rows):
        self.tex.append("\\begin{itemize}\n" + "\n".join(f"  \\item {r[0]}" for r in rows) + "\n\\end{itemize}")
        self.md.append("\n".join(f"- {r[1] if len(r) > 1 else r[0]}" for r in rows) + "\n")

    def table(self, header, rows):
        cols = "l" * len(header)
        body = " \\\\\n".join(" & ".join(r[0]) for r in rows)
        self.tex.append(f"\\begin{{longtable}}{{{cols}}}\n{' & '.join(h[0] for h in header)} \\\\ \\hline\n{body}\n\\end{{longtable}}")
        self.md.append("| " + " | ".join(h[1] for h in header) + " |\n|" + "---|" * len(header) + "\n"
                       + "\n".join("| " + " | ".join(r[1]) + " |" for r in rows) + "\n")

    def figure(self, stem, caption):
        # in place, not floating: the figure stays in its own section
        self.tex.append("\\begin{center}\n"
                        f"\\includegraphics[width=0.75\\textwidth,height=0.8\\textheight,keepaspectratio]{{{stem}.pdf}}\n\\end{{center}}\n"
                        f"\\noindent\\textbf{{Figure.}} {caption}")
        self.md.append(f"![{stem}]({stem}.png)\n\n*{caption}*\n")


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage{longtable}
\usepackage[hidelinks]{hyperref}
\allowdisplaybreaks
\begin{document}
"""

CONVENTIONS = [
    (r"$\sum_k = \int d^2k/(2\pi)^2$: per unit area, one band pair, no degeneracy factor.",
     r"$\sum_k = \int d^2k/(2\pi)^2$: per unit area, one band pair, no degeneracy factor."),
    (r"Electron charge $-e$ ($e>0$); $\mathbf E = E_x\hat x$ and every term is per unit $E_x$; "
     r"$\sigma_{yx} = j_y/E_x$.", None),
    (r"Spin densities in Pauli units (no $\hbar/2$); torque $(2J/\hbar)\,\hat z\times\langle S\rangle$ with "
     r"$\langle S\rangle = (\hbar/2)\langle\sigma\rangle$: $T_x = -J s_y$, $T_y = J s_x$.", None),
    (r"White-noise disorder $\langle U(r)U(r')\rangle = u_0^2\delta(r-r')$; $1/\tau = \pi u_0^2\rho(\varepsilon_F)/\hbar$; "
     r"zero temperature; skew scattering with the Fermi-shell prescription (README, ``Skew scattering'').", None),
]


def _terms_block(doc, d, vals, paper):
    for q in QUANTITIES:
        g = d.groups.get(q)
        if not g:
            continue
        doc.section(f"{q}: {UNITS[q]}", level=2,
                    tex=f"\\texorpdfstring{{{TEX_HEADING[q]}}}{{{_tex_escape(q)}}}")   # a plain PDF bookmark
        forms = d.paper_forms
        for t in g.values():
            lhs = latex_symbol(q, TEX_T.get(t.name, t.name))
            f = forms.get((q, t.name))
            general = general_formula((q, t.name))
            eq = GENERAL_EQ.get((q, t.name))
            doc.para(f"From Eq.~{eq}: ${lhs} = {general}$." if eq else f"${lhs} = {general}$.",
                     f"From Eq. {eq}: ${lhs} = {general}$." if eq else f"${lhs} = {general}$.")
            rhs = [_latex(t.expr)] if f is None or _latex(t.expr) == f.latex() else [f.latex(), _latex(t.expr)]
            doc.equation(lhs, rhs, t.paper_eq if paper else None)
        rows = []
        for t in g.values():
            eq = t.paper_eq or "-"
            v = vals[(q, t.name)]
            rows.append(((t.name.replace("_", r"\_"), eq, f"${_tex_num(v)}$"), (t.name, eq, _num(v))))
        doc.table(((r"term", "term"), ("Eq." if paper else "general formula", "Eq." if paper else "general formula"),
                   ("value", "value")), rows)


#: the objects of the chain (Derivation.objects): LaTeX name, the equation that defines it, what it is
OBJECTS = {
    "n_minus1": (r"n^{(-1)}", "29", "the distribution to first order in E (per unit $E_x$)"),
    "tau": (r"\tau_{\mathrm{out}}", "30", r"the out-scattering time, $1/\tau_{\mathrm{out}} = (2\pi/\hbar)\sum_{k'}W_{kk'}$"),
    "tau_tr": (r"\tau_{\mathrm{tr}}", "29", r"the transport time, $n^{(-1)} = -e v_x \tau_{\mathrm{tr}}$"),
    "beta_x": (r"\beta_x", "47", "the extrinsic interband velocity"),
    "beta_y": (r"\beta_y", "47", "the extrinsic interband velocity"),
    "gamma_x": (r"\gamma_x", "61", "the extrinsic spin"),
    "gamma_y": (r"\gamma_y", "61", "the extrinsic spin"),
    "J_E": (r"J_E", "38", "the electric-field correction of the collision integral"),
    "n_sj": (r"n^{(sj)}", "37", "the side-jump distribution"),
    "J_sk": (r"J_{sk}", "36", "the skew-scattering driving term (Fermi-shell prescription)"),
    "n_sk": (r"n^{(sk)}", "35", "the skew-scattering distribution"),
}


def _chain_block(doc, d):
    """The variables of the paper form and the objects of the chain on each Fermi circle."""
    P = d.paper_variables
    if P is None or not d.LF.circles:
        return
    defs = [tex for _, _, tex in P.describe()]
    doc.section("Objects of the chain", level=2)
    doc.para("In the paper's variables: $" + "$, $".join(defs) + "$.  Distributions are per unit $E_x$ and stand "
             r"in front of $\delta(\varepsilon^m_{\mathbf k} - \varepsilon_F)$; $\theta$ is the polar angle of "
             r"$\mathbf k$ on the circle named after the bar (band, radius).")
    obj = d.objects
    for key, (name, eq, what) in OBJECTS.items():
        for circle, expr in obj.get(key, {}).items():
            where = d.circle_latex(circle)
            doc.para(f"{what[0].upper() + what[1:]} (Eq.~{eq}):", f"{what[0].upper() + what[1:]} (Eq. {eq}):")
            doc.equation(rf"{name}\big|_{{{where}}}", P.object_latex(expr, d.THETA))


def _bands_block(doc, d):
    """Bands, eigenvectors, Berry connection and curvature at a generic k = k(cos theta, sin theta),
    with d_k for the square root of the band splitting."""
    b = d.band_objects(compact=True)
    where = rf", with $d_k = {_latex(b['d_k'])}$" if b["d_k"] is not None else ""
    doc.section("Bands and eigenstates", level=2)
    doc.para(r"At $\mathbf k = k(\cos\theta, \sin\theta)$, band $+$ above band $-$" + where + ".")
    for m in ("+", "-"):
        doc.equation(rf"\varepsilon^{m}_{{\mathbf k}}", _latex(b["energy"][m]))
    for m in ("+", "-"):
        u = b["eigenvector"][m]
        doc.equation(rf"|u^{m}_{{\mathbf k}}\rangle", r"\begin{pmatrix}" + r" \\ ".join(
            _latex(x) for x in u) + r"\end{pmatrix}")
    doc.para("Berry connection and curvature (Eq.~43):", "Berry connection and curvature (Eq. 43):")
    for m in ("+", "-"):
        ax, ay = b["berry_connection"][m]
        doc.equation(rf"\mathcal R^{{{m}{m}}}_{{\mathbf k}}", rf"\left({_latex(ax)},\ {_latex(ay)}\right)")
        doc.equation(rf"\Omega^{m}_{{\mathbf k}}", _latex(b["berry_curvature"][m]))


#: the disorder models of the documents' last section, with the values of their parameters
OTHER_DISORDER = (("magnetic-z", {"r_z": 0.5}), ("scalar-cubic", {"u_1": 0.1}))


def _disorder_block(doc, model, regime, vals):
    """sigma_yx with disorder that couples to the spin and with the third cumulant of point impurities
    (semisym.model.disorder), in the model's first regime: closed forms in the paper's variables where
    the derivation has them, values at the sample point."""
    from semisym.symbolic.derivation import derive
    doc.section("Other disorder models")
    intro = (r"The paper's disorder is scalar Gaussian white noise.  With magnetic impurities along $z$ "
             r"($\langle u_A u_B\rangle = u_0^2 w_{AB}$, $w = \mathrm{diag}(1, 0, 0, r_z)$) and with point impurities "
             r"whose third cumulant $u_1^3$ gives third-order skew scattering (term sk3, "
             r"$\propto u_1^3/u_0^4$), regime ")
    doc.para(intro + _tex_escape(regime) + ":", intro + regime + ":")
    rows = []
    for name, extra in OTHER_DISORDER:
        d = derive(model, regime=regime, disorder=name)
        doc.section(d.disorder.name, level=2)
        forms = d.paper_forms
        for t in d.sigma_yx.values():
            f = forms.get(("sigma_yx", t.name))
            if f is None or t.name == "intrinsic":
                continue
            doc.equation(latex_symbol("sigma_yx", TEX_T.get(t.name, t.name)), f.latex())
        v = _denoised(d.evaluate(dict(vals, **extra)))
        label = ", ".join(f"{k} = {_num(y)}" for k, y in extra.items())
        for t in d.sigma_yx:
            x = v[("sigma_yx", t)]
            rows.append(((_tex_escape(name), t.replace("_", r"\_"), _tex_escape(label), f"${_tex_num(x)}$"),
                         (name, t, label, _num(x))))
    doc.para("Values at the sample point:", "Values at the sample point:")
    doc.table((("disorder", "disorder"), ("term", "term"), ("weights", "weights"), (r"$\sigma_{yx}$", "sigma_yx")), rows)


def _pair_digits(v, err):
    """Significant digits of a value with an absolute error: none finer than the error, at most
    CSV_DIGITS (the angle quadrature of the pair kernel may subdivide differently on another machine)."""
    if v == 0 or err <= 0:
        return CSV_DIGITS
    return max(1, min(CSV_DIGITS, int(np.floor(np.log10(abs(v))) - np.floor(np.log10(err)))))


def _pairs_block(doc, model, vals, nca, paper):
    """Skew scattering on pairs of impurities at the sample point (semisym.numeric.pairs): for each
    Hall-like quantity the non-crossing total (derived), skew_pairs (numeric path) and total_full; for
    the paper's models also the full sigma_yx of Ado et al. (2015), the reference."""
    import semisym.numeric.contour as contour
    r = contour.evaluate(model, vals, pairs=True)
    doc.section("Beyond the non-crossing approximation", level=2)
    intro = ("Skew scattering on pairs of impurities (the crossed X and Psi diagrams in the Boltzmann "
             "equation; derivation notes, section 12), by the numeric path, for the quantities without a "
             r"$1/u_0^2$ part; total is the non-crossing sum above, total\_full = total + skew\_pairs:")
    doc.para(intro, intro.replace(r"\_", "_"))
    rows = []
    for q in QUANTITIES:
        if (q, "total_full") not in r.values:
            continue
        sp_, err, tot = float(r.values[(q, "skew_pairs")]), float(r.errors[(q, "skew_pairs")]), float(nca[(q, "total")])
        full = tot + sp_
        cells = [(tot, 10), (sp_, _pair_digits(sp_, err)), (full, _pair_digits(full, err))]
        rows.append(((q.replace("_", r"\_"), *[f"${_tex_num(v, n)}$" for v, n in cells]),
                     (q, *[_num(v, n) for v, n in cells])))
    doc.table((("quantity", "quantity"), ("total", "total"), (r"skew\_pairs", "skew_pairs"),
               (r"total\_full", "total_full")), rows)
    mass = "Delta" if "Delta" in model.parameters else "M"
    if paper and (("sigma_yx", "total_full") in r.values) and r.values[("sigma_yx", "skew_pairs")] != 0:
        from semisym.paper import ado2015_sigma_xy
        xi = abs(vals[mass] / vals["epsilon_F"])
        ref = float(ado2015_sigma_xy(xi)["full"]) * vals["e"] ** 2 / (2 * np.pi * vals.get("hbar", 1.0))
        text = (rf"Reference: Ado et al., EPL 111, 37004 (2015), $\sigma_{{yx}} = (e^2/h)\,8\xi_F^3/(1 + 3\xi_F^2)^2$ "
                rf"$= {_tex_num(ref, CSV_DIGITS)}$ at $\xi_F = {_num(xi)}$.")
        doc.para(text, text)


def _figure(name, model, base, out):
    from semisym.output.plot import plot_sweep
    from semisym.sweep import sweep
    a, b, n = SWEEPS[name]
    res = sweep(model, dict(base, **EXTRA), {"epsilon_F": np.linspace(a, b, n)}, scheduler="serial",
                progress=False)
    stem = f"{name}-sweep"
    for ext in ("png", "pdf"):
        plot_sweep(res, out / f"{stem}.{ext}", title=f"{name}: every term against the Fermi energy "
                   f"({', '.join(f'{k} = {v:g}' for k, v in dict(base, **EXTRA).items())})")
    keys = sorted(res.columns, key=lambda k: (QUANTITIES.index(k[0]), k[1]))
    lines = [",".join(["epsilon_F"] + [f"{q}:{t}" for q, t in keys] + ["route"])]
    for i, x in enumerate(res.axes["epsilon_F"]):
        row = {k: res.columns[k][i] for k in keys}
        errors = {k: res.errors[k][i] for k in keys} if res.route[i] == "numeric" else None
        row = _denoised(row, errors)
        x = 0.0 if abs(x) <= NOISE * (b - a) else x      # a grid point at rounding distance from 0
        lines.append(",".join([_num(x, CSV_DIGITS)] + [_num(row[k], CSV_DIGITS) for k in keys]
                              + [str(res.route[i])]))
    write_text(out / f"{stem}.csv", "\n".join(lines) + "\n")
    return stem


def build(name, out):
    """Write derivations/<name>.tex, .md, and the figure files; returns the written paths."""
    from semisym.model.form import is_isotropic
    from semisym.symbolic.derivation import derive
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model = builtin(name)
    paper = name in PAPER_MODELS
    doc = Doc()
    H = sp.latex(model.hamiltonian)
    doc.para(r"\noindent Generated by \texttt{semisym report}; regenerate with \texttt{semisym report -{}-out derivations/ -{}-force}.",
             "Generated by `semisym report`; regenerate with `semisym report --out derivations/ --force`.")
    doc.section("Model")
    doc.equation("H(\\mathbf k)", H)
    doc.para("Parameters: " + ", ".join(f"${sp.latex(s)}$" for _, s in sorted(model.parameters.items()))
             + (f"; exchange parameter ${sp.latex(model.parameters[model.exchange])}$." if model.exchange else "."))
    iso = is_isotropic(model.hamiltonian)
    if iso:
        _bands_block(doc, derive(model, regime=next(iter(model.regimes))))
    doc.section("Conventions")
    doc.items([(t, m or t.replace("``", '"').replace("''", '"')) for t, m in CONVENTIONS])
    base = None
    for regime, sample in model.regimes.items():
        base = {k: v for k, v in sample.items() if k != "epsilon_F"}
        vals = dict(sample, **EXTRA)
        where = ", ".join(f"${_symbol(k)} = {_num(v)}$" for k, v in vals.items())
        doc.section(f"Regime: {regime}")
        if iso:
            d = derive(model, regime=regime)
            doc.para(f"{_tex_escape(d.describe_regime())}. "
                     + ("Numeric mode (several Fermi circles): every intermediate result at the sample point, "
                        "$e$ and $u_0$ symbols. " if d.numeric else "")
                     + f"Values below at {where}.")
            _chain_block(doc, d)
            _terms_block(doc, d, _denoised(d.evaluate(vals)), paper)
            doc.section("Checks", level=2)
            doc.items([(_tex_escape(str(c)), f"`{c}`") for c in d.check()])
            _pairs_block(doc, model, vals, _denoised(d.evaluate(vals)), paper)
        else:
            import semisym.numeric.contour as contour
            r = contour.evaluate(model, vals)
            doc.para(f"Anisotropic model: the numeric path (discretized Fermi contours, {r.info['rays']} rays), "
                     f"at {where}.  Each value with its error estimate (at least $10^{{-12}}$ of the largest "
                     f"term of its quantity); a value within its error is printed as 0.")
            rows = []
            scale, own = tensor_scales(r.values), tensor_scales(r.values, {q: q for q in QUANTITIES})
            for (q, t), v in sorted(r.values.items(), key=lambda kv: (QUANTITIES.index(kv[0][0]), kv[0][1])):
                # the error is stated as at least the noise floor of its quantity, so that its own
                # noise is not printed
                err = max(r.errors[(q, t)], NOISE * own[q])
                v = _resolved(v, err, scale[TENSOR[q]])
                e = f"{err:.0e}"
                # no digit finer than the error: those are the machine's rounding
                digits = 10 if v == 0 else max(1, min(10, int(np.floor(np.log10(abs(v))) - np.floor(np.log10(err)))))
                rows.append(((q.replace("_", r"\_"), t.replace("_", r"\_"), f"${_tex_num(v, digits)}$", e),
                             (q, t, _num(v, digits), e)))
            doc.table((("quantity", "quantity"), ("term", "term"), ("value", "value"), ("error", "error")), rows)
    if iso and paper:
        first = next(iter(model.regimes))
        _disorder_block(doc, model, first, dict(model.regimes[first], **EXTRA))
    stem = _figure(name, model, base, out)
    doc.section("Figure")
    doc.figure(stem, f"Every non-zero term of $\\sigma_{{yx}}$, $\\langle s_x\\rangle$, $\\langle s_y\\rangle$ and "
                     f"$\\sigma_{{xx}}$ against $\\varepsilon_F$, in units with $e = \\hbar = 1$ and the model's "
                     f"parameters as given (data in {stem}.csv).")
    if paper:
        doc.section("Corrections to the paper's text")
        doc.items([(f"{p}: {s}", f"{p}: {s}") for p, s in CORRECTIONS])
    title = f"semisym: {name}"
    tex = PREAMBLE + f"\\title{{{_tex_escape(title)}}}\n\\author{{}}\n\\date{{}}\n\\maketitle\n\n" + "\n\n".join(doc.tex) \
        + "\n\\end{document}\n"
    md = f"# {title}\n\n" + "\n".join(doc.md)
    write_text(out / f"{name}.tex", tex)
    write_text(out / f"{name}.md", md)
    return [out / f"{name}.{x}" for x in ("tex", "md")] + [out / f"{stem}.{x}" for x in ("png", "pdf", "csv")]


def outputs(name):
    """The files that build(name) writes."""
    stem = f"{name}-sweep"
    return [f"{name}.tex", f"{name}.md", f"{stem}.png", f"{stem}.pdf", f"{stem}.csv"]


def build_all(out, names=None, progress=None):
    """Every document of ``names`` (default: every built-in model); ``progress``: a bar of
    semisym.progress (a step per model)."""
    names = names or list(BUILTINS)
    expect(progress, len(names))
    written = []
    for name in names:
        written += build(name, out)
        step(progress)
    return written
