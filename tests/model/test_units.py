"""Values with units (pint): a Bi2Se3-like surface written as "5e5 m/s", "10 meV", "0.1 eV" gives
the physics of natural units, through every path; a value of the wrong dimension, a plain number
among values with units, and text that is not a quantity are one-line errors."""

import math

import pytest

import semisym
from semisym.errors import ParameterError

SURFACE = {"v_F": "5e5 m/s", "M": "10 meV", "epsilon_F": "0.1 eV", "u_0": "1e-39 J*m"}
HBAR, E = 1.054571817e-34, 1.602176634e-19
XI = 0.1
EQ86 = 2 * XI * (1 + XI ** 2) / (math.pi * (1 + 3 * XI ** 2) ** 2)      # in e^2/hbar


def test_units_through_the_derivation():
    r = semisym.derive("ti-surface", values=SURFACE).result(SURFACE)
    assert r["sigma_yx", "total"] / (E ** 2 / HBAR) == pytest.approx(EQ86, rel=1e-9)
    assert r.inputs["hbar"] == pytest.approx(HBAR, rel=1e-9) and r.inputs["e"] == E


def test_units_through_the_numeric_path_and_finite_temperature():
    from semisym.numeric import thermal
    r = thermal.evaluate(semisym.builtin("ti-surface"), SURFACE)
    assert r["sigma_yx", "total"] / (E ** 2 / HBAR) == pytest.approx(EQ86, rel=1e-9)
    hot = thermal.evaluate(semisym.builtin("ti-surface"), dict(SURFACE, T="1 K"))
    # k_B T = 86 ueV << epsilon_F: the Sommerfeld correction is tiny
    assert hot["sigma_yx", "total"] == pytest.approx(r["sigma_yx", "total"], rel=1e-5)


def test_a_pint_quantity_is_a_value():
    from semisym.model.units import registry
    q = registry().Quantity
    vals = {"v_F": q(5e5, "m/s"), "M": q(10, "meV"), "epsilon_F": q(100, "meV"), "u_0": q(1e-39, "J*m")}
    r = semisym.derive("ti-surface", values=vals).result(vals)
    assert r["sigma_yx", "total"] / (E ** 2 / HBAR) == pytest.approx(EQ86, rel=1e-9)


@pytest.mark.parametrize("change, words", [
    ({"v_F": "5e5 m"}, "is not an energy"),                       # a length is not a velocity
    ({"epsilon_F": "0.1 m"}, "epsilon_F = 0.1 m has the wrong dimension"),
    ({"u_0": "1e-39 J"}, "u_0 = 1e-39 J has the wrong dimension"),
    ({"v_F": 5e5}, "has no unit while others have"),
    ({"M": "ten meV"}, "non-numeric value 'ten meV'"),
])
def test_a_value_of_the_wrong_dimension_is_named(change, words):
    with pytest.raises(ParameterError, match=words):
        semisym.derive("ti-surface", values=dict(SURFACE, **change))


def test_units_on_the_command_line(capsys):
    from semisym.cli import main
    argv = ["derive", "ti-surface", "--json", "--no-check"] + [f"--param={k}={v}" for k, v in SURFACE.items()]
    assert main(argv) == 0
    import json
    doc = json.loads(capsys.readouterr().out)
    total = next(t for t in doc["terms"] if (t["quantity"], t["term"]) == ("sigma_yx", "total"))
    assert total["value"] / (E ** 2 / HBAR) == pytest.approx(EQ86, rel=1e-9)


@pytest.mark.parametrize("unit, factor", [("e^2/h", 2 * math.pi), ("e^2/hbar", 1.0)])
def test_conductivities_in_a_chosen_unit(unit, factor, capsys):
    """SI inputs give siemens; --units e^2/h gives 2 pi times the e^2/hbar value (Eq. 86: 0.0606 e^2/hbar)."""
    from semisym.cli import main
    argv = ["derive", "ti-surface", "--json", "--no-check", "--units", unit] + [f"--param={k}={v}" for k, v in SURFACE.items()]
    assert main(argv) == 0
    import json
    doc = json.loads(capsys.readouterr().out)
    total = next(t for t in doc["terms"] if (t["quantity"], t["term"]) == ("sigma_yx", "total"))
    assert total["value"] == pytest.approx(factor * EQ86, rel=1e-9) and doc["info"]["conductivity_unit"] == unit


def test_a_sweep_in_si_units(capsys):
    """Sweeps take plain numbers, in any consistent units: the SI surface across epsilon_F = 0.1 eV."""
    from semisym.cli import main
    import json
    si = ["--param=hbar=1.054571817e-34", "--param=v_F=5e5", "--param=M=1.602176634e-21", "--param=e=1.602176634e-19",
          "--param=u_0=1e-39", "--param=epsilon_F=1.4e-20:1.8e-20:3"]
    assert main(["sweep", "ti-surface", "--json", "--quiet", "--units", "e^2/hbar", *si]) == 0
    doc = json.loads(capsys.readouterr().out)
    total = next(t for t in doc["terms"] if (t["quantity"], t["term"]) == ("sigma_yx", "total"))
    xi = 1.602176634e-21 / 1.6e-20
    assert total["value"][1] == pytest.approx(2 * xi * (1 + xi ** 2) / (math.pi * (1 + 3 * xi ** 2) ** 2), rel=1e-9)
