"""The numeric path: the general formulas on discretized Fermi contours, for any 2x2 H(k_x, k_y).

The same chain as :mod:`semisym.kinetics` and :mod:`semisym.response` (Eqs. 27-63), with
every k-sum done numerically instead of symbolically, so that anisotropic models (hexagonal
warping) are covered and the symbolic closed forms get an independent check:

- H = d0 + d.sigma is evaluated with NumPy; eigenvectors from the closed 2x2 formula, in a
  gauge chosen point by point (north or south chart); their k-derivatives from first-order
  perturbation theory plus the chart's Berry connection.  ``gauge=`` adds any further smooth
  phase (the gauge-invariance test).
- Fermi contours: crossings eps^m(k) = eps_F along N rays theta_j = 2 pi j/N (scan and
  bisection, polished by Newton steps); each contour must meet every ray once (star-shaped
  about k = 0), else a :class:`~semisym.errors.ModelError`.
- On-shell sums: sum_k delta(eps^m_k - eps_F) F(k) = sum_j w_j F(k_j),
  w_j = r_j / (2 pi N |d eps/dr|_j) (trapezoid rule in theta: spectral accuracy).
- The anisotropic J0 (Eq. 28) is a full integral operator: a dense matrix on the contour
  nodes.  J0 n = drive is solved with the charge-neutrality condition sum_k n = 0.
- D', S' (Eqs. 31, 33), beta (Eq. 47), gamma (Eq. 61), J_E (Eq. 38, m' summed) and the
  skew driving term (Fermi-shell prescription) as in :mod:`semisym.kinetics`.
- Fermi sea, sigma_yx (Eq. 72): Omega^(+-) = -+ (1/2) d^.(d_x d^ x d_y d^), so the occupied-region
  integral is a solid angle, turned into line integrals of -cos(Theta) dphi along the Fermi
  contours and the circle at infinity (phi = arg(d_x + i d_y)), plus 2 pi sign(d_z) w for a zero of
  d_x + i d_y of winding w inside the region.  The circle at infinity is evaluated from the
  top-degree homogeneous parts of d (polynomial models).
- Fermi sea, spin density (Eq. 91): 2D quadrature, trapezoid in theta and Gauss-Legendre
  along each ray between the crossing radii, the last interval mapped to [0, 1).

Accuracy: every term is computed on N and 2N rays (and the Fermi-sea spin quadrature on n
and 2n radial points); N doubles until the largest change is below ``rtol`` times the
term's scale; the last change is each term's error estimate.

Units and conventions as in :mod:`semisym.response` (per unit E_x, sum_k = int d^2k/(2 pi)^2,
charge -e, Pauli spin, T = 0; finite temperature in :mod:`semisym.thermal`).
"""


from __future__ import annotations



from semisym.conventions import TENSOR, TERMS, TORQUE, Options, equation
from semisym.errors import ModelError, ParameterError
from semisym.result import APPROXIMATION_CROSSED, Entry, Result
from semisym.numeric.chain import FS_KEYS, Chain, fs_terms
from semisym.numeric.contours import Shell
from semisym.numeric.pairs import QUANTITIES as PAIR_QUANTITIES, PairSkew
from semisym.numeric.hamiltonian import Hamiltonian
from semisym.numeric.sea import sea_sigma_yx, sea_spin

__all__ = ["Hamiltonian", "evaluate", "evaluate_once", "to_result"]

#: the term of skew scattering on pairs of impurities, and the total with it (Hall-like quantities)
SKEW_PAIRS, TOTAL_FULL = "skew_pairs", "total_full"

# ------------------------------------------------------------------ one point, with convergence control

def random_gauge(seed, k_scale=1.0):
    """A smooth random phase of each band's eigenvectors, for ``gauge=`` of :func:`evaluate_once`:
    phi_m(k) = sum_j sin((a_mj k_x + b_mj k_y)/k_scale + c_mj) with normal a, b, c (seeded), and its
    gradient; ``k_scale``, a momentum of the model (a Fermi radius), makes it vary on the model's scale
    in any units."""
    import numpy as np
    rng = np.random.default_rng(seed)
    a, b, c = rng.normal(size=(3, 2, 3))

    def gauge(kx, ky):
        arg = (a[:, :, None] * kx + b[:, :, None] * ky) / k_scale + c[:, :, None]     # (band, harmonic, n)
        phi = np.sin(arg).sum(1).T                                                      # (n, band)
        gphi = np.stack([(a[:, :, None] * np.cos(arg)).sum(1).T, (b[:, :, None] * np.cos(arg)).sum(1).T], -1) / k_scale
        return phi, gphi
    return gauge


