"""The one result type of every path: the symbolic derivation, the numeric path (T >= 0), the Kubo
referee, the comparison of the two, and sweeps.

A :class:`Result` maps (quantity, term) to an :class:`Entry`: the value (a float, per unit E_x in
the units of the inputs; for a sweep an array over the grid), its error estimate where the path
has one, the paper equation, how it was obtained, and for the symbolic path its closed form.  The
same methods everywhere: :meth:`Result.table`, :meth:`Result.to_json` (strict JSON, no NaN or
Infinity, validated by :data:`SCHEMA`), :meth:`Result.to_latex`, :meth:`Result.to_dataframe`.

    r = semisym.kubo.kubo("ti-surface", values)
    r["sigma_yx", "total"]                  # the value
    r.entries["sigma_yx", "total"].error    # its error estimate
    print(r.table())
"""

from __future__ import annotations

import json
import math
import shutil
import textwrap
from dataclasses import dataclass, field

from semisym.conventions import QUANTITIES, UNITS, term_order
from semisym.errors import InternalError

#: what every result is computed in: the approximation of the paper and of the in-tool referee
APPROXIMATION = ("Born scattering off Gaussian white-noise disorder, non-crossing approximation "
                 "(crossed X and Psi diagrams and third-order skew scattering not included), "
                 "weak-disorder limit")

#: the same with a third cumulant of the disorder (semisym.model.disorder, preset scalar-cubic)
APPROXIMATION_THIRD = ("Born scattering off white-noise disorder plus third-order skew scattering off its third "
                       "cumulant (u_1^3/u_0^4), non-crossing approximation (crossed X and Psi diagrams not "
                       "included), weak-disorder limit")

#: a result with the crossed diagrams (semisym.kubo.crossed) or their Boltzmann form (semisym.numeric.pairs)
APPROXIMATION_CROSSED = ("Born scattering off Gaussian white-noise disorder, weak-disorder limit: the non-crossing "
                         "approximation (total) and the diagrams with one pair of crossed impurity lines, X and "
                         "Psi (Kubo: crossed; Boltzmann equation: skew scattering on pairs of impurities, "
                         "skew_pairs; total_full = total + that term for the Hall-like responses)")

#: how an entry was obtained
METHODS = {
    "closed form": "symbolic derivation from the general formulas, closed form",
    "symbolic, numeric integral": "symbolic derivation, radial or Fermi-sea integral done numerically (30 digits)",
    "numeric mode": "symbolic chain evaluated at the sample values (30 digits); e and u_0 symbols",
    "numeric path": "general formulas on discretized Fermi contours, numerical eigenvectors",
    "numeric path, T > 0": "numeric path averaged with -df/dE over energy (tanh-sinh)",
    "Kubo-Streda": "Kubo-Streda linear response from Green's functions (ladder vertex), weak-disorder limit",
    "Kubo-Streda, crossed": "Kubo-Streda, the crossed X and Psi diagrams between ladder-dressed vertices, "
                            "weak-disorder limit",
    "semiclassics vs Kubo": "semiclassical value with the Kubo-Streda value as reference",
}


@dataclass(frozen=True)
class Entry:
    """One term of one quantity, per unit E_x.

    ``value`` is a float (or a nested list over a sweep's grid; None where only an expression is
    known), ``error`` its estimated absolute error (None: exact up to 30-digit rounding),
    ``expression`` the SymPy expression where the path has one.  A comparison carries the
    ``reference`` value (Kubo), its error and the relative difference."""

    quantity: str
    term: str
    value: object = None
    error: object = None
    paper_eq: str | None = None
    method: str = ""
    expression: object = None
    reference: float | None = None
    reference_error: float | None = None
    rel_diff: float | None = None
    compared: bool | None = None
    #: the closed form in the paper's variables (semisym.symbolic.paperform.PaperForm), or None
    paper_form: object = None


