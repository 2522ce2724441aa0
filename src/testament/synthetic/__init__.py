"""Seeded synthetic scenarios with ground truth: victim lists, testimonies and the truth behind them.

    from testament.synthetic import generate, scenario
    result = generate("demo-data", scenario("realistic", people=5000, lists=5), seed=1)

Real victim data never goes into the repository; this stage makes data whose every answer is known, for
the demo, the tests and the benchmarks. See docs/synthetic.md for every knob.
"""

from __future__ import annotations

from testament.synthetic.generator import ProgressFn, SynthResult, generate
from testament.synthetic.scenario import SCENARIO_NAMES, ListSpec, ScenarioSpec, load_scenario, scenario
from testament.synthetic.truth import Truth, read_truth, truth_for_records, truth_of_case

__all__ = [
    "SCENARIO_NAMES",
    "ListSpec",
    "ProgressFn",
    "ScenarioSpec",
    "SynthResult",
    "Truth",
    "generate",
    "load_scenario",
    "read_truth",
    "scenario",
    "truth_for_records",
    "truth_of_case",
]
