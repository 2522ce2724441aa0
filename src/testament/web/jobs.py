"""Estimation runs as background jobs: the form (lists, strata, method), a job page that shows progress while
the run works (htmx polls a fragment; no inline script) and its report when it is done: the results table,
the posterior and list-overlap plots, the warnings and the command line that reproduces it.

One job runs at a time per server, in one worker thread over the server's open case (the estimators are
numpy/numba code that spends its time outside the interpreter, and a run is minutes at most); further jobs
wait in line. The run itself is `testament.views.run_estimate`: its results are saved in the case (every run
is kept, on /estimates) under an `estimated` custody event with the user as actor. The job list is kept in
memory: a restart forgets queued jobs and the plots of finished ones, never their saved results, which
/estimates/{estimate_id} shows again from the case (results, warnings, the command line; not the plots).

The REST API (`testament.web.api`: POST /api/v1/estimates/jobs, GET /api/v1/estimates/jobs/{id}) queues on
the same runner, checked by the same `JobRunner.submit`, so a job started either way is one job: its page
and its JSON show the same run."""

from __future__ import annotations

import itertools
import logging
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from testament.errors import InputError, NotFoundError, TestamentError
from testament.store.access import Viewer, require
from testament.store.case import Case
from testament.views.estimates import (
    EstimateReport,
    EstimateRequest,
    ResultRow,
    command_line,
    estimate_choices,
    run_estimate,
    stored_report,
)
from testament.web.auth import case_of, check_csrf, current_viewer
from testament.web.errors import scrub
from testament.web.i18n import N_
from testament.web.i18n import gettext as _
from testament.web.pages import MAX_ID, render

__all__ = ["EstimateJob", "Job", "JobResult", "JobRunner", "checked", "job_or_404", "router", "runner_of"]

