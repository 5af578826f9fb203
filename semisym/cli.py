"""The ``semisym`` command.

    semisym derive ti-surface                      # table of every term
    semisym derive ti-surface --regime valence
    semisym derive ti-surface --param hbar=1 --param v_F=1 --param M=0.3 \\
        --param epsilon_F=1 --param u_0=0.1 --param e=1 --json
    semisym derive --hamiltonian "hbar*v*(k_x*sigma_x + k_y*sigma_y) + D*sigma_z" --exchange D
    semisym check ti-surface                       # exit status 1 if a check fails
    semisym evaluate ti-warped --param hbar=1 --param v_F=1 --param M=0.3 --param lam=0.1 \
        --param epsilon_F=1 --param e=1 --param u_0=0.1 [--param T=0.01 --param k_B=1]
    semisym sweep ti-surface --param epsilon_F=0.4:2:200 --param M=0.3 ... --csv out.csv --plot out.png
    semisym models

Exit status: 0 success; 1 a check failed, or an internal error (a bug: the message says so);
2 bad input (a one-line message on stderr); 130 interrupted; 143 terminated.
"""

from __future__ import annotations

import argparse
import sys

from semisym.errors import InternalError, SemisymError


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"semisym: error: {message}\n")


def _param(text):
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"--param takes NAME=VALUE, got '{text}'")
    name, value = text.split("=", 1)
    name = name.strip()
    try:
        v = float(value)
    except ValueError:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"parameter {name} has no value") from None
        return name, value.strip()          # a number with a unit ("10 meV"): read by semisym.model.units
    if v != v or v in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"parameter {name} has a non-finite value '{value}'")
    return name, v


def _bounded(kind, lo, hi):
    """An argparse type: a number of ``kind`` within [lo, hi]."""
    def convert(text):
        try:
            v = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a{'n integer' if kind is int else ' number'}") from None
        if not (lo <= v <= hi):
            raise argparse.ArgumentTypeError(f"{text} is outside [{lo:g}, {hi:g}]")
        return v
    return convert


def _add_model_args(p, options=True):
    p.add_argument("model", nargs="?", help="built-in model name (see `semisym models`)")
    p.add_argument("--hamiltonian", help="a 2x2 Hamiltonian as text, e.g. \"hbar*v*(k_x*sigma_x + k_y*sigma_y) + D*sigma_z\"")
    p.add_argument("--exchange", help="name of the exchange parameter J for the torque (text models)")
    p.add_argument("--positive", default="", help="comma-separated parameter names that are positive (text models)")
    p.add_argument("--regime", help="named Fermi-level regime of a built-in model (conduction, valence, gap)")
    p.add_argument("--param", action="append", type=_param, default=[], metavar="NAME=VALUE",
                   help="a parameter value (repeatable); all values given = numbers for every term")
    p.add_argument("--units", choices=("inputs", "e^2/h", "e^2/hbar"), default="inputs",
                   help="unit of the conductivities in the output (default: that of the inputs, e.g. siemens "
                        "for SI, e^2/hbar for natural units)")
    p.add_argument("--disorder", default=None, metavar="DISORDER",
                   help="Gaussian white noise that may couple to the spin: scalar (default, the paper's), "
                        "magnetic-z (plus a sigma_z part of weight r_z, --param r_z=0.5), or the correlator "
                        "u_0^2 w as text, e.g. \"s0s0 + r_z*szsz\" (sAsB: <u_A u_B>/u_0^2)")
    if not options:
        return
    from semisym.conventions import CHOICES
    p.add_argument("--collision", choices=CHOICES["collision"], default=None,
                   help="collision integral behind the paper's skew prescription (default: steady)")
    p.add_argument("--prescription", choices=CHOICES["prescription"], default=None,
                   help="skew-scattering prescription (default: fermi-shell, the Kubo-consistent one)")
    p.add_argument("--je", choices=CHOICES["je"], default=None,
                   help="Eq. 38: Berry-connection term summed over the outgoing band (default) or as printed")


def _scalar_only(args, what):
    """Refuse --disorder where it is not implemented (rather than ignore it)."""
    from semisym.model.disorder import make
    if args.disorder is not None and not make(args.disorder).scalar:
        raise SemisymError(f"--disorder: the {what} takes scalar disorder only; use derive, evaluate, kubo or compare")


def _options(args):
    from semisym.conventions import Options
    return Options.make(collision=args.collision, prescription=args.prescription, je=args.je)


