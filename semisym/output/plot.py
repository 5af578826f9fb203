"""Figures of the terms against a swept parameter (matplotlib, non-interactive backend)."""

from __future__ import annotations

import numpy as np

from semisym.extras import need
from semisym.files import atomic_path

from semisym.conventions import SIGMA_TERMS, SPIN_TERMS

TERM_LABEL = {"intrinsic": "intrinsic", "extrinsic": "extrinsic velocity", "side_jump": "side jump",
              "skew": "skew scattering", "total": "total", "edelstein": "Edelstein", "drude": "Drude"}
QUANTITY_LABEL = {"sigma_yx": r"$\sigma_{yx}$", "sigma_xx": r"$\sigma_{xx}$",
                  "s_x": r"$\langle s_x\rangle / E_x$", "s_y": r"$\langle s_y\rangle / E_x$",
                  "torque_x": r"$T_x / E_x$", "torque_y": r"$T_y / E_x$"}
AXIS_LABEL = {"epsilon_F": r"$\varepsilon_F$", "M": r"$M$", "Delta": r"$\Delta$", "lam": r"$\lambda$",
              "T": r"$T$", "u_0": r"$u_0$", "v_F": r"$v_F$", "alpha": r"$\alpha$"}


#: line styles that keep equal terms visible (for the TI surface extrinsic velocity = side jump)
STYLE = {"intrinsic": "-", "extrinsic": ":", "side_jump": "--", "skew": "-.", "total": "-", "edelstein": "-",
         "drude": "-"}


def axis_label(name):
    return AXIS_LABEL.get(name, name)


def _panels(columns):
    out = []
    for q, names in (("sigma_yx", SIGMA_TERMS), ("s_x", SPIN_TERMS), ("s_y", SPIN_TERMS)):
        present = [(q, t) for t in names if (q, t) in columns]
        big = max((np.nanmax(np.abs(columns[k])) for k in present), default=0.0)
        # leave out terms that vanish (to rounding or quadrature error) on the whole range
        keys = [k for k in present if np.nanmax(np.abs(columns[k])) > 1e-8 * big]
        if keys:
            out.append((q, keys))
    if ("sigma_xx", "drude") in columns:
        out.append(("sigma_xx", [("sigma_xx", "drude")]))
    return out


def plot_sweep(result, path, x=None, units="", title=None, xscale=1.0, xlabel=None):
    """Plot every non-zero term of a :class:`semisym.sweep.SweepResult`.

    One swept parameter: a panel per quantity, a line per term.  Two: a colour map of the
    totals of sigma_yx and <s_x>.  ``units`` is appended to the value axes; the x axis can be
    rescaled (``xscale``, ``xlabel``), e.g. to plot against M/eps_F."""
    need("matplotlib", "a figure")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(result.axes)
    cols = result.columns
    if len(names) == 1:
        xs = result.axes[names[0]] * xscale
        panels = _panels(cols)
        fig, axes = plt.subplots(len(panels), 1, figsize=(6.4, 2.6 * len(panels)), sharex=True, squeeze=False)
        for ax, (q, keys) in zip(axes[:, 0], panels):
            for k in keys:
                # the total wide and pale underneath, so that a term equal to it stays visible
                total = k[1] == "total"
                ax.plot(xs, cols[k], STYLE.get(k[1], "-"), lw=4.0 if total else (2.4 if k[1] == "extrinsic" else 1.5),
                        alpha=0.45 if total else 1.0, zorder=1 if total else 2, color="k" if total else None,
                        label=TERM_LABEL.get(k[1], k[1]))
            ax.axhline(0, color="0.7", lw=0.6)
            ax.set_ylabel(QUANTITY_LABEL[q] + (f" [{units}]" if units else ""))
            ax.legend(fontsize=7.5, framealpha=0.85, ncol=3, loc="best")
            ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 3))
        axes[-1, 0].set_xlabel(xlabel or axis_label(names[0]))
    else:
        X, Y = np.meshgrid(result.axes[names[0]], result.axes[names[1]], indexing="ij")
        keys = [k for k in (("sigma_yx", "total"), ("s_x", "total")) if k in cols]
        fig, axes = plt.subplots(1, len(keys), figsize=(5.2 * len(keys), 4.2), squeeze=False)
        for ax, k in zip(axes[0], keys):
            m = ax.pcolormesh(X, Y, cols[k], shading="auto", cmap="RdBu_r")
            fig.colorbar(m, ax=ax, label=QUANTITY_LABEL[k[0]] + " total" + (f" [{units}]" if units else ""))
            ax.set_xlabel(axis_label(names[0]))
            ax.set_ylabel(axis_label(names[1]))
    fixed = ", ".join(f"{n} = {v:g}" for n, v in result.fixed.items())
    import textwrap
    fig.suptitle("\n".join(textwrap.wrap(title or f"{result.model}: {fixed}", 70)), fontsize=9)
    fig.tight_layout()
    ext = str(path).rsplit(".", 1)[-1].lower()
    meta = {"png": {"Software": None}, "pdf": {"CreationDate": None, "Producer": None},
            "svg": {"Date": None}}.get(ext, {})
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=150, metadata=meta)
    plt.close(fig)
    return path
