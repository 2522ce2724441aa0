"""Archives in: a .zip is preserved whole, as an artifact of its own; each file in it is then ingested as
if given alone (whole or not at all), recorded as derived from the archive ("member of"). A member that
cannot be read is reported and left inside the preserved archive: nothing is lost."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import PurePosixPath

from testament.errors import IngestError
from testament.ingest._dispatch import ingest_by_kind, kind_of, rejected, unchanged
from testament.ingest._writing import (
    AlreadyIngested,
    Incoming,
    Parent,
    artifact_row,
    artifact_with,
    received,
    source_id,
    writing,
)
from testament.ingest.options import IngestOptions, ProgressFn
from testament.ingest.readers import MEDIA_TYPES, check_zip_members
from testament.ingest.report import FileOutcome
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts
from testament.vocab import CustodyEventType

__all__ = ["ingest_archive"]

_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


def _is_system_file(member: str) -> bool:
    parts = PurePosixPath(member).parts
    return "__MACOSX" in parts or parts[-1].lower() in _SYSTEM_FILES or parts[-1].startswith("._")


def ingest_archive(
    case: Case,
    name: str,
    data: bytes,
    digest: str,
    options: IngestOptions,
    progress: ProgressFn | None,
    existing: int | None,
) -> list[FileOutcome]:
    """The archive preserved (unless `existing`: its artifact, from an earlier ingest), then each member
    ingested on its own; the archive's outcome first, then one per member."""
    archive = check_zip_members(data, name, case.settings.max_file_bytes)
    entries = sorted(
        (i for i in archive.infolist() if not i.is_dir() and not _is_system_file(i.filename)),
        key=lambda i: i.filename,
    )
    if not entries:
        raise IngestError(f"{name}: the archive holds no files", hint="check that the right archive was sent")
    try:
        if existing is not None:
            raise AlreadyIngested(existing)
        aid = _store_archive(case, name, data, digest, options, len(entries))
        outcome = FileOutcome(
            name, "ingested", "archive", aid, digest, message=f"{len(entries)} file(s) inside"
        )
    except AlreadyIngested as already:
        aid = already.artifact_id
        outcome = unchanged(name, "archive", aid, digest)
    outcomes = [outcome]
    for number, entry in enumerate(entries, start=1):
        if progress and len(entries) > 1:
            progress(f"unpacking {name}", number, len(entries))
        member_name = f"{name}/{entry.filename}"
        try:
            suffix = PurePosixPath(entry.filename).suffix.lower()
            kind = kind_of(member_name, suffix, options)
            if kind == "archive":
                raise IngestError(
                    f"{member_name}: an archive inside an archive is not unpacked",
                    hint="unpack the outer archive and ingest the inner one on its own",
                )
            member = _read_member(archive, entry, member_name)
            member_digest = sha256_hex(member)
            known = artifact_with(case, member_digest)
            if known is not None:
                outcomes.append(unchanged(member_name, kind, known, member_digest))
                continue
            parent = Parent(aid, digest, entry.filename)
            incoming = Incoming(member_name, suffix, member, member_digest, parent)
            outcome = ingest_by_kind(case, incoming, kind, options, progress)
        except IngestError as exc:
            outcome = rejected(member_name, exc)
        outcomes.append(outcome)
        if options.strict and outcome.status == "rejected":
            break
    return outcomes


def _store_archive(
    case: Case, name: str, data: bytes, digest: str, options: IngestOptions, files: int
) -> int:
    now = utc_now()
    media = MEDIA_TYPES[".zip"]
    with writing(case, [(data, digest)]) as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        sid = source_id(conn, ids, facts, options.source_title or name, "archive", now)
        aid = ids.take(artifacts)
        facts.insert_mappings(artifacts, [artifact_row(aid, sid, digest, len(data), media, name, now)])
        events = received(name, digest, len(data), media, "archive")
        events.append(
            NewEvent(
                CustodyEventType.INGESTED,
                {"artifact_id": aid, "kind": "archive", "files": files, **facts.details()},
                digest,
            )
        )
        append_events(conn, case.settings.actor, events)
    return aid


def _read_member(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return archive.read(entry)
    except NotImplementedError:  # a subclass of RuntimeError: caught first
        raise IngestError(
            f"{name}: packed with a compression method Testament cannot read (method {entry.compress_type})",
            hint="unpack the archive with 7-Zip or another tool and ingest the files, or ask for a plain zip",
        ) from None
    except RuntimeError:  # zipfile's word for a password-protected member
        raise IngestError(
            f"{name}: the file is encrypted inside the archive",
            hint="unpack it with its password and ingest the files themselves",
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise IngestError(
            f"{name}: the file is damaged inside the archive, or packed with a method zip readers lack",
            hint="ask the sender for a new archive, or unpack it with another tool and ingest the files",
        ) from None
