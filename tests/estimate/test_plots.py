"""Charts: files are written, are valid SVG/PNG, and show what they claim to show."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from testament.errors import InputError
from testament.estimate import CaptureHistory, EstimateResult
from testament.estimate.plots import plot_overlap, plot_posterior, plot_trace
from tests.conftest import MSE_DATA

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def posterior_result() -> EstimateResult:
    draws = np.random.default_rng(1).negative_binomial(20, 0.02, size=(3, 400)) + 500
    lower, median, upper = np.quantile(draws, [0.025, 0.5, 0.975])
    return EstimateResult(
        method="lcmcr",
        model="K*=10",
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        observed=500,
        input_sha256="0" * 64,
        diagnostics={"rhat": 1.002},
        draws=draws,
    )


def _svg_root(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    return root


def _ids(root: ET.Element) -> set[str]:
    return {el.attrib["id"] for el in root.iter() if "id" in el.attrib}


def _texts(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG_NS}text"))


def test_plot_posterior_svg_marks_interval(tmp_path: Path, posterior_result: EstimateResult) -> None:
    out = plot_posterior(posterior_result, tmp_path / "posterior.svg")
    root = _svg_root(out)
    assert {"interval", "estimate", "histogram"} <= _ids(root)
    text = _texts(root)
    assert f"{posterior_result.lower:,.0f}" in text
    assert f"{posterior_result.upper:,.0f}" in text
    assert f"{posterior_result.estimate:,.0f}" in text


def test_plot_posterior_png_written(tmp_path: Path, posterior_result: EstimateResult) -> None:
    out = plot_posterior(posterior_result, tmp_path / "sub" / "posterior.png")
    data = out.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 5000


def test_plot_posterior_svg_reproducible(tmp_path: Path, posterior_result: EstimateResult) -> None:
    first = plot_posterior(posterior_result, tmp_path / "a.svg").read_bytes()
    second = plot_posterior(posterior_result, tmp_path / "b.svg").read_bytes()
    assert first == second


def test_plot_trace_one_line_per_chain(tmp_path: Path, posterior_result: EstimateResult) -> None:
    root = _svg_root(plot_trace(posterior_result, tmp_path / "traces.svg"))
    assert {"chain-1", "chain-2", "chain-3"} <= _ids(root)
    assert "chain-4" not in _ids(root)
    assert "R-hat 1.002" in _texts(root)
    assert plot_trace(posterior_result, tmp_path / "traces.png").read_bytes().startswith(PNG_SIGNATURE)


def test_plot_overlap_kosovo_counts_and_lists(tmp_path: Path) -> None:
    history = CaptureHistory.from_pattern_csv(MSE_DATA / "kosovo.csv")[None]
    root = _svg_root(plot_overlap(history, tmp_path / "overlap.svg"))
    text = _texts(root)
    assert all(name in text for name in history.lists)
    assert f"{int(history.observed_counts().max()):,}" in text  # the largest pattern's bar is labelled
    assert {"pattern-counts", "list-totals"} <= _ids(root)
    assert plot_overlap(history, tmp_path / "overlap.png").read_bytes().startswith(PNG_SIGNATURE)


def test_plot_overlap_many_patterns_says_what_is_hidden(tmp_path: Path) -> None:
    history = CaptureHistory.from_pattern_csv(MSE_DATA / "my_5list.csv")[None]
    nonzero = int((history.observed_counts() > 0).sum())
    root = _svg_root(plot_overlap(history, tmp_path / "overlap.svg", max_patterns=10))
    assert f"{nonzero - 10} smaller patterns not shown" in _texts(root)


def test_plot_posterior_dga_grid_drawn_as_density(tmp_path: Path) -> None:
    values = np.arange(600.0, 701.0)
    mass = np.exp(-0.5 * ((values - 640.0) / 12.0) ** 2)
    result = EstimateResult(
        method="dga",
        model="bma",
        estimate=640.0,
        lower=617.0,
        upper=664.0,
        observed=537,
        input_sha256="0" * 64,
        draws=np.vstack([values, mass]),
    )
    root = _svg_root(plot_posterior(result, tmp_path / "dga.svg"))
    assert {"interval", "estimate", "histogram"} <= _ids(root)
    assert "617 – 664" in _texts(root)
    with pytest.raises(InputError, match="grid"):
        plot_trace(result, tmp_path / "trace.svg")


def test_plot_unknown_suffix_rejected(tmp_path: Path, posterior_result: EstimateResult) -> None:
    with pytest.raises(InputError, match=r"\.svg or \.png"):
        plot_posterior(posterior_result, tmp_path / "posterior.jpg")
    assert not (tmp_path / "posterior.jpg").exists()


def test_plot_posterior_without_draws_rejected(tmp_path: Path, posterior_result: EstimateResult) -> None:
    posterior_result.draws = None
    with pytest.raises(InputError, match="no posterior draws"):
        plot_posterior(posterior_result, tmp_path / "posterior.svg")
