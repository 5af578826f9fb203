"""Output files: checked before any work, never replaced without --force, written atomically; bounded
work: grids, rays, points and tolerances are range-checked.  Each case failed before (issue list of
the reliability work): a replaced file, a CSV replaced by a PNG, a traceback, an unbounded grid."""

import os

import pytest

from semisym.cli import main

V = ["--param=M=0.3", "--param=hbar=1", "--param=v_F=1", "--param=e=1", "--param=u_0=0.1", "--quiet"]
SWEEP = ["sweep", "ti-surface", "--param=epsilon_F=0.5:1:3", *V]


def status(argv, capsys):
    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = exc.code
    err = capsys.readouterr().err.strip()
    return rc, err


def test_an_existing_file_is_not_replaced_without_force(tmp_path, capsys):
    out = tmp_path / "out.csv"
    out.write_text("precious\n")
    rc, err = status(SWEEP + ["--csv", str(out)], capsys)
    assert rc == 2 and "exists: give --force" in err and len(err.splitlines()) == 1
    assert out.read_text() == "precious\n"
    rc, _ = status(SWEEP + ["--csv", str(out), "--force"], capsys)
    assert rc == 0 and out.read_text().startswith("epsilon_F,")
    assert oct(os.stat(out).st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask():
    m = os.umask(0)
    os.umask(m)
    return m


@pytest.mark.parametrize("outputs, words", [
    (["--csv", "{d}/same.csv", "--plot", "{d}/same.csv"], "given twice"),
    (["--csv", "{d}/missing/x.csv"], "does not exist"),
    (["--csv", "{d}"], "is a folder"),
    (["--plot", "{d}/out.xyz"], "unknown file type"),
    (["--csv", "{d}/out.png"], "unknown file type"),
])
def test_output_paths_are_checked_before_any_work(outputs, words, tmp_path, capsys):
    argv = SWEEP + [a.format(d=tmp_path) for a in outputs]
    rc, err = status(argv, capsys)
    assert rc == 2 and words in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []          # nothing written, nothing left behind


def test_report_into_a_file_or_over_existing_documents(tmp_path, capsys):
    f = tmp_path / "afile"
    f.write_text("x")
    rc, err = status(["report", "--out", str(f)], capsys)
    assert rc == 2 and "is a file, not a folder" in err
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ti-surface.tex").write_text("mine")
    rc, err = status(["report", "ti-surface", "--out", str(tmp_path / "docs")], capsys)
    assert rc == 2 and "give --force" in err
    assert (tmp_path / "docs" / "ti-surface.tex").read_text() == "mine"


def test_an_interrupted_write_leaves_the_old_file(tmp_path):
    from semisym.files import atomic_path
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(out) as tmp, open(tmp, "w") as fh:
            fh.write("half of the new")
            raise KeyboardInterrupt
    assert out.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.parametrize("argv, words", [
    (["check", "ti-surface", "--points", "-5"], "outside [1, 100]"),
    (["check", "ti-surface", "--points", "1e8"], "not an integer"),
    (["compare", "ti-surface", "--tolerance", "nan"], "outside"),
    (["evaluate", "ti-surface", "--rays", "0"], "outside [4, 4096]"),
    (["evaluate", "ti-surface", "--rays", "100000000"], "outside [4, 4096]"),
    (["sweep", "ti-surface", "--param=epsilon_F=0:1:1000000000", "--param=M=0.3"], "more than a sweep takes"),
    (["sweep", "ti-surface", "--param=epsilon_F=0:1:100000", "--param=M=0:1:100000", *V[1:]],
     "more than a sweep takes"),
])
def test_work_is_bounded(argv, words, capsys):
    rc, err = status(argv, capsys)
    assert rc == 2 and words in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("model", [["ti-warped", "--param=lam=0.1"], ["ti-surface"]])   # numeric, closed forms
def test_an_unreachable_scheduler_is_reported_within_seconds(model, capsys):
    import time
    t0 = time.perf_counter()
    rc, err = status(["sweep", *model, "--param=epsilon_F=0.8:1:2", "--scheduler", "tcp://127.0.0.1:1", *V], capsys)
    assert rc == 2 and "no dask scheduler answers" in err
    assert time.perf_counter() - t0 < 25


@pytest.mark.parametrize("argv, words", [
    (["sweep", "ti-surface", "--param=epsilon_F=0.5:1:3", "--param=M=1e308", *V[1:]], "beyond double precision"),
    (["evaluate", "ti-surface", "--param=epsilon_F=1", "--param=T=1e308", "--param=k_B=1", *V[:-1]], "overflows"),
])
def test_values_beyond_double_precision_are_named(argv, words, capsys):
    """M = 1e308 gave 0 for every term of a sweep, T = 1e308 every term 0 from evaluate."""
    rc, err = status(argv, capsys)
    assert rc == 2 and words in err and len(err.splitlines()) == 1


def test_a_derivation_is_stopped_at_its_time_limit(capsys):
    rc, err = status(["derive", "ti-surface", "--timeout", "0.2"], capsys)
    assert rc == 2 and "took longer than 0.2 s" in err and len(err.splitlines()) == 1