def _model(args):
    from semisym.model.builtins import builtin
    from semisym.model.hamiltonian import from_text
    if args.hamiltonian:
        if args.model:
            raise SemisymError("give either a model name or --hamiltonian, not both")
        pos = [x.strip() for x in args.positive.split(",") if x.strip()]
        return from_text(args.hamiltonian, name="custom", exchange=args.exchange, positive=pos)
    if not args.model:
        raise SemisymError("name a model (semisym models) or give --hamiltonian")
    m = builtin(args.model)
    if args.exchange:
        from semisym.errors import ModelError
        if args.exchange not in m.parameters:
            raise ModelError(f"exchange parameter '{args.exchange}' is not a parameter of {m.name}")
        m.exchange = args.exchange
    return m


class _TimeLimit:
    """SIGALRM after ``seconds`` (main thread, POSIX): symbolic work on a user's model cannot run
    unbounded; the message says how to get on."""

    def __init__(self, seconds):
        self.seconds = seconds

    class Expired(BaseException):
        """Not an Exception: SymPy's own `except Exception` blocks must not swallow it."""

    def _expired(self, signum, frame):
        raise self.Expired()

    def __enter__(self):
        import signal
        self.active = bool(self.seconds) and hasattr(signal, "SIGALRM") and threading_main()
        if self.active:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, kind, exc, tb):
        if self.active:
            import signal
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        if kind is self.Expired:
            raise SemisymError(f"the derivation took longer than {self.seconds:g} s and was stopped (--timeout): "
                               "the closed forms of this model are too large; give every value with --param to "
                               "evaluate it numerically (semisym evaluate)") from None
        return False


def _derive(args):
    from semisym.engine import derive
    model = _model(args)
    values = dict(args.param) or None
    if values:
        from semisym.model.units import resolve
        values, _ = resolve(model, values)          # values with units: SI, hbar and e CODATA
    with _TimeLimit(getattr(args, "timeout", None)):
        d = derive(model, regime=args.regime, values=values, options=_options(args), disorder=args.disorder)
    return d, values


def _needed(d):
    names = set(d.model.parameters) | {"epsilon_F", "e", "u_0", "hbar"}
    return names


def _check_complete(d, values):
    if values is None:
        return
    missing = sorted(_needed(d) - set(values))
    if missing:
        raise SemisymError(f"missing parameter value(s): {', '.join(missing)} "
                           "(give every parameter with --param to get numbers, or none and use --regime)")


def _print(result, args):
    """A result as JSON (--json), LaTeX (--latex) or a table: the same writer for every command;
    conductivities in the unit of --units."""
    unit = getattr(args, "units", None)
    if unit and unit != "inputs" and hasattr(result, "in_units"):
        result = result.in_units(unit)
    if getattr(args, "json", False):
        print(result.to_json())
    elif getattr(args, "latex", False):
        print(result.to_latex())
    else:
        print(result.table(raw=getattr(args, "raw", False)))
        for c in result.checks:
            print(("PASS" if c["passed"] else "SKIP" if c["passed"] is None else "FAIL") + f"  {c['name']}: {c['detail']}")


def _passed(checks):
    return all(c.passed is not False for c in checks or [])


def cmd_derive(args):
    d, values = _derive(args)
    if not hasattr(d, "check"):                     # an anisotropic model: the numeric path at the values
        _print(d, args)
        return 0
    _check_complete(d, values)
    # the JSON document always carries the checks; the table only with --check
    checks = d.check() if (args.check or (args.json and not args.no_check)) else None
    if args.latex:
        import semisym.output.text as report
        print(report.latex(d, torque=args.torque_symbol, raw=args.raw, standalone=args.standalone,
                           documentclass=args.documentclass))
    else:
        _print(d.result(values, checks, paper_form=not args.raw), args)
    return 0 if _passed(checks) else 1


def cmd_check(args):
    from semisym.model.form import is_isotropic
    model = _model(args)
    if not is_isotropic(model.hamiltonian):
        _scalar_only(args, "check of an anisotropic model")
        return _check_numeric_path(model, args)
    d, values = _derive(args)
    from semisym.referee import check
    checks, refereed = check(d, points=args.points, kubo=args.kubo, crossed=args.crossed)
    if args.json:
        print(d.result(None, checks).to_json())
    else:
        _print_checks(f"{d.model.name}, regime {d.regime}: {d.describe_regime()}", checks, refereed)
    return 0 if _passed(checks) else 1


def _print_checks(header, checks, refereed):
    print(header)
    for c in checks:
        print(c)
    print("\nterm                  agrees with")
    for (q, t), who in refereed.items():
        print(f"{q + '/' + t:21s} {', '.join(who) or '-'}")


