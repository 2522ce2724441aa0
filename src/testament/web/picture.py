"""The picture pages: the dashboard (counts, estimates, documented deaths beside witnesses' counts per prison
and week: one table, one chart, every cell opening the claims behind it), the timeline of acts with its
filters, and the offline map of prisons, cities and burial sites. Each route calls one `testament.views`
function with the signed-in viewer (the access gate is in the library) and renders it.

The map and the timeline are SVG drawn here, inline in the page: shapes carry presentation attributes
(`fill`, `stroke`), never a `style`, so the pages' Content-Security-Policy holds, and each point is a link
to the claims behind it. The dashboard's chart is matplotlib's (`testament.web.charts`), served as its own
SVG file and shown by `<img>`, with the same numbers in the table beside it."""

from __future__ import annotations

import datetime
import json
import math
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from testament import views
from testament.errors import InputError
from testament.store.access import Viewer
from testament.web.auth import case_of, check_csrf, current_viewer
from testament.web.charts import CHART_CSP, WeekBar, triangulation_svg
from testament.web.i18n import N_
from testament.web.i18n import gettext as _
from testament.web.pages import MAX_ID, render

__all__ = ["chosen", "map_svg", "router", "timeline_svg"]

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
Signed = Annotated[Viewer, Depends(current_viewer)]
Name = Annotated[str | None, Query(max_length=200)]
STATIC_DIR = Path(__file__).parent / "static"
# words of the case's vocabulary shown on these pages, marked for the catalogues and translated where shown
VOCABULARY = (
    N_("execution"), N_("arrest"), N_("transfer"), N_("hearing"), N_("flogging"), N_("torture"),
    N_("prison"), N_("city"), N_("burial"), N_("list"), N_("testimony"), N_("proposed"), N_("accepted"),
    N_("edited"), N_("rejected"),
)  # fmt: skip


def chosen(value: str | None) -> str | None:
    """A filter as asked: blank means any (None)."""
    return value.strip() or None if value is not None else None


# --- dashboard ----------------------------------------------------------------------------------------------


AsOf = Annotated[int | None, Query(ge=0, le=MAX_ID)]
_POINTS = ("exact", "about")  # the witnesses' counts the chart draws as points


@router.get("/dashboard")
def dashboard(request: Request, viewer: Signed, prison: Name = None) -> Response:
    board = views.dashboard(case_of(request), viewer, prison=chosen(prison))
    # the chart and the cells open the figures this page shows (older ones while newer are counted)
    pinned = {"as_of": board.as_of} if board.updating else {}
    chart_query = urlencode({**({"prison": board.prison} if board.prison else {}), **pinned})

    def cell_link(kind: str, prison: str, week: str | None) -> str:
        query = {"kind": kind, "prison": prison, "week": week or "", **pinned}
        return "/dashboard/claims?" + urlencode(query)

    return render(
        request,
        "dashboard.html",
        title=_("Dashboard"),
        board=board,
        chart_src="/dashboard/chart.svg" + (f"?{chart_query}" if chart_query else ""),
        cell_link=cell_link,
    )


@router.get("/dashboard/chart.svg")
def dashboard_chart(request: Request, viewer: Signed, prison: Name = None, as_of: AsOf = None) -> Response:
    """The chart as its own SVG file, with a policy that lets matplotlib's inline styles apply inside it."""
    board = views.dashboard(case_of(request), viewer, prison=chosen(prison), as_of=as_of)
    weeks: dict[str, WeekBar] = {}
    for row in board.rows:
        if row.week is None:
            continue
        bar = weeks.get(row.week) or WeekBar(row.week, 0, [])
        # a point only for a count given as a number: a bound ("more than 300"), a range or a vague quantity
        # ("thousands") drawn as a dot would read as exact; the table shows them as the texts give them
        points = [f.value for f in row.reported if f.qualifier in _POINTS]
        weeks[row.week] = WeekBar(row.week, bar.documented + row.documented, [*bar.reported, *points])
    bars = [weeks[w] for w in sorted(weeks)]
    where = board.prison or _("all prisons")
    description = _(
        "Bars: persons the lists document as executed in each week (%(where)s); diamonds: each count a "
        "witness gave as a number (exactly or about) for that week. %(documented)s persons documented in "
        "all; the same numbers are in the table on the dashboard, with the counts given as bounds, ranges or "
        "in words (“thousands”), which are not drawn.",
        where=where,
        documented=board.documented_total,
    )
    svg = triangulation_svg(
        bars,
        title=_("Documented deaths and witnesses' counts per week"),
        description=description,
        documented_label=_("documented deaths"),
        reported_label=_("a witness's count"),
        week_label=_("week beginning"),
        persons_label=_("persons"),
    )
    return Response(svg, media_type="image/svg+xml", headers={"Content-Security-Policy": CHART_CSP})


