"""Semiclassical totals against the in-tool Kubo-Streda calculation (non-crossing approximation).

Both sides are split by order in the disorder: the coefficient of 1/u_0^2 (Drude, Edelstein)
and the disorder-independent part (u_0^0: the anomalous Hall conductivity and the
spin density / torque it goes with).  The u_0^0 parts of the longitudinal responses
(sigma_xx and the Edelstein direction) are beyond the order of the semiclassical theory
and, in the Born approximation, depend on the band cutoff through Re Sigma: they are
shown for Kubo but not compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from semisym.kubo.streda import OBSERVABLES, Kubo
from semisym.symbolic.derivation import derive

LEADING = {"sigma_xx": "drude", "sigma_yx": "drude", "s_x": "edelstein", "s_y": "edelstein"}


@dataclass
class Row:
    quantity: str
    order: str            # "1/u0^2" or "u0^0"
    semiclassical: float | None
    kubo: float
    kubo_error: float
    compared: bool

    @property
    def rel_diff(self):
        if self.semiclassical is None:
            return None
        scale = max(abs(self.kubo), abs(self.semiclassical), 1e-300)
        if abs(self.kubo) < 1e-9 and abs(self.semiclassical) < 1e-9:
            return abs(self.kubo - self.semiclassical)
        return abs(self.kubo - self.semiclassical) / scale


def semiclassical_parts(d, values):
    """{quantity: (coefficient of 1/u_0^2, u_0^0 part)} from a derivation at ``values``."""
    vals = dict(values, u_0=1.0)
    ev = d.evaluate(vals)
    out = {}
    for q in OBSERVABLES:
        if q == "sigma_xx":
            lead = float(ev[(q, "drude")])
            out[q] = (lead, None)
            continue
        total = float(ev[(q, "total")])
        lead = float(ev[(q, "edelstein")]) if q.startswith("s_") else 0.0
        out[q] = (lead, total - lead)
    return out


def compare(model, values, collision=None, prescription=None, kubo_result=None, options=None):
    """Rows comparing the semiclassical derivation (with ``options``, or the keywords) with Kubo
    at ``values``."""
    d = derive(model, values=values, collision=collision, prescription=prescription, options=options)
    semi = semiclassical_parts(d, values)
    kb = kubo_result or Kubo(d.model, values).limit()
    rows = []
    for q in OBSERVABLES:
        k = kb[q]
        rows.append(Row(q, "1/u0^2", semi[q][0], float(k["inverse_u0sq"]), float(k["error"]), True))
        longitudinal = q == "sigma_xx" or (q.startswith("s_") and abs(semi[q][0]) > 0)
        rows.append(Row(q, "u0^0", None if longitudinal else semi[q][1], float(k["total"]), float(k["error"]),
                        not longitudinal))
    return d, kb, rows


def table(d, rows):
    lines = [f"model: {d.model.name}; regime: {d.describe_regime()}",
             f"semiclassical: collision '{d.collision}', prescription '{d.prescription}'; "
             "Kubo-Streda: non-crossing, weak-disorder limit", "",
             f"{'quantity':9s} {'order':7s} {'semiclassical':>22s} {'Kubo':>22s} {'rel. diff':>10s}  Kubo error"]
    for r in rows:
        sc = "-" if r.semiclassical is None else f"{r.semiclassical:.15g}"
        rd = "-" if r.rel_diff is None else f"{r.rel_diff:.1e}"
        note = "" if r.compared else "  (beyond the semiclassical order; not compared)"
        lines.append(f"{r.quantity:9s} {r.order:7s} {sc:>22s} {r.kubo:>22.15g} {rd:>10s}  {r.kubo_error:.1e}{note}")
    return "\n".join(lines)