def _totals(vals, exchange_value):
    """The totals (sum of the terms of sigma_yx, s_x, s_y) and the torque (conventions.TORQUE)."""
    third = ("sigma_yx", "skew_3") in vals
    extra = ("skew_3",) if third else ()
    for q in ("sigma_yx", "s_x", "s_y"):
        vals[(q, "total")] = sum(vals[(q, t)] for t in TERMS[q] + extra if t != "total")
    if exchange_value is not None:
        for q, (src, sign) in TORQUE.items():
            for t in TERMS[q] + extra:
                vals[(q, t)] = sign * exchange_value * vals[(src, t)]
    return vals


def evaluate_once(model, values, n_theta, n_r=32, gauge=None, ham=None, rtol=1e-10, disorder=None, pairs=None):
    """Every term on n_theta rays (no convergence control); ``disorder``: a Disorder (scalar if None),
    its parameters in ``values``.  ``pairs``: a dict to add the term ``skew_pairs``
    (:mod:`semisym.numeric.pairs`; its :class:`PairSkew` is kept there, with the kernel's harmonics,
    for the next call), or None."""
    ham = ham or Hamiltonian(model, values)
    for name in ("epsilon_F", "e", "u_0"):
        if name not in values:
            raise ParameterError(f"missing parameter value: {name}")
    if values["u_0"] <= 0:
        raise ParameterError("u_0 must be positive (the disorder strength)")
    E, e, u0 = float(values["epsilon_F"]), float(values["e"]), float(values["u_0"])
    shell = Shell(ham, E, n_theta, gauge)
    if len(shell):
        w = None if disorder is None or disorder.scalar else disorder.numeric(disorder.values(values))
        third = disorder is not None and disorder.third
        if third and "u_1" not in values:
            raise ParameterError("missing parameter value: u_1 (the third cumulant of the disorder)")
        chain = Chain(shell, ham.hbar, e, u0, w, float(values["u_1"]) if third else None).run()
        vals = fs_terms(chain)
        if pairs is not None:
            if "term" not in pairs:
                pairs["term"] = PairSkew(ham, E, shell.contours)
            extra, pairs["errors"], pairs["hall_like"] = pairs["term"].terms(chain)
            vals.update(extra)
    else:
        vals = dict.fromkeys(FS_KEYS, 0.0)
        if disorder is not None and disorder.third:
            vals.update({(q, "skew_3"): 0.0 for q in ("sigma_yx", "s_x", "s_y")})
        if pairs is not None:                    # no Fermi contour: no scattering
            vals.update({(q, SKEW_PAIRS): 0.0 for q in PAIR_QUANTITIES})
            pairs.update(errors={(q, SKEW_PAIRS): 0.0 for q in PAIR_QUANTITIES},
                         hall_like=dict.fromkeys(PAIR_QUANTITIES, True))
    vals[("sigma_yx", "intrinsic")] = sea_sigma_yx(ham, E, shell.th, shell.contours, e)
    (sx, sy), tail_err = sea_spin(ham, E, shell.th, shell.contours, e, n_r=n_r, rtol=max(0.1 * rtol, 1e-9))
    vals[("s_x", "intrinsic")], vals[("s_y", "intrinsic")] = sx, sy
    J = float(values[model.exchange]) if model.exchange else None
    shell.tail_error = tail_err
    vals = _totals({k: float(v) for k, v in vals.items()}, J)
    if pairs is not None:
        _full(vals, pairs["hall_like"], J)
    return vals, shell


def _full(vals, hall_like, exchange_value):
    """total_full = total + skew_pairs for the Hall-like quantities (no 1/u_0^2 part, where the
    antisymmetric pair term is the whole crossed contribution), and the torque of both."""
    for q, hall in hall_like.items():
        if hall:
            vals[(q, TOTAL_FULL)] = vals[(q, "total")] + vals[(q, SKEW_PAIRS)]
    if exchange_value is not None:
        for q, (src, sign) in TORQUE.items():
            for t in (SKEW_PAIRS, TOTAL_FULL):
                if (src, t) in vals:
                    vals[(q, t)] = sign * exchange_value * vals[(src, t)]
    return vals


#: the terms of order 1/u_0^2 (and the totals, which they dominate when present)
LEADING = ("drude", "edelstein", "total")


def _group(key):
    """Convergence group of a term: its tensor (conventions.TENSOR) and its order in u_0.  A term is
    converged relative to the largest term of its group: rounding noise in one component of a
    tensor (s_x beside an Edelstein s_y) or in a 1/u_0^2 term beside u_0^0 terms (in SI units they
    differ by ~1e20) is not chased relative to its own size."""
    q, t = key
    return TENSOR[q], t in LEADING


def _scale(vals):
    """Typical size of each convergence group (for relative errors)."""
    sc = {}
    for k, v in vals.items():
        sc[_group(k)] = max(sc.get(_group(k), 0.0), abs(v))
    return sc


