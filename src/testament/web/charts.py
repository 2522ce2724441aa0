"""The dashboard's chart, drawn on the server by matplotlib as an accessible SVG: a `<title>` and a `<desc>`
that say what it shows in words, text kept as text, the same numbers in the table beside it (the fallback
for anyone who cannot see the picture).

matplotlib is used through its object API on the Agg canvas (no pyplot, no global state: safe in a server's
threads). Its SVG carries a `<style>` element and style attributes, which the pages' Content-Security-Policy
(`style-src 'self'`) would refuse inline; so the chart is its own file, served with a policy of its own and
shown by `<img src>`, where the browser renders it as a picture that runs nothing."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

__all__ = ["CHART_CSP", "WeekBar", "triangulation_svg"]

# The chart's own policy: nothing loads, its inline styles apply (an image runs no script anyway).
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_DOCUMENTED = "#4a6fa5"
_REPORTED = "#c0392b"
_ROOT = re.compile(rb"<svg\b[^>]*>")


@dataclass(frozen=True)
class WeekBar:
    week: str  # the Monday, ISO
    documented: int
    reported: Sequence[int]  # each witness's count for that week


def triangulation_svg(
    bars: Sequence[WeekBar],
    *,
    title: str,
    description: str,
    documented_label: str,
    reported_label: str,
    week_label: str,
    persons_label: str,
) -> bytes:
    """Documented deaths per week as bars, each count a witness reported for that week as a dot beside
    them. Labels come translated from the caller."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.0, 3.6), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    xs = list(range(len(bars)))
    ax.bar(xs, [b.documented for b in bars], color=_DOCUMENTED, label=documented_label, gid="documented")
    dots = [(x, v) for x, b in zip(xs, bars, strict=True) for v in b.reported]
    if dots:
        ax.scatter(
            [x + 0.25 for x, _ in dots], [v for _, v in dots], color=_REPORTED, marker="D", s=28,
            label=reported_label, zorder=3, gid="reported",
        )  # fmt: skip
    ax.set_xticks(xs, [b.week for b in bars], rotation=45, ha="right", fontsize=8)
    ax.set_xlabel(week_label)
    ax.set_ylabel(persons_label)
    ax.spines[["top", "right"]].set_visible(False)
    if bars:
        ax.legend(frameon=False, fontsize=8)
    out = io.BytesIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "testament"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    return _accessible(out.getvalue(), title, description)


def _accessible(svg: bytes, title: str, description: str) -> bytes:
    """The SVG with `role="img"`, a `<title>` and a `<desc>` first inside its root (what a screen reader
    says of it when it is opened by itself)."""
    found = _ROOT.search(svg)
    if found is None:  # matplotlib always writes one; never serve a chart without its words
        raise ValueError("not an SVG document")
    root = found.group(0)
    labelled = root[:-1] + b' role="img" aria-labelledby="chart-title chart-desc">'
    words = (
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>'
    ).encode()
    return svg[: found.start()] + labelled + words + svg[found.end() :]