@router.get("/dashboard/claims")
def dashboard_claims(
    request: Request,
    viewer: Signed,
    kind: Annotated[str, Query(max_length=20)],
    prison: Annotated[str, Query(max_length=200)],
    week: Annotated[str, Query(max_length=20)] = "",
    as_of: AsOf = None,
) -> Response:
    found = views.triangulation_claims(case_of(request), viewer, kind, prison, week or None, as_of=as_of)
    heading = (
        _("Documented deaths: %(prison)s, week of %(week)s", prison=found.prison, week=found.week)
        if kind == "documented" and found.week
        else _("Documented deaths: %(prison)s, not dated to a week", prison=found.prison)
        if kind == "documented"
        else _("Witnesses' counts: %(prison)s, week of %(week)s", prison=found.prison, week=found.week)
        if found.week
        else _("Witnesses' counts: %(prison)s, not dated to a week", prison=found.prison)
    )
    return render(
        request, "claims_behind.html", title=heading, heading=heading, lines=found.claims, back="/dashboard",
        counts=found.counts,
    )  # fmt: skip


# --- timeline -----------------------------------------------------------------------------------------------


@router.get("/timeline")
def timeline(
    request: Request,
    viewer: Signed,
    prison: Name = None,
    city: Name = None,
    affiliation: Name = None,
    person: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    person_id = _person_id(person)
    line = views.timeline(
        case_of(request),
        viewer,
        prison=chosen(prison),
        city=chosen(city),
        affiliation=chosen(affiliation),
        person_id=person_id,
    )
    filters = {"prison": chosen(prison), "city": chosen(city), "affiliation": chosen(affiliation)}
    return render(
        request,
        "timeline.html",
        title=_("Timeline"),
        line=line,
        chosen=filters,
        person=person_id,
        drawing=timeline_svg(line.entries),
    )


def _person_id(text: str) -> int | None:
    """The form's person field: empty for anyone, else a person id (an integer 1 to 2⁶³−1)."""
    text = text.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ID:
        raise InputError("person: expected a person id (a whole number)", hint="leave it empty for anyone")
    return int(text)


_LANES = ("arrest", "transfer", "hearing", "execution", "flogging")
_ACT_COLOURS = {"execution": "#8e1b1b", "arrest": "#4a6fa5", "transfer": "#6b8e23", "hearing": "#b8860b"}
_MAX_MARKS = 3000  # past this the table below still lists every act; the drawing shows the first ones


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def timeline_svg(entries: list[Any]) -> Markup:
    """One lane per kind of act; a day as a dot, anything less precise (a month, a season, a year) as a band
    from its first to its last day. Each mark links to the claim that dates it."""
    if not entries:
        return Markup("")
    start = min(_day(e.date_start) for e in entries)
    end = max(_day(e.date_end) for e in entries)
    span = max((end - start).days + 1, 1)
    lanes = [lane for lane in _LANES if any(e.act == lane for e in entries)]
    lanes += sorted({e.act for e in entries} - set(lanes))
    width, left, lane_h, top = 1000, 150, 34, 24
    height = top + lane_h * len(lanes) + 30

    def x(day: datetime.date) -> float:
        return left + (width - left - 10) * (day - start).days / span

    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" aria-labelledby="timeline-title">',
        f'<title id="timeline-title">{escape(_("Acts over time, one lane per kind of act"))}</title>',
    ]
    for i, lane in enumerate(lanes):
        y = top + i * lane_h
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y + 17}" y2="{y + 17}" stroke="#ccc"/>')
        parts.append(f'<text x="4" y="{y + 21}" font-size="12" fill="#333">{escape(_(lane))}</text>')
    for year in range(start.year, end.year + 1):
        tick = datetime.date(year, 1, 1)
        if start <= tick <= end:
            parts.append(
                f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 6}" y2="{height - 24}" '
                'stroke="#eee"/>'
            )
            parts.append(
                f'<text x="{x(tick) + 2:.1f}" y="{top - 8}" font-size="10" fill="#777">{year}</text>'
            )
    parts.append(
        f'<text x="{left}" y="{height - 8}" font-size="11" fill="#555">{escape(start.isoformat())}</text>'
    )
    parts.append(
        f'<text x="{width - 10}" y="{height - 8}" font-size="11" fill="#555" text-anchor="end">'
        f"{escape(end.isoformat())}</text>"
    )
    for e in entries[:_MAX_MARKS]:
        y = top + lanes.index(e.act) * lane_h + 17
        colour = _ACT_COLOURS.get(e.act, "#555")
        first, last = _day(e.date_start), _day(e.date_end)
        label = escape(
            f"{_(e.act)}: {e.date_original or e.date_start}"
            + (f" – {e.person_name}" if e.person_name else "")
        )
        if e.is_day:
            shape = f'<circle class="day" cx="{x(first):.1f}" cy="{y}" r="4" fill="{colour}"/>'
        else:
            w = max(x(last + datetime.timedelta(days=1)) - x(first), 2.0)
            shape = (
                f'<rect class="band" x="{x(first):.1f}" y="{y - 7}" width="{w:.1f}" height="14" '
                f'fill="{colour}" fill-opacity="0.25" stroke="{colour}"/>'
            )
        parts.append(f'<a href="/claims/{int(e.claim_id)}"><title>{label}</title>{shape}</a>')
    parts.append("</svg>")
    return Markup("".join(parts))


