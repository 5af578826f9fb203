"""The semisym command: table, JSON document, LaTeX, check exit status."""

import json
import subprocess
import sys

import pytest


VALUES = ["--param", "hbar=1", "--param", "v_F=1", "--param", "M=0.3", "--param", "epsilon_F=1",
          "--param", "e=1", "--param", "u_0=0.1"]


def run(*args):
    return subprocess.run([sys.executable, "-m", "semisym.cli", *args], capture_output=True, text=True, timeout=900)


def test_table():
    r = run("derive", "ti-surface")
    assert r.returncode == 0, r.stderr
    for words in ("sigma_yx", "side_jump", "85", "edelstein", "torque_y", "epsilon_F"):
        assert words in r.stdout


def test_json_document_with_values():
    r = run("derive", "ti-surface", "--json", *VALUES)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) >= {"model", "terms", "checks"}
    assert set(doc["model"]) >= {"name", "hamiltonian", "parameters"}
    keys = {"quantity", "term", "paper_eq", "expression", "latex", "method", "value", "error"}
    got = {(t["quantity"], t["term"]) for t in doc["terms"]}
    for q, names in [("sigma_yx", ["intrinsic", "extrinsic", "side_jump", "skew", "total"]),
                     ("sigma_xx", ["drude"]),
                     ("s_x", ["edelstein", "intrinsic", "extrinsic", "side_jump", "skew", "total"]),
                     ("torque_y", ["edelstein", "intrinsic", "extrinsic", "side_jump", "skew", "total"])]:
        for n in names:
            assert (q, n) in got
    for t in doc["terms"]:
        assert set(t) >= keys
    assert {c["name"] for c in doc["checks"]} >= {"gauge_invariance", "sum_equals_paper_total"}
    assert all(c["passed"] for c in doc["checks"])
    total = next(t for t in doc["terms"] if (t["quantity"], t["term"]) == ("sigma_yx", "total"))
    # Eq. 86 at xi = 0.3: 4/(2 pi) xi (1 + xi^2)/(1 + 3 xi^2)^2
    import math
    xi = 0.3
    assert abs(total["value"] - 4 / (2 * math.pi) * xi * (1 + xi ** 2) / (1 + 3 * xi ** 2) ** 2) < 1e-14
    assert total["paper_eq"] == "86"
    drude = next(t for t in doc["terms"] if t["term"] == "drude")
    assert drude["paper_eq"] is None


def test_json_without_values_has_no_value():
    r = run("derive", "ti-surface", "--json", "--regime", "gap", "--no-check")
    doc = json.loads(r.stdout)
    assert doc["info"]["circles"] == []
    assert all(t["value"] is None for t in doc["terms"])


def test_latex(tmp_path):
    """--latex is for pasting into a paper: unnumbered equations (no forced tag that would break the
    host document's numbering; the paper's equation number as a comment), the term label on the
    quantity (not on E_x), the torque as T (tau is the scattering time); it compiles."""
    import os
    import shutil
    r = run("derive", "ti-surface", "--latex")
    assert r.returncode == 0
    assert r.stdout.count(r"\begin{align*}") == 6 and r"\tag" not in r.stdout and r"\tau" not in r.stdout
    assert r"\sigma_{yx}^{\text{side jump}} &=" in r.stdout and "% Eq. 86 of the paper" in r.stdout
    assert r"\langle s_x\rangle^{\text{edelstein}}/E_x &=" in r.stdout and r"{T}_x^{\text{total}}/E_x" in r.stdout
    tex = shutil.which("pdflatex")
    if tex is None:
        if os.environ.get("SEMISYM_REQUIRE_TEX"):
            pytest.fail("pdflatex is not installed (SEMISYM_REQUIRE_TEX is set)")
        pytest.skip("pdflatex is not installed")
    (tmp_path / "paper.tex").write_text("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n"
                                        + r.stdout + "\n\\end{document}\n")
    c = subprocess.run([tex, "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    assert c.returncode == 0, c.stdout[-2000:]


def test_text_model():
    r = run("derive", "--hamiltonian", "hbar*v*(k_x*sigma_x + k_y*sigma_y) + D*sigma_z", "--positive", "v",
            "--exchange", "D", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["model"]["name"] == "custom"
    assert any(t["quantity"] == "torque_x" for t in doc["terms"])


def test_check_exit_status():
    r = run("check", "ti-surface", "--points", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("PASS") == 9          # six checks of the derivation, numeric path, Kubo, every term refereed


def test_evaluate_numeric_path_json():
    r = run("evaluate", "ti-warped", "--json", "--param", "lam=0.1", *VALUES)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    got = {(t["quantity"], t["term"]): t for t in doc["terms"]}
    assert got[("sigma_yx", "total")]["error"] < 1e-8
    assert doc["info"]["contours"] and doc["info"]["contours"][0]["band"] == "+"
    assert doc["method"] == "numeric path"


def test_sweep_writes_csv_and_plot(tmp_path):
    csv_path, png = tmp_path / "out.csv", tmp_path / "out.png"
    vals = [x for a, b in zip(VALUES[::2], VALUES[1::2]) if not b.startswith("epsilon_F") for x in (a, b)]
    r = run("sweep", "ti-surface", "--param", "epsilon_F=0.5:1.5:11", *vals, "--csv", str(csv_path),
            "--plot", str(png), "--quiet")
    assert r.returncode == 0, r.stderr
    assert len(csv_path.read_text().splitlines()) == 12 and png.stat().st_size > 10000


def test_sweep_bad_range_is_one_line():
    r = run("sweep", "ti-surface", "--param", "epsilon_F=0.5:1.5", "--param", "M=0.3")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "START:STOP:COUNT" in r.stderr
