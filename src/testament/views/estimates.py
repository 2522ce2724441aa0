"""Estimation on behalf of a user: the choices a form offers (the case's lists, the stratum fields, the
methods), one run made exactly as `testament estimate CASE` makes it (`read_input` and `estimate_input` on
the open case, the results saved with `save_results`, so the run is kept and logged as an `estimated` custody
event under the user's name), and its report: per-stratum table, warnings, the plots as SVG and the command
line that reproduces it. A run's report can be read again later from what the case stores
(`stored_report`): its rows of `estimate_runs` give the table, the warnings, how the input was read and the
command line; the plots are drawn only while the run is made (the stored result keeps neither the posterior
draws nor the list-overlap counts they are drawn from).

    report = run_estimate(case, viewer, EstimateRequest(method="loglinear", lists=["a.csv", "b.csv"]))
    report.command   # testament estimate CASE --method loglinear --lists a.csv,b.csv ...
"""

from __future__ import annotations

import json
import shlex
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select

from testament.errors import InputError, NotFoundError
from testament.store.access import Viewer, acting_as, require
from testament.store.case import Case
from testament.store.schema import estimate_runs, sources

__all__ = [
    "METHOD_CHOICES",
    "EstimateChoices",
    "EstimateReport",
    "EstimateRequest",
    "ResultRow",
    "StoredReport",
    "command_line",
    "estimate_choices",
    "run_estimate",
    "stored_report",
]

METHOD_CHOICES = ("loglinear", "dga", "lcmcr")
Progress = Callable[[str, int, int], None]  # (label, done, total), as the estimators report it


class EstimateRequest(BaseModel):
    """What the form asks: the `testament estimate` options a page may set."""

    method: str = "loglinear"
    lists: list[str] = Field(default_factory=list)  # empty: every list of the case
    strata: str | None = None
    model: str = "best-bic"
    min_stratum: int = Field(default=50, ge=1, le=1_000_000)
    seed: int = Field(default=1, ge=0, le=2**31 - 1)
    linkages: int = Field(default=0, ge=0, le=50)


class EstimateChoices(BaseModel):
    lists: list[str]  # the case's list sources, by title
    strata: list[str]  # record fields strata can be made from
    methods: list[str]
    models: list[str]  # log-linear models by name, the searches first


class ResultRow(BaseModel):
    estimate_id: int
    method: str
    model: str
    stratum: str | None
    observed: int
    estimate: float
    lower: float
    upper: float
    linkage_lower: float | None = None
    linkage_upper: float | None = None
    recommended: bool = False


class EstimateReport(BaseModel):
    """One finished run: its results (one row per method and stratum, plus each method's combination of
    strata), every warning, how the input was read, the plots (SVG text by name) and the command line."""

    request: EstimateRequest
    command: str
    rows: list[ResultRow]
    warnings: list[str]
    notes: list[str]
    lists: list[str]
    plots: dict[str, str]


class StoredReport(EstimateReport):
    """A run read back from the case (`estimate_runs`): the rows saved together, who made them and when,
    with the request and command line rebuilt from the stored settings. `plots` is always empty."""

    estimate_id: int  # the row asked for; `rows` are every row of its run
    created_at: str
    actor: str
    version: str  # the Testament version that made it


def estimate_choices(case: Case, viewer: Viewer) -> EstimateChoices:
    """The lists of the case (source titles of kind `list`) and the strata and methods a run may use."""
    from testament.estimate.casedata import STRATA_FIELDS
    from testament.estimate.loglinear import LOGLINEAR_MODELS, MODEL_SEARCHES

    require(viewer, "estimate")
    with case.read() as conn:
        titles = conn.execute(
            select(sources.c.title).where(sources.c.kind == "list").order_by(sources.c.title).distinct()
        ).scalars()
        lists = [str(t) for t in titles if t]
    return EstimateChoices(
        lists=lists,
        strata=list(STRATA_FIELDS),
        methods=list(METHOD_CHOICES),
        models=[*MODEL_SEARCHES, *LOGLINEAR_MODELS],
    )


def command_line(request: EstimateRequest, case_path: str = "CASE") -> str:
    """The `testament estimate` command that makes the same run (same lists, strata, method, seed)."""
    parts = ["testament", "estimate", case_path, "--method", request.method]
    if request.method in ("loglinear", "all"):
        parts += ["--model", request.model]
    if request.lists:
        parts += ["--lists", ",".join(request.lists)]
    if request.strata:
        parts += ["--strata", request.strata, "--min-stratum", str(request.min_stratum)]
    parts += ["--seed", str(request.seed), "--linkages", str(request.linkages)]
    return shlex.join(parts)


