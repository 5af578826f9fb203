"""The speed table: every figure as median of paired runs and, where one exists, as a ratio to a
yardstick measured in the same run (machines differ: compare ratios, not seconds).

    python benchmarks/speed.py            # the table (a few minutes)
    python benchmarks/speed.py --suite    # also time the test suite (fast tier and full)
    python benchmarks/speed.py --repeat 5

Yardsticks: ../shared/bench/yardstick_sympy_beta_sigma_ext.py (a plain SymPy script that derives beta
and sigma_ext of the TI surface alone) for the symbolic path; a cold `semisym derive ti-surface`
for the Kubo referee.  Prints no pass/fail: the goals are in the last column.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YARDSTICK = ROOT.parent / "shared" / "bench" / "yardstick_sympy_beta_sigma_ext.py"
TI = ["--param", "hbar=1", "--param", "v_F=1", "--param", "e=1"]


def wall(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def paired(cmd, ref, repeat):
    """Median wall time of cmd and of ref, and the median of their ratios, runs interleaved."""
    a, b = [], []
    for _ in range(repeat):
        a.append(wall(cmd))
        b.append(wall(ref) if ref else float("nan"))
    ratio = statistics.median(x / y for x, y in zip(a, b)) if ref else float("nan")
    return statistics.median(a), statistics.median(b) if ref else float("nan"), ratio


def semisym(*args):
    return [sys.executable, "-m", "semisym.cli", *args]


def warped_numeric_point(repeat):
    from semisym.model import builtin
    from semisym.numeric import contour
    model = builtin("ti-warped")
    vals = dict(hbar=1.0, v_F=1.0, M=0.3, e=1.0, u_0=0.1, lam=0.1, epsilon_F=1.0)
    contour.evaluate(model, vals, rtol=1e-8)             # warm: lambdified H
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = contour.evaluate(model, vals, rtol=1e-8)
        times.append(time.perf_counter() - t)
    return statistics.median(times), r.info["rays"]


def closed_form_sweep(n=2_000_000):
    """Points per second of every ti-surface closed form (one regime), and the memory a sweep needs
    beyond its output columns, for n/10 and n points (flat = chunks work)."""
    import numpy as np
    from semisym import derive
    from semisym.sweep import _closed_values
    fixed = dict(hbar=1.0, v_F=1.0, M=0.3, e=1.0, u_0=0.1)
    d = derive("ti-surface", values=dict(fixed, epsilon_F=1.0))
    rates, extra = [], {}
    for m in (n // 10, n):
        pts = {k: np.full(m, v) for k, v in fixed.items()}
        pts["epsilon_F"] = np.linspace(0.5, 3.0, m)
        idx = np.arange(m)
        _closed_values(d, pts, idx)                       # warm: compiled function, allocator
        t = time.perf_counter()
        out = _closed_values(d, pts, idx)
        rates.append(m / (time.perf_counter() - t))
        tracemalloc.start()
        out = _closed_values(d, pts, idx)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        extra[m] = (peak - sum(v.nbytes for v in out.values())) / 2 ** 20
    return rates[-1], len(d.terms), extra


def end_to_end_sweep(n=1_000_000):
    import numpy as np
    from semisym.model import builtin
    from semisym.sweep import sweep
    fixed = dict(hbar=1.0, v_F=1.0, M=0.3, e=1.0, u_0=0.1)
    t = time.perf_counter()
    res = sweep(builtin("ti-surface"), fixed, {"epsilon_F": np.linspace(-2, 2, n)}, progress=False)
    return n / (time.perf_counter() - t), len(res.notes)


def suite():
    fast = wall([sys.executable, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider"])
    full = wall([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"])
    return fast, full


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--suite", action="store_true", help="also time the test suite (10-20 minutes)")
    a = ap.parse_args()
    rows = []
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; medians of {a.repeat} paired runs\n",
          flush=True)
    derive_ti = semisym("derive", "ti-surface")
    kubo_ti = semisym("kubo", "ti-surface", *TI, "--param", "M=0.5", "--param", "epsilon_F=1", "--quiet")
    kubo_w = semisym("kubo", "ti-warped", *TI, "--param", "M=0.3", "--param", "lam=0.1", "--param", "epsilon_F=1",
                     "--quiet")
    k, dv, r = paired(kubo_ti, derive_ti, a.repeat)
    rows.append(("kubo ti-surface, one point (M=0.5, eps_F=1), cold process", f"{k:.2f} s",
                 f"{r:.2f} x cold derive ({dv:.2f} s)", "<= 3 s, <= 0.5 x cold derive"))
    k, dv, r = paired(kubo_w, derive_ti, a.repeat)
    rows.append(("kubo ti-warped, one point (lam=0.1), cold process", f"{k:.2f} s",
                 f"{r:.2f} x cold derive ({dv:.2f} s)", "<= 30 s"))
    if YARDSTICK.exists():
        dv, y, r = paired(derive_ti, [sys.executable, str(YARDSTICK)], a.repeat)
        rows.append(("derive ti-surface, cold, every term", f"{dv:.2f} s", f"{r:.2f} x yardstick ({y:.2f} s)",
                     "<= 1.5 x yardstick"))
    t, rays = warped_numeric_point(a.repeat)
    rows.append((f"ti-warped numeric-path point, every term to 1e-8, warm ({rays} rays)", f"{t:.3f} s", "-",
                 "<= 0.3 s"))
    rate, nterms, extra = closed_form_sweep()
    mem = ", ".join(f"{m:.0e} pts: +{v:.0f} MiB" for m, v in extra.items())
    rows.append((f"closed-form sweep, all {nterms} ti-surface terms", f"{rate:.3g} points/s",
                 f"memory beyond the output: {mem}", ">= 1e7 points/s, flat memory"))
    rate, groups = end_to_end_sweep()
    rows.append((f"semisym sweep, 1e6 points across the gap (incl. {groups} derivations)", f"{rate:.3g} points/s",
                 "-", "-"))
    if a.suite:
        fast, full = suite()
        rows.append(("pytest -m 'not slow'", f"{fast / 60:.1f} min", "-", "<= 2 min"))
        rows.append(("pytest (full suite)", f"{full / 60:.1f} min", "-", "<= 12 min (bash .ci/run)"))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("what", "measured", "ratio / note", "goal")
    print("  ".join(h.ljust(x) for h, x in zip(head, w)))
    for r in rows:
        print("  ".join(c.ljust(x) for c, x in zip(r, w)))


if __name__ == "__main__":
    main()
