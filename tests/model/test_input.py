"""Bad input: clear errors that name the problem; text is parsed, never executed."""

import subprocess
import sys

import pytest
import sympy as sp

import semisym
from semisym.errors import ModelError, NotIsotropicError, ParameterError
from semisym.model import from_matrix, from_text
from semisym.model.parse import parse_hamiltonian


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "semisym.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600)


def test_injection_is_not_executed(tmp_path):
    r = run_cli("derive", "--hamiltonian", "__import__('os').system('touch owned')", cwd=tmp_path)
    assert r.returncode == 2
    assert not (tmp_path / "owned").exists()
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch owned')",
    "(lambda: 1)()",
    "k_x.__class__",
    "[k_x]",
    "k_x if k_y else sigma_x",
    "eval('1')",
    "open('x')",
])
def test_code_is_refused(text, tmp_path):
    with pytest.raises(ModelError):
        parse_hamiltonian(text)


@pytest.mark.parametrize("text,words", [
    ("I*k_x*sigma_0 + sigma_x", "not Hermitian"),
    ("k_x*sigma_x + k_y**2*sigma_y", "not isotropic"),
    ("k_x*sigma_x +", "cannot parse"),
    ("foo(k_x)*sigma_x", "function 'foo'"),
    ("k*sigma_x", "reserved"),
    ("sigma_x/sigma_y", "division by a matrix"),
    ("M*sigma_z", "does not depend on k_x, k_y"),
    ("", "empty"),
])
def test_bad_hamiltonian_text(text, words):
    with pytest.raises(ModelError, match=words):
        m = from_text(text)
        semisym.derive(m)


def test_not_2x2_matrix():
    kx = sp.Symbol("k_x", real=True)
    with pytest.raises(ModelError, match="2x2"):
        from_matrix(sp.eye(3) * kx)


def test_anisotropic_matrix_is_refused():
    kx, ky, lam = sp.symbols("k_x k_y lam", real=True)
    H = sp.Matrix([[lam * (kx ** 3 - 3 * kx * ky ** 2), kx - sp.I * ky], [kx + sp.I * ky, -lam * (kx ** 3 - 3 * kx * ky ** 2)]])
    with pytest.raises(NotIsotropicError, match="not isotropic"):
        semisym.derive(from_matrix(H))


def test_unknown_symbol_in_matrix():
    kx = sp.Symbol("k_x", real=True)
    a = sp.Symbol("a")   # no real assumption
    with pytest.raises(ModelError, match="real"):
        from_matrix(sp.Matrix([[a, kx], [kx, -a]]))


def test_missing_value_is_named():
    d = semisym.derive("ti-surface")
    with pytest.raises(ParameterError, match="u_0"):
        d.sigma_xx["drude"].value(dict(hbar=1, v_F=1, M=0.3, epsilon_F=1, e=1))
    with pytest.raises(ParameterError, match="negative|positive"):
        d.sigma_xx["drude"].value(dict(hbar=1, v_F=1, M=0.3, epsilon_F=1, e=1, u_0=-1))


def test_regime_mismatch_is_refused():
    d = semisym.derive("ti-surface")
    with pytest.raises(semisym.RegimeError):
        d.sigma_yx["total"].value(dict(hbar=1, v_F=1, M=0.3, epsilon_F=0.1, e=1, u_0=1))


@pytest.mark.parametrize("args,words", [
    (["derive", "nosuch"], "unknown model 'nosuch'"),
    (["derive", "ti-surface", "--param", "M=abc"], "non-numeric"),
    (["derive", "ti-surface", "--param", "hbar=1", "--param", "v_F=1", "--param", "M=0.3",
      "--param", "epsilon_F=1", "--param", "e=1", "--param", "u_0=-0.5"], "u_0"),
    (["derive", "ti-surface", "--param", "hbar=1", "--param", "v_F=1", "--param", "M=0.3",
      "--param", "epsilon_F=1"], "missing parameter value(s): e, u_0"),
    (["derive", "ti-surface", "--param", "foo=1"], "unknown parameter(s): foo"),
    (["derive", "--hamiltonian", "k_x*sigma_x + k_y**3*sigma_y"], "not isotropic"),
    (["derive", "--hamiltonian", "I*k_x*sigma_0 + sigma_x"], "not Hermitian"),
    (["derive", "ti-surface", "--regime", "nope"], "unknown regime"),
])
def test_cli_errors(args, words):
    r = run_cli(*args)
    assert r.returncode == 2, r.stderr
    assert words in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


# ------------------------------------------------------------------ options: one validated object

TI = dict(hbar=1.0, v_F=1.0, M=0.3, epsilon_F=1.0, e=1.0, u_0=0.1)


def test_a_misspelt_option_value_names_the_allowed_ones():
    from semisym.conventions import Options
    with pytest.raises(ParameterError, match="allowed: summed, printed"):
        semisym.derive("ti-surface", je="sumed")
    with pytest.raises(ParameterError, match="allowed: fermi-shell, paper"):
        Options(prescription="fermi_shell")
    with pytest.raises(ParameterError, match="unknown option"):
        Options.make(colision="eq17")


@pytest.mark.parametrize("extra", [{}, dict(T=0.01, k_B=1.0)])
def test_the_numeric_path_refuses_an_option_it_does_not_implement(extra):
    from semisym.conventions import Options
    from semisym.numeric import thermal
    with pytest.raises(ParameterError, match="numeric path does not implement collision='eq17'"):
        thermal.evaluate(semisym.builtin("ti-surface"), dict(TI, **extra), options=Options(collision="eq17"))


def _exit_status(argv):
    from semisym.cli import main
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


