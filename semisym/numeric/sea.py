"""The Fermi-sea terms on the numeric path: sigma_yx (Eq. 72) as the solid angle swept by d/|d|
(line integrals along the Fermi contours and the circle at infinity), the spin density (Eq. 91) by
2D quadrature, adaptive (Gauss-Kronrod) in the angle beyond the Fermi contours."""

from __future__ import annotations


import numpy as np

from semisym.errors import ModelError
from semisym.model.scales import DECADES
from semisym.quadrature import outside_disc
from semisym.numeric.contours import contours
from semisym.numeric.hamiltonian import DOWN, SIGN, UP

# ------------------------------------------------------------------ Fermi sea

def _phase_rate(g, gg, dk):
    """d arg(g)/dt along a curve with tangent dk (arrays (n,), (n, xy), (n, xy))."""
    dg = gg[:, 0] * dk[:, 0] + gg[:, 1] * dk[:, 1]
    return np.imag(np.conj(g) * dg) / np.abs(g) ** 2


def _line_cos_dphi(ham, C, th):
    """L(C) = oint cos(Theta) dphi along contour C (counter-clockwise in theta) and the winding of g."""
    c, s = np.cos(th), np.sin(th)
    kx, ky = C.r * c, C.r * s
    d0, dz, g, gd0, gdz, gg = ham.fields(kx, ky)
    dk = np.stack([C.dr * c - C.r * s, C.dr * s + C.r * c], -1)
    rate = _phase_rate(g, gg, dk)
    cos = dz / np.sqrt(dz ** 2 + np.abs(g) ** 2)
    h = 2 * np.pi / len(th)
    return h * np.sum(cos * rate), h * np.sum(rate) / (2 * np.pi)


def _line_at_infinity(ham, n=4096):
    """L(oo) = oint cos(Theta_oo) dphi_oo from the top-degree parts of d_z and g, and the winding of g."""
    top = ham.top
    if top is None:
        raise ModelError("the Fermi-sea Hall term of an unbounded band needs d(k) polynomial in k_x, k_y "
                         "(the circle at infinity is taken from the top-degree terms)")
    nz, az, _ = top["z"]
    ng, ag, agp = top["g"]
    if ag is None:
        return 0.0, 0
    th = 2 * np.pi * (np.arange(n) + 0.5) / n
    a = np.asarray(ag(th), dtype=complex) * np.ones(n)
    ap = np.asarray(agp(th), dtype=complex) * np.ones(n)
    if np.min(np.abs(a)) < 1e-12 * np.max(np.abs(a)):
        raise ModelError("d_x + i d_y has a zero direction at large k: the circle at infinity is not resolved")
    rate = np.imag(np.conj(a) * ap) / np.abs(a) ** 2
    wind = int(round(np.sum(rate) * (2 * np.pi / n) / (2 * np.pi)))
    if az is None or nz < ng:
        return 0.0, wind
    if nz == ng:
        z = np.asarray(az(th), dtype=float) * np.ones(n)
        return float(np.sum(z / np.sqrt(z ** 2 + np.abs(a) ** 2) * rate) * 2 * np.pi / n), wind
    # nz > ng: cos Theta_oo = sign(a_z(theta)), piecewise; integrate between the sign changes
    from scipy.optimize import brentq
    fine = np.linspace(0, 2 * np.pi, 8 * n + 1)
    z = np.asarray(az(fine), dtype=float) * np.ones_like(fine)
    roots = [brentq(lambda t: float(az(t)), fine[i], fine[i + 1], xtol=1e-15)
             for i in range(len(fine) - 1) if z[i] * z[i + 1] < 0]
    edges = [0.0] + roots + [2 * np.pi]
    x, wq = np.polynomial.legendre.leggauss(48)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        t = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
        zz = np.sign(float(az(0.5 * (lo + hi))))
        a = np.asarray(ag(t), dtype=complex) * np.ones_like(t)
        ap = np.asarray(agp(t), dtype=complex) * np.ones_like(t)
        total += zz * 0.5 * (hi - lo) * np.sum(wq * np.imag(np.conj(a) * ap) / np.abs(a) ** 2)
    return total, wind