def run_estimate(
    case: Case, viewer: Viewer, request: EstimateRequest, *, progress: Progress | None = None
) -> EstimateReport:
    """One estimation run as `testament estimate CASE` makes it, with `viewer` as the actor of its
    `estimated` custody event. Raises `AccessDenied` for a role that may not estimate and `InputError` for
    choices the case cannot use (unknown method or list, too few lists, nothing linked)."""
    from testament.estimate import EstimateOptions
    from testament.estimate.inputs import estimate_input, read_input
    from testament.estimate.store import save_results
    from testament.estimate.strata import StrataRule

    require(viewer, "estimate")
    if request.method not in METHOD_CHOICES:
        raise InputError(
            f"unknown method '{request.method}'", hint=f"use one of: {', '.join(METHOD_CHOICES)}"
        )
    acting = acting_as(case, viewer)
    options = EstimateOptions(methods=(request.method,), model=request.model, seed=request.seed)
    data = read_input(
        acting,
        strata=request.strata or None,
        lists=request.lists or None,
        rule=StrataRule(min_persons=request.min_stratum),
    )
    with tempfile.TemporaryDirectory(prefix="testament-plots-") as folder:
        results = estimate_input(
            data, options, progress=progress, plot_dir=Path(folder), case=acting, linkages=request.linkages
        )
        plots = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.svg"))}
    ids = save_results(acting, results)
    warnings: list[str] = list(dict.fromkeys([*data.warnings, *(w for r in results for w in r.warnings)]))
    rows = [
        ResultRow(
            estimate_id=estimate_id,
            method=r.method,
            model=r.model,
            stratum=r.stratum,
            observed=int(r.observed),
            estimate=float(r.estimate),
            lower=float(r.lower),
            upper=float(r.upper),
            linkage_lower=_get(r.linkage, "lower"),
            linkage_upper=_get(r.linkage, "upper"),
            recommended=r.recommendation is not None,
        )
        for estimate_id, r in zip(ids, results, strict=True)
    ]
    return EstimateReport(
        request=request,
        command=command_line(request),
        rows=rows,
        warnings=warnings,
        notes=list(data.notes),
        lists=[item.name for item in data.lists],
        plots=plots,
    )


def _get(linkage: dict[str, object] | None, key: str) -> float | None:
    value = (linkage or {}).get(key)
    return float(value) if isinstance(value, int | float) else None


def stored_report(case: Case, viewer: Viewer, estimate_id: int) -> StoredReport:
    """The report of the run that made estimate `estimate_id`, from the case alone (after a restart too):
    every row saved with it (one `save_results` call: same time and actor), their warnings, how the input
    was read, and the command line that reproduces it. Roles that may estimate read it (the warnings and
    notes speak of strata and lists, as the job page does); `NotFoundError` for an id not in the case."""
    require(viewer, "estimate")
    with case.read() as conn:
        row = conn.execute(select(estimate_runs).where(estimate_runs.c.id == estimate_id)).first()
        if row is None:
            raise NotFoundError("no such estimate", hint="the estimates are listed on /estimates")
        run = conn.execute(
            select(estimate_runs)
            .where(estimate_runs.c.created_at == row.created_at, estimate_runs.c.actor == row.actor)
            .order_by(estimate_runs.c.id)
        ).all()
    results = [(r, _loaded(r.result)) for r in run]
    first = _loaded(row.result)
    read = _dict(first.get("input"))
    request = _request_of(results, first, read)
    warnings = [str(w) for w in read.get("warnings") or []]
    warnings += [str(w) for _, result in results for w in result.get("warnings") or []]
    rows = []
    for r, result in results:
        linkage = _dict(result.get("linkage"))
        rows.append(
            ResultRow(
                estimate_id=int(r.id), method=str(r.method), model=str(r.model), stratum=r.stratum,
                observed=int(r.observed), estimate=float(r.estimate), lower=float(r.lower),
                upper=float(r.upper), linkage_lower=_get(linkage, "lower"),
                linkage_upper=_get(linkage, "upper"),
                recommended=result.get("recommendation") is not None,
            )
        )  # fmt: skip
    return StoredReport(
        request=request,
        command=command_line(request),
        rows=rows,
        warnings=list(dict.fromkeys(warnings)),
        notes=[str(n) for n in read.get("notes") or []],
        lists=request.lists,
        plots={},
        estimate_id=int(row.id),
        created_at=str(row.created_at),
        actor=str(row.actor),
        version=str(row.version),
    )


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _loaded(text: str | None) -> dict[str, Any]:
    try:
        return _dict(json.loads(text or "{}"))
    except ValueError:  # not JSON: the row's columns still make the table
        return {}


def _request_of(
    run: list[tuple[Any, dict[str, Any]]], result: dict[str, Any], read: dict[str, Any]
) -> EstimateRequest:
    """The form's choices that make the run again: the lists used (named, so lists added since do not
    change it), the stratum field and its minimum, the method, the model asked for (a search such as
    best-bic, not the model it chose), the seed (methods that draw store it; for the others any seed gives
    the same numbers) and the number of other linkages."""
    methods = list(dict.fromkeys(str(r.method) for r, _ in run))
    # `testament estimate --method all` saves every method's rows together: the log-linear ones say the model
    loglinear = next((res for r, res in run if r.method == "loglinear"), result)
    settings, strata = _dict(loglinear.get("settings")), _dict(read.get("strata"))
    linkage = next((_dict(res["linkage"]) for _, res in run if res.get("linkage")), {})
    rule = _dict(strata.get("rule"))
    lists = [
        str(item["name"]) for item in read.get("lists") or [] if isinstance(item, dict) and item.get("name")
    ]
    # a log-linear stratum's row has no seed, its combination of strata has (it draws): any row's tells
    seed = next((r.seed for r, _ in run if r.seed is not None), linkage.get("seed"))
    defaults = EstimateRequest()
    return EstimateRequest(
        method=methods[0] if len(methods) == 1 else "all",
        lists=lists,
        strata=str(strata["field"]) if strata.get("field") else None,
        model=str(settings.get("model") or defaults.model),
        min_stratum=int(rule.get("min_persons") or defaults.min_stratum),
        seed=int(seed) if isinstance(seed, int) else defaults.seed,
        linkages=int(linkage.get("linkages") or 0),
    )
