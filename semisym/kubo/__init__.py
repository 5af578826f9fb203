"""The independent referee: the Kubo-Streda linear response in the non-crossing approximation,
computed from Green's functions with no use of the semiclassical formulas (it imports neither
semisym.symbolic nor semisym.numeric; a contract in the test suite enforces it)."""

from semisym.kubo.streda import KUBO_TERMS, OBSERVABLES, Kubo, KuboResult, kubo, to_result

__all__ = ["Kubo", "KuboResult", "kubo", "to_result", "OBSERVABLES", "KUBO_TERMS"]
