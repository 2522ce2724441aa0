"""`testament extract`, `testament export mentions`, `testament review claims`.

`export_app` and `review_app` are the `export` and `review` command groups; other command modules add their
own subcommands to them (exports of bundles, review of links) rather than creating second groups."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from testament.cli._common import (
    as_option,
    console,
    err_console,
    guard,
    open_case,
    print_json,
    progress_bars,
    say_withheld,
    viewer_of,
)

__all__ = ["export_app", "register", "review_app", "warn_plaintext_export"]

export_app = typer.Typer(help="Export data from a case.", no_args_is_help=True)
review_app = typer.Typer(help="Review what was proposed: accept, edit or reject.", no_args_is_help=True)


def extract(
    case: Path = typer.Argument(..., help="Case folder."),
    artifact: list[int] | None = typer.Option(
        None, "--artifact", help="Id of an ingested testimony (repeatable; default: every testimony)."
    ),
    published: str | None = typer.Option(
        None,
        "--published",
        metavar="DATE",
        help="Day the source was published or the account recorded (YYYY-MM-DD): dates a report's own days "
        '("On Tuesday", "Tuesday, March 29") and relative dates told before any other date. Give it '
        "with --artifact for the testimonies of one source.",
    ),
    roles: str = typer.Option(
        "combined",
        "--roles",
        metavar="combined|rules|learnt|learnt-alone",
        help="Who proposes persons' roles: the hand-written rules where a cue of theirs gave a role and a "
        "model learnt from the development set for everyone else (combined, the default; it did best on "
        "unseen testimony), the rules alone, or the model that also reads the rules' role (learnt) or does "
        "without it (learnt-alone).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Propose people, dates, places, organisations, acts and counts from testimonies, for review.

    Re-running is safe: reviewed candidates keep their review, rejected ones stay rejected."""
    from testament.extract import extract_case
    from testament.extract.learnt import using_roles
    from testament.extract.mention import Context

    with guard(), using_roles(roles), open_case(case) as opened:
        context = Context(reference=_published_date(published)) if published else None
        with progress_bars(disable=json_out) as progress:
            reports = extract_case(opened, artifact or None, context=context, progress=progress)
        if json_out:
            print_json([r.to_dict() for r in reports])
            return
        if not reports:
            console.print("No testimonies in this case: ingest some first.")
            return
        for r in reports:
            kinds = ", ".join(f"{n} {t}" for t, n in sorted(r.by_type.items())) or "nothing found"
            console.print(
                f"[green]extracted[/] {escape(r.filename)} (artifact {r.artifact_id}): {kinds}; "
                f"{r.new} new, {r.reviewed} already reviewed, {r.withdrawn} withdrawn",
                highlight=False,
            )


def _published_date(value: str) -> Any:
    import datetime

    from testament.errors import InputError

    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"--published: '{value}' is not a date", hint="give the day as YYYY-MM-DD, e.g. 2021-11-10"
        ) from None


@export_app.command("mentions")
def export_mentions_command(
    case: Path = typer.Argument(..., help="Case folder."),
    out: Path = typer.Option(..., "--out", help="JSON Lines file to write (one candidate per line)."),
    artifact: int | None = typer.Option(None, "--artifact", help="Only this testimony."),
    status: list[str] | None = typer.Option(
        None, "--status", help="Only candidates with this review status (repeatable)."
    ),
    as_user: str | None = as_option(),
) -> None:
    """Write every extraction candidate your role may read (see --as): artifact, type, start, end, text,
    value, role, status."""
    from testament.views.listings import export_mentions

    with guard(), open_case(case) as opened:
        shown = export_mentions(
            opened, viewer_of(opened, as_user), out, artifact_id=artifact, statuses=status or None
        )
        n = shown.items[0]
        say_withheld(shown)
        console.print(f"Wrote {n} mention(s) to {escape(str(out))}.", highlight=False)
        warn_plaintext_export(opened, out, "names and other text from the testimonies")


def warn_plaintext_export(case: Any, out: Path, what: str) -> None:
    """Every export of an encrypted case is a plaintext file outside it: say so, where it is, and what to
    do (on stderr, so that it is seen even when the output is piped)."""
    if not case.config.encrypted:
        return
    err_console.print(
        f"[bold yellow]Warning:[/] this case is encrypted, but the export is not: "
        f"{escape(str(out.resolve()))} holds {what} in plaintext.",
        highlight=False,
        soft_wrap=True,  # the path in one piece, to copy
    )
    err_console.print(
        "Hint: keep it on encrypted storage, share it only encrypted, and delete it when you are done "
        "with it.",
        highlight=False,
        markup=False,
    )


def _show(c: Any) -> str:
    role = f" ({c.role})" if c.role else ""
    where = f"{c.artifact}, page {c.page}, chars {c.start}-{c.end}"
    shown = f"“{escape(c.text)}” → {escape(str(c.value))}{role}"
    return f"[bold]#{c.claim_id}[/] {c.type} {shown} [dim][{escape(where)}][/]"


def _context(opened: Any, viewer: Any, c: Any) -> str:
    from testament.views.listings import candidate_context

    before, span, after = candidate_context(opened, viewer, c)
    return f"…{escape(before)}[reverse]{escape(span)}[/]{escape(after)}…"