@pytest.mark.parametrize("argv, words", [
    (["evaluate", "ti-surface", "--collision", "eq17"], "does not implement collision='eq17'"),
    (["evaluate", "ti-surface", "--prescription", "paper"], "does not implement prescription='paper'"),
    (["sweep", "ti-warped", "--prescription", "paper", "--param", "epsilon_F=0.8:1:2", "--param", "lam=0.1",
      "--scheduler", "serial"], "does not implement prescription='paper'"),
    (["kubo", "ti-surface", "--prescription", "paper"], "unrecognized arguments"),
])
def test_cli_refuses_ignored_options(argv, words, capsys):
    point = [f"--param={k}={v}" for k, v in TI.items() if not (argv[0] == "sweep" and k == "epsilon_F")]
    assert _exit_status(argv + point) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("exc", [RuntimeError("boom"), None])
def test_an_internal_failure_is_exit_1_and_says_it_is_a_bug(monkeypatch, capsys, exc):
    """Not the user's fault: exit status 1 (not 2), one line that says it is a bug."""
    from semisym.errors import InternalError
    import semisym.symbolic.derivation as derivation

    def broken(*a, **k):
        raise exc or InternalError("a shell circle was not found on its level")
    monkeypatch.setattr(derivation, "derive", broken)
    assert _exit_status(["derive", "ti-surface"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "a bug in semisym" in err


@pytest.mark.parametrize("path", ["derive", "evaluate", "kubo", "sweep"])
def test_a_declared_positive_parameter_must_be_positive(path):
    """v_F is declared positive in ti-surface: v_F = -1 silently gave sigma_yx = 0.0555 instead of
    0.1291 and broke sigma_yx = e v_F <s_x>.  Every path now names the parameter."""
    from semisym.kubo import Kubo
    from semisym.numeric import thermal
    from semisym.sweep import sweep
    import numpy as np
    m = semisym.builtin("ti-surface")
    bad = dict(TI, v_F=-1.0)
    call = {"derive": lambda: semisym.derive(m, values=bad),
            "evaluate": lambda: thermal.evaluate(m, bad),
            "kubo": lambda: Kubo(m, bad),
            "sweep": lambda: sweep(m, {k: v for k, v in bad.items() if k != "epsilon_F"},
                                   {"epsilon_F": np.linspace(0.5, 1, 3)}, scheduler="serial", progress=False)}[path]
    with pytest.raises(ParameterError, match="v_F must be positive"):
        call()


# ------------------------------------------------------------------ texts that hung or crashed the process

MINUS = "-" * 1970


@pytest.mark.parametrize("text, words", [
    ("9**9**9", "exponent must be a number"),
    ("10**10**10", "exponent must be a number"),
    ("2**2**2**2**2", "exponent must be a number"),
    ("k_x**100000*sigma_x + k_y*sigma_y", "larger than 64"),
    ("(k_x**2+k_y**2)**50000*sigma_z + k_x*sigma_x", "larger than 64"),
    ("(sigma_z + sigma_x)**100000", "larger than 64"),
    (MINUS + "k_x*sigma_x", "nested more than"),
    ("k_x*sigma_x + " + "9" * 200 + "*sigma_z", "more than 60 digits"),
    ("D*sigmaz + k_x*sigma_x + k_y*sigma_y", "did you mean sigma_z"),
    ("sigma_q*D + k_x*sigma_x + k_y*sigma_y", "not a Pauli matrix"),
    ("sigma_Y*k_y + k_x*sigma_x", "did you mean sigma_y"),
    ("kx*sigma_x + k_y*sigma_y", "did you mean k_x"),
    ("k_x*sigma_x + k_Y*sigma_y", "did you mean k_y"),
    ("os.system('ls')", "function 'os.system' is not allowed"),
])
def test_a_short_text_cannot_hang_or_crash_the_parser(text, words):
    """Each of these hung the process past a minute, crashed with a traceback, or (misspelt Pauli
    names) was silently derived as a scalar shift; now a one-line ModelError, at once."""
    import time
    t0 = time.perf_counter()
    with pytest.raises(ModelError, match=words):
        parse_hamiltonian(text)
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize("value", [None, b"k_x*sigma_x", 3])
def test_text_that_is_not_a_string_is_named(value):
    with pytest.raises(ModelError, match="must be given as text"):
        parse_hamiltonian(value)


def test_a_hamiltonian_starting_with_a_minus_sign_is_not_taken_for_an_option():
    r = run_cli("derive", "--hamiltonian", "-M*sigma_z + hbar*v*(k_x*sigma_x + k_y*sigma_y)", "--positive", "v",
                "--no-check", "--json")
    assert r.returncode == 0, r.stderr


# ------------------------------------------------------------------ fuzzing the parser

from hypothesis import given, settings, strategies as st  # noqa: E402

TOKENS = ["k_x", "k_y", "sigma_x", "sigma_y", "sigma_z", "sigma_0", "M", "v", "hbar", "2", "0.5", "1e3", "I", "pi",
          "+", "-", "*", "/", "**", "(", ")", " ", "sqrt(", "cos(", "sigmaz", "kx", ".", "[", "]", "lambda", "__",
          "import", "'", ",", "9**9**9", "**64", "**65"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map("".join))
def test_any_text_is_a_hamiltonian_or_a_one_line_model_error(text):
    """Whatever the text, the parser returns a 2x2 matrix or raises ModelError with a one-line
    message, within a second; nothing is executed."""
    import time
    t0 = time.perf_counter()
    try:
        H, params = parse_hamiltonian(text)
        assert H.shape == (2, 2)
    except ModelError as exc:
        assert str(exc) and "\n" not in str(exc)
    assert time.perf_counter() - t0 < 2
