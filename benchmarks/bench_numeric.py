"""Benchmark of the numeric path and of sweeps (prints figures; no assertions).

    python benchmarks/bench_numeric.py

1. closed-form sweep throughput for every ti-surface term (points per second);
2. one ti-warped point with every term to 1e-8 relative accuracy: time and rays needed;
3. the numeric path's cost and error against the number of rays (contour size);
4. (``--crossed``) one point of the crossed X and Psi diagrams (semisym.kubo.crossed) for each
   built-in isotropic model and regime: time and the stated error; then the same point in the
   Boltzmann equation (the numeric path with skew_pairs, semisym.numeric.pairs): its time, the
   stated error and the difference from Kubo.
"""

import time

import numpy as np
import sympy as sp

from semisym import derive
from semisym.numeric import contour
from semisym.model import builtin
from semisym.sweep import sweep

FIXED = dict(hbar=1.0, v_F=1.0, M=0.3, e=1.0, u_0=0.1)


def closed_form_throughput(n=1_000_000):
    d = derive("ti-surface", values=dict(FIXED, epsilon_F=1.0))
    eps = np.linspace(0.5, 3.0, n)
    fns = []
    for t in d.terms:
        syms = sorted(t.expr.free_symbols, key=lambda s: s.name)
        fns.append((sp.lambdify(syms, t.expr, "numpy"), [s.name for s in syms]))
    arrays = dict({k: np.full(n, v) for k, v in FIXED.items()}, epsilon_F=eps)
    t0 = time.perf_counter()
    for f, names in fns:
        np.asarray(f(*[arrays[x] for x in names]))
    dt = time.perf_counter() - t0
    print(f"closed forms: {len(fns)} terms at {n:.0e} points in {dt:.3f} s -> {n / dt:.3g} points/s "
          f"({n * len(fns) / dt:.3g} term values/s)")
    m = 100_000
    t0 = time.perf_counter()
    sweep(builtin("ti-surface"), FIXED, {"epsilon_F": np.linspace(-2, 2, m)}, progress=False)
    dt = time.perf_counter() - t0
    print(f"semisym sweep (classification + one derivation per regime + closed forms), {m:.0e} points "
          f"across the gap: {dt:.2f} s -> {m / dt:.3g} points/s")


def warped_point():
    model = builtin("ti-warped")
    vals = dict(FIXED, lam=0.1, epsilon_F=1.0)
    contour.evaluate(model, vals, rtol=1e-8)     # warm-up (lambdify)
    t0 = time.perf_counter()
    r = contour.evaluate(model, vals, rtol=1e-8)
    dt = time.perf_counter() - t0
    worst = max(r.errors[k] / max(abs(r[k]), 1e-300) for k in r.values if abs(r[k]) > 1e-6)
    print(f"ti-warped point, every term to 1e-8: {dt:.2f} s, {r.info['rays']} rays (started at 64), "
          f"worst estimated relative error {worst:.1e}")
    t0 = time.perf_counter()
    one, _ = contour.evaluate_once(model, vals, 64)
    print(f"  one pass at 64 rays (no convergence control): {time.perf_counter() - t0:.2f} s")


def cost_vs_rays():
    model = builtin("ti-warped")
    vals = dict(FIXED, lam=0.1, epsilon_F=1.0)
    ref, _ = contour.evaluate_once(model, vals, 1024)
    keys = [k for k in ref if k[0] == "sigma_yx" and k[1] != "intrinsic"] + [("sigma_xx", "drude")]
    print("rays   time[s]  Fermi-surface time[s]  worst rel. error of the Fermi-surface terms (vs 1024 rays)")
    ham = contour.Hamiltonian(model, vals)
    for n in (16, 32, 64, 128, 256, 512, 1024):
        t0 = time.perf_counter()
        r, _ = contour.evaluate_once(model, vals, n, ham=ham)
        dt = time.perf_counter() - t0
        t0 = time.perf_counter()
        sh = contour.Shell(ham, 1.0, n)
        ch = contour.Chain(sh, 1.0, 1.0, 0.1).run()
        contour.fs_terms(ch)
        dfs = time.perf_counter() - t0
        err = max(abs(r[k] - ref[k]) / abs(ref[k]) for k in keys)
        print(f"{n:5d}  {dt:7.3f}  {dfs:9.4f}  {err:9.1e}")


def crossed_points():
    from semisym.kubo.crossed import crossed_limit
    from semisym.kubo.streda import Kubo
    print("model               regime       time[s]  sigma_yx crossed   error    rel. error")
    for name in ("ti-surface", "massive-dirac", "rashba-ferromagnet"):
        model = builtin(name)
        for regime, vals in model.regimes.items():
            kb = Kubo(model, dict(vals, e=1.0))
            t0 = time.perf_counter()
            c = crossed_limit(kb)["sigma_yx"]
            dt = time.perf_counter() - t0
            rel = c["error"] / abs(c["value"]) if c["value"] else 0.0
            print(f"{name:19s} {regime:11s} {dt:8.2f}  {c['value']:16.10g} {c['error']:8.1e} {rel:9.1e}")
            t0 = time.perf_counter()
            e = contour.evaluate(model, dict(vals, e=1.0, u_0=0.1), pairs=True).entries[("sigma_yx", "skew_pairs")]
            dt = time.perf_counter() - t0
            diff = abs(e.value - c["value"]) / abs(c["value"]) if c["value"] else abs(e.value)
            print(f"{'  Boltzmann, skew_pairs':31s} {dt:8.2f}  {e.value:16.10g} {e.error:8.1e}  vs Kubo {diff:7.1e}")


if __name__ == "__main__":
    import sys
    if "--crossed" in sys.argv:
        crossed_points()
    else:
        closed_form_throughput()
        warped_point()
        cost_vs_rays()
