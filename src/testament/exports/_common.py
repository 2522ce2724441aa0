"""What every export shares: the clearance it is made for, which files are a witness's material and whether
that witness's consent covers the use, the `disclosed` custody event, and writing output atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from testament.errors import InputError
from testament.store.access import LABELS, Labeller
from testament.store.consents import ConsentRow, consent_allows, consents_by_person
from testament.store.custody import NewEvent, append_events
from testament.store.schema import person_records
from testament.vocab import CustodyEventType

__all__ = [
    "cleared_labels",
    "disclose",
    "output_file",
    "output_folder",
    "witness_files",
]


def cleared_labels(cleared: str) -> frozenset[str]:
    """The labels an export cleared up to `cleared` may carry (public ... cleared)."""
    if cleared not in LABELS:
        raise InputError(f"--cleared {cleared}: not a label", hint=f"use one of: {', '.join(LABELS)}")
    return frozenset(LABELS[: LABELS.index(cleared) + 1])


def witness_files(
    conn: Connection, labeller: Labeller, use: str, recipient: str | None
) -> tuple[dict[int, bool], list[int]]:
    """Artifact → whether the consents of every witness whose record is in it allow `use` (to `recipient`),
    for every file holding a witness's record (their testimony); and the ids of the consents in force that
    an export relies on."""
    # witness_records also holds relatives (their details are closed by label whatever consent says);
    # only a witness's own consent decides what happens to their testimony
    witnesses = set(labeller.witness_records()) - labeller.relative_records()
    by_person = consents_by_person(conn)
    allowed: dict[int, bool] = {}
    relied: set[int] = set()
    ids = sorted(witnesses)
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for rid, artifact_id, person_id in conn.execute(
            select(person_records.c.id, person_records.c.artifact_id, person_records.c.person_id).where(
                person_records.c.id.in_(chunk)
            )
        ):
            del rid
            rows: list[ConsentRow] = by_person.get(int(person_id), []) if person_id is not None else []
            ok = consent_allows(rows, use, recipient)
            if ok:
                relied |= {r.id for r in rows if r.in_force and r.use in ("archive", use)}
            allowed[int(artifact_id)] = allowed.get(int(artifact_id), True) and ok
    return allowed, sorted(relied)


def disclose(conn: Connection, actor: str, details: dict[str, Any]) -> None:
    """Log an export as one `disclosed` custody event: what, to whom, under which consent (ids and counts,
    never names or values)."""
    append_events(conn, actor, [NewEvent(CustodyEventType.DISCLOSED, details)])


def _check_parent(out: Path) -> None:
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: no such folder {out.parent}", hint="create the folder first")


@contextmanager
def output_file(out: Path, *, force: bool = False) -> Iterator[Path]:
    """A temporary path beside `out` (mode 0600) to write; moved to `out` when the block succeeds, removed
    when it fails, so nothing half written is ever left at `out`."""
    _check_parent(out)
    if out.is_dir():
        raise InputError(f"--out {out}: is a folder", hint="give the path of the file to write")
    if out.exists() and not force:
        raise InputError(f"--out {out}: already exists", hint="choose another name, or add --force")
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)


@contextmanager
def output_folder(out: Path, *, force: bool = False) -> Iterator[Path]:
    """A temporary folder beside `out` (mode 0700) to fill; renamed to `out` when the block succeeds."""
    _check_parent(out)
    if out.exists() and not (force and out.is_dir()):
        raise InputError(f"--out {out}: already exists", hint="choose another folder, or add --force")
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        yield tmp
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
