"""The disorder model beside the band model: Gaussian white noise that may couple to the spin.

    U(r) = sum_a u_a(r) sigma_a   (a = 0, x, y, z; sigma_0 the unit matrix),
    <u_a(r) u_b(r')> = u_0^2 w_ab delta(r - r'),

with ``w`` a real symmetric positive semi-definite 4x4 matrix of dimensionless entries (numbers or
named parameters) and u_0 the overall strength (an energy times a length in 2D).  Scalar disorder,
the paper's, is w = e_0 e_0^T.  The correlator of Eqs. 4-10 becomes

    <U^{mm'}_{kk'} U^{nn'}_{k'k}> = u_0^2 sum_ab w_ab <u^m_k|sigma_a|u^{m'}_k'> <u^n_k'|sigma_b|u^{n'}_k>.

Presets (``Disorder.preset``): "scalar" (the default, as in the paper); "scalar-cubic": scalar
point impurities with their third cumulant u_1^3 (third-order skew scattering); "magnetic-z": scalar plus
an independent sigma_z part of relative weight r_z (magnetic impurities along the magnetization),
w = diag(1, 0, 0, r_z).  Any other w from text (``Disorder.from_text``): a sum of terms
``coefficient*sAsB`` with A, B in 0, x, y, z, e.g. ``"s0s0 + r_z*szsz"``; sAsB and sBsA are the
same entry (w is symmetric).  Parsed with the Hamiltonian's safe parser (never executed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from semisym.errors import ModelError, ParameterError

#: sigma_0, sigma_x, sigma_y, sigma_z
PAULI = (sp.eye(2), sp.Matrix([[0, 1], [1, 0]]), sp.Matrix([[0, -sp.I], [sp.I, 0]]), sp.Matrix([[1, 0], [0, -1]]))
AXES = "0xyz"
#: the same as complex arrays (numeric path, Kubo)
PAULI_ARRAYS = tuple(np.array(m.tolist(), dtype=complex) for m in PAULI)


@dataclass(frozen=True)
class Disorder:
    """Gaussian white noise u_0^2 w_ab (see the module docstring).  ``w``: 4x4 SymPy Matrix;
    ``parameters``: name -> symbol of the entries' parameters; ``defaults``: sample values of
    those parameters; ``name``: a label for results."""

    w: sp.Matrix
    parameters: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)
    name: str = "scalar"
    #: a third cumulant <U(r1)U(r2)U(r3)>_c = u_1^3 delta(r1 - r2) delta(r2 - r3) of scalar impurities
    #: (n_i V_0^3 for point impurities of density n_i and strength V_0; u_0^2 = n_i V_0^2): the
    #: third-order skew scattering term skew_3, proportional to u_1^3/u_0^4.  Scalar w only.
    third: bool = False

    def __post_init__(self):
        if not isinstance(self.w, sp.MatrixBase) or self.w.shape != (4, 4):
            raise ModelError("the disorder matrix w must be 4x4 (sigma_0, sigma_x, sigma_y, sigma_z)")
        if any(sp.simplify(x) != 0 for x in (self.w - self.w.T)):
            raise ModelError("the disorder matrix w must be symmetric")
        if self.third and self.w != SCALAR_W:
            raise ModelError("a third cumulant (u_1) is implemented for scalar impurities only (w = s0s0)")
        extra = self.w.free_symbols - set(self.parameters.values())
        if extra:
            raise ModelError(f"the disorder matrix has undeclared symbols: {', '.join(sorted(map(str, extra)))}")

    @property
    def scalar(self):
        """True for the paper's scalar Gaussian disorder (w = e_0 e_0^T, no third cumulant)."""
        return self.w == SCALAR_W and not self.third

    def describe(self, values=None):
        """One line for results: "scalar", or the name, the non-zero w_AB and the parameter values."""
        if self.scalar:
            return "scalar"
        if self.third:
            return "scalar-cubic: <U U> = u_0^2 delta, <U U U>_c = u_1^3 delta delta (point impurities)"
        terms = " + ".join(f"({sp.sstr(self.w[a, b] * (1 if a == b else 2))}) s{AXES[a]}s{AXES[b]}"
                           for a in range(4) for b in range(a, 4) if self.w[a, b] != 0)
        vals = {k: v for k, v in (values or {}).items() if k in self.parameters}
        at = ("; " + ", ".join(f"{k} = {v:g}" for k, v in sorted(vals.items()))) if vals else ""
        return f"{self.name}: <u_A u_B> = u_0^2 w_AB, w = {terms}{at}"

    @property
    def pairs(self):
        """[(a, b, w_ab)] for the non-zero entries, a, b indices into PAULI."""
        return [(a, b, self.w[a, b]) for a in range(4) for b in range(4) if self.w[a, b] != 0]

    def values(self, values=None):
        """The parameter values of w: ``defaults`` updated with ``values`` (names of this disorder
        only), checked to give a positive semi-definite w."""
        vals = dict(self.defaults)
        vals.update({k: v for k, v in (values or {}).items() if k in self.parameters})
        missing = sorted(set(self.parameters) - set(vals))
        if missing:
            raise ParameterError(f"disorder parameter(s) without a value: {', '.join(missing)}")
        W = self.numeric(vals)
        import numpy as np
        ev = np.linalg.eigvalsh(W)
        if ev.min() < -1e-12 * max(abs(ev).max(), 1e-300):
            at = (" at " + ", ".join(f"{k} = {v:g}" for k, v in sorted(vals.items()))) if vals else ""
            raise ParameterError(f"the disorder correlator w is not positive semi-definite{at} "
                                 f"(eigenvalues {', '.join(f'{x:.3g}' for x in ev)})")
        return vals

    def numeric(self, vals):
        """w as a float array at parameter values ``vals`` (name -> number)."""
        import numpy as np
        sub = {self.parameters[k]: v for k, v in vals.items() if k in self.parameters}
        return np.array(self.w.xreplace(sub).evalf(), dtype=float)

    def rotation_invariant(self):  # noqa: D401
        """True if w is unchanged by rotations about z acting on the spin (sigma_x, sigma_y
        rotate into each other): only w_00, w_zz, w_0z and w_xx = w_yy, w_xy = -w_yx = 0.  An
        isotropic band model keeps its symmetry with such disorder."""
        w = self.w
        allowed = {(0, 0), (3, 3), (0, 3), (3, 0), (1, 1), (2, 2)}
        if any(w[a, b] != 0 for a in range(4) for b in range(4) if (a, b) not in allowed):
            return False
        return sp.simplify(w[1, 1] - w[2, 2]) == 0

    # ------------------------------------------------------------------ construction

    @classmethod
    def preset(cls, name):
        """A built-in disorder model by name (:data:`PRESETS`)."""
        try:
            return PRESETS[name]()
        except KeyError:
            raise ModelError(f"unknown disorder '{name}' (built-in: {', '.join(PRESETS)}; or a sum of "
                             "coefficient*sAsB terms, e.g. 's0s0 + r_z*szsz')") from None

    @classmethod
    def from_text(cls, text, defaults=None):
        """w from text: a sum of ``coefficient*sAsB`` terms (A, B in 0, x, y, z), e.g.
        ``"s0s0 + r_z*szsz"``; each coefficient a number or an expression of named parameters."""
        from semisym.model.parse import parse_expression
        if not isinstance(text, str) or not text.strip():
            raise ModelError("the disorder is empty: give a preset name or terms such as 's0s0 + r_z*szsz'")
        names = {f"s{a}s{b}": sp.Symbol(f"s{a}s{b}") for a in AXES for b in AXES}
        bad = sorted(set(re.findall(r"\bs[0-9a-z]s[0-9a-z]\b", text)) - set(names))
        if bad:
            raise ModelError(f"not a Pauli pair: {', '.join(bad)} (write sAsB with A, B in 0, x, y, z)")
        expr = parse_expression(text, extra=names, what="disorder correlator")
        expr = sp.expand(expr)
        w = sp.zeros(4, 4)
        params = {}
        for term in sp.Add.make_args(expr):
            labels = [s for s in term.free_symbols if s.name in names]
            if len(labels) != 1 or sp.degree(term, labels[0]) != 1:
                raise ModelError(f"each disorder term must contain one Pauli pair sAsB once: '{term}'")
            lab = labels[0]
            coeff = term / lab
            a, b = AXES.index(lab.name[1]), AXES.index(lab.name[3])
            for s in coeff.free_symbols:
                params[s.name] = s
            if a == b:
                w[a, a] += coeff
            else:
                w[a, b] += coeff / 2
                w[b, a] += coeff / 2
        real = {n: sp.Symbol(n, real=True) for n in params}
        w = w.xreplace({params[n]: real[n] for n in params})
        return cls(w, real, dict(defaults or {}), name=text.strip())


