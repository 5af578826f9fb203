"""Wall time of deriving every term from the general formulas.

    python benchmarks/bench_derive.py

Prints, for each built-in model and regime, the time of a cold derivation (a new Python
process: imports, SymPy caches empty) and of a warm one (same process, second call),
and the time of `Derivation.check()`.  Goal: all ti-surface terms in under 3 s.
"""

import subprocess
import sys
import time

CASES = [("ti-surface", "conduction"), ("ti-surface", "valence"), ("ti-surface", "gap"),
         ("massive-dirac", "conduction")]

COLD = """
import time
t = time.perf_counter()
import semisym
d = semisym.derive({model!r}, regime={regime!r})
print(time.perf_counter() - t)
"""


def cold(model, regime):
    out = subprocess.run([sys.executable, "-c", COLD.format(model=model, regime=regime)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    import semisym
    print(f"{'model':15s} {'regime':11s} {'cold [s]':>9s} {'warm [s]':>9s} {'check [s]':>10s}  terms")
    for model, regime in CASES:
        tc = cold(model, regime)
        t = time.perf_counter()
        d = semisym.derive(model, regime=regime)
        tw = time.perf_counter() - t
        t = time.perf_counter()
        ok = all(r.passed is not False for r in d.check(points=1))
        tk = time.perf_counter() - t
        print(f"{model:15s} {regime:11s} {tc:9.2f} {tw:9.2f} {tk:10.2f}  {len(d.terms)}"
              + ("" if ok else "  (a check failed)"))


if __name__ == "__main__":
    main()
