"""The built-in models: the paper's TI surface (Eq. 68), the massive Dirac model, the Rashba
ferromagnet and the hexagonally warped TI surface, each with named Fermi-level regimes."""

from __future__ import annotations

from semisym.errors import ModelError
from semisym.model.hamiltonian import from_text


def ti_surface():
    """Magnetized topological-insulator surface, Eq. 68:
    H = hbar v_F (k_x sigma_y - k_y sigma_x) + M sigma_z; spin = Pauli matrices; exchange M."""
    text = "hbar*v_F*(k_x*sigma_y - k_y*sigma_x) + M*sigma_z"
    base = {"hbar": 1.0, "v_F": 1.0, "M": 0.3}
    return from_text(text, name="ti-surface", exchange="M", positive=("v_F",),
                     paper_symbols={"M": "M", "v_F": "v_F"}, regimes={
        "conduction": dict(base, epsilon_F=1.0),
        "valence": dict(base, epsilon_F=-1.0),
        "gap": dict(base, epsilon_F=0.1),
    })


def massive_dirac():
    """Massive Dirac model H = hbar v (k_x sigma_x + k_y sigma_y) + Delta sigma_z; exchange Delta."""
    text = "hbar*v*(k_x*sigma_x + k_y*sigma_y) + Delta*sigma_z"
    base = {"hbar": 1.0, "v": 1.0, "Delta": 0.3}
    return from_text(text, name="massive-dirac", exchange="Delta", positive=("v",),
                     paper_symbols={"M": "Delta", "v_F": "v"}, regimes={
        "conduction": dict(base, epsilon_F=1.0),
        "valence": dict(base, epsilon_F=-1.0),
        "gap": dict(base, epsilon_F=0.1),
    })


def rashba_ferromagnet():
    """Magnetized 2D electron gas with Rashba coupling:
    H = hbar^2 k^2/(2m) + alpha (k_y sigma_x - k_x sigma_y) + Delta sigma_z; exchange Delta.
    Regimes at hbar = m = alpha = 1, Delta = 0.3: both bands (eps_F > Delta), lower band only
    (-Delta < eps_F < Delta), annulus of the lower band (band minimum < eps_F < -Delta)."""
    text = "hbar**2*(k_x**2 + k_y**2)/(2*m) + alpha*(k_y*sigma_x - k_x*sigma_y) + Delta*sigma_z"
    base = {"hbar": 1.0, "m": 1.0, "alpha": 1.0, "Delta": 0.3}
    return from_text(text, name="rashba-ferromagnet", exchange="Delta", positive=("m", "alpha"), regimes={
        "two-bands": dict(base, epsilon_F=1.0),
        "lower-band": dict(base, epsilon_F=0.1),
        "annulus": dict(base, epsilon_F=-0.4),
    })


def ti_warped():
    """TI surface with hexagonal warping (anisotropic; numeric paths only):
    H = hbar v_F (k_x sigma_y - k_y sigma_x) + M sigma_z + lam (k_+^3 + k_-^3) sigma_z / 2,
    k_+- = k_x +- i k_y, i.e. lam (k_x^3 - 3 k_x k_y^2) sigma_z; exchange M."""
    text = "hbar*v_F*(k_x*sigma_y - k_y*sigma_x) + M*sigma_z + lam*(k_x**3 - 3*k_x*k_y**2)*sigma_z"
    base = {"hbar": 1.0, "v_F": 1.0, "M": 0.3, "lam": 0.1}
    return from_text(text, name="ti-warped", exchange="M", positive=("v_F",), regimes={
        "conduction": dict(base, epsilon_F=1.0),
    })


BUILTINS = {
    "ti-surface": ti_surface,
    "massive-dirac": massive_dirac,
    "rashba-ferromagnet": rashba_ferromagnet,
    "ti-warped": ti_warped,
}


def builtin(name):
    """A built-in model by name (see :data:`BUILTINS`)."""
    try:
        return BUILTINS[name]()
    except KeyError:
        raise ModelError(f"unknown model '{name}' (built-in models: {', '.join(BUILTINS)})") from None