@review_app.command("claims")
def review_claims(
    case: Path = typer.Argument(..., help="Case folder."),
    accept: list[int] | None = typer.Option(
        None, "--accept", help="Accept this candidate (claim id; repeatable)."
    ),
    reject: list[int] | None = typer.Option(
        None, "--reject", help="Reject this candidate (claim id; repeatable)."
    ),
    edit: list[int] | None = typer.Option(
        None,
        "--edit",
        help="Correct this candidate (claim id), with --value/--role; repeatable: the n-th --value and "
        "--role go with the n-th --edit.",
    ),
    value: list[str] | None = typer.Option(None, "--value", help="With --edit: the corrected value."),
    role: list[str] | None = typer.Option(None, "--role", help="With --edit: the person's corrected role."),
    list_only: bool = typer.Option(False, "--list", help="List candidates waiting for review, then stop."),
    kind: list[str] | None = typer.Option(None, "--type", help="Only this mention type (repeatable)."),
    artifact: int | None = typer.Option(None, "--artifact", help="Only this testimony."),
    status: list[str] | None = typer.Option(
        None, "--status", help="With --list: these statuses (default proposed)."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many candidates."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    as_user: str | None = as_option(),
) -> None:
    """Accept, edit or reject extraction candidates: with flags, or one by one in the terminal. Shows the
    candidates your role may read (see --as)."""
    from testament.extract import list_candidates
    from testament.views.listings import candidates as gated

    with guard(), open_case(case) as opened:
        viewer = viewer_of(opened, as_user)
        edits = _pair_edits(edit or [], value or [], role or [])
        done = _decide_flagged(opened, viewer, accept or (), reject or (), edits)
        if done:
            _print_candidates(gated(opened, viewer, done), json_out, status_line=True)
            return
        statuses = tuple(status) if status else ("proposed",)
        found = list_candidates(opened, statuses=statuses, types=kind, artifact_id=artifact, limit=limit)
        shown = gated(opened, viewer, found)
        if list_only or json_out or not _interactive():
            _print_candidates(shown, json_out)
            return
        _loop(opened, viewer, shown.items)


def _pair_edits(
    edit: Sequence[int], value: Sequence[str], role: Sequence[str]
) -> list[tuple[int, str | None, str | None]]:
    """(claim id, value, role) for each --edit: the n-th --value and --role belong to the n-th --edit, so
    each must be given for every --edit or for none."""
    from testament.errors import InputError

    if (value or role) and not edit:
        raise InputError(
            "--value and --role go with --edit", hint="e.g. --edit 12 --value 1988-08-06/1988-08-06"
        )
    for flag, given in (("--value", value), ("--role", role)):
        if given and len(given) != len(edit):
            raise InputError(
                f"{len(edit)} --edit but {len(given)} {flag}: nothing was changed",
                hint=f"give one {flag} with each --edit (the n-th goes with the n-th), or one --edit a run",
            )
    return [(cid, value[i] if value else None, role[i] if role else None) for i, cid in enumerate(edit)]


def _decide_flagged(
    opened: Any,
    viewer: Any,
    accept: Sequence[int],
    reject: Sequence[int],
    edits: list[tuple[int, str | None, str | None]],
) -> list[Any]:
    from testament.extract import accept_candidate, edit_candidate, reject_candidate
    from testament.views.listings import deciding_as

    if not (accept or reject or edits):
        return []
    opened = deciding_as(opened, viewer, [*accept, *reject, *(cid for cid, _, _ in edits)])
    done = [accept_candidate(opened, cid) for cid in accept]
    done += [reject_candidate(opened, cid) for cid in reject]
    done += [edit_candidate(opened, cid, value=value, role=role) for cid, value, role in edits]
    return done


def _print_candidates(shown: Any, json_out: bool, *, status_line: bool = False) -> None:
    candidates = shown.items
    say_withheld(shown)
    if json_out:
        print_json([c.to_dict() for c in candidates])
    elif status_line:
        for c in candidates:
            console.print(f"{c.status}: {_show(c)}", highlight=False)
    else:
        for c in candidates:
            console.print(_show(c), highlight=False)
        console.print(f"{len(candidates)} candidate(s).")


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty()


def _loop(case: Any, viewer: Any, candidates: list[Any]) -> None:
    from testament.errors import TestamentError
    from testament.extract import accept_candidate, edit_candidate, reject_candidate
    from testament.views.listings import deciding_as

    opened = deciding_as(case, viewer, [])  # the viewer's role must allow reviewing claims
    for n, c in enumerate(candidates, start=1):
        console.print(f"\n[{n}/{len(candidates)}] {_show(c)}", highlight=False)
        console.print(_context(case, viewer, c), highlight=False)
        answer = _ask_action()
        if answer == "q":
            break
        try:
            if answer == "a":
                accept_candidate(opened, c.claim_id)
            elif answer == "r":
                reject_candidate(opened, c.claim_id)
            elif answer == "e":
                new_value = typer.prompt("value", default=str(c.value)).strip()
                new_role = typer.prompt("role", default=c.role or "").strip() if c.type == "person" else ""
                changed_value = new_value if new_value != str(c.value) else None
                changed_role = new_role if new_role and new_role != c.role else None
                if changed_value is None and changed_role is None:
                    console.print("Unchanged.")
                    continue
                edit_candidate(opened, c.claim_id, value=changed_value, role=changed_role)
        except TestamentError as exc:  # a bad edit: say why and move on to the next candidate
            err_console.print(f"[bold red]Error:[/] {escape(exc.message)}", highlight=False)
            if exc.hint:
                err_console.print(f"Hint: {exc.hint}", highlight=False, markup=False)


_ACTIONS = {"a": "accept", "e": "edit", "r": "reject", "s": "skip", "q": "quit"}


def _ask_action() -> str:
    """The key of an action; anything else asks again, naming the keys (a typo never skips silently)."""
    while True:
        answer = typer.prompt("[a]ccept, [e]dit, [r]eject, [s]kip, [q]uit", default="s").strip().lower()
        for key, word in _ACTIONS.items():
            if answer in (key, word):
                return key
        err_console.print("Type a, e, r, s or q (accept, edit, reject, skip, quit).", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    app.add_typer(export_app, name="export")
    app.add_typer(review_app, name="review")
