"""`testament users add|list|disable|role|token`: the workbench's accounts. Whoever holds the case folder
(and its passphrase) manages them; each change is logged in the custody log with `TESTAMENT_ACTOR`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.markup import escape

from testament.cli._common import console, guard, open_case, print_json

__all__ = ["register", "users_app"]

users_app = typer.Typer(
    no_args_is_help=True,
    help="Workbench accounts: add users with a role (admin, investigator, analyst, viewer), list, disable, "
    "change roles, issue API tokens.",
)

_ROLE_HELP = "admin, investigator, analyst or viewer (see docs/workbench.md for what each may see and do)."


def _new_password(username: str) -> str:
    """TESTAMENT_NEW_PASSWORD, else asked twice at a terminal (hidden), a weak one refused at once."""
    from testament.errors import InputError
    from testament.store.users import check_password

    given = os.environ.get("TESTAMENT_NEW_PASSWORD")
    if given or not sys.stdin.isatty():
        return given or ""
    first = typer.prompt(f"Password for {username}", hide_input=True)
    check_password(first, username=username)
    if typer.prompt("Repeat the password", hide_input=True) != first:
        raise InputError("the two passwords differ; no user was added", hint="type the same password twice")
    return first


@users_app.command("add")
def add(
    case: Path = typer.Argument(..., help="Case folder."),
    username: str = typer.Argument(..., help="The new user's sign-in name."),
    role: str = typer.Option(..., "--role", help=_ROLE_HELP),
) -> None:
    """Add a workbench user. The password is asked twice (hidden), or read from TESTAMENT_NEW_PASSWORD for
    scripts; a weak one is refused. Stored as an argon2id hash; logged as `user_added`."""
    from testament.store.users import add_user

    with guard(), open_case(case) as opened:
        user = add_user(opened, username, _new_password(username), role)
        console.print(f"User [bold]{escape(user.username)}[/] added as {user.role}.", highlight=False)


@users_app.command("list")
def list_(
    case: Path = typer.Argument(..., help="Case folder."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the workbench users with their roles and whether they are disabled."""
    from testament.store.users import list_users

    with guard(), open_case(case) as opened:
        users = list_users(opened)
        if json_out:
            print_json([u.to_dict() for u in users])
            return
        for u in users:
            state = " (disabled)" if u.disabled else ""
            console.print(f"{u.id:4d}  {escape(u.username)}  {u.role}{state}", highlight=False)
        if not users:
            console.print("No users yet: add one with `testament users add CASE NAME --role admin`.")


@users_app.command("disable")
def disable(
    case: Path = typer.Argument(..., help="Case folder."),
    username: str = typer.Argument(..., help="The user to disable."),
) -> None:
    """Disable a user: no more sign-ins; their sessions end and their API tokens are revoked. The account
    stays, so the custody log's names keep meaning someone. Logged as `user_disabled`."""
    from testament.store.users import disable_user

    with guard(), open_case(case) as opened:
        user = disable_user(opened, username)
        console.print(f"User [bold]{escape(user.username)}[/] disabled.", highlight=False)


@users_app.command("role")
def role(
    case: Path = typer.Argument(..., help="Case folder."),
    username: str = typer.Argument(..., help="The user."),
    new_role: str = typer.Argument(..., metavar="ROLE", help=_ROLE_HELP),
) -> None:
    """Change a user's role; their open sessions end so it applies at once. Logged as `role_changed`."""
    from testament.store.users import set_role

    with guard(), open_case(case) as opened:
        user = set_role(opened, username, new_role)
        console.print(f"User [bold]{escape(user.username)}[/] is now {user.role}.", highlight=False)


@users_app.command("token")
def token(
    case: Path = typer.Argument(..., help="Case folder."),
    username: str = typer.Argument(..., help="The user the token acts for."),
) -> None:
    """Issue an API token for a user (header `Authorization: Bearer TOKEN`), printed once: only its
    SHA-256 is kept. It acts with the user's current role until the user is disabled. Logged as
    `token_issued` (never the token)."""
    from testament.store.users import issue_token

    with guard(), open_case(case) as opened:
        issued = issue_token(opened, username)
        sys.stdout.write(issued + "\n")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
