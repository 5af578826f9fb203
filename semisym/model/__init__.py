"""Two-band models: the Hamiltonian H(k) = d0(k) sigma_0 + d(k).sigma as text or a SymPy matrix,
its parameters and spin operators, its polar form, and the built-in models."""

from semisym.model.builtins import (BUILTINS, builtin, massive_dirac, rashba_ferromagnet, ti_surface,
                                    ti_warped)
from semisym.model.form import is_isotropic, isotropic_form
from semisym.model.hamiltonian import E_CHARGE, HBAR, U0, Model, fermi_symbol, from_matrix, from_text
from semisym.model.parse import K_X, K_Y, PAULI

__all__ = ["Model", "from_text", "from_matrix", "builtin", "BUILTINS", "ti_surface", "massive_dirac",
           "rashba_ferromagnet", "ti_warped", "is_isotropic", "isotropic_form", "E_CHARGE", "HBAR", "U0",
           "fermi_symbol", "K_X", "K_Y", "PAULI"]
