"""Independent check: Kubo-Streda linear response in the non-crossing approximation.

Nothing here uses the semiclassical chain: eigenvectors come from numerical
diagonalization of H(k), the Fermi circles from numerical root finding.  For the
response of an observable O to E = E_x x-hat (per unit E_x; J = -e v the current
operator, v = dH/(hbar dk); sum_k = int d^2k/(2 pi)^2):

    K = K^I + K^II                                   (Streda split, T = 0)
    K^I  = (hbar/4 pi) [ 2 Tr<O G^R J~_x G^A> - Tr<O G^R J_x G^R> - Tr<O G^A J_x G^A> ]  at eps_F
    G^R  = (eps_F - H_k - Sigma^R)^{-1},  Sigma^R = -i pi u_0^2 S(A(eps_F)),  A(E) = sum_k delta(E - H_k)
           (Born self-energy; its real, cutoff-dependent part renormalizes the band parameters
           and is dropped)
    J~_x = J_x + Lambda,  Lambda = u_0^2 S(sum_k G^R J~_x G^A)     (ladder, white noise: Lambda is a
           k-independent 2x2 matrix, solved exactly as a 4x4 linear problem)
    S(Y) = sum_AB w_AB sigma_A Y sigma_B for disorder U = sum_A u_A sigma_A with <u_A u_B> = u_0^2 w_AB
           (semisym.model.disorder; S(Y) = Y for the paper's scalar disorder)
    K^II = the Fermi-sea (Streda) part; disorder corrects it only at O(u_0^2), so its
           weak-disorder limit is its clean value, computed as
           K^II = K_clean - K^I_clean,
           K_clean   = -i hbar sum_k sum_{n != m} (f_n - f_m) O^{nm} J_x^{mn} / (eps_n - eps_m)^2
           K^I_clean = -hbar sum_{Fermi circles of band n} rho <Im(O^{nm} J_x^{mn}) / (eps_F - eps_m)>
           (the clean Kubo formula; for O = J_y it is the TKNN Berry-curvature sum).
The weak-disorder limit: K^I(u_0) u_0^2 = a + b u_0^2 + c u_0^4 + ... is computed at several
small u_0 and fitted; a is the 1/u_0^2 (Drude, Edelstein) coefficient, b the disorder-independent
part.  The fit's error estimate compares two polynomial degrees.  Integrals are over a disc
|k| < k_max (k_max = ``cutoff`` times the largest Fermi radius, or the model's largest characteristic momentum); the cutoff enters only
at O(u_0^2) and drops out of the limit.

Isotropic models: the angular integral is a trapezoid rule on 4N+4 rays (N the winding: exact for
the trigonometric polynomials of an isotropic model, whose traces reach harmonics 4N+2), the radial
one adaptive (Gauss-Kronrod, every ray and radius in one array pass) with break points at the Fermi
circles.  Anisotropic models: the same rule on a finer grid (96 rays by default), each ray
mapped so that the Fermi contours sit at fixed points of the radial variable, out to 1.5 times the
largest Fermi radius; the Fermi sea beyond, where the Berry curvature of a model like the cubic-warping
TI concentrates on angular lines of width ~1/k^2, by Gauss-Legendre circles with an adaptive angular
Gauss-Kronrod rule (semisym.kubo.sea).  The ray-grid part of the Fermi sea is redone on a grid twice
as fine and the change is added to the error estimate.  Crossed diagrams are outside this approximation, as they are outside the
semiclassical theory of the paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from semisym.conventions import BAND_NAME
from semisym.errors import ModelError, ParameterError
from semisym.model.scales import DECADES, hamiltonian_coefficients, momentum_range
from semisym.kubo.sea import FermiSea
from semisym.progress import expect, step
from semisym.quadrature import adaptive_kronrod
from semisym.result import Entry, Result
from semisym.model.hamiltonian import HBAR
from semisym.model.parse import K_X, K_Y

OBSERVABLES = ("sigma_yx", "sigma_xx", "s_x", "s_y")

#: error control of the Fermi-surface integrals at each broadening, relative to the largest of them
#: (the ladder sums, ~1/Gamma)
FS_RTOL = 1e-13


@dataclass
class KuboResult:
    """Weak-disorder limit of each response (per unit E_x)."""

    values: dict            # name -> {"total", "fermi_surface", "fermi_sea", "inverse_u0sq", "error"}
    circles: list
    fit: dict = field(default_factory=dict)   # name -> list of (u0^2, K^I u0^2)

    def __getitem__(self, name):
        return self.values[name]


class Kubo(FermiSea):
    """Numerical Kubo-Streda response of a 2x2 model at given parameter values."""

    def __init__(self, model, values, n_theta=None, cutoff=40.0, isotropic=None, disorder=None):
        from semisym.model.disorder import make, PAULI_ARRAYS
        self.model = model
        self.values = model.check_values(values)
        #: the disorder (semisym.model.disorder): U = sum_A u_A sigma_A, <u_A u_B> = u_0^2 w_AB delta
        self.disorder = make(disorder)
        w = self.disorder.numeric(self.disorder.values(self.values))
        pairs = [(PAULI_ARRAYS[A], PAULI_ARRAYS[B], w[A, B]) for A in range(4) for B in range(4) if w[A, B] != 0]
        #: the disorder average of one impurity line, Y -> sum_AB w_AB sigma_A Y sigma_B (the identity
        #: for scalar disorder), and the same as a 4x4 matrix on row-major vec(Y)
        self.S = lambda Y: sum(x * (a @ Y @ b) for a, b, x in pairs)
        self.Smat = sum(x * np.kron(a, b.T) for a, b, x in pairs)
        need = set(model.parameters) | {"epsilon_F", "e", "hbar"}
        missing = sorted(need - set(self.values))
        if missing:
            raise ParameterError(f"missing parameter value(s): {', '.join(missing)}")
        subs = {s: float(self.values[n]) for n, s in model.parameters.items()}
        subs[HBAR] = float(self.values["hbar"])
        self.hbar = float(self.values["hbar"])
        self.e = float(self.values["e"])
        self.eF = float(self.values["epsilon_F"])
        H = model.hamiltonian.xreplace(subs)
        entries = lambda M: [[sp.lambdify((K_X, K_Y), M[i, j], "numpy") for j in range(2)] for i in range(2)]
        self._H = entries(H)
        self._vx = entries(sp.diff(H, K_X) / self.hbar)
        self._vy = entries(sp.diff(H, K_Y) / self.hbar)
        self.spin = [np.array(s.xreplace(subs), dtype=complex) for s in model.spin[:2]]
        if isotropic is None:
            from semisym.model.form import is_isotropic
            isotropic = is_isotropic(model.hamiltonian)
        #: isotropic: one radial integral for all angles (the angular rule is exact);
        #: otherwise a radial integral on every ray of the angular grid (2D integration)
        self.isotropic = isotropic
        if n_theta is None and isotropic:
            # the angular integrands are trigonometric polynomials: H has harmonics up to +-N (its
            # winding), G = (E - H + i Gamma)^-1 too (its determinant is isotropic), J up to +-(N+1),
            # so a trace of O G J G up to 4N+2; the trapezoid rule on 4N+4 rays is exact for them
            from semisym.model.form import isotropic_form
            n_theta = 4 * abs(isotropic_form(model.hamiltonian).N) + 4
        n_theta = n_theta or 96
        self.th = 2 * np.pi * np.arange(n_theta) / n_theta
        self.cos, self.sin = np.cos(self.th), np.sin(self.th)
        self.cutoff = cutoff
        self._contours = None
        #: the model's own scales at these values: a momentum range that brackets every Fermi
        #: radius, its largest characteristic momentum, and an energy scale for the broadenings
        coeffs = hamiltonian_coefficients(H)
        if coeffs is None:
            raise ModelError("the Kubo referee needs a Hamiltonian polynomial in k_x, k_y")
        self.energy_scale = max(abs(self.eF), coeffs.get(0, 0.0))
        self.k_range = momentum_range(coeffs, self.energy_scale)
        self.k_scale = self.k_range[1] / 10.0 ** DECADES          # the largest characteristic momentum
        if self.energy_scale == 0:              # at a band touching with no k-independent term
            self.energy_scale = sum(c * self.k_scale ** n for n, c in coeffs.items())

    # ---------------------------------------------------------------- numerics of H

    def _mat(self, f, kx, ky):
        arr = np.empty(kx.shape + (2, 2), dtype=complex)
        for i in range(2):
            for j in range(2):
                arr[..., i, j] = np.broadcast_to(np.asarray(f[i][j](kx, ky), dtype=complex), kx.shape)
        return arr

    def ops(self, k, sel=slice(None)):
        """H, J_x, J_y at radius k on the rays ``sel`` of the angular grid (arrays (n, 2, 2))."""
        return self.ops_at(np.asarray(k) * self.cos[sel], np.asarray(k) * self.sin[sel])

    def ops_at(self, kx, ky):
        """H, J_x, J_y at the points (kx, ky) (arrays (n, 2, 2))."""
        H = self._mat(self._H, kx, ky)
        Jx = -self.e * self._mat(self._vx, kx, ky)
        Jy = -self.e * self._mat(self._vy, kx, ky)
        return H, Jx, Jy

    def bands(self, k, j=0):
        H = self._mat(self._H, np.array([k * self.cos[j]]), np.array([k * self.sin[j]]))[0]
        return np.linalg.eigvalsh(H)

    def _ray_roots(self, j):
        lo, hi = self.k_range
        ks = np.geomspace(lo, hi, int(200 * np.log10(hi / lo)) + 1)
        ev = np.linalg.eigvalsh(self._mat(self._H, ks * self.cos[j], ks * self.sin[j])) - self.eF
        out = []
        for n in range(2):
            for i in range(len(ks) - 1):
                if ev[i, n] * ev[i + 1, n] < 0:
                    kr = brentq(lambda k: self.bands(k, j)[n] - self.eF, ks[i], ks[i + 1], xtol=1e-15, rtol=1e-15)
                    # d eps/dk along the ray (Hellmann-Feynman): <n| hbar (cos v_x + sin v_y) |n>
                    kx, ky = np.array([kr * self.cos[j]]), np.array([kr * self.sin[j]])
                    _, V = np.linalg.eigh(self._mat(self._H, kx, ky)[0])
                    dv = self.cos[j] * self._mat(self._vx, kx, ky)[0] + self.sin[j] * self._mat(self._vy, kx, ky)[0]
                    slope = self.hbar * np.real(V[:, n].conj() @ dv @ V[:, n])
                    out.append((n, kr, slope))
        return out

    def contours(self):
        """Fermi contours as (band, radius on every ray, d eps/dk along the ray); band 0 = lower.
        Found by a scan along each ray and bisection (one ray for an isotropic model)."""
        if self._contours is not None:
            return self._contours
        rays = [self._ray_roots(0)] * len(self.th) if self.isotropic else [self._ray_roots(j) for j in range(len(self.th))]
        if len({len(r) for r in rays}) > 1:
            from semisym.errors import ModelError
            raise ModelError("a Fermi contour is not star-shaped around k = 0: the ray-wise Kubo integration cannot follow it")
        self._contours = [(rays[0][i][0], np.array([r[i][1] for r in rays]), np.array([r[i][2] for r in rays]))
                          for i in range(len(rays[0]))]
        return self._contours

    def circles(self):
        return [(n, float(kr.mean()), None, float(sl.mean())) for n, kr, sl in self.contours()]

    def spectral(self):
        """A(eps_F) = sum_k delta(eps_F - H_k), a 2x2 matrix."""
        A = np.zeros((2, 2), dtype=complex)
        for n, kr, sl in self.contours():
            for j in range(len(self.th)):
                H, _, _ = self.ops(kr[j], [j])
                w, V = np.linalg.eigh(H)
                P = np.outer(V[0, :, n], V[0, :, n].conj())
                A += kr[j] / (2 * np.pi * abs(sl[j])) * P / len(self.th)
        return A

    def k_max(self):
        """``cutoff`` times the largest Fermi radius, or without a Fermi contour the model's largest
        characteristic momentum (semisym.model.scales)."""
        rs = [kr.max() for _, kr, _ in self.contours()]
        return self.cutoff * (max(rs) if rs else self.k_scale)

    def _knots(self):
        """Per-ray knots [0, k_1(theta), ..., k_n(theta), k_max] of the radial map: the variable
        x in [0, n+1] is mapped piecewise linearly so that every Fermi contour sits at an integer x
        on every ray; one adaptive integral in x then serves all rays at once."""
        cs = sorted(self.contours(), key=lambda c: c[1].mean())
        nth = len(self.th)
        knots = [np.zeros(nth)] + [kr for _, kr, _ in cs] + [np.full(nth, self.k_max())]
        slopes = [sl for _, _, sl in cs]
        return np.array(knots), slopes

    def _map(self, x, knots):
        """Radius and Jacobian on every ray at one value x of the radial variable."""
        k, jac = self._map_array(np.array([x]), knots)
        return k[0], jac[0]

    def _map_array(self, x, knots):
        """:meth:`_map` for an array of x: radii and Jacobians (len(x), rays)."""
        i = np.minimum(np.floor(x).astype(int), knots.shape[0] - 2)
        a, b = knots[i], knots[i + 1]
        return a + (x - i)[:, None] * (b - a), b - a

    def _x_edges(self, knots, slopes, width):
        n = knots.shape[0] - 1
        edges = set(float(i) for i in range(n + 1))
        for i, sl in enumerate(slopes, start=1):
            seg = min(np.min(knots[i] - knots[i - 1]), np.min(knots[i + 1] - knots[i]))
            wdt = width / max(np.min(np.abs(sl)), 1e-300) / max(seg, 1e-300)
            for f in (2, 20, 200):
                for x in (i - f * wdt, i + f * wdt):
                    if i - 1 < x < i + 1:
                        edges.add(float(x))
        return sorted(edges)

    # ---------------------------------------------------------------- Fermi-surface part

    def _observables(self, H, Jx, Jy):
        return {"sigma_yx": Jy, "sigma_xx": Jx,
                "s_x": np.broadcast_to(self.spin[0], H.shape), "s_y": np.broadcast_to(self.spin[1], H.shape)}

    def fermi_surface(self, u0, u1=0.0):
        """K^I at disorder strength u0 for every observable; ``u1``: the third cumulant of scalar
        point impurities, <U U U>_c = u1^3 delta delta (third-order skew scattering)."""
        A_F = self.spectral()
        Gam = np.pi * u0 ** 2 * self.S(A_F)
        eF = self.eF
        E = [np.zeros((2, 2), dtype=complex) for _ in range(4)]
        for idx in range(4):
            E[idx][idx // 2, idx % 2] = 1.0
        nth = len(self.th)
        knots, slopes = self._knots()

        def integrand(x):
            # x: (P,) points of the radial variable; every ray at once: (P, nth) momenta
            k, jac = self._map_array(x, knots)
            H, Jx, Jy = self.ops_at((k * self.cos).ravel(), (k * self.sin).ravel())
            GR = np.linalg.inv(eF * np.eye(2) - H + 1j * Gam)
            GA = np.conj(np.swapaxes(GR, -1, -2))
            P = len(x)
            w = (k * jac / (2 * np.pi) / nth)                  # k dk dtheta/(2 pi)^2, theta sum
            per_x = lambda A: np.einsum("pj,pj...->p...", w, A.reshape((P, nth) + A.shape[1:]))
            RJA = GR @ Jx @ GA
            parts = [per_x(RJA).reshape(P, 4),
                     # L[i, j] = sum G^R E_ij G^A: (G^R E_ij G^A)_ab = G^R_ai G^A_jb
                     per_x(np.einsum("nai,njb->nijab", GR, GA)).reshape(P, 16)]
            for name, O in self._observables(H, Jx, Jy).items():
                traces = np.stack([np.einsum("nab,nba->n", O, RJA),
                                   np.einsum("nab,nba->n", O, GR @ Jx @ GR),
                                   np.einsum("nab,nba->n", O, GA @ Jx @ GA)], -1)
                parts += [per_x(GA @ O @ GR).reshape(P, 4), per_x(traces)]
            v = np.concatenate(parts, axis=1)
            return np.concatenate([v.real, v.imag], axis=1).T

        gmax = max(np.abs(np.linalg.eigvalsh(Gam)).max(), 1e-300)
        total = 0
        edges = self._x_edges(knots, slopes, gmax)
        for a, b in zip(edges[:-1], edges[1:]):
            # the break points already resolve the Lorentzians at the Fermi contours: a bisection that
            # does not reduce the estimate is at the rounding noise (stall_rounds)
            val, err = adaptive_kronrod(integrand, a, b, 0.0, rtol=FS_RTOL, n_start=4, chunk=256, stall_rounds=6)
            total = total + val
        n = len(total) // 2
        v = total[:n] + 1j * total[n:]
        X = v[0:4].reshape(2, 2)
        L = v[4:20].reshape(4, 2, 2)
        Lmat = np.array([L[idx].ravel() for idx in range(4)]).T        # vec(sum G E_idx G) as columns
        # Lambda = u0^2 S(Y) + u1^3 [G^R_loc Y + Y G^A_loc], Y = X + sum G^R Lambda G^A: the ladder rung
        # and the rung with three impurity lines at one impurity (two on the retarded, one on the
        # advanced line, or the reverse), G_loc = sum_k G = -+ i pi A(eps_F) (its real part, a
        # renormalization of the potential, dropped as in the self-energy); vec(Lambda) = M vec(Y)
        M = u0 ** 2 * self.Smat
        if u1:
            M = M + u1 ** 3 * (np.kron(-1j * np.pi * A_F, np.eye(2)) + np.kron(np.eye(2), (1j * np.pi * A_F).T))
        lam = np.linalg.solve(np.eye(4) - M @ Lmat, M @ X.ravel()).reshape(2, 2)
        out = {}
        pos = 20
        for name in OBSERVABLES:
            Y = v[pos:pos + 4].reshape(2, 2)
            tRA, tRR, tAA = v[pos + 4:pos + 7]
            pos += 7
            ra = tRA + np.sum(lam * Y.T)
            K = self.hbar / (4 * np.pi) * (2 * ra - tRR - tAA)
            out[name] = K.real
        return out

    # ---------------------------------------------------------------- clean (Fermi-sea) part

    def fermi_scale(self):
        """The energy over which the Fermi-surface response changes: the distance from eps_F to the
        nearest band edge (a band's value at k = 0 or an extremum along a ray, found on the ray scan
        of :meth:`_ray_roots`), at most the energy scale max(|eps_F|, the k-independent part of H),
        at least 1e-6 of it (eps_F on a band edge)."""
        if getattr(self, "_fermi_scale", None) is None:
            lo, hi = self.k_range
            ks = np.concatenate([[0.0], np.geomspace(lo, hi, int(200 * np.log10(hi / lo)) + 1)])
            edges = []
            for j in ([0] if self.isotropic else range(len(self.th))):
                ev = np.linalg.eigvalsh(self._mat(self._H, ks * self.cos[j], ks * self.sin[j]))   # (k, band)
                d = np.diff(ev, axis=0)
                edges += list(ev[0]) + list(ev[1:-1][d[:-1] * d[1:] < 0])
            dist = min(abs(x - self.eF) for x in edges)
            self._fermi_scale = min(self.energy_scale, max(dist, 1e-6 * self.energy_scale))
        return self._fermi_scale

    def u0_squares(self, gammas):
        """u_0^2 at the broadenings Gamma = pi u_0^2 tr S(A(eps_F))/2 given relative to
        :meth:`fermi_scale` (near a band edge the expansion in Gamma is one in Gamma/(eps_F - eps_edge))."""
        trA = np.trace(self.S(self.spectral())).real
        return np.array([2 * g * self.fermi_scale() / (np.pi * trA) for g in gammas])

    def limit(self, gammas=(1e-4, 2e-4, 4e-4, 8e-4, 1.6e-3, 3.2e-3), progress=None):
        """Weak-disorder limit of every observable.  ``gammas`` are the broadenings
        Gamma = pi u0^2 tr A(eps_F)/2 used, relative to :meth:`fermi_scale` (the distance from eps_F to
        the nearest band edge, at most max(|eps_F|, the k-independent part of H)).  ``progress``: a bar of :mod:`semisym.progress` (one step per Fermi-sea pass and
        per broadening)."""
        circles = self.circles()
        expect(progress, 1 + (not self.isotropic) + (len(gammas) if circles else 0))
        sea, sea_err = self.fermi_sea_all(OBSERVABLES)
        step(progress)
        if not self.isotropic:
            # the angular rule of the inner region is not exact for an anisotropic model: redo it on
            # a grid twice as fine (same inner radius, no tail) and count the change as error
            fine = Kubo(self.model, self.values, n_theta=2 * len(self.th), cutoff=self.cutoff, isotropic=False)
            fine.fermi_sea_all(OBSERVABLES, k_in=self.inner_radius(), tail=False)
            for name in OBSERVABLES:
                sea_err[name] += abs(fine.sea_inner[name] - self.sea_inner[name])
            step(progress)
        if not circles:
            vals = {name: {"total": sea[name], "fermi_surface": 0.0, "fermi_sea": sea[name],
                           "inverse_u0sq": 0.0, "error": sea_err[name]} for name in OBSERVABLES}
            return KuboResult(vals, [])
        u2 = self.u0_squares(gammas)
        data = {name: [] for name in OBSERVABLES}
        for x in u2:
            K = self.fermi_surface(math.sqrt(x))
            step(progress)
            for name in OBSERVABLES:
                data[name].append(K[name] * x)
        vals = {}
        for name in OBSERVABLES:
            y = np.array(data[name])
            fits = []
            top = min(4, len(u2) - 1)
            for deg in (top - 1, top):
                # fitted in u_0^2 / u_0^2[0] (dimensionless: u_0^2 is ~1e-78 in SI units)
                c = np.polynomial.polynomial.polyfit(u2 / u2[0], y, deg)
                fits.append(c)
            a, b = fits[1][0], fits[1][1] / u2[0]
            err = abs(fits[1][1] - fits[0][1]) / u2[0] + sea_err[name] + 1e-300
            vals[name] = {"total": b + sea[name], "fermi_surface": b, "fermi_sea": sea[name],
                          "inverse_u0sq": a, "error": err}
        # numpy's eigh orders the bands upwards (n = 0 lower); conventions: band 0 is the upper one
        return KuboResult(vals, [{"band": BAND_NAME[1 - n], "radius": kr} for n, kr, _, _ in circles],
                          {name: list(zip(u2, data[name])) for name in OBSERVABLES})


def skew3_limit(kb, gammas=(1e-4, 2e-4, 4e-4, 8e-4, 1.6e-3), kappa=1e-2):
    """The coefficient of u_1^3/u_0^4 (third-order skew scattering) of every observable of the Kubo
    object ``kb``, with an error estimate: at each broadening K^I is computed with u_1^3 = +-kappa u_0^4
    and +-2 kappa u_0^4 (kappa in units of 1/energy scale); the odd part in u_1^3, Richardson-combined
    to remove the (u_1^3)^3 term, is fitted in u_0^2 like the Drude coefficient."""
    if not kb.circles():
        return {name: {"coefficient": 0.0, "error": 0.0} for name in OBSERVABLES}
    u2 = kb.u0_squares(gammas)
    kap = kappa / kb.energy_scale
    data = {name: [] for name in OBSERVABLES}
    for x in u2:
        odd = {}
        for f in (1, 2):
            cube = f * kap * x ** 2
            hi, lo = kb.fermi_surface(math.sqrt(x), np.cbrt(cube)), kb.fermi_surface(math.sqrt(x), -np.cbrt(cube))
            odd[f] = {n: (hi[n] - lo[n]) / 2 for n in OBSERVABLES}
        for n in OBSERVABLES:
            data[n].append((8 * odd[1][n] - odd[2][n]) / (6 * kap))
    out = {}
    for n in OBSERVABLES:
        y = np.array(data[n])
        fits = [np.polynomial.polynomial.polyfit(u2 / u2[0], y, deg) for deg in (2, 3)]
        out[n] = {"coefficient": fits[1][0], "error": abs(fits[1][0] - fits[0][0]) + 1e-300}
    return out


#: the term names of a Kubo result: the weak-disorder limit K = a/u_0^2 + b, b = Fermi surface + Fermi sea
KUBO_TERMS = {"sigma_yx": "drude_coefficient", "sigma_xx": "drude_coefficient",
              "s_x": "edelstein_coefficient", "s_y": "edelstein_coefficient"}


def to_result(model, values: dict, res: KuboResult) -> Result:
    """The one result type from a :class:`KuboResult`: for each observable the total u_0^0 part,
    its Fermi-surface and Fermi-sea parts, and the coefficient a of 1/u_0^2 (Drude, Edelstein)."""
    entries = {}
    for q, v in res.values.items():
        for t, key in (("total", "total"), ("fermi_surface", "fermi_surface"), ("fermi_sea", "fermi_sea"),
                       (KUBO_TERMS[q], "inverse_u0sq")):
            entries[(q, t)] = Entry(q, t, float(v[key]), float(v["error"]), None, "Kubo-Streda")
    info = {"circles": res.circles, "note": "*_coefficient terms are the coefficients of 1/u_0^2; "
            "the other terms are the disorder-independent parts"}
    return Result(model.name, model.text, "Kubo-Streda", entries, inputs=dict(values), info=info,
                  parameters=model.parameter_names(disorder=False))


def kubo(model, values: dict, progress=None, crossed=True, **kw) -> Result:
    """Weak-disorder Kubo-Streda limit (non-crossing) of sigma_yx, sigma_xx, s_x, s_y at ``values``,
    as a :class:`semisym.result.Result`.  With ``crossed`` (isotropic models) also the crossed X and
    Psi diagrams (:mod:`semisym.kubo.crossed`): the term ``crossed`` of each observable and, for the
    Hall-like ones (no 1/u_0^2 part), ``total_full`` = total + crossed, the whole response of order
    u_0^0 beyond the non-crossing approximation."""
    if isinstance(model, str):
        from semisym.model.builtins import builtin
        model = builtin(model)
    values = {k: v for k, v in model.check_values(values).items() if k != "u_0"}   # the limit needs no u_0
    kb = Kubo(model, values, **kw)
    values.update(kb.disorder.values(values))
    res = to_result(model, values, kb.limit(progress=progress))
    if kb.disorder.third:
        for q, v in skew3_limit(kb).items():
            res.entries[(q, "skew_3_coefficient")] = Entry(q, "skew_3_coefficient", float(v["coefficient"]),
                                                           float(v["error"]), None, "Kubo-Streda")
        res.info["note"] += "; skew_3_coefficient: the coefficient of u_1^3/u_0^4 (third-order skew scattering)"
        from semisym.result import APPROXIMATION_THIRD
        res.approximation = APPROXIMATION_THIRD
    if not kb.disorder.scalar:
        res.info["disorder"] = kb.disorder.describe(values)
    if crossed and kb.isotropic and kb.disorder.scalar:
        add_crossed(res, kb)
    elif crossed:
        res.info["crossed"] = ("not computed: the crossed diagrams are implemented for isotropic models with "
                               "scalar disorder")
    return res


def add_crossed(res: Result, kb) -> None:
    """Add the crossed diagrams of :func:`semisym.kubo.crossed.crossed_limit` to a Kubo result:
    ``crossed`` for every observable, ``total_full`` where the observable is Hall-like."""
    from semisym.kubo.crossed import crossed_limit
    from semisym.result import APPROXIMATION_CROSSED
    for q, v in crossed_limit(kb).items():
        res.entries[(q, "crossed")] = Entry(q, "crossed", v["value"], v["error"], None, "Kubo-Streda, crossed")
        if v["hall_like"]:
            tot = res.entries[(q, "total")]
            res.entries[(q, "total_full")] = Entry(q, "total_full", tot.value + v["value"], tot.error + v["error"],
                                                   None, "Kubo-Streda, crossed")
    res.info["note"] += ("; crossed: the X and Psi diagrams (skew scattering on pairs of impurities, the part "
                         "antisymmetric in the scattering); total_full = total + crossed, for the Hall-like "
                         "observables (no 1/u_0^2 part), where it is the whole response of order u_0^0")
    res.approximation = APPROXIMATION_CROSSED
