"""Estimation runs as background jobs: the form (lists, strata, method), a job page that shows progress while
the run works (htmx polls a fragment; no inline script) and its report when it is done: the results table,
the posterior and list-overlap plots, the warnings and the command line that reproduces it.

One job runs at a time per server, in one worker thread over the server's open case (the estimators are
numpy/numba code that spends its time outside the interpreter, and a run is minutes at most); further jobs
wait in line. The run itself is `testament.views.run_estimate`: its results are saved in the case (every run
is kept, on /estimates) under an `estimated` custody event with the user as actor. The job list is kept in
memory: a restart forgets queued jobs and the plots of finished ones, never their saved results."""

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

from testament.errors import InputError, TestamentError
from testament.store.access import Viewer, require
from testament.store.case import Case
from testament.views.estimates import (
    EstimateReport,
    EstimateRequest,
    command_line,
    estimate_choices,
    run_estimate,
)
from testament.web.auth import case_of, check_csrf, current_viewer
from testament.web.errors import scrub
from testament.web.i18n import N_
from testament.web.i18n import gettext as _
from testament.web.pages import MAX_ID, render

__all__ = ["Job", "JobRunner", "router", "runner_of"]

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
        require(viewer, "estimate")
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


def _job_or_404(request: Request, viewer: Viewer, job_id: int) -> Job:
    from testament.errors import NotFoundError

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
    choices = estimate_choices(case_of(request), viewer)
    chosen = [name for name in (lists or []) if len(name) <= 500]
    if method not in choices.methods:
        raise InputError("unknown method", hint=f"use one of: {', '.join(choices.methods)}")
    if model not in choices.models:
        raise InputError("unknown log-linear model", hint=f"use one of: {', '.join(choices.models)}")
    if strata and strata not in choices.strata:
        raise InputError("unknown stratum field", hint=f"use one of: {', '.join(choices.strata)}")
    if any(name not in choices.lists for name in chosen):
        raise InputError("a list chosen is not a list of this case", hint="choose among the lists shown")
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
    job = _job_or_404(request, viewer, job_id)
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
    job = _job_or_404(request, viewer, job_id)
    response = render(request, "_estimate_progress.html", job=job, status_label=_(STATUS_LABELS[job.status]))
    if job.status in ("done", "failed"):
        response.headers["HX-Refresh"] = "true"
    return response


@router.get("/estimates/jobs/{job_id}/plots/{name}")
def job_plot(request: Request, viewer: Signed, job_id: Id, name: str) -> Response:
    """A plot of a finished job (SVG drawn by the estimators' plots module). Shown as an image: its own
    policy allows the inline styles matplotlib writes and nothing else."""
    from testament.errors import NotFoundError

    job = _job_or_404(request, viewer, job_id)
    if job.report is None or not _PLOT_NAME.match(name) or name not in job.report.plots:
        raise NotFoundError("no such plot")
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
    return Response(job.report.plots[name], media_type="image/svg+xml", headers=headers)