def _occupied_rings(ham, E, contours_):
    """For each band: occupied rings (lo, hi) along the rays, lo/hi a Contour, 0 or None (infinity)."""
    rings = {}
    for m in (UP, DOWN):
        cs = sorted([C for C in contours_ if C.band == m], key=lambda C: C.r[0])
        occ = ham.energies(np.array([0.0]), np.array([0.0]))[0, m] < E
        edges = [0] + cs + [None]
        out = []
        for i in range(len(edges) - 1):
            if occ:
                out.append((edges[i], edges[i + 1]))
            occ = not occ
        rings[m] = out
    return rings


def sea_sigma_yx(ham, E, th, contours_, e):
    """Intrinsic anomalous Hall term (Eq. 72) by the solid-angle boundary formula."""
    d0, dz0, g0, *_ = ham.fields(np.array([0.0]), np.array([0.0]))
    if abs(g0[0]) <= 1e-13 * ham.energy_scale:
        # the winding of g around k = 0, on a circle far inside every Fermi contour (or, without one,
        # far inside the model's largest characteristic momentum): both scales are the model's own
        scale = (min(C.r.min() for C in contours_) if contours_
                 else ham.k_range(E)[1] / 10.0 ** DECADES)
        rho = 1e-7 * scale
        tt = 2 * np.pi * np.arange(64) / 64
        kx, ky = rho * np.cos(tt), rho * np.sin(tt)
        _, dz, g, _, _, gg = ham.fields(kx, ky)
        dk = np.stack([-rho * np.sin(tt), rho * np.cos(tt)], -1)
        w0 = int(round(np.sum(_phase_rate(g, gg, dk)) / 64))
        s0 = float(np.sign(dz0[0]))
    else:
        w0, s0 = 0, 0.0
    L = {}
    for C in contours_:
        val, wind = _line_cos_dphi(ham, C, th)
        if abs(wind - w0) > 1e-6:
            raise ModelError("d_x + i d_y vanishes away from k = 0: the Fermi-sea Hall term by the boundary "
                             "formula needs its only zero at k = 0")
        L[id(C)] = val
    total = 0.0
    rings = _occupied_rings(ham, E, contours_)
    if any(hi is None for rs in rings.values() for _, hi in rs):
        L_inf, w_inf = _line_at_infinity(ham)
        if w_inf != w0:
            raise ModelError("d_x + i d_y vanishes away from k = 0: the Fermi-sea Hall term by the "
                             "boundary formula needs its only zero at k = 0")
    for m, rs in rings.items():
        for lo, hi in rs:
            phi = 0.0
            if hi is None:
                phi -= L_inf
            else:
                phi -= L[id(hi)]
            if lo == 0:
                phi += 2 * np.pi * s0 * w0
            else:
                phi += L[id(lo)]
            # int_R Omega^m d^2k = -SIGN_m Phi / 2 ; sigma = (e^2/hbar) sum_m int Omega / (2 pi)^2
            total += -SIGN[m] * phi / 2
    return e ** 2 / ham.hbar * total / (2 * np.pi) ** 2


def _spin_integrand(ham, kx, ky, m, e, spin_ops):
    """(ie/hbar) [T^{mn} R_x^{nm} - R_x^{mn} T^{nm}] of band m (Eq. 91) at the points (kx, ky).

    With T^{mn} = hbar S^{mn}/(i (eps_m - eps_n)) and R_x^{nm} = i V_x^{nm}/(eps_m - eps_n) the bracket
    is -2 e Im(S^{mn} V_x^{nm}) / (eps_m - eps_n)^2.  For H = d0 + d.sigma, V_x = d_x d . sigma, and a
    spin operator S_a = c_a0 + c_a.sigma, the two-level identity
    Im(<m|sigma_i|n><n|sigma_j|m>) = s_m eps_ijl d^_l (n != m, s_m = +-1) gives
    Im(S_a^{mn} V_x^{nm}) = s_m c_a.(d_x d x d^); with (eps_m - eps_n)^2 = 4|d|^2,

        integrand_a = -e s_m c_a.(d_x d x d) / (2 |d|^3)      [e per unit E_x, summed as sum_k]

    no eigenvectors needed (gauge invariant by construction)."""
    _, dz, g, _, gdz, gg = ham.fields(kx, ky)
    d = np.stack([g.real, g.imag, dz])
    cross = np.cross(np.stack([gg[..., 0].real, gg[..., 0].imag, gdz[..., 0]]), d, axis=0)
    dd3 = np.sum(d ** 2, 0) ** 1.5
    if np.any(dd3 <= 1e-300):
        raise ModelError("the two bands touch (d(k) = 0) inside the Fermi sea")
    c = np.array([_pauli_components(ham.spin[q]) for q in spin_ops])            # (q, 3)
    return -e * SIGN[m] * (c @ cross) / (2 * dd3)


_PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]])


def _pauli_components(S):
    """c with S = c_0 + c.sigma (S Hermitian): c_j = tr(S sigma_j)/2."""
    return np.real(np.einsum("jpq,qp->j", _PAULI, S)) / 2


def far_radius(ham, E, contours_):
    """Radius beyond which the Fermi-sea quadrature switches to the adaptive tail rule."""
    if contours_:
        # from a fixed ray set, so that K (and the cached tail) does not change with the ray count
        _, cs = contours(ham, E, 16)
        return 1.5 * max(C.r.max() for C in cs)
    ks = ham.k_grid(E)[1:]
    d = ham.energies(ks, 0 * ks)
    gap = d[:, 0] - d[:, 1]
    ref = 2 * gap[0] + abs(E - 0.5 * (d[0, 0] + d[0, 1]))
    return float(ks[np.argmax(gap > ref)]) if np.any(gap > ref) else float(ks[-1])


def sea_spin(ham, E, th, contours_, e, n_r=48, spin_ops=(0, 1), rtol=1e-10):
    """Intrinsic spin density (Eq. 91): (ie/hbar) sum_m int f_m [T^{mn} R_x^{nm} - R_x^{mn} T^{nm}].

    2D quadrature: up to the radius K (1.5 times the largest Fermi radius) a trapezoid rule in
    theta with Gauss-Legendre points along each ray between the crossing radii; beyond K, where
    the integrand of a warped model concentrates on lines whose width shrinks like 1/k^2, Gauss-
    Legendre in t (k = K/(1 - t)) on fixed circles and an adaptive Gauss-Kronrod rule in theta
    (semisym.quadrature.outside_disc).  Returns (values, error estimate of the tail: the angular
    rule's estimate plus the change from a smaller radial rule)."""
    x, wq = np.polynomial.legendre.leggauss(n_r)
    t01, w01 = 0.5 * (x + 1), 0.5 * wq
    n_theta = len(th)
    rings = _occupied_rings(ham, E, contours_)
    res = np.zeros(len(spin_ops))
    Kf = far_radius(ham, E, contours_)
    c, s = np.cos(th), np.sin(th)
    tail_bands = []
    for m, rs in rings.items():
        for lo, hi in rs:
            rlo = np.zeros(n_theta) if lo == 0 else lo.r
            rhi = np.full(n_theta, Kf) if hi is None else hi.r
            if hi is None:
                tail_bands.append(m)
            r = rlo[:, None] + (rhi - rlo)[:, None] * t01[None, :]
            jac = (rhi - rlo)[:, None] * w01[None, :]
            f = _spin_integrand(ham, (r * c[:, None]).ravel(), (r * s[:, None]).ravel(), m, e, spin_ops)
            res += np.sum(f.reshape(len(spin_ops), *r.shape) * (r * jac)[None], axis=(1, 2)) / (2 * np.pi * n_theta)
    err = 0.0
    if tail_bands:
        # the tail does not depend on the ray grid: computed once per (energy, K, bands, tolerance)
        key = (float(E), float(Kf), tuple(tail_bands), float(rtol), tuple(spin_ops))
        cache = ham.__dict__.setdefault("_tail_cache", {})
        if key not in cache:
            scale = max(np.max(np.abs(res)), 1e-300)
            density = lambda kx, ky: sum(_spin_integrand(ham, kx, ky, m, e, spin_ops) for m in tail_bands)
            val, err = outside_disc(density, Kf, len(spin_ops), rtol * scale)
            cache[key] = val, float(np.max(err))
        val, err = cache[key]
        res = res + val
    return res, float(err)