@dataclass
class Result:
    """Every term of one calculation.  ``entries``: {(quantity, term): Entry} in the paper's order;
    ``inputs``: the parameter values; ``options``: the options of the calculation; ``info``:
    what the path found (regime, Fermi circles or contours, rays, axes of a sweep); ``checks``:
    [{"name", "passed", "detail"}]."""

    model: str
    hamiltonian: str
    method: str
    entries: dict
    inputs: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)
    parameters: list = field(default_factory=list)
    approximation: str = APPROXIMATION

    def __post_init__(self):
        if self.method not in METHODS:
            raise InternalError(f"unknown method '{self.method}'")
        self.entries = dict(sorted(self.entries.items(), key=lambda kv: term_order(kv[0])))
        for (q, t), e in self.entries.items():
            if isinstance(e.value, (int, float)) and not math.isfinite(e.value):
                raise _not_finite(f"{q}/{t}", e.value, self.inputs)

    # ---------------------------------------------------------------- access

    def __getitem__(self, key):
        return self.entries[key].value

    def __contains__(self, key):
        return key in self.entries

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)

    def keys(self):
        return self.entries.keys()

    @property
    def values(self):
        """{(quantity, term): value}."""
        return {k: e.value for k, e in self.entries.items()}

    @property
    def errors(self):
        """{(quantity, term): error estimate} (0 where the path states none)."""
        return {k: (e.error if e.error is not None else 0.0) for k, e in self.entries.items()}

    def in_units(self, unit):
        """The result with its conductivities in ``unit``: "e^2/h" (the conductance quantum, from the
        inputs' e and hbar), "e^2/hbar", or "inputs" (unchanged: the units of the inputs, siemens
        for SI inputs).  Spin densities and torques keep the units of the inputs."""
        import dataclasses
        if unit == "inputs":
            return self
        quanta = {"e^2/h": 2 * math.pi, "e^2/hbar": 1.0}
        if unit not in quanta:
            from semisym.errors import ParameterError
            raise ParameterError(f"unknown unit '{unit}' for conductivities (e^2/h, e^2/hbar, inputs)")
        if "e" not in self.inputs or "hbar" not in self.inputs:
            from semisym.errors import ParameterError
            raise ParameterError(f"conductivities in {unit} need the values of e and hbar")
        q = self.inputs["e"] ** 2 / self.inputs["hbar"] / quanta[unit]

        def scaled(x):
            if x is None:
                return None
            return [scaled(y) for y in x] if isinstance(x, list) else x / q
        entries = {}
        for k, e in self.entries.items():
            if k[0].startswith("sigma"):
                e = dataclasses.replace(e, value=scaled(e.value), error=scaled(e.error), reference=scaled(e.reference),
                                        reference_error=scaled(e.reference_error), expression=None,
                                        paper_form=None)
            entries[k] = e
        info = dict(self.info, conductivity_unit=unit)
        return dataclasses.replace(self, entries=entries, info=info)

    # ---------------------------------------------------------------- output

    def to_dict(self):
        """A JSON-ready dict following :data:`SCHEMA`; a non-finite number is an InternalError."""
        def num(x, what):
            if x is None:
                return None
            if isinstance(x, (list, tuple)):
                return [num(y, what) for y in x]
            x = float(x)
            if not math.isfinite(x):
                raise _not_finite(what, x, self.inputs)
            return x
        terms = []
        for (q, t), e in self.entries.items():
            row = {"quantity": q, "term": t, "paper_eq": e.paper_eq, "method": e.method,
                   "value": num(e.value, f"{q}/{t}"), "error": num(e.error, f"the error of {q}/{t}")}
            if e.expression is not None:
                import sympy as sp
                row["expression"] = sp.sstr(e.expression)
                row["latex"] = sp.latex(e.expression)
            if e.paper_form is not None:
                row["paper_form"] = e.paper_form.text()
                row["paper_form_latex"] = e.paper_form.latex()
            if e.reference is not None:
                row.update(reference=num(e.reference, f"the reference of {q}/{t}"),
                           reference_error=num(e.reference_error, f"the reference error of {q}/{t}"),
                           rel_diff=num(e.rel_diff, f"the difference of {q}/{t}"), compared=bool(e.compared))
            terms.append(row)
        return {"schema": SCHEMA_ID,
                "model": {"name": self.model, "hamiltonian": self.hamiltonian, "parameters": list(self.parameters)},
                "method": self.method, "approximation": self.approximation,
                "inputs": {k: num(v, k) for k, v in self.inputs.items()}, "options": dict(self.options),
                "info": _plain(self.info), "units": {q: UNITS[q] for q in QUANTITIES if any(k[0] == q for k in self)},
                "terms": terms, "checks": [dict(c) for c in self.checks]}

    def to_json(self, indent=2):
        """Strict JSON (no NaN or Infinity tokens), the same writer for every command."""
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    def table(self, digits=12, width=None, raw=False):
        """A plain-text table: one line per term, with its error and paper equation, and its closed
        form (in the paper's variables unless ``raw``), wrapped to ``width`` columns (default: the
        terminal's width)."""
        head = [f"model: {self.model}   H = {self.hamiltonian}", f"method: {METHODS[self.method]}"]
        head += [f"{k}: {v}" for k, v in self.info.items() if isinstance(v, (str, int, float))]
        if self.options:
            head.append("options: " + ", ".join(f"{k}={v}" for k, v in self.options.items()))
        head.append(f"approximation: {self.approximation}")
        entries = self.entries.values()
        head_width = width or shutil.get_terminal_size((100, 24)).columns
        paper = not raw and any(e.paper_form is not None for e in entries)
        if paper and self.info.get("variables"):
            head.append("variables: " + "; ".join(self.info["variables"].values()))
        numbers = any(e.value is not None for e in entries)
        refs = any(e.reference is not None for e in entries)
        exprs = any(e.expression is not None for e in entries)
        cols = ["quantity", "term", "eq."] + (["value", "error"] if numbers else ["method"])
        if refs:
            cols += ["Kubo", "Kubo error", "rel. diff."]
        rows = [cols + (["expression"] if exprs else [])]
        for (q, t), e in self.entries.items():
            row = [q, t, e.paper_eq or "-"]
            if numbers:
                row += ["-" if e.value is None else (f"{e.value:.{digits}g}" if not isinstance(e.value, list) else "(grid)"),
                        "-" if e.error is None or isinstance(e.error, list) else f"{e.error:.1e}"]
            else:
                row.append(e.method)
            if refs:
                row += ["-" if e.reference is None else f"{e.reference:.{digits}g}",
                        "-" if e.reference_error is None else f"{e.reference_error:.1e}",
                        "-" if e.rel_diff is None else f"{e.rel_diff:.1e}" + ("" if e.compared else " (not compared)")]
            if exprs:
                row.append(_expression_text(e, paper))
            rows.append(row)
        n = len(cols)
        w = [max(len(r[i]) for r in rows) for i in range(n)]
        lines = []
        for r in rows:
            line = "  ".join(x.ljust(w[i]) for i, x in enumerate(r[:n]))
            lines.extend(_wrap(line, r[n] if len(r) > n else "", width))
        head = [w for h in head for w in textwrap.wrap(h, head_width, subsequent_indent="    ",
                                                         break_long_words=False, break_on_hyphens=False)]
        return "\n".join(head + [""] + lines)

    def to_latex(self):
        """The terms as LaTeX: closed forms as an unnumbered align block, numbers as a tabular."""
        import sympy as sp
        from semisym.conventions import latex_symbol
        out = [f"% semisym: {self.model}; {METHODS[self.method]}"]
        exprs = [(k, e) for k, e in self.entries.items() if e.expression is not None]
        if exprs:
            out.append(r"\begin{align*}")
            out.append(" \\\\\n".join(f"  {latex_symbol(q, t)} &= "
                                     + (sp.latex(e.expression) if e.paper_form is None else e.paper_form.latex())
                                     for (q, t), e in exprs))
            out.append(r"\end{align*}")
        nums = [(k, e) for k, e in self.entries.items() if isinstance(e.value, float)]
        if nums:
            out.append(r"\begin{tabular}{llrr}")
            out.append(r"quantity & term & value & error \\ \hline")
            for (q, t), e in nums:
                err = "" if e.error is None else f"{e.error:.1e}"
                out.append(f"${latex_symbol(q)}$ & {t.replace('_', ' ')} & {e.value:.10g} & {err} \\\\")
            out.append(r"\end{tabular}")
        return "\n".join(out)

    def to_dataframe(self):
        """A pandas DataFrame, one row per term (needs the ``data`` extra)."""
        from semisym.extras import need
        pd = need("pandas", "Result.to_dataframe()")
        rows = [{"quantity": q, "term": t, "value": e.value, "error": e.error, "paper_eq": e.paper_eq,
                 "method": e.method} for (q, t), e in self.entries.items()]
        return pd.DataFrame(rows).set_index(["quantity", "term"])


