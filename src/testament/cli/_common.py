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

__all__ = ["console", "err_console", "guard", "open_case", "print_json", "progress_bars", "settings_for"]

console = Console()
err_console = Console(stderr=True)

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


@contextmanager
def open_case(case_dir: Path) -> Iterator[Any]:
    from testament.store.case import Case

    case = Case.open(case_dir, settings=settings_for(case_dir))
    try:
        yield case
    finally:
        case.close()


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
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("TESTAMENT_DEBUG"):
            raise
        err_console.print(
            f"[bold red]Internal error[/] ({type(exc).__name__}). Nothing was half written: every change "
            "runs in one transaction.\nHint: rerun with TESTAMENT_DEBUG=1 to see the traceback "
            "(it may contain case data).",
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
