"""One result type, one JSON schema: the --json output of every command validates against
semisym.result.SCHEMA (for every built-in model and regime, the numeric path, Kubo, a comparison),
and is strict JSON (no NaN or Infinity tokens)."""

import json
import math

import jsonschema
import pytest

import semisym
from semisym.cli import main
from semisym.result import SCHEMA

TI = ["--param=hbar=1", "--param=v_F=1", "--param=M=0.3", "--param=e=1"]


def _json(argv, capsys):
    rc = main(argv)
    out = capsys.readouterr().out
    doc = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-strict JSON token {c}"))
    jsonschema.validate(doc, SCHEMA)
    return rc, doc


def test_the_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name, regime", [(n, r) for n in semisym.models.BUILTINS
                                          for r in semisym.builtin(n).regimes if semisym.models.is_isotropic(
                                              semisym.builtin(n).hamiltonian)])
def test_derive_json_of_every_builtin_and_regime(name, regime, capsys):
    rc, doc = _json(["derive", name, "--regime", regime, "--json", "--no-check"], capsys)
    assert rc == 0 and doc["model"]["name"] == name and doc["info"]["regime"] == regime
    assert {(t["quantity"], t["term"]) for t in doc["terms"]} >= {("sigma_yx", "total"), ("s_x", "total")}


def test_derive_json_with_values_and_checks(capsys):
    rc, doc = _json(["derive", "ti-surface", "--json", "--param=epsilon_F=1", "--param=u_0=0.1", *TI], capsys)
    assert rc == 0 and doc["checks"] and all(c["passed"] is not False for c in doc["checks"])
    assert all(isinstance(t["value"], float) for t in doc["terms"])


def test_numeric_mode_json_carries_its_checks(capsys):
    """Several Fermi circles (numeric mode): the checks' verdicts were SymPy booleans, and --json
    crashed with 'Object of type BooleanTrue is not JSON serializable'."""
    rc, doc = _json(["derive", "rashba-ferromagnet", "--json"], capsys)
    assert rc == 0 and doc["method"] == "numeric mode"
    assert any(c["passed"] is True for c in doc["checks"])


def test_numeric_path_json(capsys):
    rc, doc = _json(["derive", "ti-warped", "--json", "--param=lam=0.1", "--param=epsilon_F=1", "--param=u_0=0.1",
                     *TI], capsys)
    assert rc == 0 and doc["method"] == "numeric path"
    assert all(t["error"] is not None for t in doc["terms"])


def test_finite_temperature_json(capsys):
    rc, doc = _json(["evaluate", "ti-surface", "--json", "--param=epsilon_F=1", "--param=u_0=0.1", "--param=T=0.02",
                     "--param=k_B=1", *TI], capsys)
    assert rc == 0 and doc["method"] == "numeric path, T > 0"


@pytest.mark.slow
def test_kubo_and_compare_json(capsys):
    rc, doc = _json(["kubo", "ti-surface", "--json", "--param=epsilon_F=0.1", *TI], capsys)
    assert rc == 0 and doc["method"] == "Kubo-Streda"
    rc, doc = _json(["compare", "ti-surface", "--json", "--param=epsilon_F=0.1", *TI], capsys)
    assert rc == 0 and doc["method"] == "semiclassics vs Kubo"
    hall = next(t for t in doc["terms"] if (t["quantity"], t["term"]) == ("sigma_yx", "disorder_independent"))
    assert abs(hall["value"] - 1 / (4 * math.pi)) < 1e-12 and hall["compared"]


def test_a_non_finite_number_is_never_written():
    """A NaN or infinity is never a result: a one-line error that names the term, not a 'NaN' token."""
    from semisym.errors import ParameterError
    from semisym.result import Entry, Result
    with pytest.raises(ParameterError, match="sigma_yx/total is undefined"):
        Result("m", "H", "numeric path", {("sigma_yx", "total"): Entry("sigma_yx", "total", float("nan"), 0.0)})
    r = Result("m", "H", "numeric path", {("sigma_yx", "total"): Entry("sigma_yx", "total", [1.0, float("inf")])})
    with pytest.raises(ParameterError, match="overflows"):
        r.to_json()


@pytest.mark.parametrize("params, words", [
    (["--param=M=0", "--param=epsilon_F=0", "--param=u_0=0.1"], "undefined"),   # was NaN in the JSON
    (["--param=M=0.3", "--param=epsilon_F=1", "--param=u_0=1e-200"], "overflows"),   # was Infinity
])
def test_json_is_never_nan_or_infinity(params, words, capsys):
    base = ["--param=hbar=1", "--param=v_F=1", "--param=e=1"]
    assert main(["derive", "ti-surface", "--json", "--no-check", *base, *params]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and "NaN" not in captured.out and "Infinity" not in captured.out


def test_sweep_json(capsys):
    rc, doc = _json(["sweep", "ti-surface", "--json", "--quiet", "--param=epsilon_F=-1:1:5", "--param=u_0=0.1", *TI],
                    capsys)
    assert rc == 0 and doc["info"]["axes"]["epsilon_F"] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    total = next(t for t in doc["terms"] if (t["quantity"], t["term"]) == ("sigma_yx", "total"))
    assert len(total["value"]) == 5 and abs(total["value"][2] - 1 / (4 * math.pi)) < 1e-12   # the gap


def test_sweep_as_a_labelled_dataset():
    import numpy as np
    from semisym.sweep import sweep
    r = sweep(semisym.builtin("ti-surface"), dict(hbar=1, v_F=1, M=0.3, e=1, u_0=0.1),
              {"epsilon_F": np.linspace(0.5, 1.5, 3)}, progress=False)
    ds = r.to_dataset()
    assert ds["sigma_yx:total"].dims == ("epsilon_F",)
    # Eq. 86 at eps_F = 1, M = 0.3 (xi = 0.3)
    xi = 0.3
    assert abs(float(ds["sigma_yx:total"].sel(epsilon_F=1.0)) - 2 / math.pi * xi * (1 + xi ** 2) / (1 + 3 * xi ** 2) ** 2) < 1e-12
