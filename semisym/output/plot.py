"""Figures of the terms against a swept parameter (matplotlib).

The functions build a :class:`matplotlib.figure.Figure` (or draw into the Axes they are given) and
return the Figure: they never select a backend or touch pyplot's state, so a notebook's inline
backend stays as it is and a returned Figure displays once.  A file is written only when a path is
given (atomically)."""

from __future__ import annotations

import textwrap

import numpy as np

from semisym.conventions import SIGMA_TERMS, SPIN_TERMS
from semisym.extras import need
from semisym.files import atomic_path

TERM_LABEL = {"intrinsic": "intrinsic", "extrinsic": "extrinsic velocity", "side_jump": "side jump",
              "skew": "skew scattering", "skew_3": "third-order skew", "total": "total", "edelstein": "Edelstein",
              "drude": "Drude", "skew_pairs": "skew on pairs (crossed)", "total_full": "total with pairs"}
QUANTITY_LABEL = {"sigma_yx": r"$\sigma_{yx}$", "sigma_xx": r"$\sigma_{xx}$",
                  "s_x": r"$\langle s_x\rangle / E_x$", "s_y": r"$\langle s_y\rangle / E_x$",
                  "torque_x": r"$T_x / E_x$", "torque_y": r"$T_y / E_x$"}
AXIS_LABEL = {"epsilon_F": r"$\varepsilon_F$", "M": r"$M$", "Delta": r"$\Delta$", "lam": r"$\lambda$",
              "T": r"$T$", "u_0": r"$u_0$", "v_F": r"$v_F$", "alpha": r"$\alpha$"}

#: line styles that keep equal terms visible (for the TI surface extrinsic velocity = side jump)
STYLE = {"intrinsic": "-", "extrinsic": ":", "side_jump": "--", "skew": "-.", "skew_3": (0, (1, 1, 4, 1)),
         "total": "-", "edelstein": "-", "drude": "-", "skew_pairs": (0, (5, 1, 1, 1, 1, 1)), "total_full": "-"}

#: the panels of a one-parameter sweep, in order, with the terms each may show
_S3 = SIGMA_TERMS[:-1] + ("skew_3", "skew_pairs", "total", "total_full")
_P3 = SPIN_TERMS[:-1] + ("skew_3", "skew_pairs", "total", "total_full")
PANELS = (("sigma_yx", _S3), ("sigma_xx", ("drude",)), ("s_x", _P3), ("s_y", _P3), ("torque_x", _P3), ("torque_y", _P3))


def axis_label(name):
    return AXIS_LABEL.get(name, name)


def default_units(fixed):
    """Value-axis units from the inputs: e^2/hbar for conductivities in natural units (e = hbar = 1),
    S (siemens) with SI inputs (hbar ~ 1.05e-34), otherwise none (the units of the inputs)."""
    hbar, e = fixed.get("hbar"), fixed.get("e")
    if hbar == 1 and e == 1:
        return {"sigma_yx": r"$e^2/\hbar$", "sigma_xx": r"$e^2/\hbar$"}
    if hbar is not None and abs(hbar / 1.054571817e-34 - 1) < 1e-6:
        return {"sigma_yx": "S", "sigma_xx": "S", "s_x": r"m$^{-1}$ V$^{-1}$", "s_y": r"m$^{-1}$ V$^{-1}$",
                "torque_x": r"J m$^{-1}$ V$^{-1}$", "torque_y": r"J m$^{-1}$ V$^{-1}$"}
    return {}


def _panels(columns):
    out = []
    for q, names in PANELS:
        present = [(q, t) for t in names if (q, t) in columns]
        big = max((np.nanmax(np.abs(columns[k])) for k in present), default=0.0)
        # leave out terms that vanish (to rounding or quadrature error) on the whole range
        keys = [k for k in present if np.nanmax(np.abs(columns[k])) > 1e-8 * big]
        if keys:
            out.append((q, keys))
    return out


def _broken(x, y, structure):
    """x, y with a NaN inserted wherever the Fermi-circle structure changes: no line across it."""
    if structure is None or len(x) < 2:
        return x, y
    cut = np.nonzero(structure[1:] != structure[:-1])[0] + 1
    return np.insert(np.asarray(x, float), cut, np.nan), np.insert(np.asarray(y, float), cut, np.nan)


def _new_figure(size):
    need("matplotlib", "a figure")
    from matplotlib.figure import Figure
    return Figure(figsize=size, layout="constrained")


