"""Mutation test of `semisym check`: plants known errors, one at a time, in a scratch copy of the
package and asserts that `semisym check` (numeric-path and Kubo referees on) exits 1 for each.

    python tests/mutations.py            # every mutation, a few minutes
    python tests/mutations.py --list     # the mutations and where they apply

Run by tests/test_mutations.py (marked slow).  Each mutation is a literal text patch; a patch that
no longer applies (the line moved or changed) is an error of this script, not a pass.

The printed Eq. 38 (outgoing band m' replaced by m in the Berry-connection term) is identical to the
summed form when the Fermi level crosses one band only (TI surface, Rashba lower band): there it is
not an error at all, and no referee can or should see it.  It is planted on the Rashba ferromagnet
with both bands at eps_F, where it breaks gauge invariance.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_CIRCLE = [("ti-surface", "conduction"), ("rashba-ferromagnet", "lower-band")]
TWO_BANDS = [("rashba-ferromagnet", "two-bands")]
#: with skew scattering on pairs refereed (`semisym check --crossed`)
CROSSED = [("ti-surface", "conduction", "--crossed")]

#: (name, file, text, replacement, cases)
MUTATIONS = [
    ("sign of J_sk", "semisym/symbolic/skew.py",
     "        return {c: self.num(self.reduce(v)) for c, v in out.items()}",
     "        return {c: -self.num(self.reduce(v)) for c, v in out.items()}", ONE_CIRCLE),
    ("factor 2 dropped from J_E", "semisym/symbolic/kinetics.py",
     "out[c] = self.num(self.reduce(-2 * sp.pi / HBAR * E_CHARGE * total))",
     "out[c] = self.num(self.reduce(-sp.pi / HBAR * E_CHARGE * total))", ONE_CIRCLE),
    ("Eq. 38 as printed (m' -> m)", "semisym/symbolic/kinetics.py",
     'out_band = b if self.je == "summed" else m',
     "out_band = m", TWO_BANDS),
    ("sign of the Berry curvature", "semisym/symbolic/bands.py",
     "        return sp.I * (x - conj(x)) / self.r.k",
     "        return -sp.I * (x - conj(x)) / self.r.k", ONE_CIRCLE),
    ("sign of the Kubo ladder vertex", "semisym/kubo/streda.py",
     "ra = tRA + np.sum(lam * Y.T)",
     "ra = tRA - np.sum(lam * Y.T)", ONE_CIRCLE),
    ("factor 2 dropped from the pair rate", "semisym/numeric/pairs.py",
     "return 2 * np.pi / chain.hbar * chain.u0 ** 4 * out.real.ravel(), rel",
     "return np.pi / chain.hbar * chain.u0 ** 4 * out.real.ravel(), rel", CROSSED),
]


def scratch_copy(where):
    """The package (only) in a fresh folder."""
    shutil.copytree(ROOT / "semisym", Path(where) / "semisym",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return Path(where)


def plant(where, file, text, replacement):
    path = Path(where) / file
    src = path.read_text()
    if src.count(text) != 1:
        raise SystemExit(f"mutation does not apply: {text!r} occurs {src.count(text)} times in {file}")
    path.write_text(src.replace(text, replacement))


def check(where, model, regime, *extra):
    """Exit status of `semisym check MODEL --regime REGIME [EXTRA]` run from the copy at ``where``."""
    env = dict(os.environ, PYTHONPATH=str(where), PYTHONDONTWRITEBYTECODE="1")
    args = [sys.executable, "-m", "semisym.cli", "check", model, "--regime", regime, "--points", "1", *extra]
    if model == "rashba-ferromagnet":
        args += ["--param", "e=1"]
    r = subprocess.run(args, cwd=where, env=env, capture_output=True, text=True, timeout=900)
    return r.returncode, r.stdout + r.stderr


def main(argv=None):
    ap = argparse.ArgumentParser(description="mutation test of `semisym check`")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args(argv)
    if a.list:
        for name, file, _, _, cases in MUTATIONS:
            print(f"{name:32s} {file:30s} {', '.join(f'{m} ({r})' for m, r, *_ in cases)}")
        return 0
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        base = scratch_copy(Path(tmp) / "base")
        for model, regime, *extra in ONE_CIRCLE + TWO_BANDS + CROSSED:
            rc, out = check(base, model, regime, *extra)
            print(f"unmutated                        {model} ({regime}){''.join(' ' + x for x in extra)}: exit {rc}", flush=True)
            if rc != 0:
                failures.append(f"the unmutated copy fails `semisym check {model} --regime {regime}`:\n{out}")
        for i, (name, file, text, replacement, cases) in enumerate(MUTATIONS):
            where = scratch_copy(Path(tmp) / f"m{i}")
            plant(where, file, text, replacement)
            for model, regime, *extra in cases:
                rc, out = check(where, model, regime, *extra)
                failed = [line for line in out.splitlines() if line.startswith("FAIL")]
                print(f"{name:32s} {model} ({regime}): exit {rc}; " + "; ".join(f.split(":")[0] for f in failed),
                      flush=True)
                if rc != 1:
                    failures.append(f"{name}: `semisym check {model} --regime {regime}` exited {rc}, not 1:\n{out}")
    for f in failures:
        print("\n" + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
