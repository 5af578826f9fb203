"""The exact derivation, one module per link of the paper's chain: algebra (Laurent polynomials in
z = e^{i theta}) -> bands (eigenvectors, Berry connection, T) -> fermi (Fermi circles) -> kinetics
(collision integral, n^(-1), beta, gamma, J_E, J_sk, n^(sj), n^(sk)) -> sea (Fermi-sea integrals) ->
terms -> checks -> derivation (the chain assembled, closed forms, values)."""