def plot_sweep(result, path=None, *, axes=None, units=None, title=None, xscale=1.0, xlabel=None):
    """Every non-zero term of a :class:`semisym.sweep.SweepResult`; returns the Figure.

    One swept parameter: a panel per quantity (sigma_yx, sigma_xx, <s_x>, <s_y> and the torque when
    the model has an exchange parameter), a line per term, error bars where the numeric path gave
    the value, and no line across a change of the Fermi-circle structure (a band edge).  Two swept
    parameters: colour maps of the totals of sigma_yx and <s_x> (a diverging map centred on zero for
    a quantity that changes sign, a sequential one otherwise).

    ``axes``: Axes to draw into (one per panel, in the order above), else a new Figure; ``path``:
    also write the figure there (PNG, PDF or SVG); ``units``: {quantity: unit label} (default
    :func:`default_units`); ``xscale``/``xlabel`` rescale and relabel the x axis (e.g. M/eps_F)."""
    units = default_units(result.fixed) if units is None else units
    names = list(result.axes)
    fig = _draw_lines(result, axes, units, xscale, xlabel) if len(names) == 1 else _draw_maps(result, axes, units)
    fixed = ", ".join(f"{n} = {v:g}" for n, v in result.fixed.items())
    if axes is None:
        fig.suptitle("\n".join(textwrap.wrap(title or f"{result.model}: {fixed}", 90)), fontsize=9)
    if path is not None:
        ext = str(path).rsplit(".", 1)[-1].lower()
        meta = {"png": {"Software": None}, "pdf": {"CreationDate": None, "Producer": None},
                "svg": {"Date": None}}.get(ext, {})
        import matplotlib
        # TrueType (Type 42) fonts in PDF and PostScript: Type 3 bitmap-like fonts are refused by journals
        with atomic_path(path) as tmp, matplotlib.rc_context({"pdf.fonttype": 42, "ps.fonttype": 42}):
            fig.savefig(tmp, dpi=150, metadata=meta, format=ext)
    return fig


def _unit(units, q):
    return f" [{units[q]}]" if units.get(q) else ""


def _draw_lines(result, axes, units, xscale, xlabel):
    name = list(result.axes)[0]
    xs = result.axes[name] * xscale
    cols, errs = result.columns, result.errors
    panels = _panels(cols)
    if axes is None:
        fig = _new_figure((7.8, 2.3 * len(panels) + 0.6))
        axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    else:
        axes = list(np.atleast_1d(axes))
        if len(axes) < len(panels):
            raise ValueError(f"plot_sweep needs {len(panels)} Axes for this sweep, got {len(axes)}")
        fig = axes[0].figure
    numeric = np.asarray(result.route) == "numeric"
    for ax, (q, keys) in zip(axes, panels):
        for k in keys:
            # the total wide and pale underneath, so that a term equal to it stays visible
            total = k[1] == "total"
            x, y = _broken(xs, cols[k], result.structure)
            # the total beyond the non-crossing approximation wide and strong, in red
            full = k[1] == "total_full"
            line, = ax.plot(x, y, linestyle=STYLE.get(k[1], "-"),
                            lw=4.0 if total else (2.4 if k[1] == "extrinsic" or full else 1.5),
                            alpha=0.45 if total else 1.0, zorder=1 if total else 2,
                            color="k" if total else ("firebrick" if full else None), label=TERM_LABEL.get(k[1], k[1]))
            e = np.asarray(errs.get(k, np.full(len(xs), np.nan)), float)
            shown = numeric & np.isfinite(e)
            if shown.any():
                ax.errorbar(xs[shown], cols[k][shown], yerr=e[shown], fmt="none", ecolor=line.get_color(),
                            elinewidth=0.8, capsize=0, zorder=3)      # no caps: no tick marks for invisible errors
        ax.axhline(0, color="0.7", lw=0.6)
        ax.set_ylabel(QUANTITY_LABEL[q] + _unit(units, q))
        ax.legend(fontsize=7.5, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))
    axes[len(panels) - 1].set_xlabel(xlabel or axis_label(name))
    return fig


def _draw_maps(result, axes, units):
    from matplotlib.colors import TwoSlopeNorm
    names = list(result.axes)
    X, Y = np.meshgrid(result.axes[names[0]], result.axes[names[1]], indexing="ij")
    keys = [k for k in (("sigma_yx", "total"), ("s_x", "total")) if k in result.columns]
    if axes is None:
        fig = _new_figure((5.4 * len(keys), 4.4))
        axes = fig.subplots(1, len(keys), squeeze=False)[0]
    else:
        axes = list(np.atleast_1d(axes))
        fig = axes[0].figure
    for ax, k in zip(axes, keys):
        z = np.asarray(result.columns[k], float)
        lo, hi = np.nanmin(z), np.nanmax(z)
        if lo < 0 < hi:          # signed: diverging, centred on zero
            m = ax.pcolormesh(X, Y, z, shading="auto", cmap="RdBu_r", norm=TwoSlopeNorm(0.0, lo, hi))
        else:                    # one sign: sequential, running away from zero
            m = ax.pcolormesh(X, Y, z, shading="auto", cmap="viridis" if hi > 0 else "viridis_r")
        fig.colorbar(m, ax=ax, label=QUANTITY_LABEL[k[0]] + " total" + _unit(units, k[0]))
        ax.set_xlabel(axis_label(names[0]))
        ax.set_ylabel(axis_label(names[1]))
    return fig
