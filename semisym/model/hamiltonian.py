"""Two-band models: H(k) = d0(k) sigma_0 + d(k).sigma, with scalar white-noise disorder.

A :class:`Model` holds a 2x2 Hermitian SymPy matrix in the crystal momentum
``k_x, k_y`` (see :data:`semisym.parse.K_X`), its parameter symbols, the spin
operators (Pauli matrices unless the model gives its own, without hbar/2), the
name of its exchange parameter (for the torque, Eq. 105) and a few named
Fermi-level regimes, each a sample point of parameter values.

Always-present symbols: ``epsilon_F`` (Fermi energy), ``u_0`` (white-noise
disorder strength, <U(r)U(r')> = u_0^2 delta(r - r'), Eq. 9) and ``e`` (the
elementary charge, e > 0; the electron charge is -e).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from semisym.conventions import check_values
from semisym.errors import ModelError
from semisym.model.parse import K_X, K_Y, PAULI, parse_hamiltonian

E_CHARGE = sp.Symbol("e", positive=True)
U0 = sp.Symbol("u_0", positive=True)
HBAR = sp.Symbol("hbar", positive=True)


def fermi_symbol(sign=0):
    """The Fermi energy symbol, with the sign assumption of a regime (0: real)."""
    if sign > 0:
        return sp.Symbol("epsilon_F", positive=True)
    if sign < 0:
        return sp.Symbol("epsilon_F", negative=True)
    return sp.Symbol("epsilon_F", real=True)


PAULI_SPIN = (PAULI["sigma_x"], PAULI["sigma_y"], PAULI["sigma_z"])


@dataclass
class Model:
    """A 2x2 Bloch Hamiltonian with its parameters.

    Parameters
    ----------
    name : str
    hamiltonian : sympy.Matrix
        2x2 Hermitian matrix in ``semisym.parse.K_X``, ``K_Y`` (symbols ``k_x``,
        ``k_y``) and the parameters.
    parameters : dict
        name -> SymPy symbol (real or positive) of every model parameter.
    spin : tuple of 3 sympy.Matrix
        spin operators s_x, s_y, s_z in the basis of ``hamiltonian``
        (Pauli matrices by default; no factor hbar/2).
    exchange : str or None
        name of the exchange parameter J of the torque (2J/hbar) m x <S>, m = z.
    regimes : dict
        regime name -> sample values (name -> float), used to find which
        Fermi circles exist.
    text : str
        the Hamiltonian as text, for reports.
    """

    name: str
    hamiltonian: sp.Matrix
    parameters: dict
    spin: tuple = PAULI_SPIN
    exchange: str | None = None
    regimes: dict = field(default_factory=dict)
    text: str = ""
    description: str = ""
    #: for models of the paper's type: paper symbol name -> model parameter name
    #: (used only to compare with the reference data of semisym.paper)
    paper_symbols: dict | None = None

    def __post_init__(self):
        validate_hamiltonian(self.hamiltonian, self.parameters)
        for s in self.spin:
            if not isinstance(s, sp.MatrixBase) or s.shape != (2, 2):
                raise ModelError("each spin operator must be a 2x2 matrix")
            if any(sp.simplify(x) != 0 for x in (s - s.H)):
                raise ModelError("spin operators must be Hermitian")
        if self.exchange is not None and self.exchange not in self.parameters:
            raise ModelError(f"exchange parameter '{self.exchange}' is not a parameter of the model "
                             f"(parameters: {', '.join(sorted(self.parameters))})")
        if not self.text:
            self.text = str(self.hamiltonian.tolist())

    @property
    def symbols(self):
        """All symbols a derived term may contain, by name."""
        out = dict(self.parameters)
        out.update({"e": E_CHARGE, "u_0": U0})
        return out

    def parameter_names(self, disorder=True):
        """The names of every value a result depends on, as results list them: the model's
        parameters and hbar, epsilon_F, u_0 (``disorder``: not for the weak-disorder Kubo limit), e."""
        return sorted(set(self.parameters) | {"hbar"}) + ["epsilon_F"] + (["u_0"] if disorder else []) + ["e"]

    @property
    def positive(self):
        """Names of the parameters declared positive (SymPy assumption), hbar included."""
        return sorted({n for n, x in self.parameters.items() if x.is_positive} | {"hbar"})

    def check_values(self, values):
        """Validated parameter values (conventions.check_values): finite real numbers, the
        declared-positive parameters positive, e, u_0, hbar, k_B positive, T non-negative.  Values
        with units ("10 meV", semisym.model.units) are converted to SI first."""
        from semisym.model.units import resolve
        values, _ = resolve(self, values)
        return check_values(values, positive=self.positive)

    def __repr__(self):
        return f"Model({self.name!r}: {self.text})"


def validate_hamiltonian(H, parameters):
    if not isinstance(H, sp.MatrixBase):
        raise ModelError("the Hamiltonian must be a SymPy Matrix")
    if H.shape != (2, 2):
        raise ModelError(f"the Hamiltonian must be a 2x2 matrix, got {H.shape[0]}x{H.shape[1]}")
    allowed = {K_X, K_Y} | set(parameters.values())
    extra = H.free_symbols - allowed
    if extra:
        names = ", ".join(sorted(str(s) for s in extra))
        raise ModelError(f"unknown symbol(s) in the Hamiltonian: {names} "
                         "(use k_x, k_y and the model's parameters; parameters must be real)")
    if H.has(sp.zoo, sp.nan, sp.oo):
        raise ModelError("the Hamiltonian contains an infinite or undefined entry")
    diff = (H - H.H).applyfunc(lambda x: sp.simplify(sp.expand_complex(x)))
    if any(x != 0 for x in diff):
        raise ModelError("the Hamiltonian is not Hermitian (H - H^dagger != 0 for real k and parameters)")
    if not H.free_symbols & {K_X, K_Y}:
        raise ModelError("the Hamiltonian does not depend on k_x, k_y")


def from_text(text, name="custom", exchange=None, spin=None, positive=(), regimes=None, paper_symbols=None):
    """A model from a Hamiltonian written as text (parsed safely, never executed).

    Example: ``from_text("hbar*v_F*(k_x*sigma_y - k_y*sigma_x) + M*sigma_z")``.
    Every name other than k_x, k_y, sigma_0/x/y/z, I, pi is a real parameter
    (``hbar`` and the names in ``positive`` are positive).
    """
    H, params = parse_hamiltonian(text, positive=positive)
    spin_ops = PAULI_SPIN
    if spin is not None:
        spin_ops = tuple(parse_hamiltonian(s, positive=positive, symbols=params)[0] for s in spin)
    return Model(name=name, hamiltonian=H, parameters=params, spin=spin_ops,
                 exchange=exchange, regimes=dict(regimes or {}), text=text, paper_symbols=paper_symbols)


def from_matrix(H, name="custom", exchange=None, spin=None, regimes=None):
    """A model from a SymPy 2x2 matrix in ``semisym.K_X``, ``semisym.K_Y`` (or any
    symbols named ``k_x``, ``k_y``); every other symbol is a parameter and must be real."""
    if not isinstance(H, sp.MatrixBase):
        H = sp.Matrix(H)
    subs = {}
    params = {}
    for s in H.free_symbols:
        if s.name == "k_x":
            subs[s] = K_X
        elif s.name == "k_y":
            subs[s] = K_Y
        else:
            if not s.is_real:
                raise ModelError(f"parameter '{s.name}' must be declared real (Symbol('{s.name}', real=True))")
            params[s.name] = s
    H = H.xreplace(subs)
    return Model(name=name, hamiltonian=H, parameters=params,
                 spin=tuple(spin) if spin is not None else PAULI_SPIN,
                 exchange=exchange, regimes=dict(regimes or {}), text=sp.sstr(H))


# ---------------------------------------------------------------- built-ins
