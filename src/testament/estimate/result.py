"""What every estimator returns: the number, its interval, and everything needed to reproduce it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from testament import __version__

__all__ = ["EstimateResult"]


@dataclass
class EstimateResult:
    """One estimate of the total N. For Bayesian methods `estimate` is the posterior median and
    `lower`/`upper` the 2.5%/97.5% posterior quantiles; for log-linear models, the MLE of N and the 95%
    multinomial profile-likelihood interval."""

    method: str  # loglinear, dga, lcmcr
    model: str  # Rcapture-style name: M0, Mt, Mth-chao, [123,14,34], ...; "bma" for dga
    estimate: float
    lower: float
    upper: float
    observed: int
    input_sha256: str
    settings: dict[str, Any] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)
    stderr: float | None = None
    seed: int | None = None
    stratum: str | None = None
    elapsed_s: float | None = None
    version: str = __version__
    draws: np.ndarray | None = field(default=None, repr=False)  # posterior draws of N (Bayesian methods)
    # what was estimated: kind, source, lists used, strata made (`EstimateInput.to_dict`); empty when the
    # result was made from a bare CaptureHistory
    input: dict[str, Any] = field(default_factory=dict)
    # the same method re-run over other plausible linkages of a case (`testament.estimate.linkage`): the
    # spread of the estimates and an interval that combines linkage and model uncertainty; None when not
    # computed (a file, or --linkages 0)
    linkage: dict[str, Any] | None = None
    # set on the estimate `testament.estimate.advice` recommends among several methods: why
    recommendation: str | None = None

    @property
    def warnings(self) -> list[str]:
        """Every warning about this number: the estimator's, the stratum's and the input's."""
        return list(self.diagnostics.get("warnings", []))

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly; posterior draws are summarised, not dumped. `warnings` is a top-level field (the
        same messages stay in `diagnostics["warnings"]`)."""
        out = {k: v for k, v in self.__dict__.items() if k != "draws"}
        out["warnings"] = self.warnings
        return _plain(out)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value
