"""Sweeps: every term along a grid of one or two parameters.

Two routes, chosen per point:

- closed forms (isotropic model, T = 0, one derivation per Fermi-level structure): the grid is
  split by its Fermi-circle structure (found by a vectorized scan of the band energies),
  ``derive`` runs once per structure, and each term's closed form is evaluated on NumPy arrays;
- the numeric path (:mod:`semisym.contour`, :mod:`semisym.thermal`: anisotropic models, T > 0,
  structures without closed forms): one evaluation per point, run in parallel on dask
  (local processes by default, or an existing dask.distributed cluster given by its address),
  with a progress bar on stderr.  These points carry an error estimate.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from semisym.errors import ModelError, ParameterError
from semisym.extras import need
from semisym.files import atomic_path
from semisym.progress import bar
from semisym.model.scales import model_momentum_range
from semisym.conventions import QUANTITIES, Options, term_order


#: the largest grid a sweep takes (per axis and in all): the closed forms of 31 terms with their
#: errors on 2e6 points take ~1 GB
MAX_POINTS = 2_000_000


def parse_range(name, text):
    """'a:b:n' -> n evenly spaced values from a to b; a plain number -> that number."""
    parts = str(text).split(":")
    try:
        if len(parts) == 1:
            return float(parts[0])
        if len(parts) != 3:
            raise ValueError
        a, b, n = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise ParameterError(f"parameter {name}: give a number or START:STOP:COUNT, got '{text}'") from None
    if n < 1 or not all(map(math.isfinite, (a, b))):
        raise ParameterError(f"parameter {name}: the range {text} has no points")
    if n > MAX_POINTS:
        raise ParameterError(f"parameter {name}: {n} points is more than a sweep takes ({MAX_POINTS} at most)")
    return np.linspace(a, b, n)


@dataclass
class SweepResult:
    """Every term on the grid: ``axes`` (name -> 1D values), ``columns`` ((quantity, term) ->
    array of the grid's shape), ``errors`` (same keys; NaN where a closed form was used),
    ``route`` (array of 'closed' / 'numeric'), ``structure`` (an integer label of the Fermi-circle
    structure at each point, equal labels = same circles; None for an anisotropic model): a figure
    draws no line across a change of it (a band edge)."""

    model: str
    axes: dict
    fixed: dict
    columns: dict
    errors: dict
    route: np.ndarray
    notes: list = field(default_factory=list)
    structure: np.ndarray | None = None

    def to_result(self, model=None):
        """The one result type: each entry's value and error are nested lists over the grid (errors
        0 where a closed form was used); ``info`` holds the axes and the route of every point."""
        from semisym.conventions import equation
        from semisym.result import Entry, Result
        paper = bool(getattr(model, "paper_symbols", None))
        entries = {k: Entry(k[0], k[1], v.tolist(), np.nan_to_num(self.errors[k], nan=0.0).tolist(),
                            equation(k, paper), "closed form" if np.all(self.route == "closed") else "numeric path")
                   for k, v in self.columns.items()}
        method = "closed form" if np.all(self.route == "closed") else "numeric path"
        info = {"axes": {n: a.tolist() for n, a in self.axes.items()}, "route": self.route.tolist(), "notes": self.notes}
        params = model.parameter_names() if model is not None else []
        return Result(self.model, getattr(model, "text", ""), method, entries, inputs=dict(self.fixed), info=info,
                      parameters=params)

    def to_dataset(self):
        """An xarray.Dataset: dimensions = the swept parameters, one variable per (quantity, term)
        named "quantity:term" and its error "quantity:term:error", attributes = the model and the
        fixed values (needs the ``data`` extra)."""
        xr = need("xarray", "SweepResult.to_dataset()")
        dims = list(self.axes)
        data = {}
        for (q, t), v in sorted(self.columns.items(), key=lambda kv: term_order(kv[0])):
            data[f"{q}:{t}"] = (dims, v, {"quantity": q, "term": t})
            data[f"{q}:{t}:error"] = (dims, self.errors[(q, t)], {"quantity": q, "term": t})
        data["route"] = (dims, self.route.astype(str))
        return xr.Dataset(data, coords={n: a for n, a in self.axes.items()},
                          attrs={"model": self.model, **{f"fixed_{k}": v for k, v in self.fixed.items()}})

    def to_csv(self, path):
        """Every term and its error, one row per grid point; written atomically (an interrupt leaves
        the old file or the whole new one)."""
        names = list(self.axes)
        grids = np.meshgrid(*self.axes.values(), indexing="ij")
        keys = sorted(self.columns, key=lambda k: (QUANTITIES.index(k[0]), k[1]))
        header = names + [f"{q}:{t}" for q, t in keys] + [f"{q}:{t}:error" for q, t in keys] + ["route"]
        with atomic_path(path) as tmp, open(tmp, "w") as f:
            f.write(",".join(header) + "\n")
            for idx in np.ndindex(*grids[0].shape):
                row = [repr(float(g[idx])) for g in grids]
                row += [repr(float(self.columns[k][idx])) for k in keys]
                row += ["" if np.isnan(self.errors[k][idx]) else f"{self.errors[k][idx]:.2e}" for k in keys]
                row.append(str(self.route[idx]))
                f.write(",".join(row) + "\n")


# ------------------------------------------------------------------ Fermi-level structure, vectorized

#: points per array pass (memory flat in the size of the grid)
CHUNK = 1 << 15


def structures(model, points):
    """An integer label per point for its Fermi-circle structure (band and velocity sign of each
    circle, by radius) and the sign of eps_F; isotropic models only (None otherwise).  Points with
    the same label share one derivation."""
    from semisym.model.form import K, isotropic_form
    from semisym.model.hamiltonian import HBAR
    try:
        form = isotropic_form(model.hamiltonian)
    except ModelError:
        return None
    syms = [model.parameters[n] for n in sorted(model.parameters)]
    args = [points[n] for n in sorted(model.parameters)]
    if HBAR not in syms:
        syms.append(HBAR)
        args.append(points["hbar"])
    eF = points["epsilon_F"]
    n = len(eF)
    # the momentum range of the model's own scales, over a sample of the grid's points (first, last
    # and evenly spaced between), 100 points a decade
    lo, hi = np.inf, 0.0
    for i in sorted(set(np.linspace(0, n - 1, min(n, 17)).astype(int))):
        a, b = model_momentum_range(model, {k: float(v[i]) for k, v in points.items()})
        lo, hi = min(lo, a), max(hi, b)
    ks = np.concatenate([[0.0], np.geomspace(lo, hi, int(100 * np.log10(hi / lo)) + 1)])
    f = {m: sp.lambdify([K] + syms, sp.re(form.energy[m]), "numpy") for m in (0, 1)}
    labels = np.empty(n, dtype=np.int64)
    # the bands depend on the model's parameters only: one band structure per distinct parameter
    # set, and on it the label is constant between the band extrema (the Fermi level's break points)
    params = np.stack([np.broadcast_to(np.asarray(a, float), (n,)) for a in args], 1) if args else np.zeros((n, 0))
    if np.all(params == params[:1]):               # a sweep of eps_F (or e, u_0): one band structure
        sets, which = params[:1], np.zeros(n, dtype=int)
    else:
        sets, which = np.unique(params, axis=0, return_inverse=True)
        which = which.ravel()
    for j, row in enumerate(sets):
        at = np.nonzero(which == j)[0]
        bands = np.array([np.broadcast_to(np.asarray(f[m](ks, *row), float), ks.shape) for m in (0, 1)])
        breaks = np.unique(np.concatenate([b[np.r_[True, np.diff(np.sign(np.diff(b))) != 0, True]] for b in bands]))
        slot = np.searchsorted(breaks, eF[at])
        exact = (slot < len(breaks)) & (breaks[np.minimum(slot, len(breaks) - 1)] == eF[at])
        # below the lowest and above the highest band value on the grid there is no circle (code 0);
        # between two break points, the code of their midpoint
        per_slot = np.concatenate([[0], _crossing_codes(bands, 0.5 * (breaks[:-1] + breaks[1:])), [0]])
        code = per_slot[slot]
        code[exact] = _crossing_codes(bands, eF[at][exact])
        labels[at] = 3 * code + 1 + np.sign(eF[at]).astype(np.int64)
    return labels


def _crossing_codes(bands, levels):
    """Base-5 code of the Fermi circles at each level: by radius, 1..4 for (band, velocity sign)."""
    rows_all, cols_all, digit_all = [], [], []
    for m in (0, 1):
        e = bands[m][None, :] - np.asarray(levels, float)[:, None]
        rows, cols = np.nonzero(e[:, :-1] * e[:, 1:] < 0)
        rows_all.append(rows)
        cols_all.append(cols)
        digit_all.append(1 + 2 * m + (e[rows, cols + 1] > e[rows, cols]))
    rows, cols, digit = (np.concatenate(x) for x in (rows_all, cols_all, digit_all))
    order = np.lexsort((cols, rows))                # by level, then by radius
    rows, digit = rows[order], digit[order]
    pos = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    code = np.zeros(len(levels), dtype=np.int64)
    np.add.at(code, rows, digit.astype(np.int64) * 5 ** pos)
    return code


# ------------------------------------------------------------------ the two routes

def _closed_values(d, points, idx):
    """Every term's closed form on the points idx (arrays); None if the derivation has none.

    All terms are compiled into one NumPy function with their common subexpressions shared
    (lambdify with cse) and evaluated CHUNK points at a time into preallocated columns; parameters
    constant over a chunk enter as numbers."""
    if d.numeric or not all(t.closed_form for t in d.terms):
        return None
    exprs = [t.expr for t in d.terms]
    syms = sorted(set().union(*(e.free_symbols for e in exprs)), key=lambda s: s.name)
    missing = [s.name for s in syms if s.name not in points]
    if missing:
        raise ParameterError(f"missing parameter value(s): {', '.join(missing)}")
    fn = sp.lambdify(syms, exprs, "numpy", cse=True)
    out = {(t.quantity, t.name): np.empty(len(idx)) for t in d.terms}
    cols = list(out.values())
    for start in range(0, len(idx), CHUNK):
        sl = idx[start:start + CHUNK]
        # a parameter constant over the chunk goes in as a number: its subexpressions are then
        # computed once, not once per point
        args = [points[s.name][sl] for s in syms]
        args = [a[0] if len(a) and np.all(a == a[0]) else a for a in args]
        with np.errstate(all="ignore"):
            vals = fn(*args)
        for col, v in zip(cols, vals):
            col[start:start + len(sl)] = np.real(np.broadcast_to(v, sl.shape))
    return out


def numeric_point(model, values, disorder=None, pairs=False):
    """Every term at one point by the numeric path (T = 0 or T > 0): (values, errors); ``pairs``: with
    skew scattering on pairs (:func:`semisym.numeric.contour.evaluate`)."""
    import semisym.numeric.thermal as thermal
    r = thermal.evaluate(model, values, disorder=disorder, pairs=pairs)
    return r.values, r.errors


def _numeric_chunk(model, chunk, disorder=None, pairs=False):
    return [numeric_point(model, v, disorder, pairs) for v in chunk]


def _reach(address):
    """Fail at once, in one line, if no dask scheduler answers at ``address`` (before any work, and
    also when every point of the sweep would take the closed forms)."""
    _connect(address).close()


def _connect(address):
    """A dask Client of the scheduler at ``address``, or a one-line error within 5 seconds."""
    need("dask.distributed", "a sweep on a dask scheduler")
    from dask.distributed import Client
    try:
        return Client(address, timeout="5s")
    except (OSError, TimeoutError) as exc:
        raise ParameterError(f"no dask scheduler answers at {address} ({type(exc).__name__})") from None


def _run_numeric(model, vals, scheduler, progress, disorder=None, pairs=False):
    """The numeric path on a list of value dicts, on dask (or serially with scheduler='serial')."""
    with bar("skew scattering on pairs" if pairs else "numeric path", quiet=not progress, total=len(vals),
             unit="point") as pb:
        return _run_numeric_points(model, vals, scheduler, pb, disorder, pairs)


def _run_numeric_points(model, vals, scheduler, pb, disorder=None, pairs=False):
    if scheduler == "serial" or len(vals) == 1:
        out = []
        for v in vals:
            out.append(numeric_point(model, v, disorder, pairs))
            pb.update(1)
        return out
    need("dask.distributed", "a numeric sweep on dask (or --scheduler serial)")
    from dask.distributed import Client, LocalCluster, as_completed
    if scheduler in (None, "processes"):
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        cluster, client = None, _connect(scheduler)
    try:
        size = max(1, len(vals) // (8 * max(1, len(client.scheduler_info()["workers"]))))
        chunks = [vals[i:i + size] for i in range(0, len(vals), size)]
        futs = {client.submit(_numeric_chunk, model, c, disorder, pairs, pure=False): i for i, c in enumerate(chunks)}
        res = [None] * len(chunks)
        for fut in as_completed(futs):
            res[futs[fut]] = fut.result()
            pb.update(len(res[futs[fut]]))
        return [x for r in res for x in r]
    except KeyboardInterrupt:
        # the workers are shut down below; what dask would log about it is not the user's business
        import logging
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _add_pairs(model, points, columns, errors, scheduler, progress, disorder):
    """Columns skew_pairs (numeric path at every point) and total_full = total + skew_pairs where the
    numeric path finds the quantity Hall-like (NaN elsewhere)."""
    npts = len(next(iter(points.values())))
    vals = [{n: float(points[n][i]) for n in points} for i in range(npts)]
    res = _run_numeric(model, vals, scheduler, progress, disorder, pairs=True)
    for i, (v, e) in enumerate(res):
        for (q, t), x in v.items():
            if t == "skew_pairs":
                columns.setdefault((q, t), np.full(npts, np.nan))[i] = x
                errors.setdefault((q, t), np.full(npts, np.nan))[i] = e[(q, t)]
            elif t == "total_full":
                columns.setdefault((q, t), np.full(npts, np.nan))[i] = columns[(q, "total")][i] + v[(q, "skew_pairs")]
                err = np.nan_to_num(errors[(q, "total")][i]) + e[(q, "skew_pairs")]
                errors.setdefault((q, t), np.full(npts, np.nan))[i] = err


def sweep(model, fixed: dict, swept: dict, numeric: bool = False, scheduler: str | None = None,
          progress: bool = True, options: Options | None = None, disorder=None, pairs: bool = False) -> SweepResult:
    """Every term on the grid of ``swept`` ({name: 1D array}, one or two names) at ``fixed``.

    ``numeric=True`` forces the numeric path everywhere; ``scheduler`` is None (local dask
    processes), 'serial', or the address of a dask.distributed scheduler.  ``options``
    (conventions.Options) go to every derivation; the numeric path implements the defaults only,
    so a sweep with other options refuses points that need it before any work is done.
    ``disorder``: semisym.model.disorder (scalar by default); its parameters (and u_1) are parameters
    of the sweep like the model's.  ``pairs``: add skew scattering on pairs of impurities at every
    point (``skew_pairs`` from the numeric path, :mod:`semisym.numeric.pairs`, and ``total_full`` =
    total + skew_pairs for the Hall-like quantities; isotropic models, scalar disorder, T = 0)."""
    from semisym.model.disorder import make
    disorder = make(disorder)
    extra = set(disorder.parameters) | ({"u_1"} if disorder.third else set())
    options = Options.make(options)
    if scheduler not in (None, "serial", "processes"):
        _reach(scheduler)
    from semisym.symbolic.derivation import derive
    if not 1 <= len(swept) <= 2:
        raise ParameterError("sweep one or two parameters (NAME=START:STOP:COUNT)")
    known = set(model.parameters) | {"epsilon_F", "e", "u_0", "hbar", "T", "k_B"} | extra
    unknown = sorted((set(fixed) | set(swept)) - known)
    if unknown:
        raise ParameterError(f"unknown parameter(s): {', '.join(unknown)} (model parameters: "
                             f"{', '.join(sorted(model.parameters))}, epsilon_F, e, u_0, hbar, T, k_B)")
    required = set(model.parameters) | {"epsilon_F", "e", "u_0", "hbar"} | extra
    missing = sorted(required - set(fixed) - set(swept))
    if missing:
        raise ParameterError(f"missing parameter value(s): {', '.join(missing)}")
    axes = {n: np.asarray(v, float) for n, v in swept.items()}
    size = math.prod(len(a) for a in axes.values())
    if size > MAX_POINTS:
        raise ParameterError(f"the grid has {size} points, more than a sweep takes ({MAX_POINTS} at most)")
    grids = np.meshgrid(*axes.values(), indexing="ij")
    shape = grids[0].shape
    points = {n: np.full(grids[0].size, float(v)) for n, v in fixed.items()}
    for n, g in zip(axes, grids):
        points[n] = g.ravel()
    for n in sorted(set(model.positive) | {"u_0", "e"}):
        if n in points and not np.all(points[n] > 0):
            raise ParameterError(f"{n} must be positive (got {points[n][~(points[n] > 0)][0]:g})")
    for n, v in points.items():
        if not np.all(np.isfinite(v)):
            raise ParameterError(f"parameter {n} has a non-finite value")
    npts = grids[0].size
    if pairs:
        from semisym.model.form import is_isotropic
        if not is_isotropic(model.hamiltonian) or not disorder.scalar:
            raise ParameterError("skew scattering on pairs (--pairs) is computed for isotropic models with scalar "
                                 "disorder only")
        if np.any(points.get("T", np.zeros(npts)) > 0):
            raise ParameterError("skew scattering on pairs (--pairs) is computed at T = 0 only")
    columns, errors = {}, {}
    route = np.full(npts, "numeric", dtype=object)
    T = points.get("T", np.zeros(npts))
    numeric = numeric or not disorder.rotation_invariant()       # no closed forms for such disorder
    labels = None if numeric else structures(model, points)
    todo = np.arange(npts) if labels is None else np.nonzero(T > 0)[0]
    notes = []
    if labels is not None:
        cold = np.nonzero(T <= 0)[0]
        keys, inverse = np.unique(labels[cold], return_inverse=True)
        rest = []
        for g in range(len(keys)):
            idx = cold[inverse.ravel() == g]
            # derive at the middle of the group: its first point can sit at a band edge (a Fermi
            # radius ~ 0), where derive() falls back to numeric mode
            mid = idx[len(idx) // 2]
            sample = {n: float(points[n][mid]) for n in points if n not in ("T", "k_B")}
            d = derive(model, values=sample, options=options, disorder=disorder)
            vals = _closed_values(d, points, idx)
            if vals is None:
                rest.extend(idx)
                continue
            for k, v in vals.items():
                columns.setdefault(k, np.full(npts, np.nan))[idx] = v
                errors.setdefault(k, np.full(npts, np.nan))
            route[idx] = "closed"
            notes.append(f"{len(idx)} point(s): closed forms of one derivation ({d.describe_regime()})")
        todo = np.sort(np.concatenate([todo, np.array(rest, dtype=int)])).astype(int)
    if len(todo):
        options.require_defaults(f"the numeric path (needed for {len(todo)} point(s) of this sweep)")
        vals = [{n: float(points[n][i]) for n in points} for i in todo]
        res = _run_numeric(model, vals, scheduler, progress, disorder)
        for i, (v, e) in zip(todo, res):
            for k in v:
                columns.setdefault(k, np.full(npts, np.nan))[i] = v[k]
                errors.setdefault(k, np.full(npts, np.nan))[i] = e[k]
        notes.append(f"{len(todo)} point(s): numeric path")
    if pairs:
        _add_pairs(model, points, columns, errors, scheduler, progress, disorder)
        notes.append(f"{npts} point(s): skew scattering on pairs of impurities by the numeric path")
    columns = {k: v.reshape(shape) for k, v in columns.items()}
    errors = {k: v.reshape(shape) for k, v in errors.items()}
    return SweepResult(model.name, axes, dict(fixed), columns, errors, route.reshape(shape), notes,
                       None if labels is None else (labels // 3).reshape(shape))   # the circles, not sign(eps_F)