def _check_numeric_path(model, args):
    """`semisym check` of a model without closed forms, at --param values or a regime's sample."""
    from semisym.model.units import resolve
    from semisym.referee import check_numeric_path
    if args.param:
        values, _ = resolve(model, dict(args.param))
    else:
        regime = args.regime or next(iter(model.regimes), None)
        if regime not in model.regimes:
            raise SemisymError(f"{model.name} is not isotropic: give every parameter with --param"
                               + (f" or a regime ({', '.join(model.regimes)})" if model.regimes else ""))
        values = dict(model.regimes[regime])
    checks, refereed, res = check_numeric_path(model, values, kubo=args.kubo, crossed=args.crossed)
    if args.json:
        print(res.to_json())
    else:
        _print_checks(f"{model.name} (no closed forms: numeric path) at "
                      + ", ".join(f"{k} = {v:g}" for k, v in values.items()), checks, refereed)
    return 0 if _passed(checks) else 1


def _values_for_kubo(args):
    from semisym.model.units import resolve
    model = _model(args)
    values, _ = resolve(model, dict(args.param))
    if "u_0" in values:
        values.pop("u_0")
    need = set(model.parameters) | {"epsilon_F", "e", "hbar"}
    missing = sorted(need - set(values))
    if missing:
        raise SemisymError(f"missing parameter value(s): {', '.join(missing)} (the Kubo limit needs every value but u_0)")
    return model, values


def cmd_kubo(args):
    from semisym.kubo import kubo
    from semisym.progress import bar
    model, values = _values_for_kubo(args)
    with bar("Kubo-Streda", quiet=args.quiet) as pb:
        res = kubo(model, values, progress=pb, disorder=args.disorder, crossed=args.crossed)
    _print(res, args)
    return 0


def cmd_compare(args):
    from semisym.compare import compare
    from semisym.progress import bar
    model, values = _values_for_kubo(args)
    with bar("semiclassics vs Kubo", quiet=args.quiet) as pb:
        res = compare(model, values, options=_options(args), progress=pb, disorder=args.disorder,
                      crossed=args.crossed)
    _print(res, args)
    bad = [e for e in res.entries.values() if e.compared and e.rel_diff is not None and not e.rel_diff <= args.tolerance]
    return 1 if bad else 0


def _raw_params(items):
    out = []
    for text in items:
        if "=" not in text:
            raise SemisymError(f"--param takes NAME=VALUE or NAME=START:STOP:COUNT, got '{text}'")
        name, value = text.split("=", 1)
        out.append((name.strip(), value.strip()))
    return out


def cmd_evaluate(args):
    import semisym.numeric.thermal as thermal
    from semisym.progress import bar
    model = _model(args)
    with bar("thermal average", quiet=args.quiet, unit="energy") as pb:
        res = thermal.evaluate(model, dict(args.param), n_theta=args.rays, options=_options(args), progress=pb,
                               disorder=args.disorder, pairs=args.pairs)
    _print(res, args)
    return 0


def cmd_sweep(args):
    from semisym.files import check_outputs
    from semisym.sweep import parse_range, sweep
    # every output path is checked before any work starts
    check_outputs([(args.csv, (".csv",)), (args.plot, (".png", ".pdf", ".svg"))], force=args.force)
    model = _model(args)
    fixed, swept = {}, {}
    for name, text in _raw_params(args.param):
        v = parse_range(name, text)
        (fixed if isinstance(v, float) else swept)[name] = v
    if not swept:
        raise SemisymError("give at least one swept parameter as NAME=START:STOP:COUNT")
    res = sweep(model, fixed, swept, numeric=args.numeric, scheduler=args.scheduler, progress=not args.quiet,
                disorder=args.disorder, pairs=args.pairs,
                options=_options(args))
    if args.json:
        _print(res.to_result(model), args)
        return 0
    for n in res.notes:
        print(n)
    if args.csv:
        res.to_csv(args.csv)
        print(f"wrote {args.csv}")
    if args.plot:
        from semisym.output.plot import plot_sweep
        plot_sweep(res, args.plot)
        print(f"wrote {args.plot}")
    if not args.csv and not args.plot:
        import numpy as np
        keys = [("sigma_yx", "total"), ("s_x", "total"), ("sigma_xx", "drude")]
        keys += [k for k in (("sigma_yx", "skew_pairs"), ("sigma_yx", "total_full")) if k in res.columns]
        names = list(res.axes)
        grids = np.meshgrid(*res.axes.values(), indexing="ij")
        print("  ".join(f"{n:>12s}" for n in names) + "  " + "  ".join(f"{q + ':' + t:>16s}" for q, t in keys))
        for idx in np.ndindex(*grids[0].shape):
            print("  ".join(f"{g[idx]:12.6g}" for g in grids) + "  "
                  + "  ".join(f"{res.columns[k][idx]:16.9g}" for k in keys))
    return 0