# --- map ----------------------------------------------------------------------------------------------------


@router.get("/map")
def place_map(request: Request, viewer: Signed) -> Response:
    found = views.place_map(case_of(request), viewer)
    drawing, outside = map_svg(found.places)
    return render(
        request,
        "map.html",
        title=_("Map"),
        found=found,
        drawing=drawing,
        outside=outside,
        place_link=_place_link,
    )


def _place_link(name: str, kind: str) -> str:
    return "/map/place?" + urlencode({"name": name, "kind": kind})


@router.get("/map/place")
def map_place(
    request: Request,
    viewer: Signed,
    name: Annotated[str, Query(max_length=200)],
    kind: Annotated[str, Query(max_length=20)],
) -> Response:
    found = views.place_claims(case_of(request), viewer, name, kind)
    heading = _("Claims naming %(place)s (%(kind)s)", place=found.name, kind=_(found.kind))
    return render(
        request, "claims_behind.html", title=heading, heading=heading, lines=found.claims, back="/map"
    )


@cache
def _outline() -> list[list[tuple[float, float]]]:
    """The country outline's rings (lon, lat), shipped as data: static/iran-outline.json (Natural Earth,
    public domain; its source is written in the file)."""
    data = json.loads((STATIC_DIR / "iran-outline.json").read_text("utf-8"))
    rings: list[list[tuple[float, float]]] = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            rings.extend([(float(lon), float(lat)) for lon, lat in ring] for ring in polygon)
    return rings


_KIND_COLOURS = {"prison": "#8e1b1b", "city": "#4a6fa5", "burial": "#333333"}
_BOX = (43.5, 24.5, 63.8, 40.0)  # lon/lat box of Iran with a margin
_LABELLED = 6  # how many of the most-named places carry their name on the map


def map_svg(places: list[Any]) -> tuple[Markup, list[Any]]:
    """The outline and a point per place (its radius grows with the claims naming it); each point links to
    those claims. Places outside the country (or without coordinates) are returned to be listed instead."""
    west, south, east, north = _BOX
    scale_x = math.cos(math.radians((south + north) / 2))  # equirectangular, true to scale mid-country
    width = 900.0
    k = width / ((east - west) * scale_x)
    height = (north - south) * k

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * scale_x * k, (north - lat) * k

    parts = [
        f'<svg class="map" viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="map-title">',
        f'<title id="map-title">{escape(_("Map of the places the claims name"))}</title>',
    ]
    for ring in _outline():
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in (xy(lon, lat) for lon, lat in ring))
        parts.append(f'<polygon points="{points}" fill="#f4f1ea" stroke="#888" stroke-width="1.2"/>')
    outside = []
    shown = sorted(places, key=lambda p: -p.claims)  # big points first, small ones drawn over them
    for p in shown:
        if p.lat is None or p.lon is None or not (west <= p.lon <= east and south <= p.lat <= north):
            outside.append(p)
            continue
        px, py = xy(p.lon, p.lat)
        r = 3.5 + 2.2 * math.sqrt(p.claims)
        label = escape(_("%(place)s (%(kind)s): %(n)s claims", place=p.name, kind=_(p.kind), n=p.claims))
        parts.append(
            f'<a class="place" href="{escape(_place_link(p.name, p.kind))}" data-place="{escape(p.name)}" '
            f'data-kind="{escape(p.kind)}"><title>{label}</title>'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{min(r, 28):.1f}" '
            f'fill="{_KIND_COLOURS.get(p.kind, "#555")}" '
            f'fill-opacity="0.55" stroke="#fff" stroke-width="1"/></a>'
        )
    # the names of the places most claims name, beside their points (the others say theirs when pointed at)
    labelled: list[tuple[float, float]] = []
    for p in (p for p in shown if p not in outside):
        px, py = xy(p.lon, p.lat)
        if len(labelled) >= _LABELLED or any(abs(px - x) < 90 and abs(py - y) < 18 for x, y in labelled):
            continue  # a label would overwrite another's
        labelled.append((px, py))
        parts.append(
            f'<text x="{px + 6:.1f}" y="{py - 6:.1f}" font-size="16" fill="#222" stroke="#fff" '
            f'stroke-width="3" paint-order="stroke">{escape(p.name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts)), outside
