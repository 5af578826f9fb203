"""The semisym command: table, JSON document, LaTeX, check exit status."""

import json
import re
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
    quantity (not on E_x), the torque as T (tau is the scattering time), closed forms in the paper's
    variables with their definitions; the fragment compiles inside an article and a revtex4-2
    document, and --standalone is a document of either class that compiles on its own."""
    r = run("derive", "ti-surface", "--latex")
    assert r.returncode == 0
    assert r.stdout.count(r"\begin{align*}") == 6 and r"\tag" not in r.stdout and r"\tau_" not in r.stdout
    assert r"\sigma_{yx}^{\text{side jump}} &=" in r.stdout and "% Eq. 86 of the paper" in r.stdout
    assert r"\langle s_x\rangle^{\text{edelstein}}/E_x &=" in r.stdout and r"{T}_x^{\text{total}}/E_x" in r.stdout
    assert r"\xi_{F} = \frac{M}{\varepsilon_F}" in r.stdout and r"1/\tau = " in r.stdout
    assert "{Q}_x" in run("derive", "ti-surface", "--latex", "--torque-symbol", "Q").stdout
    raw = run("derive", "ti-surface", "--latex", "--raw").stdout
    assert r"\xi" not in raw and r"\varepsilon" not in raw and "epsilon_{F}" in raw
    for cls in ("article", "revtex4-2"):
        (tmp_path / f"fragment-{cls}.tex").write_text(
            f"\\documentclass{{{cls}}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{lmodern}}\n"
            "\\usepackage{amsmath}\n\\begin{document}\nText.\n\\input{terms}\n\\end{document}\n")
        (tmp_path / f"standalone-{cls}.tex").write_text(
            run("derive", "ti-surface", "--latex", "--standalone", "--documentclass", cls).stdout)
    (tmp_path / "terms.tex").write_text(r.stdout)
    for doc in sorted(tmp_path.glob("*-*.tex")):
        log = compile_tex(doc)
        overfull = [float(x) for x in re.findall(r"Overfull \\hbox \(([\d.]+)pt too", log)]
        assert all(x <= 1.0 for x in overfull), f"{doc.name}: overfull boxes {overfull}"
        assert "Type 3" not in pdffonts(doc.with_suffix(".pdf"))


def compile_tex(doc):
    """pdflatex on ``doc`` (skipped, or failed with SEMISYM_REQUIRE_TEX, without a TeX engine or
    without revtex4-2 where the document needs it); the log."""
    import os
    import shutil
    tex = shutil.which("pdflatex")
    need = "revtex4-2" if "revtex4-2" in doc.read_text() else None
    missing = tex is None or (need and subprocess.run(["kpsewhich", need + ".cls"], capture_output=True,
                                                      text=True).stdout.strip() == "")
    if missing:
        what = "pdflatex" if tex is None else "revtex4-2 (texlive-publishers)"
        if os.environ.get("SEMISYM_REQUIRE_TEX"):
            pytest.fail(f"{what} is not installed (SEMISYM_REQUIRE_TEX is set)")
        pytest.skip(f"{what} is not installed (.ci/run installs it)")
    c = subprocess.run([tex, "-interaction=nonstopmode", "-halt-on-error", doc.name], cwd=doc.parent,
                       capture_output=True, text=True, timeout=300)
    log = doc.with_suffix(".log").read_text(errors="replace")
    assert c.returncode == 0, f"{doc.name}: {log[-2000:]}"
    return log


def pdffonts(pdf):
    import shutil
    tool = shutil.which("pdffonts")
    if tool is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    return subprocess.run([tool, str(pdf)], capture_output=True, text=True, check=True).stdout


def test_table_in_paper_variables_wrapped_to_the_width():
    """The table writes closed forms in the paper's variables, wrapped to the terminal's width
    (COLUMNS) between factors; --raw gives SymPy's form in the model's parameters."""
    import os
    r = subprocess.run([sys.executable, "-m", "semisym.cli", "derive", "ti-surface"], capture_output=True,
                       text=True, timeout=900, env=dict(os.environ, COLUMNS="80"))
    lines = r.stdout.splitlines()
    skew = next(i for i, line in enumerate(lines) if line.startswith("sigma_yx  skew"))
    assert lines[skew + 1].startswith(" " * 39 + "(2 (1")      # broken after the fraction bar, under it
    assert "".join("(e^2/h) (3 xi_F (1 - xi_F^2)^2)/(2 (1 + 3 xi_F^2)^2)".split()) in "".join(r.stdout.split())
    assert "xi_F = M/epsilon_F" in r.stdout and "**" not in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    raw = run("derive", "ti-surface", "--raw").stdout
    assert "3*M*e**2*(M-epsilon_F)**2*(M+epsilon_F)**2/(4*pi*epsilon_F*hbar*(3*M**2+epsilon_F**2)**2)" in "".join(raw.split())


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


def test_pairs_on_the_command_line():
    """evaluate --pairs adds skew_pairs and total_full (JSON); compare --crossed sets skew_pairs against
    Kubo's crossed diagrams and exits 0 when they agree."""
    r = run("evaluate", "ti-surface", "--json", "--pairs", *VALUES)
    assert r.returncode == 0, r.stderr
    got = {(t["quantity"], t["term"]): t for t in json.loads(r.stdout)["terms"]}
    assert got[("sigma_yx", "total_full")]["value"] == pytest.approx(
        got[("sigma_yx", "total")]["value"] + got[("sigma_yx", "skew_pairs")]["value"], rel=1e-12)
    r = run("compare", "ti-surface", "--crossed", "--quiet", *VALUES)
    assert r.returncode == 0, r.stdout + r.stderr
    assert re.search(r"sigma_yx\s+skew_pairs", r.stdout)
    r = run("check", "ti-surface", "--crossed", "--points", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "skew_pairs against the crossed diagrams" in r.stdout


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
