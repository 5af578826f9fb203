"""Sweeps: the closed-form route against term-by-term evaluation, the numeric route on a dask
LocalCluster against the numeric path point by point, CSV and plot files, bad input."""

import csv

import numpy as np
import pytest

from semisym.numeric import contour
from semisym.errors import ParameterError
from semisym.model import builtin
from semisym.sweep import parse_range, sweep

from .conftest import derived

FIXED = dict(hbar=1.0, v_F=1.0, M=0.3, e=1.0, u_0=0.1)


def test_closed_form_sweep_across_the_gap_matches_each_regime(tmp_path):
    eps = np.array([-1.3, -0.7, 0.1, 0.0, 0.8, 1.6])
    res = sweep(builtin("ti-surface"), FIXED, {"epsilon_F": eps}, progress=False)
    assert set(res.route.ravel()) == {"closed"}
    for i, e in enumerate(eps):
        regime = "conduction" if e > 0.3 else ("valence" if e < -0.3 else "gap")
        ref = derived("ti-surface", regime, prescription="fermi-shell")
        if regime == "gap" and e == 0.0:
            continue
        vals = dict(FIXED, epsilon_F=float(e))
        for t in ref.terms:
            want = float(ref.term_value(t, vals))
            assert res.columns[(t.quantity, t.name)][i] == pytest.approx(want, rel=1e-12, abs=1e-14)
    # the gap value of sigma_yx is e^2 sign(M)/(4 pi hbar) at eps_F = 0 too
    assert res.columns[("sigma_yx", "total")][3] == pytest.approx(1 / (4 * np.pi), rel=1e-13)
    path = tmp_path / "s.csv"
    res.to_csv(path)
    with open(path) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(eps) and float(rows[4]["sigma_yx:total"]) == res.columns[("sigma_yx", "total")][4]


def test_numeric_sweep_on_a_dask_cluster(tmp_path):
    from dask.distributed import LocalCluster
    model = builtin("ti-warped")
    fixed = dict(FIXED, lam=0.1)
    eps = np.array([0.6, 1.2])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl:
        res = sweep(model, fixed, {"epsilon_F": eps}, scheduler=cl.scheduler_address, progress=False)
    assert set(res.route.ravel()) == {"numeric"}
    for i, e in enumerate(eps):
        one = contour.evaluate(model, dict(fixed, epsilon_F=float(e)))
        for k in [("sigma_yx", "total"), ("s_x", "intrinsic"), ("sigma_xx", "drude")]:
            assert res.columns[k][i] == pytest.approx(one[k], rel=1e-12)
            assert np.isfinite(res.errors[k][i])
    from semisym.output.plot import plot_sweep
    plot_sweep(res, tmp_path / "w.png")
    assert (tmp_path / "w.png").stat().st_size > 10000


def test_two_parameter_grid_and_serial_numeric_route():
    res = sweep(builtin("rashba-ferromagnet"), dict(hbar=1.0, m=1.0, alpha=1.0, e=1.0, u_0=0.1),
                {"epsilon_F": np.array([-0.4, 0.1, 1.0]), "Delta": np.array([0.2, 0.3])},
                scheduler="serial", progress=False)
    assert res.columns[("sigma_yx", "total")].shape == (3, 2)
    # both bands at eps_F: the anomalous Hall total vanishes (Kubo, tests/test_rashba.py)
    assert abs(res.columns[("sigma_yx", "total")][2, 1]) < 1e-10


def test_bad_sweep_input_is_named():
    with pytest.raises(ParameterError, match="START:STOP:COUNT"):
        parse_range("epsilon_F", "1:2")
    with pytest.raises(ParameterError, match="missing parameter value"):
        sweep(builtin("ti-surface"), dict(hbar=1.0, v_F=1.0, e=1.0, u_0=0.1), {"epsilon_F": np.array([1.0])})
    with pytest.raises(ParameterError, match="unknown parameter"):
        sweep(builtin("ti-surface"), dict(FIXED, bogus=1.0), {"epsilon_F": np.array([1.0])})


def test_a_group_starting_at_the_band_edge_still_uses_closed_forms():
    """The grid's first conduction point sits at the band edge (Fermi radius ~ 1e-8): the group is
    derived at its middle point, so every point gets the closed forms."""
    eps = np.linspace(-2, 2, 401)[230:236]           # 0.30000000000000027, 0.31, ...
    res = sweep(builtin("ti-surface"), FIXED, {"epsilon_F": eps}, progress=False)
    assert set(res.route.ravel()) == {"closed"}
    ref = derived("ti-surface", "conduction", prescription="fermi-shell")
    vals = dict(FIXED, epsilon_F=float(eps[3]))
    assert res.columns[("sigma_yx", "total")][3] == pytest.approx(float(ref.sigma_yx["total"].value(vals)), rel=1e-12)


def test_sweep_with_pairs_gives_the_full_answer_of_ado_2015(tmp_path):
    """--pairs: skew_pairs at every point of an eps_F sweep across the gap (zero there) and total_full
    = total + skew_pairs, which in the conduction band is Ado et al.'s full sigma_yx; the CSV and the
    figure carry the new columns; T > 0 and an anisotropic model are refused with the reason."""
    import math
    from semisym.paper import ado2015_sigma_xy
    m = builtin("massive-dirac")
    fixed = dict(hbar=1.0, v=1.0, Delta=0.3, e=1.0, u_0=0.1)
    eF = np.array([0.2, 0.5, 1.0])
    res = sweep(m, fixed, {"epsilon_F": eF}, scheduler="serial", progress=False, pairs=True)
    full, sp = res.columns[("sigma_yx", "total_full")], res.columns[("sigma_yx", "skew_pairs")]
    assert sp[0] == 0.0 and full[0] == res.columns[("sigma_yx", "total")][0]
    for i in (1, 2):
        ref = float(ado2015_sigma_xy(0.3 / eF[i])["full"]) / (2 * math.pi)
        assert full[i] == pytest.approx(ref, rel=1e-7)
    res.to_csv(tmp_path / "p.csv")
    with open(tmp_path / "p.csv") as f:
        assert "sigma_yx:total_full" in next(csv.reader(f))
    from semisym.output.plot import plot_sweep
    plot_sweep(res, tmp_path / "p.png")
    assert (tmp_path / "p.png").stat().st_size > 0
    with pytest.raises(ParameterError, match="T = 0"):
        sweep(m, dict(fixed, T=0.01, k_B=1.0), {"epsilon_F": eF}, scheduler="serial", progress=False, pairs=True)
    w = builtin("ti-warped")
    with pytest.raises(ParameterError, match="isotropic"):
        sweep(w, dict(hbar=1.0, v_F=1.0, M=0.3, lam=0.1, e=1.0, u_0=0.1), {"epsilon_F": eF}, scheduler="serial",
              progress=False, pairs=True)
