"""Multiple systems estimation: the true number of victims from the overlap of incomplete lists."""

from testament.estimate.history import CaptureHistory
from testament.estimate.result import EstimateResult

__all__ = ["CaptureHistory", "EstimateResult"]