_log = logging.getLogger("testament.web")
Status = Literal["queued", "running", "done", "failed"]
_PLOT_NAME = re.compile(r"^[A-Za-z0-9._-]{1,120}\.svg$")
# the status names as shown (translated where shown)
STATUS_LABELS = {
    "queued": N_("waiting for the job before it"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
}


@dataclass
class Job:
    id: int
    owner: str  # the username that started it: only they (and admins) see the job page
    request: EstimateRequest
    status: Status = "queued"
    label: str = ""  # what the estimator says it is doing
    done: int = 0
    total: int = 0
    created: float = field(default_factory=time.time)
    report: EstimateReport | None = None
    error: str = ""  # what went wrong, without any value from the case (scrubbed library message)


class JobResult(BaseModel):
    """A finished job's report without its plots (those are SVG files on the job's page)."""

    rows: list[ResultRow]
    warnings: list[str]
    notes: list[str]
    lists: list[str]


class EstimateJob(BaseModel):
    """An estimation job as the API shows it: where it is, and its results once it is done."""

    job_id: int
    status: Status
    label: str  # what the estimator says it is doing
    done: int
    total: int
    request: EstimateRequest
    command: str  # the `testament estimate` command that makes the same run
    error: str | None = None  # why it failed (no value from the case)
    result: JobResult | None = None

    @classmethod
    def of(cls, job: Job) -> EstimateJob:
        report = job.report
        result = None
        if report is not None:
            result = JobResult(
                rows=report.rows, warnings=report.warnings, notes=report.notes, lists=report.lists
            )
        return cls(
            job_id=job.id, status=job.status, label=job.label, done=job.done, total=job.total,
            request=job.request, command=command_line(job.request), error=job.error or None, result=result,
        )  # fmt: skip


def checked(case: Case, viewer: Viewer, request: EstimateRequest) -> EstimateRequest:
    """The request if every choice is one the form offers (the case's lists, its stratum fields, the
    methods and models); `AccessDenied` for a role that may not estimate, `InputError` naming the choice
    (never its value) otherwise."""
    choices = estimate_choices(case, viewer)
    if request.method not in choices.methods:
        raise InputError("unknown method", hint=f"use one of: {', '.join(choices.methods)}")
    if request.model not in choices.models:
        raise InputError("unknown log-linear model", hint=f"use one of: {', '.join(choices.models)}")
    if request.strata and request.strata not in choices.strata:
        raise InputError("unknown stratum field", hint=f"use one of: {', '.join(choices.strata)}")
    if any(name not in choices.lists for name in request.lists):
        raise InputError("a list chosen is not a list of this case", hint="choose among the lists shown")
    return request.model_copy(update={"strata": request.strata or None})


class JobRunner:
    """A queue of estimation jobs and the one thread that works them off, over one open case."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.jobs: dict[int, Job] = {}
        self._viewers: dict[int, Viewer] = {}
        self._ids = itertools.count(1)
        self._queue: queue.Queue[int] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, viewer: Viewer, request: EstimateRequest) -> Job:
        """Queue a run of `request` (checked against the form's choices) for `viewer`."""
        require(viewer, "estimate")
        request = checked(self.case, viewer, request)
        with self._lock:
            job = Job(id=next(self._ids), owner=viewer.username, request=request)
            self.jobs[job.id] = job
            self._viewers[job.id] = viewer
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="testament-estimate", daemon=True)
                self._thread.start()
        self._queue.put(job.id)
        return job

    def visible(self, viewer: Viewer, job_id: int) -> Job | None:
        job = self.jobs.get(job_id)
        if job is None or (job.owner != viewer.username and viewer.role != "admin"):
            return None
        return job

    def wait(self, job_id: int, timeout: float = 60.0) -> Job:
        """Block until the job has finished (for tests and scripts)."""
        deadline = time.monotonic() + timeout
        while self.jobs[job_id].status in ("queued", "running"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {self.jobs[job_id].status}")
            time.sleep(0.05)
        return self.jobs[job_id]

    def _work(self) -> None:
        while True:
            job_id = self._queue.get()
            job = self.jobs[job_id]
            viewer = self._viewers.pop(job_id)
            job.status = "running"

            def progress(label: str, done: int, total: int, job: Job = job) -> None:
                job.label, job.done, job.total = label, done, total

            try:
                job.report = run_estimate(self.case, viewer, job.request, progress=progress)
                job.status = "done"
            except TestamentError as exc:
                hint = f" ({scrub(exc.hint)})" if exc.hint else ""
                # the library names the case by its folder: the page says CASE, as the command line shown does
                job.error = scrub(exc.message + hint).replace(str(self.case.path), "CASE")
                job.status = "failed"
            except Exception as exc:  # a fault: its type to the log, nothing of the case to the page
                _log.error("estimate job %d failed: %s", job_id, type(exc).__name__)
                job.error = _("A fault in Testament, not in your choices. Nothing was saved.")
                job.status = "failed"
            finally:
                self._queue.task_done()


def runner_of(request: Request) -> JobRunner:
    """The app's job runner, made on first use (one per app, over the app's case)."""
    app = request.app
    with _RUNNER_LOCK:
        runner = getattr(app.state, "estimate_jobs", None)
        if runner is None:
            runner = app.state.estimate_jobs = JobRunner(case_of(request))
    return runner


_RUNNER_LOCK = threading.Lock()
router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
Signed = Annotated[Viewer, Depends(current_viewer)]
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def job_or_404(request: Request, viewer: Viewer, job_id: int) -> Job:
    """The job if `viewer` started it (or is an admin); else not found, like a job that does not exist."""
    job = runner_of(request).visible(viewer, job_id)
    if job is None:
        raise NotFoundError("no such job")
    return job


@router.get("/estimates/new")
def new_estimate(request: Request, viewer: Signed) -> Response:
    choices = estimate_choices(case_of(request), viewer)
    return render(
        request, "estimate_new.html", title=_("New estimate"), choices=choices, defaults=EstimateRequest()
    )


@router.get("/estimates/{estimate_id}")
def stored_estimate(request: Request, viewer: Signed, estimate_id: Id) -> Response:
    """A saved run's report, read back from the case (so it outlives the job list): the results table,
    warnings, how the input was read and the command line; the plots are not kept."""
    report = stored_report(case_of(request), viewer, estimate_id)
    return render(
        request,
        "estimate_report.html",
        title=_("Estimate #%(id)s", id=report.estimate_id),
        report=report,
        command=report.command,
    )


@router.post("/estimates/jobs")
def start_estimate(
    request: Request,
    viewer: Signed,
    method: Annotated[str, Form(max_length=20)] = "loglinear",
    model: Annotated[str, Form(max_length=40)] = "best-bic",
    lists: Annotated[list[str] | None, Form()] = None,
    strata: Annotated[str, Form(max_length=40)] = "",
    min_stratum: Annotated[int, Form(ge=1, le=1_000_000)] = 50,
    seed: Annotated[int, Form(ge=0, le=2**31 - 1)] = 1,
    linkages: Annotated[int, Form(ge=0, le=50)] = 0,
) -> Response:
    """Queue a run with the form's choices and go to its page."""
    estimate_choices(case_of(request), viewer)  # a role that may not estimate is refused before anything
    chosen = [name for name in (lists or []) if len(name) <= 500]
    job = runner_of(request).submit(
        viewer,
        EstimateRequest(
            method=method, model=model, lists=chosen, strata=strata or None, min_stratum=min_stratum,
            seed=seed, linkages=linkages,
        ),
    )  # fmt: skip
    return RedirectResponse(f"/estimates/jobs/{job.id}", status_code=303)


@router.get("/estimates/jobs/{job_id}")
def job_page(request: Request, viewer: Signed, job_id: Id) -> Response:
    job = job_or_404(request, viewer, job_id)
    return render(
        request,
        "estimate_job.html",
        title=_("Estimate job"),
        job=job,
        command=command_line(job.request),
        status_label=_(STATUS_LABELS[job.status]),
    )


@router.get("/estimates/jobs/{job_id}/progress")
def job_progress(request: Request, viewer: Signed, job_id: Id) -> Response:
    """The progress fragment htmx polls; once the job is over it asks htmx to reload the page (the report)."""
    job = job_or_404(request, viewer, job_id)
    response = render(request, "_estimate_progress.html", job=job, status_label=_(STATUS_LABELS[job.status]))
    if job.status in ("done", "failed"):
        response.headers["HX-Refresh"] = "true"
    return response


@router.get("/estimates/jobs/{job_id}/plots/{name}")
def job_plot(request: Request, viewer: Signed, job_id: Id, name: str) -> Response:
    """A plot of a finished job (SVG drawn by the estimators' plots module). Shown as an image: its own
    policy allows the inline styles matplotlib writes and nothing else."""
    job = job_or_404(request, viewer, job_id)
    if job.report is None or not _PLOT_NAME.match(name) or name not in job.report.plots:
        raise NotFoundError("no such plot")
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    return Response(job.report.plots[name], media_type="image/svg+xml", headers=headers)