def evaluate(model, values: dict, rtol: float = 1e-9, n_theta: int | None = None, n_max: int = 2048, n_r: int = 32,
             gauge=None, options: Options | None = None, disorder=None, pairs: bool = False) -> Result:
    """Every term at one point, converged in the number of rays (and radial points).

    Starts at ``n_theta`` rays (16 for an isotropic model, 64 otherwise), doubles until every
    term changes by less than ``rtol`` times the largest term of its group (:func:`_group`: same
    tensor, same order in u_0), or n_max is
    reached.  The error estimate of each term is its last change.  The numeric path implements
    the default options only (Fermi-shell skew prescription, Eq. 38 summed over the outgoing
    band); any other value of ``options`` is refused.  ``disorder``: Gaussian white noise that may
    couple to the spin (semisym.model.disorder: a Disorder, a preset name or text; scalar by
    default), its parameters in ``values``.

    ``pairs``: add skew scattering on pairs of impurities (:mod:`semisym.numeric.pairs`, isotropic
    models with scalar disorder): the term ``skew_pairs`` of sigma_yx, s_x, s_y (and the torque) and,
    for the Hall-like ones, ``total_full`` = total + skew_pairs, the leading order beyond the
    non-crossing approximation.  Its error adds the pair kernel's estimate (loop nodes halved, angle
    quadrature) to the change with the number of rays."""
    from semisym.model.form import is_isotropic
    from semisym.model.disorder import make
    disorder = make(disorder)
    disorder.values(values)
    Options.make(options).require_defaults("the numeric path")
    values = model.check_values(values)
    ham = Hamiltonian(model, values)
    if pairs:
        if not is_isotropic(model.hamiltonian):
            raise ModelError(f"skew scattering on pairs (pairs=True) is computed for isotropic models only; "
                             f"{model.name} is not isotropic")
        if not disorder.scalar:
            raise ModelError("skew scattering on pairs (pairs=True) is computed for scalar disorder only, "
                             f"not for '{disorder.name}'")
    pairs = {} if pairs else None
    if n_theta is None:
        n_theta = 16 if is_isotropic(model.hamiltonian) else 64
    prev, shell = evaluate_once(model, values, n_theta, n_r, gauge, ham, rtol, disorder, pairs)
    history = []
    while True:
        n2, r2 = 2 * n_theta, n_r + 16
        cur, shell = evaluate_once(model, values, n2, r2, gauge, ham, rtol, disorder, pairs)
        sc = _scale(cur)
        errs = {k: abs(cur[k] - prev[k]) for k in cur}
        for q in ("s_x", "s_y"):
            for t in ("intrinsic", "total"):
                errs[(q, t)] += shell.tail_error
        if model.exchange:
            # the torque is J times a spin density: so is its error (tail error included)
            J = abs(float(values[model.exchange]))
            for q, (src, _) in TORQUE.items():
                for t in TERMS[q]:
                    errs[(q, t)] = J * errs[(src, t)]
        worst = max((errs[k] / sc[_group(k)] for k in cur if sc[_group(k)] > 0), default=0.0)
        history.append((n2, worst))
        n_theta, n_r, prev = n2, r2, cur
        if worst < rtol or n_theta >= n_max:
            break
    if pairs is not None:
        # the pair kernel's own error (not part of the convergence in rays: it is the loop's)
        J = abs(float(values[model.exchange])) if model.exchange else None
        for (q, t), e in pairs["errors"].items():
            errs[(q, t)] += e
            if (q, TOTAL_FULL) in errs:
                errs[(q, TOTAL_FULL)] += e
            for tq, (src, _) in TORQUE.items():
                if J is not None and src == q:
                    errs[(tq, t)] = J * errs[(q, t)]
                    if (tq, TOTAL_FULL) in errs:
                        errs[(tq, TOTAL_FULL)] = J * errs[(q, TOTAL_FULL)]
    info = [dict(band="+-"[C.band], radius_min=float(C.r.min()), radius_max=float(C.r.max()),
                 velocity_sign=C.sign) for C in shell.contours]
    extra = {} if disorder.scalar else {"disorder": disorder.describe(values)}
    if pairs is not None:
        extra["pairs"] = ("skew_pairs: skew scattering on pairs of impurities (the crossed X and Psi diagrams' "
                          "antisymmetric rate in the Boltzmann equation); total_full = total + skew_pairs, for the "
                          "Hall-like quantities")
    res = to_result(model, values, cur, errs, dict(rays=n_theta, radial_points=n_r, contours=info, history=history,
                                                   **extra))
    if pairs is not None:
        res.approximation = APPROXIMATION_CROSSED
    return res


def to_result(model, values, vals, errs, info, method="numeric path"):
    """The one result type (semisym.result.Result) from {(quantity, term): value} and errors."""
    paper = bool(model.paper_symbols)
    entries = {k: Entry(k[0], k[1], float(v), float(errs[k]), equation(k, paper), method) for k, v in vals.items()}
    return Result(model.name, model.text, method, entries, inputs=dict(values), info=info)