def cmd_report(args):
    from semisym.files import check_folder
    from semisym.output.document import build_all, outputs
    from semisym.model.builtins import BUILTINS
    for n in args.models:
        if n not in BUILTINS:
            raise SemisymError(f"unknown model '{n}' (built-in models: {', '.join(BUILTINS)})")
    check_folder(args.out, [f for n in (args.models or BUILTINS) for f in outputs(n)], force=args.force)
    from semisym.progress import bar
    with bar("documents", quiet=args.quiet, unit="model") as pb:
        written = build_all(args.out, args.models or None, progress=pb)
    for path in written:
        print(f"wrote {path}")
    return 0


def cmd_models(args):
    from semisym.model.builtins import BUILTINS
    for name, f in BUILTINS.items():
        m = f()
        print(f"{name:16s} H = {m.text}   parameters: {', '.join(sorted(m.parameters))}; "
              f"exchange: {m.exchange}; regimes: {', '.join(m.regimes)}")
    return 0


def build_parser():
    p = _Parser(prog="semisym", description="Disorder-corrected semiclassical transport of two-band models, derived exactly.",
                epilog="exit status: 0 success; 1 a check failed, or an internal error (a bug: the message says so); "
                       "2 bad input; 130 interrupted; 143 terminated")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    d = sub.add_parser("derive", help="derive every term (table, --json, --latex)")
    _add_model_args(d)
    g = d.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true", help="print one JSON document")
    g.add_argument("--latex", action="store_true", help="print the terms as LaTeX")
    d.add_argument("--raw", action="store_true",
                   help="closed forms in the model's parameters as SymPy writes them, not in the paper's "
                        "variables (xi_F, rho, tau, e^2/h)")
    d.add_argument("--standalone", action="store_true", help="with --latex: a complete document, not a fragment")
    d.add_argument("--documentclass", default="article", metavar="CLASS",
                   help="with --latex --standalone: the document class (default article; revtex4-2 works)")
    d.add_argument("--torque-symbol", default="T", metavar="NAME",
                   help="with --latex: the LaTeX symbol of the torque (default T; tau is the scattering time)")
    d.add_argument("--check", action="store_true", help="also run the checks (exit status 1 if one fails)")
    d.add_argument("--no-check", action="store_true", help="with --json: leave the checks out (faster)")
    d.add_argument("--timeout", type=_bounded(float, 0, 1e6), default=600,
                   help="stop a derivation that takes longer (seconds, default 600; 0: no limit)")
    d.set_defaults(func=cmd_derive)
    c = sub.add_parser("check", help="run the symbolic and numeric checks; exit status 1 if any fails")
    _add_model_args(c)
    c.add_argument("--json", action="store_true")
    c.add_argument("--points", type=_bounded(int, 1, 100), default=3,
                   help="random points for the numeric check (1 to 100, default 3)")
    c.add_argument("--timeout", type=_bounded(float, 0, 1e6), default=600,
                   help="stop a derivation that takes longer (seconds, default 600; 0: no limit)")
    c.add_argument("--kubo", action=argparse.BooleanOptionalAction, default=True,
                   help="referee the totals with the Kubo-Streda calculation (default; one point, about "
                        "1 s for one Fermi circle, a few seconds for two or an anisotropic model)")
    c.add_argument("--crossed", action="store_true",
                   help="with the Kubo referee also skew scattering on pairs: the numeric path's skew_pairs "
                        "against the crossed diagrams (isotropic models, scalar disorder; 1-30 s)")
    c.set_defaults(func=cmd_check)
    k = sub.add_parser("kubo", help="Kubo-Streda weak-disorder limit at given values: non-crossing, and the "
                                    "crossed diagrams")
    _add_model_args(k, options=False)      # the referee has no semiclassical options
    k.add_argument("--json", action="store_true")
    k.add_argument("--quiet", action="store_true", help="no progress bar (none is drawn off a terminal)")
    k.add_argument("--crossed", action=argparse.BooleanOptionalAction, default=True,
                   help="add the crossed X and Psi diagrams (isotropic models; default): terms crossed and "
                        "total_full")
    k.set_defaults(func=cmd_kubo)
    c2 = sub.add_parser("compare", help="semiclassical totals against Kubo; exit status 1 if they differ")
    _add_model_args(c2)
    c2.add_argument("--json", action="store_true")
    c2.add_argument("--tolerance", type=_bounded(float, 1e-15, 1.0), default=1e-6,
                    help="relative difference allowed (default 1e-6)")
    c2.add_argument("--quiet", action="store_true", help="no progress bar (none is drawn off a terminal)")
    c2.add_argument("--crossed", action="store_true",
                    help="also skew scattering on pairs of impurities: the numeric path's skew_pairs against "
                         "Kubo's crossed diagrams (isotropic models, scalar disorder)")
    c2.set_defaults(func=cmd_compare)
    ev = sub.add_parser("evaluate", help="every term at one point by the numeric path (any model, T >= 0)")
    _add_model_args(ev)
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--rays", type=_bounded(int, 4, 4096), default=None,
                    help="starting number of rays, 4 to 4096 (doubled until converged)")
    ev.add_argument("--quiet", action="store_true", help="no progress bar (none is drawn off a terminal)")
    ev.add_argument("--pairs", action="store_true",
                    help="add skew scattering on pairs of impurities: terms skew_pairs and total_full "
                         "(isotropic models, scalar disorder, T = 0)")
    ev.set_defaults(func=cmd_evaluate)
    sw = sub.add_parser("sweep", help="every term along a grid of one or two parameters (CSV, plot)")
    _add_model_args(sw)
    sw.set_defaults(param=[])
    for a in sw._actions:
        if a.dest == "param":
            a.type = str
            a.help = "NAME=VALUE or NAME=START:STOP:COUNT (one or two swept parameters)"
    sw.add_argument("--csv", help="write every term (and its error) to this CSV file")
    sw.add_argument("--plot", help="write a figure of the terms to this file (PNG, PDF, SVG)")
    sw.add_argument("--numeric", action="store_true", help="use the numeric path at every point")
    sw.add_argument("--pairs", action="store_true",
                    help="add skew scattering on pairs of impurities (skew_pairs, total_full) at every point "
                         "(isotropic models, scalar disorder, T = 0; 0.4-15 s a point)")
    sw.add_argument("--scheduler", default=None,
                    help="dask scheduler address for the numeric path (default: local processes; 'serial': none)")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.add_argument("--force", action="store_true", help="replace an existing --csv or --plot file")
    sw.add_argument("--json", action="store_true", help="print the grid as one JSON document (values as nested lists)")
    sw.set_defaults(func=cmd_sweep)
    rp = sub.add_parser("report", help="regenerate the LaTeX/Markdown documents and figures of derivations/")
    rp.add_argument("models", nargs="*", help="built-in models (default: all)")
    rp.add_argument("--out", default="derivations", help="output folder (default: derivations)")
    rp.add_argument("--force", action="store_true", help="replace files that exist in the output folder")
    rp.add_argument("--quiet", action="store_true", help="no progress bar (none is drawn off a terminal)")
    rp.set_defaults(func=cmd_report)
    m = sub.add_parser("models", help="list the built-in models")
    m.set_defaults(func=cmd_models)
    return p


