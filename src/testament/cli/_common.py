"""Shared plumbing for CLI commands: settings, opening cases, printing, error mapping."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from testament.errors import TestamentError
from testament.settings import Settings

__all__ = [
    "as_option",
    "ask_share",
    "console",
    "err_console",
    "guard",
    "new_passphrase",
    "open_case",
    "print_json",
    "progress_bars",
    "say_checkpoint",
    "say_withheld",
    "settings_for",
    "viewer_of",
]

console = Console()
# soft wrap: a message is never broken inside a path or a hint the user may copy; the terminal wraps
err_console = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def settings_for(case_dir: Path | None = None, *, need_passphrase: bool = False) -> Settings:
    """Settings from the environment; prompt for a passphrase when the case needs one and none is set."""
    from testament.errors import StoreError
    from testament.store.case import CaseConfig

    settings = Settings.from_env()
    encrypted = need_passphrase
    if case_dir is not None and (case_dir / "case.json").is_file():
        try:
            encrypted = CaseConfig.load(case_dir / "case.json").encrypted
        except StoreError:
            encrypted = False  # Case.open reports the unreadable file properly
    if encrypted and not settings.passphrase and sys.stdin.isatty():
        settings = replace(settings, passphrase=typer.prompt("Passphrase", hide_input=True))
    return settings


def new_passphrase(case_dir: Path, given: str | None, *, actor: str, ask: bool = True) -> str:
    """A passphrase to set: `given` (from the environment), else asked twice at a terminal, a weak one
    refused before the second asking. Empty when there is neither (the library then says what to do)."""
    from testament.errors import PassphraseError
    from testament.store.passphrase import check_strength

    if given or not ask or not sys.stdin.isatty():
        return given or ""
    first = typer.prompt("New passphrase", hide_input=True)
    check_strength(first, case=case_dir, actor=actor)
    if typer.prompt("Repeat the new passphrase", hide_input=True) != first:
        raise PassphraseError(
            "the two passphrases differ; nothing was changed",
            hint="run the command again and type the same passphrase twice",
        )
    return first


def ask_share(number: int, needed: int) -> str:
    """Recovery share `number`: asked without echo at a terminal, else the next line of standard input."""
    if sys.stdin.isatty():
        return typer.prompt(f"Recovery share {number} of {needed}", hide_input=True)
    return sys.stdin.readline()


def _announce_wait() -> Callable[[float], None]:
    """Say once per command, on stderr, that a write waits for another process."""
    said = False

    def announce(seconds: float) -> None:
        nonlocal said
        if not said:
            err_console.print(
                f"another process is writing to this case; waiting up to {seconds:g} s (TESTAMENT_WAIT)…",
                highlight=False,
                markup=False,
            )
            said = True

    return announce


@contextmanager
def open_case(case_dir: Path) -> Iterator[Any]:
    from testament.store.case import Case

    case = Case.open(case_dir, settings=settings_for(case_dir), on_wait=_announce_wait())
    try:
        yield case
    finally:
        say_checkpoint(case, case_dir)  # also when the command failed: what it committed was checkpointed
        case.close()


def say_checkpoint(case: Any, case_dir: Path) -> None:
    """On stderr: the newest checkpoint code to send (code mode), or why a checkpoint could not be written."""
    news = case.checkpoint_news.take()
    if news.code:
        err_console.print(
            f"checkpoint code: {news.code}  (send it by message to someone outside the case; "
            f"`testament verify {case_dir} --code {news.code}` shows no newer events were deleted)",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if news.problem:
        err_console.print(f"[yellow]warning[/]: {escape(news.problem)}", highlight=False)


def as_option() -> Any:
    """`--as USER` (or TESTAMENT_USER), taken by every command that shows case content."""
    return typer.Option(
        None,
        "--as",
        envvar="TESTAMENT_USER",
        metavar="USER",
        help="Read as this workbench user, with their role's clearance (see docs/access.md). Default: you, "
        "the case's owner, who read everything; each protected field you read is logged as `disclosed`.",
    )


def viewer_of(case: Any, as_user: str | None) -> Any:
    """The viewer a command reads as (`testament.views.listings.viewer_for`)."""
    from testament.views.listings import viewer_for

    return viewer_for(case, as_user)


def say_withheld(shown: Any) -> None:
    """On stderr, when something was held back from the viewer: the workbench's notice, with no count (a
    count could single one person out)."""
    from testament.views import WITHHELD_NOTICE

    if shown.withheld:
        err_console.print(f"note: {WITHHELD_NOTICE} (above your role's clearance)", highlight=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def guard() -> Iterator[None]:
    """Map Testament errors to one clear message and an exit code; never print a traceback (it could carry
    victim or witness data) unless TESTAMENT_DEBUG is set."""
    try:
        yield
    except TestamentError as exc:
        # File names may hold [brackets]: escaped, or Rich would read them as markup and drop them.
        err_console.print(f"[bold red]Error:[/] {escape(exc.message)}", highlight=False)
        if exc.hint:
            err_console.print(f"Hint: {exc.hint}", highlight=False, markup=False)
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:
        err_console.print(
            "Interrupted. Every change runs in one transaction: the one in progress was rolled back.",
            highlight=False,
        )
        raise typer.Exit(130) from None
    except Exception as exc:
        if os.environ.get("TESTAMENT_DEBUG"):
            raise
        err_console.print(
            f"[bold red]Internal error[/] ({type(exc).__name__}): a fault in Testament, not in your input. "
            "The change under way was rolled back; what finished before it (e.g. files already reported "
            "as ingested) stays.\nHint: rerun with TESTAMENT_DEBUG=1 to see the traceback (it may contain "
            "case data) and report it.",
            highlight=False,
        )
        raise typer.Exit(70) from None


@contextmanager
def progress_bars(*, disable: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """Rich progress bars on stderr, one per label, for library calls that report (label, done, total)."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True, disable=disable) as bar:
        tasks: dict[str, TaskID] = {}

        def report(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(escape(label), total=total)
            bar.update(tasks[label], completed=done, total=total)

        yield report
