"""The workbench's pages: server-rendered HTML over `testament.views`. Each route parses its input, calls one
views function with the signed-in viewer (the access gate is in the library, not here), and renders a
template. Every form carries the session's CSRF token; every change goes through the library, which logs it
under the user's name."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from testament import views
from testament.errors import InputError
from testament.store.access import Viewer, may, require
from testament.store.users import authenticate, close_session, open_session, session_user
from testament.web import i18n
from testament.web.auth import (
    SESSION_COOKIE,
    case_of,
    check_csrf,
    current_viewer,
    end_login_cookie,
    end_session_cookie,
    safe_next,
    set_login_cookie,
    set_session_cookie,
)
from testament.web.i18n import gettext as _
from testament.web.security import csrf_token_for, new_login_nonce

__all__ = ["MAX_ID", "TEMPLATES", "content_disposition", "marked_text", "render", "render_error", "router"]

TEMPLATES = Path(__file__).parent / "templates"
MAX_ID = 2**63 - 1  # ids are 64-bit in every backend; a larger number is refused before any query

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
i18n.install(_env)  # `_()` and the language's number and date filters in every template
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])

Signed = Annotated[Viewer, Depends(current_viewer)]
Id = Annotated[int, PathParam(ge=1, le=MAX_ID)]


def render(
    request: Request, name: str, *, status: int = 200, title: str = "", **context: Any
) -> HTMLResponse:
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    context.update(
        title=title,
        viewer=viewer,
        csrf_token=getattr(request.state, "csrf_token", ""),
        may=lambda action: viewer is not None and may(viewer, action),
        path=request.url.path,
        lang=i18n.current(),
        dir=i18n.direction(),
        language_links=context.get("language_links") or _language_links(request),
    )
    return templates.TemplateResponse(request, name, context, status_code=status)


def _language_links(request: Request, *, keep_query: bool = True) -> list[tuple[str, str, str]]:
    """(code, name in its own language, link): switching language keeps the page. The link is relative
    (`?lang=fa`, plus the page's other query parameters), so it never repeats the path the client sent."""
    links = []
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] if keep_query else []
    for code, name in (("en", "English"), ("fa", "فارسی")):
        links.append((code, name, "?" + urlencode([*kept, ("lang", code)])))
    return links


def render_error(
    request: Request, status: int, title: str, detail: str, *, headers: dict[str, str] | None = None
) -> Response:
    # an error page echoes nothing the client sent, not even in its language links
    links = _language_links(request, keep_query=False)
    response = render(request, "error.html", status=status, title=title, detail=detail, language_links=links)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- signing in and out ---------------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: Annotated[str, Query(max_length=2000)] = "/") -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id and len(session_id) <= 200 and session_user(case_of(request), session_id) is not None:
        return _see_other(safe_next(next))
    return _login_page(request, next_path=safe_next(next))


def _login_page(request: Request, *, next_path: str, error: str = "", status: int = 200) -> Response:
    nonce = new_login_nonce()
    response = render(
        request,
        "login.html",
        status=status,
        title=_("Sign in"),
        login_token=csrf_token_for(nonce),
        next_path=next_path,
        error=error,
    )
    set_login_cookie(response, request, nonce)
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Query(max_length=2000)] = "/",
) -> Response:
    """Check the password (rate-limited per username and per address); on success end any session this
    browser had and open a new one (a new id: session fixation), then go where the user was going."""
    case = case_of(request)
    limiter = request.app.state.limiter
    address = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(username, address)
    if wait:
        detail = _("Too many failed sign-ins. Wait and try again.")
        return render_error(request, 429, _("Too many attempts"), detail, headers={"Retry-After": str(wait)})
    user = authenticate(case, username, password) if username and password else None
    if user is None:
        limiter.failed(username, address)
        error = _("Wrong username or password, or the account is disabled.")
        return _login_page(request, next_path=safe_next(next), error=error)
    limiter.succeeded(username)
    old = request.cookies.get(SESSION_COOKIE)
    if old and len(old) <= 200:
        close_session(case, old)
    response = _see_other(safe_next(next))
    set_session_cookie(response, request, open_session(case, user))
    end_login_cookie(response, request)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id and len(session_id) <= 200:
        close_session(case_of(request), session_id)
    response = _see_other("/login")
    end_session_cookie(response, request)
    return response


# --- reading --------------------------------------------------------------------------------------------


@router.get("/")
def home(request: Request, viewer: Signed) -> Response:
    summary = views.home_summary(case_of(request), viewer)
    return render(request, "home.html", title=_("Home"), summary=summary)


@router.get("/sources")
def sources(request: Request, viewer: Signed) -> Response:
    rows = views.list_sources(case_of(request), viewer)
    return render(request, "sources.html", title=_("Sources"), sources=rows)


@router.get("/sources/{artifact_id}")
def document(request: Request, viewer: Signed, artifact_id: Id) -> Response:
    doc = views.document(case_of(request), viewer, artifact_id)
    return render(request, "document.html", title=_("Document"), doc=doc, marked=marked_text(doc))


@router.get("/claims/{claim_id}")
def claim(request: Request, viewer: Signed, claim_id: Id) -> Response:
    """A claim opens at its span in its document."""
    detail = views.claim_detail(case_of(request), viewer, claim_id)
    if detail.artifact_id is None:
        return render(request, "claim.html", title=_("Claim"), claim=detail)
    return _see_other(f"/sources/{int(detail.artifact_id)}#claim-{int(claim_id)}")


