"""A testimony file in: the original and its text (a derived artifact, "text of", unless the file is
plain text already) preserved in one transaction, with the custody events that say how the text was got.
Extraction (`testament.extract`) reads the text later; a scan without a text layer goes to OCR
(`testament.ingest.intake`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from testament.ingest._writing import (
    Incoming,
    artifact_row,
    received,
    source_id,
    text_derived,
    writing,
)
from testament.ingest.options import IngestOptions, ProgressFn
from testament.ingest.readers import MEDIA_TYPES, read_testimony
from testament.ingest.report import FileOutcome
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts
from testament.vocab import CustodyEventType

__all__ = ["ingest_testimony"]


def ingest_testimony(
    case: Case, file: Incoming, options: IngestOptions, progress: ProgressFn | None = None
) -> FileOutcome:
    name, suffix, data, digest, parent = file.name, file.suffix, file.data, file.digest, file.parent
    pages = (lambda done, total: progress(f"reading {name}", done, total)) if progress else None
    doc = read_testimony(data, name, suffix, case.settings.max_file_bytes, progress=pages)
    text_bytes = doc.text.encode("utf-8")
    text_digest = sha256_hex(text_bytes)
    now = utc_now()
    with writing(case, [(data, digest), (text_bytes, text_digest)]) as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        sid = source_id(conn, ids, facts, options.source_title or name, "testimony", now)
        aid = ids.take(artifacts, 2)
        media = MEDIA_TYPES[suffix]
        original = artifact_row(aid, sid, digest, len(data), media, name, now, parent)
        text_id = aid + 1
        derived: dict[str, Any] | None = artifact_row(
            text_id,
            sid,
            text_digest,
            len(text_bytes),
            "text/plain; charset=utf-8",
            f"{name}.txt",
            now,
        )
        known = conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == text_digest)).scalar()
        if text_digest == digest or known is not None:
            derived = None  # the text already stands as an artifact (a plain .txt is its own text)
        elif derived is not None:
            derived.update(
                derived_from=aid, transformation="text of", tool=doc.tool, tool_version=doc.tool_version
            )
        facts.insert_mappings(artifacts, [original] + ([derived] if derived else []))
        events = received(name, digest, len(data), media, "testimony", parent)
        if derived:
            events.append(text_derived(digest, text_digest, doc.tool, doc.tool_version, len(doc.pages)))
        events.append(
            NewEvent(
                CustodyEventType.INGESTED,
                {"artifact_id": aid, "kind": "testimony", "pages": len(doc.pages), **facts.details()},
                digest,
            )
        )
        append_events(conn, case.settings.actor, events)
    return FileOutcome(
        name,
        "ingested",
        "testimony",
        aid,
        digest,
        message=f"{len(doc.pages)} page(s) of text",
        warnings=[str(w) for w in doc.warnings],
    )