SCALAR_W = sp.diag(1, 0, 0, 0)


def _scalar():
    return Disorder(SCALAR_W, name="scalar")


def _scalar_cubic():
    return Disorder(SCALAR_W, name="scalar-cubic", third=True)


def _magnetic_z():
    r = sp.Symbol("r_z", nonnegative=True)
    return Disorder(sp.diag(1, 0, 0, r), {"r_z": r}, {"r_z": 0.5}, name="magnetic-z")


PRESETS = {"scalar": _scalar, "scalar-cubic": _scalar_cubic, "magnetic-z": _magnetic_z}
#: the third-cumulant strength (an energy times a length^(4/3): u_1^3 = n_i V_0^3 in 2D)
U1 = sp.Symbol("u_1", real=True)


def make(disorder):
    """A Disorder from None (scalar), a preset name, text of terms, or a Disorder."""
    if disorder is None:
        return _scalar()
    if isinstance(disorder, Disorder):
        return disorder
    if isinstance(disorder, str):
        if disorder in PRESETS or not re.search(r"s[0-9a-z]s[0-9a-z]", disorder):
            return Disorder.preset(disorder.strip())
        return Disorder.from_text(disorder)
    raise ModelError(f"a disorder is a preset name ({', '.join(PRESETS)}), text or a Disorder, not {disorder!r}")
