"""Multiple systems estimation: the true number of victims from the overlap of incomplete lists.

Estimators load their heavy parts (numba, scipy, matplotlib) on first use, so importing this package is
cheap. See docs/estimation.md.
"""

from testament.estimate.history import CaptureHistory
from testament.estimate.inputs import EstimateInput, estimate_source, read_input
from testament.estimate.result import EstimateResult
from testament.estimate.run import METHODS, EstimateOptions, combine_strata, run_estimates

__all__ = [
    "METHODS",
    "CaptureHistory",
    "EstimateInput",
    "EstimateOptions",
    "EstimateResult",
    "combine_strata",
    "estimate_source",
    "read_input",
    "run_estimates",
]