@router.get("/persons")
def persons(request: Request, viewer: Signed, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    hits = views.search_persons(case_of(request), viewer, q) if q.strip() else []
    return render(request, "persons.html", title=_("Persons"), query=q, hits=hits)


@router.get("/persons/{person_id}")
def person(request: Request, viewer: Signed, person_id: Id) -> Response:
    page = views.person_page(case_of(request), viewer, person_id)
    return render(request, "person.html", title=_("Person"), page=page)


@router.get("/artifacts/{artifact_id}/download")
def download(request: Request, viewer: Signed, artifact_id: Id) -> Response:
    """The original file, for roles cleared to download it. The file name comes from the case (made safe),
    never from the request."""
    filename, media_type, data = views.artifact_content(case_of(request), viewer, artifact_id)
    return download_response(filename, media_type, data)


def download_response(filename: str, media_type: str, data: bytes) -> Response:
    headers = {
        "Content-Disposition": content_disposition(filename),
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return Response(data, media_type=media_type or "application/octet-stream", headers=headers)


def content_disposition(filename: str) -> str:
    """`attachment` with a safe name: the last path part only, no control characters or quotes; an ASCII
    fallback plus the UTF-8 name (RFC 6266 / 5987), so a Persian file name survives."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '";\r\n').strip(" .") or "download"
    name = name[:200]
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


# --- changing ---------------------------------------------------------------------------------------------


@router.get("/upload")
def upload_form(request: Request, viewer: Signed) -> Response:
    require(viewer, "ingest")
    return render(request, "upload.html", title=_("Upload"), outcome=None)


@router.post("/upload")
def upload(request: Request, viewer: Signed, file: Annotated[UploadFile, File()]) -> Response:
    """One file in; the ingest report, row by row, out (refused rows named with row, field and reason)."""
    limit = case_of(request).settings.max_file_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"the file is larger than the case's limit of {limit} bytes", hint="split it")
    outcome = views.ingest_upload(case_of(request), viewer, file.filename or "upload", data)
    return render(request, "upload.html", title=_("Ingest report"), outcome=outcome)


@router.get("/review/links")
def review_links(request: Request, viewer: Signed) -> Response:
    pair = views.next_link_pair(case_of(request), viewer)
    return render(request, "review_links.html", title=_("Review links"), pair=pair)


@router.post("/review/links/{pair_id}")
def decide_link(
    request: Request,
    viewer: Signed,
    pair_id: Id,
    decision: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    views.decide_link_pair(case_of(request), viewer, pair_id, decision, reason)
    return _see_other("/review/links")


@router.get("/review/claims")
def review_claims(request: Request, viewer: Signed) -> Response:
    review = views.next_claim_review(case_of(request), viewer)
    return render(request, "review_claims.html", title=_("Review claims"), review=review)


@router.post("/review/claims/{claim_id}")
def decide_claim(
    request: Request,
    viewer: Signed,
    claim_id: Id,
    decision: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    views.decide_claim(case_of(request), viewer, claim_id, decision, reason)
    return _see_other("/review/claims")


@router.get("/estimates")
def estimates(request: Request, viewer: Signed) -> Response:
    rows = views.list_estimates(case_of(request), viewer)
    return render(request, "estimates.html", title=_("Estimates"), estimates=rows)


@router.get("/verify")
def verify_form(request: Request, viewer: Signed) -> Response:
    require(viewer, "verify")
    return render(request, "verify.html", title=_("Verify"), outcome=None)


@router.post("/verify")
def verify(request: Request, viewer: Signed) -> Response:
    outcome = views.verify_case(case_of(request), viewer)
    return render(request, "verify.html", title=_("Verify"), outcome=outcome)


# --- the document's marked text ----------------------------------------------------------------------------


def marked_text(doc: Any) -> Markup:
    """The document's text (escaped) with each attested span in `<mark class="span" id="claim-N">`. An
    outermost mark is wrapped in a link to its claim; a span inside another nests inside its mark (links do
    not nest); a span crossing another's end is cut there and goes on in a mark without the id."""
    text = getattr(doc, "text", None) or ""
    spans = sorted(
        {
            (int(s.char_start), int(s.char_end), int(s.claim_id))
            for s in getattr(doc, "spans", None) or []
            if s.char_start is not None
            and s.char_end is not None
            and 0 <= s.char_start < s.char_end <= len(text)
        },
        key=lambda s: (s[0], -s[1], s[2]),
    )
    out: list[str] = []
    stack: list[tuple[int, int, bool]] = []  # (end, claim id, opened with a link)
    seen: set[int] = set()  # claims whose mark has the id already (a claim attested twice in one text)

    def open_mark(end: int, claim_id: int, *, first: bool) -> None:
        link = not stack
        if link:
            out.append(f'<a class="claim-link" href="/claims/{claim_id}">')
        ident = f' id="claim-{claim_id}"' if first else ""
        out.append(f'<mark class="span"{ident} data-claim="{claim_id}">')
        stack.append((end, claim_id, link))

    def close_mark() -> None:
        _end, _claim, link = stack.pop()
        out.append("</mark></a>" if link else "</mark>")

    bounds = sorted({0, len(text), *(b for s in spans for b in s[:2])})
    starting: dict[int, list[tuple[int, int, int]]] = {}
    for span in spans:
        starting.setdefault(span[0], []).append(span)
    at = 0
    for position in bounds:
        out.append(str(escape(text[at:position])))
        at = position
        reopen = []
        while any(end <= position for end, _claim, _link in stack):
            end, claim_id, _link = stack[-1]
            close_mark()
            if end > position:  # crossed by a span that ends here: goes on after it
                reopen.append((end, claim_id))
        for end, claim_id in reversed(reopen):
            open_mark(end, claim_id, first=False)
        for _start, end, claim_id in starting.get(position, []):
            open_mark(end, claim_id, first=claim_id not in seen)
            seen.add(claim_id)
    while stack:
        close_mark()
    return Markup("".join(out))
