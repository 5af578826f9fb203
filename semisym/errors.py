"""Errors.

Every error that semisym raises for something the user gave it derives from
:class:`SemisymError`; its message names the problem in one line.  The command
line turns these into a one-line message and exit status 2.  :class:`InternalError` is a
failed consistency test inside semisym, not the user's fault: exit status 1 and a message
that says it is a bug.
"""


class SemisymError(ValueError):
    """Base class: the input cannot be turned into a correct result."""


class ModelError(SemisymError):
    """The Hamiltonian is not a 2x2 Hermitian matrix in k_x, k_y, or cannot be parsed."""


class NotIsotropicError(ModelError):
    """The model is not isotropic; the symbolic path needs an isotropic model."""


class ParameterError(SemisymError):
    """A parameter value is missing, unknown, non-numeric or out of range."""


class RegimeError(SemisymError):
    """Parameter values lie in another Fermi-level regime than the derivation."""


class InternalError(RuntimeError):
    """A consistency test inside semisym failed: a bug, not bad input."""

    def __init__(self, message):
        super().__init__(f"internal error (a bug in semisym, please report it with the input): {message}")
