"""The write path every ingested file shares: the file as read (`Incoming`, with the archive it was
unpacked from), the write transaction that stores its blobs under the case's write lock (`writing`), and
the rows and custody events that say where a file came from: its source, its artifact, and how it was
received (from outside, or unpacked from an archive already received)."""

from __future__ import annotations

import contextlib
import platform
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from testament.store.case import Case
from testament.store.custody import NewEvent
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts, sources
from testament.vocab import CustodyEventType

__all__ = [
    "AlreadyIngested",
    "Incoming",
    "Parent",
    "artifact_row",
    "artifact_with",
    "received",
    "source_id",
    "text_derived",
    "writing",
]


@dataclass(frozen=True)
class Parent:
    """The archive a file was unpacked from."""

    artifact_id: int
    sha256: str
    member: str  # the file's path inside the archive


@dataclass(frozen=True)
class Incoming:
    """A file's bytes as read, with where they came from."""

    name: str  # as reported: the file name, or archive.zip/path/in/archive
    suffix: str
    data: bytes
    digest: str
    parent: Parent | None = None


def artifact_with(case: Case, digest: str) -> int | None:
    """The id of the artifact with this SHA-256, if the case holds one (a file seen before)."""
    with case.read() as conn:
        return conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == digest)).scalar()


def source_id(conn: Connection, ids: Ids, facts: FactWriter, title: str, kind: str, now: str) -> int:
    found = conn.execute(
        select(sources.c.id).where(sources.c.title == title, sources.c.kind == kind)
    ).scalar()
    if found is not None:
        return int(found)
    sid = ids.take(sources)
    facts.insert_mappings(sources, [{"id": sid, "title": title, "kind": kind, "created_at": now}])
    return sid


class AlreadyIngested(Exception):
    """Another writer committed the same file first (seen under the write lock)."""

    def __init__(self, artifact_id: int) -> None:
        super().__init__(artifact_id)
        self.artifact_id = artifact_id


@contextmanager
def writing(case: Case, blobs: list[tuple[bytes, str]]) -> Iterator[Connection]:
    """A write transaction for a file whose blobs (the file first) are stored under the write lock.

    The lock is taken before anything touches the blob store, so two processes sending the same file cannot
    race: the second finds the first's artifact and raises `AlreadyIngested`. If the transaction fails,
    only the blobs it added that no committed artifact references are removed."""
    written: list[str] = []
    try:
        with case.write() as conn:
            known = conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == blobs[0][1])).scalar()
            if known is not None:
                raise AlreadyIngested(int(known))
            written = _store_blobs(case, blobs)
            yield conn
    except AlreadyIngested:
        raise
    except BaseException:
        _discard_unreferenced(case, written)
        raise


def _store_blobs(case: Case, blobs: list[tuple[bytes, str]]) -> list[str]:
    written = []
    for data, digest in blobs:
        _, new = case.blobs.put(data, digest)
        if new:
            written.append(digest)
    return written


def _discard_unreferenced(case: Case, digests: list[str]) -> None:
    """Remove blobs of a failed write, under the lock again and only those no artifact references."""
    if not digests:
        return
    # The database may be what failed: then an unreferenced blob stays (harmless; the next ingest sweeps
    # it), since deleting a blob without checking under the lock could lose a committed file.
    with contextlib.suppress(Exception), case.write() as conn:
        kept = set(conn.execute(select(artifacts.c.sha256).where(artifacts.c.sha256.in_(digests))).scalars())
        for digest in digests:
            if digest not in kept:
                case.blobs.discard(digest)


def artifact_row(
    aid: int,
    sid: int,
    digest: str,
    size: int,
    media: str,
    filename: str,
    now: str,
    parent: Parent | None = None,
) -> dict[str, Any]:
    return {
        "id": aid,
        "source_id": sid,
        "sha256": digest,
        "size": size,
        "media_type": media,
        "filename": filename,
        "derived_from": parent.artifact_id if parent else None,
        "transformation": "member of" if parent else None,
        "tool": "python-zipfile" if parent else None,
        "tool_version": platform.python_version() if parent else None,
        "created_at": now,
    }


def received(
    name: str, digest: str, size: int, media: str, kind: str, parent: Parent | None = None
) -> list[NewEvent]:
    """How a file came in: received from outside, or unpacked from an archive already received."""
    if parent is not None:
        return [
            NewEvent(
                CustodyEventType.DERIVED,
                {
                    "from": parent.sha256,
                    "to": digest,
                    "transformation": "member of",
                    "member": parent.member,
                    "size": size,
                    "media_type": media,
                    "kind": kind,
                },
                digest,
            ),
            NewEvent(CustodyEventType.HASHED, {"algorithm": "sha256", "sha256": digest}, digest),
        ]
    return [
        NewEvent(
            CustodyEventType.RECEIVED,
            {"filename": name, "size": size, "media_type": media, "kind": kind},
            digest,
        ),
        NewEvent(CustodyEventType.HASHED, {"algorithm": "sha256", "sha256": digest}, digest),
    ]


def text_derived(
    digest: str,
    text_digest: str,
    tool: str,
    tool_version: str,
    pages: int,
    details: dict[str, object] | None = None,
) -> NewEvent:
    """The custody event of a file's text made a derived artifact ("text of": extracted, or read by OCR),
    with what the tool says of its reading (`details`, e.g. OCR confidence)."""
    return NewEvent(
        CustodyEventType.DERIVED,
        {
            "from": digest,
            "to": text_digest,
            "transformation": "text of",
            "tool": tool,
            "tool_version": tool_version,
            "pages": pages,
            **(details or {}),
        },
        text_digest,
    )
