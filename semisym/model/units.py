"""Parameter values with units.

A value may carry a unit: ``"10 meV"``, ``"5e5 m/s"``, ``"0.1 eV"``, ``"300 K"`` (text, read by
pint, the units library) or a pint Quantity.  Given with units, every value is converted to SI and
hbar, e and k_B take their CODATA values (scipy.constants) unless given; the results are then in SI
(sigma in siemens, spin densities per m^2 per V/m).  Plain numbers everywhere are natural units, as
before: e = hbar = 1 by value.  Mixing the two is an error, since a plain number has no unit to be
converted from.

The dimension of every parameter follows from the Hamiltonian: every term of H is an energy and
k_x, k_y are inverse lengths; epsilon_F is an energy, u_0 an energy times a length
(<U(r) U(r')> = u_0^2 delta(r - r') in 2D), T a temperature.  A value of the wrong dimension is a
one-line error that names the term it breaks.
"""

from __future__ import annotations

import functools

import sympy as sp

from semisym.errors import ParameterError
from semisym.model.parse import K_X, K_Y


@functools.lru_cache(maxsize=1)
def registry():
    from semisym.extras import need
    pint = need("pint", "a value with a unit")
    return pint.UnitRegistry()


def has_units(values):
    """True if any value is text that is not a plain number, or a pint Quantity."""
    for v in (values or {}).values():
        if hasattr(v, "dimensionality"):
            return True
        if isinstance(v, str):
            try:
                float(v)
            except ValueError:
                return True
    return False


def _quantity(name, v):
    ureg = registry()
    if hasattr(v, "dimensionality"):
        return ureg.Quantity(v.magnitude, str(v.units))
    if isinstance(v, str):
        try:
            return ureg.Quantity(v)
        except Exception:                   # pint raises several kinds for text it cannot read
            raise ParameterError(f"parameter {name} has a non-numeric value '{v}' (not a number, nor a number "
                                 "with a unit such as '10 meV')") from None
    raise ParameterError(f"parameter {name} = {v!r} has no unit while others have: give every value with "
                         "its unit, or none (natural units)")


#: the dimension of the parameters that every model has
FIXED = {"epsilon_F": "J", "u_0": "J*m", "hbar": "J*s", "e": "C", "T": "K", "k_B": "J/K"}


def resolve(model, values):
    """(values in SI as floats, "SI") if any value carries a unit, else (values, "natural")."""
    if not has_units(values):
        return dict(values or {}), "natural"
    from scipy import constants
    ureg = registry()
    q = {n: _quantity(n, v) for n, v in values.items()}
    q.setdefault("hbar", constants.hbar * ureg.Quantity("J*s"))
    q.setdefault("e", constants.e * ureg.Quantity("C"))
    if "T" in q:
        q.setdefault("k_B", constants.k * ureg.Quantity("J/K"))
    for name, unit in FIXED.items():
        if name in q and q[name].dimensionality != ureg.Quantity(unit).dimensionality:
            raise ParameterError(f"{name} = {values.get(name, q[name])} has the wrong dimension "
                                 f"({q[name].dimensionality}; expected that of {unit})")
    _check_hamiltonian(model, q)
    return {n: float(x.to_base_units().magnitude) for n, x in q.items()}, "SI"


def _check_hamiltonian(model, q):
    """Every term of every entry of H must be an energy with k in 1/m."""
    ureg = registry()
    energy = ureg.Quantity("J").dimensionality
    subs = {K_X: ureg.Quantity("1/m"), K_Y: ureg.Quantity("1/m")}
    from semisym.model.hamiltonian import HBAR
    symbols = dict(model.parameters)
    symbols.setdefault("hbar", HBAR)
    for name, s in symbols.items():
        if name not in q:
            continue
        subs[s] = q[name]
    for entry in model.hamiltonian:
        for term in sp.Add.make_args(sp.expand(entry)):
            value = ureg.Quantity(1)
            for factor, power in term.as_powers_dict().items():
                if factor.is_number:
                    continue
                if factor not in subs:
                    break                 # a parameter without a value: named elsewhere
                value = value * subs[factor] ** (int(power) if power.is_Integer else float(power))
            else:
                if value.dimensionality != energy:
                    names = ", ".join(sorted(str(x) for x in term.free_symbols if x not in (K_X, K_Y)))
                    raise ParameterError(f"the term {term} of H is not an energy with these units "
                                         f"({value.dimensionality}): check the units of {names}")
