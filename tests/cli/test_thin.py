"""The CLI stays thin (DESIGN.md §5.1): no SQL under `cli/`, and every command is a few lines around one
library call (at most 25 lines of body)."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

import testament.cli
from testament.cli.main import app

CLI = Path(testament.cli.__file__).parent
MAX_BODY = 25
_SQL = re.compile(r"\bselect\(|\binsert\(|\btext\(|\.execute\(|\bsqlalchemy\b|\bstore\.schema\b")


def _commands(typer_app: typer.Typer, prefix: str = "testament") -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every command function the app registers, by the words that call it (group callbacks included)."""
    if typer_app.registered_callback is not None and typer_app.registered_callback.callback is not None:
        yield prefix, typer_app.registered_callback.callback
    for command in typer_app.registered_commands:
        assert command.callback is not None
        yield f"{prefix} {command.name or command.callback.__name__}", command.callback
    for group in typer_app.registered_groups:
        yield from _commands(group.typer_instance, f"{prefix} {group.name}")


def body_lines(function: Callable[..., Any]) -> int:
    """Lines of a function's body after its signature and docstring."""
    return _body_lines(textwrap.dedent(inspect.getsource(function)))


def _body_lines(source: str) -> int:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if not body:
        return 0
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1


def sql_in(source: str) -> list[str]:
    return [line.strip() for line in source.splitlines() if _SQL.search(line)]


COMMANDS = dict(_commands(app))


def test_commands_are_found() -> None:
    assert {"testament init", "testament link run", "testament review claims", "testament estimate"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_body_is_at_most_25_lines(name: str) -> None:
    assert body_lines(COMMANDS[name]) <= MAX_BODY, f"`{name}`: move the logic into the library"


@pytest.mark.parametrize("module", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_cli_module_has_no_sql(module: Path) -> None:
    assert sql_in(module.read_text("utf-8")) == [], f"cli/{module.name}: SQL belongs in the library"


def test_checks_catch_sql_and_long_commands() -> None:
    """The two checks fail when they should: SQL in a command module, a command grown too long."""
    assert sql_in("    from sqlalchemy import select\n    rows = conn.execute(select(artifacts))\n") == [
        "from sqlalchemy import select",
        "rows = conn.execute(select(artifacts))",
    ]
    assert sql_in("bar.update(task, completed=done)\nTextColumn('x')\n") == []
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_BODY + 1))
    source = 'def command(\n    case: str,\n) -> None:\n    """Doc."""\n' + body
    assert _body_lines(source) == MAX_BODY + 1
    assert body_lines(test_commands_are_found) == 3
