"""Wall time of deriving every term from the general formulas.

    python benchmarks/bench_derive.py           # derivation times
    python benchmarks/bench_derive.py --kubo    # one Kubo point against one semiclassical point

Prints, for each built-in model and regime, the time of a cold derivation (a new Python
process: imports, SymPy caches empty) and of a warm one (same process, second call),
and the time of `Derivation.check()`.  Goal: all ti-surface terms in under 3 s.
"""

import subprocess
import sys
import time

CASES = [("ti-surface", "conduction"), ("ti-surface", "valence"), ("ti-surface", "gap"),
         ("massive-dirac", "conduction"),
         ("rashba-ferromagnet", "two-bands"), ("rashba-ferromagnet", "lower-band"),
         ("rashba-ferromagnet", "annulus")]

COLD = """
import time
VALUES = {{"rashba-ferromagnet": dict(e=1.0)}}
t = time.perf_counter()
import semisym
d = semisym.derive({model!r}, regime={regime!r}, values=VALUES.get({model!r}))
print(time.perf_counter() - t)
"""


def cold(model, regime):
    out = subprocess.run([sys.executable, "-c", COLD.format(model=model, regime=regime)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    import semisym
    print(f"{'model':19s} {'regime':11s} {'cold [s]':>9s} {'warm [s]':>9s} {'check [s]':>10s}  terms")
    for model, regime in CASES:
        tc = cold(model, regime)
        t = time.perf_counter()
        d = semisym.derive(model, regime=regime, values=dict(e=1.0) if model == "rashba-ferromagnet" else None)
        tw = time.perf_counter() - t
        t = time.perf_counter()
        ok = all(r.passed is not False for r in d.check(points=1))
        tk = time.perf_counter() - t
        print(f"{model:19s} {regime:11s} {tc:9.2f} {tw:9.2f} {tk:10.2f}  {len(d.terms)}"
              + ("" if ok else "  (a check failed)"))


if __name__ == "__main__" and "--kubo" not in sys.argv:
    main()


def kubo_vs_semiclassical():
    """One parameter point: semiclassical (derive + evaluate every term, 30 digits) against the
    Kubo-Streda weak-disorder limit (error estimate ~1e-10)."""
    import semisym
    from semisym.kubo import Kubo
    vals = dict(hbar=1.0, v_F=1.0, M=0.3, epsilon_F=1.0, e=1.0)
    t = time.perf_counter()
    d = semisym.derive("ti-surface", values=vals)
    sc = d.sigma_yx["total"].value(dict(vals, u_0=1.0))
    ts = time.perf_counter() - t
    t = time.perf_counter()
    kb = Kubo(d.model, vals).limit()
    tk = time.perf_counter() - t
    print(f"\none point, ti-surface conduction band: semiclassical {ts:.2f} s (closed form, exact), "
          f"Kubo-Streda {tk:.2f} s (error estimate {kb['sigma_yx']['error']:.1e}, "
          f"|difference| {abs(float(sc) - kb['sigma_yx']['total']):.1e})")
    t = time.perf_counter()
    for eF in (0.8, 1.2, 1.6, 2.0):
        d.sigma_yx["total"].value(dict(vals, epsilon_F=eF, u_0=1.0))
    print(f"each further semiclassical point (closed form): {(time.perf_counter() - t) / 4 * 1e3:.1f} ms")


if __name__ == "__main__" and "--kubo" in sys.argv:
    kubo_vs_semiclassical()
