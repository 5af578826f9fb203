"""The numeric path: the general formulas on discretized Fermi contours for any 2x2 H(k_x, k_y)
(contour), and finite temperature (thermal)."""