def _expression_text(e, paper):
    if e.expression is None:
        return ""
    if paper and e.paper_form is not None:
        return e.paper_form.text()
    import sympy as sp
    return sp.sstr(e.expression)


#: the narrowest expression column worth wrapping into
MIN_WRAP = 30


def _wrap(line, last, width):
    """``line`` followed by ``last`` (an expression), wrapped at spaces so that no line is longer
    than ``width`` (default: the terminal's); continuation lines start under the expression."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    if not last:
        return [line.rstrip()]
    indent = len(line) + 2
    room = width - indent
    if room < MIN_WRAP or len(last) <= room:
        return [(line + "  " + last).rstrip()]
    parts = _pack(_chunks(last), room)
    return [line + "  " + parts[0]] + [" " * indent + p for p in parts[1:]]


def _chunks(text):
    """``text`` split between the factors of a product and after the bar of a fraction, outside
    parentheses: [(piece, joiner to the previous piece)]."""
    out, depth, cur, join = [], 0, "", ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == " " and depth == 0:
            out.append((cur, join))
            cur, join = "", " "
        elif ch == "/" and depth == 0:
            out.append((cur + "/", join))
            cur, join = "", ""
        else:
            cur += ch
    return out + [(cur, join)]


def _pack(chunks, room):
    lines = [chunks[0][0]]
    for c, join in chunks[1:]:
        if len(lines[-1]) + len(join) + len(c) <= room:
            lines[-1] += join + c
        else:
            lines.append(c)
    return [p for line in lines for p in (textwrap.wrap(line, room, break_long_words=False, break_on_hyphens=False)
                                          if len(line) > room else [line])]


def _not_finite(what, x, inputs):
    """A value that is not a finite float: the inputs sit on a singular point of the formula (nan: a
    band edge or touching, 0/0) or make it overflow a float (inf): bad input, named."""
    from semisym.errors import ParameterError
    at = ", ".join(f"{k} = {v:g}" for k, v in inputs.items() if isinstance(v, (int, float)))
    why = ("overflows a double-precision number: rescale the parameters (a smaller energy or length unit)"
           if math.isinf(x) else "is undefined there (a singular point of the formula: a band edge or touching?)")
    return ParameterError(f"{what} {why}; at {at}")


def _plain(x):
    """info made JSON-ready: tuples as lists, numbers as floats, other objects as strings."""
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, int):
        return x
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    return v if math.isfinite(v) else str(v)


SCHEMA_ID = "semisym-result-1"

_NUMBER_OR_GRID = {"anyOf": [{"type": "number"}, {"type": "null"},
                             {"type": "array", "items": {"$ref": "#/$defs/grid"}}]}

#: the JSON schema of every command's --json output (and of Result.to_dict())
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "semisym result",
    "type": "object",
    "required": ["schema", "model", "method", "approximation", "inputs", "options", "info", "units", "terms", "checks"],
    "additionalProperties": False,
    "$defs": {"grid": {"anyOf": [{"type": "number"}, {"type": "array", "items": {"$ref": "#/$defs/grid"}}]}},
    "properties": {
        "schema": {"const": SCHEMA_ID},
        "model": {"type": "object", "required": ["name", "hamiltonian", "parameters"], "additionalProperties": False,
                  "properties": {"name": {"type": "string"}, "hamiltonian": {"type": "string"},
                                 "parameters": {"type": "array", "items": {"type": "string"}}}},
        "method": {"enum": sorted(METHODS)},
        "approximation": {"type": "string"},
        "inputs": {"type": "object", "additionalProperties": {"type": "number"}},
        "options": {"type": "object", "additionalProperties": {"type": "string"}},
        "info": {"type": "object"},
        "units": {"type": "object", "additionalProperties": {"type": "string"}},
        "terms": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["quantity", "term", "paper_eq", "method", "value", "error"],
            "properties": {
                "quantity": {"enum": list(QUANTITIES)},
                "term": {"type": "string"},
                "paper_eq": {"type": ["string", "null"]},
                "method": {"enum": sorted(METHODS)},
                "value": _NUMBER_OR_GRID,
                "error": _NUMBER_OR_GRID,
                "expression": {"type": "string"},
                "latex": {"type": "string"},
                "paper_form": {"type": "string"},
                "paper_form_latex": {"type": "string"},
                "reference": {"type": "number"},
                "reference_error": {"type": ["number", "null"]},
                "rel_diff": {"type": ["number", "null"]},
                "compared": {"type": "boolean"},
            }}},
        "checks": {"type": "array", "items": {
            "type": "object", "required": ["name", "passed", "detail"], "additionalProperties": False,
            "properties": {"name": {"type": "string"}, "passed": {"type": ["boolean", "null"]},
                           "detail": {"type": "string"}}}},
    },
}
