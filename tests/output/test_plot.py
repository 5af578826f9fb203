"""Figures: a Figure returned, the backend left alone, no line across a band edge, units on the
axes, torque panels, error bars for numeric-path points, colour maps that fit the sign."""

import matplotlib
import numpy as np
import pytest

from semisym.model import builtin
from semisym.output.plot import plot_sweep
from semisym.sweep import sweep

TI = dict(hbar=1.0, v_F=1.0, M=0.3, e=1.0, u_0=0.1)


@pytest.fixture(scope="module")
def across_the_gap():
    return sweep(builtin("ti-surface"), TI, {"epsilon_F": np.linspace(-1, 1, 41)}, progress=False)


def test_returns_a_figure_and_leaves_the_backend_alone(across_the_gap, tmp_path):
    from matplotlib.figure import Figure
    before = matplotlib.get_backend()
    fig = plot_sweep(across_the_gap)
    assert isinstance(fig, Figure)
    assert matplotlib.get_backend() == before
    assert not list(tmp_path.iterdir())                    # no file unless a path is given
    plot_sweep(across_the_gap, tmp_path / "f.pdf")
    assert (tmp_path / "f.pdf").stat().st_size > 5000


def test_no_line_across_a_band_edge(across_the_gap):
    """eps_F = -1..1 with M = 0.3 crosses two band edges (+-M): each plotted line is broken there,
    and nowhere else."""
    fig = plot_sweep(across_the_gap)
    x = across_the_gap.axes["epsilon_F"]
    edges = np.sum(np.diff(np.sign(np.abs(x) - 0.3)) != 0)
    assert edges == 2
    lines = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_label() and not ln.get_label().startswith("_")]
    assert lines
    for ln in lines:
        y = np.asarray(ln.get_ydata(), float)
        assert np.sum(np.isnan(y)) == edges, ln.get_label()


def test_axes_units_torque_panels_and_outside_legends(across_the_gap):
    fig = plot_sweep(across_the_gap)
    labels = [ax.get_ylabel() for ax in fig.axes]
    assert any(r"\sigma_{yx}" in y and r"e^2/\hbar" in y for y in labels)
    assert any("T_x" in y for y in labels) and any("T_y" in y for y in labels)
    for ax in fig.axes:
        leg = ax.get_legend()
        assert leg is not None and leg.get_bbox_to_anchor().x0 >= ax.get_window_extent().x1 - 1


def test_draws_into_given_axes(across_the_gap):
    from matplotlib.figure import Figure
    mine = Figure()
    axes = mine.subplots(6, 1)
    assert plot_sweep(across_the_gap, axes=axes) is mine


def test_numeric_points_have_error_bars():
    res = sweep(builtin("ti-warped"), dict(TI, lam=0.1), {"epsilon_F": np.array([0.8, 1.0])}, scheduler="serial",
                progress=False)
    fig = plot_sweep(res)
    from matplotlib.collections import LineCollection
    assert any(isinstance(c, LineCollection) for ax in fig.axes for c in ax.collections)


def test_colour_maps_fit_the_sign():
    res = sweep(builtin("ti-surface"), TI, {"epsilon_F": np.linspace(0.5, 1.5, 4), "M": np.linspace(0.1, 0.4, 3)},
                progress=False)
    fig = plot_sweep(res)
    maps = [c for ax in fig.axes for c in ax.collections if hasattr(c, "get_cmap")]
    assert maps and all(m.get_cmap().name == "viridis" for m in maps)     # sigma_yx, s_x > 0 here
    signed = sweep(builtin("ti-surface"), TI, {"epsilon_F": np.linspace(0.5, 1.5, 4), "M": np.linspace(-0.4, 0.4, 3)},
                   progress=False)
    fig = plot_sweep(signed)
    assert any(c.get_cmap().name == "RdBu_r" for ax in fig.axes for c in ax.collections if hasattr(c, "get_cmap"))