def _join_values(argv):
    """``--hamiltonian -M*sigma_z + ...``: a value that starts with '-' would be taken for an option;
    join it to its flag (as ``--hamiltonian=...``)."""
    argv = list(argv)
    for i in range(len(argv) - 1):
        if argv[i] == "--hamiltonian" and argv[i + 1].startswith("-"):
            argv[i:i + 2] = [f"--hamiltonian={argv[i + 1]}"]
            break
    return argv


def threading_main():
    import threading
    return threading.current_thread() is threading.main_thread()


def _terminated(signum, frame):
    raise SystemExit(143)


def main(argv=None):
    import signal
    import warnings
    if threading_main():
        signal.signal(signal.SIGTERM, _terminated)
    # a result that is not finite is an error of its own (semisym.result): numpy's warnings about
    # the arithmetic on the way would only add lines to the one-line message
    warnings.simplefilter("ignore", RuntimeWarning)
    parser = build_parser()
    args = parser.parse_args(_join_values(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except SemisymError as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"semisym: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("semisym: interrupted", file=sys.stderr)
        return 130
    except SystemExit as exc:
        if exc.code == 143:
            print("semisym: terminated", file=sys.stderr)
        raise
    except BrokenPipeError:
        return 0
    except Exception as exc:             # a bug: say so in one line (SEMISYM_DEBUG=1 shows the traceback)
        import os
        if os.environ.get("SEMISYM_DEBUG"):
            raise
        msg = str(exc).splitlines()[0] if str(exc) else ""
        if not isinstance(exc, InternalError):
            msg = f"internal error (a bug in semisym, please report it with the input): {type(exc).__name__}: {msg}"
        print(f"semisym: {msg}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
