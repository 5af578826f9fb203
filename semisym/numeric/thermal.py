"""Finite temperature: Fermi-Dirac smearing of every term.

Every collision kernel of the chain conserves energy (the delta functions of Eqs. 28, 33, 38
and of the skew term), so at temperature T each Fermi-surface density is -df/deps times the
zero-temperature solution at the energy eps, and each Fermi-sea term is an integral of the
Fermi function.  Both give, for every term X,

    X(mu, T) = int dE (-df/dE)(E - mu) X_0(E),   -df/dE = 1 / (4 k_B T cosh^2((E - mu) / (2 k_B T))),

with X_0(E) the zero-temperature term at eps_F = E (:func:`semisym.contour.evaluate_once`).
The E integral is done in u = tanh((E - mu)/(2 k_B T)), where the weight is flat, by tanh-sinh
quadrature on each piece between band edges, where X_0 has kinks and steps;
its error is estimated by repeating it with twice the step (every other point).

Parameters: ``T`` and ``k_B`` (k_B T in the energy unit of the model, e.g. k_B = 8.617333e-5
for energies in eV and T in kelvin); ``epsilon_F`` plays the role of the chemical potential mu.
"""

from __future__ import annotations

import math

import numpy as np

import semisym.numeric.contour as contour
from semisym.conventions import Options
from semisym.errors import ParameterError
from semisym.progress import expect, step as progress_step
from semisym.result import Result


def band_edges(ham, n_rays=8, energy=0.0):
    """Energies where the Fermi contours change: the band energies at k = 0 and the extrema of
    each band along a few rays (their range over the rays for an anisotropic band), searched over
    the model's own momentum range at the energy scale ``energy``."""
    edges = list(ham.energies(np.array([0.0]), np.array([0.0]))[0])
    ks = ham.k_grid(energy, per_decade=300)[1:]
    for j in range(n_rays):
        t = 2 * np.pi * j / n_rays
        e = ham.energies(ks * np.cos(t), ks * np.sin(t))
        for m in (0, 1):
            de = np.diff(e[:, m])
            for i in np.nonzero(de[:-1] * de[1:] < 0)[0]:
                edges.append(float(e[i + 1, m]))
    edges = np.sort(np.array(edges, dtype=float))
    scale = max(np.max(np.abs(edges)), ham.energy_scale, abs(energy))
    keep = np.concatenate([[True], np.diff(edges) > 1e-12 * scale])       # the same edge found twice
    return edges[keep]


def _nodes(mu, kT, edges, h):
    """Energies and weights (-df/dE included) for the thermal average.

    In u = tanh((E - mu)/(2 k_B T)) the weight is flat, (-df/dE) dE = du/2; each piece of [-1, 1]
    between band edges gets a tanh-sinh rule of step h (exponentially convergent for a term that
    is analytic inside the piece, whatever its kinks or steps at the edges and its growth at
    |E| -> oo).  Points closer than 1e-12 (in the piece's own coordinate) to an edge are left out."""
    cuts = [-1.0] + sorted(np.tanh((x - mu) / (2 * kT)) for x in edges if abs(x - mu) < 40 * kT) + [1.0]
    t = h * np.arange(-int(4.0 / h), int(4.0 / h) + 1)
    y = np.tanh(0.5 * np.pi * np.sinh(t))
    wy = h * 0.5 * np.pi * np.cosh(t) / np.cosh(0.5 * np.pi * np.sinh(t)) ** 2
    keep = np.abs(y) < 1 - 1e-12
    y, wy = y[keep], wy[keep]
    E, W = [], []
    for a, b in zip(cuts[:-1], cuts[1:]):
        u = 0.5 * (b + a) + 0.5 * (b - a) * y
        ok = np.abs(u) < 1
        E.append(mu + 2 * kT * np.arctanh(u[ok]))
        W.append(0.25 * (b - a) * wy[ok])
    return np.concatenate(E), np.concatenate(W)


def evaluate(model, values: dict, n_theta: int | None = None, step: float = 1 / 8, progress=None,
             options: Options | None = None, disorder=None, pairs: bool = False) -> Result:
    """Every term at temperature T (``values['T']``, ``values['k_B']``), with error estimates.

    ``n_theta`` rays for each zero-temperature evaluation (default: the number the
    zero-temperature evaluation at mu converges with); ``step`` of the tanh-sinh rule in energy
    (the error estimate compares with twice the step, whose points are a subset).  ``progress``: a
    bar of :mod:`semisym.progress` (a step per energy).  ``options``:
    the numeric path implements the defaults only (:func:`semisym.numeric.contour.evaluate`).
    ``pairs``: skew scattering on pairs of impurities (T = 0 only; :func:`semisym.numeric.contour.evaluate`)."""
    Options.make(options).require_defaults("the numeric path")
    values = model.check_values(values)
    T = float(values.get("T", 0.0))
    if T < 0:
        raise ParameterError("the temperature T must be non-negative")
    if T == 0:
        return contour.evaluate(model, values, n_theta=n_theta, options=options, disorder=disorder, pairs=pairs)
    if pairs:
        raise ParameterError("skew scattering on pairs (pairs) is computed at T = 0 only: set T=0")
    ham = contour.Hamiltonian(model, values)          # names any missing model parameter first
    missing = [n for n in ("epsilon_F", "e", "u_0") if n not in values]
    if missing:
        raise ParameterError(f"missing parameter value(s): {', '.join(missing)}")
    if "k_B" not in values:
        raise ParameterError("T > 0 needs k_B (k_B T in the model's energy unit; e.g. k_B=8.617333e-5 for eV and K)")
    kT = T * float(values["k_B"])
    if not math.isfinite(abs(float(values["epsilon_F"])) + 40 * kT):
        raise ParameterError(f"k_B T = {kT:g} overflows the energy range of the thermal average: rescale the units")
    if kT <= 0:
        raise ParameterError("k_B must be positive")
    mu = float(values["epsilon_F"])
    from semisym.model.disorder import make
    disorder = make(disorder)
    zero = contour.evaluate(model, values, n_theta=n_theta, disorder=disorder)
    nt, n_radial = zero.info["rays"], zero.info["radial_points"]
    edges = band_edges(ham, energy=abs(mu) + 40 * kT)
    cache = {}

    def X0(E):
        if E not in cache:
            v = dict(values, epsilon_F=float(E))
            cache[E] = contour.evaluate_once(model, v, nt, n_radial, ham=ham, disorder=disorder)[0]
        return cache[E]

    results = []
    # the finer rule's nodes include the coarser rule's: one progress step per distinct energy
    expect(progress, len(_nodes(mu, kT, edges, step)[0]))
    for h in (2 * step, step):
        E, W = _nodes(mu, kT, edges, h)
        acc = {}
        for e, w in zip(E, W):
            new = e not in cache
            x = X0(e)
            if new:
                progress_step(progress)
            for k, v in x.items():
                acc[k] = acc.get(k, 0.0) + w * v
        results.append(acc)
    coarse, fine = results
    errs = {k: abs(fine[k] - coarse[k]) + zero.errors.get(k, 0.0) for k in fine}
    info = dict(zero.info, energy_points=len(cache))
    return contour.to_result(model, values, fine, errs, info, method="numeric path, T > 0")
