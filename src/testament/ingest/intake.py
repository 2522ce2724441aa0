"""Intake of every file that is neither a text testimony nor a list: scans, photos, recordings, and files
of formats Testament does not know. Nothing is refused for its format: each file is preserved, hashed and
logged like any other, and what can be read is read.

- A scan (a PDF with no text layer) and an image are read by OCR (`testament.ingest.ocr`). The text is a
  derived artifact ("text of", tool `tesseract` and its version) whose custody event records the languages
  and the mean word confidence, overall and per page; its pages are joined with form feeds like any
  extracted text, so extraction reads it as a testimony and each span cites the page of the scan.
  An image on which OCR finds too little, too unsure, is kept as a photo, without text.
- A photo's EXIF date and GPS place become claims about the file itself (subject type `artifact`),
  attested by the file (locator kind `exif`, the tag as column, relation `device`).
- A recording keeps its duration when its container says it (`testament.ingest.media`).
- Anything else is preserved as `other`, and the report says it was preserved but not read.

The file, its text and its claims land in one transaction, whole or not at all (`_writing.writing`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from testament import __version__
from testament.errors import IngestError
from testament.ingest._writing import (
    Incoming,
    artifact_row,
    received,
    source_id,
    text_derived,
    writing,
)
from testament.ingest.images import PhotoMetadata, image_pages, pdf_pages, photo_metadata
from testament.ingest.media import MediaFormat, identify, recording_seconds
from testament.ingest.ocr import OcrText, read_page, tesseract_languages, tesseract_version
from testament.ingest.options import IngestOptions, ProgressFn
from testament.ingest.report import FileOutcome
from testament.store.blobs import sha256_hex
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.ids import Ids
from testament.store.schema import artifacts, attestations, claims
from testament.vocab import SENSITIVE_PREDICATES, CustodyEventType, Sensitivity

__all__ = ["MIN_IMAGE_CONFIDENCE", "MIN_IMAGE_WORDS", "ingest_media"]

# An image is read as a scanned page when OCR finds at least this many words at this mean confidence;
# below, what Tesseract "reads" in a photo is noise from its textures, and is not kept.
MIN_IMAGE_WORDS = 3
MIN_IMAGE_CONFIDENCE = 50.0
_TEXT_MEDIA = "text/plain; charset=utf-8"
_CLAIM_COLUMNS = (
    "id", "subject_type", "subject_id", "predicate", "value", "date_start", "date_end", "date_precision",
    "date_original", "date_calendar", "stance", "created_at", "sensitivity",
)  # fmt: skip
_ATTESTATION_COLUMNS = (
    "id", "claim_id", "artifact_id", "locator_kind", "column_name", "original_text", "relation",
    "extractor", "extractor_version", "review_status", "created_at",
)  # fmt: skip


@dataclass
class _Reading:
    """What could be read of a file: its text by OCR, the photo's metadata, a recording's length."""

    format: MediaFormat
    ocr: OcrText | None = None
    photo: PhotoMetadata = field(default_factory=PhotoMetadata)
    seconds: float | None = None
    notes: list[str] = field(default_factory=list)  # why something was not read

    @property
    def kind(self) -> str:
        """The source kind: testimony when it has text, media for pictures and recordings, else other."""
        if self.ocr is not None:
            return "testimony"
        return "media" if self.format.category in ("image", "audio", "video") else "other"


def ingest_media(
    case: Case, file: Incoming, options: IngestOptions, progress: ProgressFn | None = None
) -> FileOutcome:
    """Preserve `file` whatever its format, with what could be read of it (see the module docstring)."""
    reading = _read(file, progress)
    text = reading.ocr.document().text.encode("utf-8") if reading.ocr else None
    text_digest = sha256_hex(text) if text is not None else None
    name, data, digest, parent = file.name, file.data, file.digest, file.parent
    media, kind = reading.format.media_type, reading.kind
    now = utc_now()
    blobs = [(data, digest)] + ([(text, text_digest)] if text is not None and text_digest else [])
    with writing(case, blobs) as conn:
        ids, facts = Ids(conn), FactWriter(conn)
        sid = source_id(conn, ids, facts, options.source_title or name, kind, now)
        aid = ids.take(artifacts)
        rows = [artifact_row(aid, sid, digest, len(data), media, name, now, parent)]
        events = received(name, digest, len(data), media, kind, parent)
        # The same text may stand already (the scan sent before as a PDF, now as an image): kept once.
        if reading.ocr is not None and text is not None and not _stored(conn, text_digest):
            text_id = ids.take(artifacts)
            derived = artifact_row(text_id, sid, str(text_digest), len(text), _TEXT_MEDIA, f"{name}.txt", now)
            derived.update(
                derived_from=aid,
                transformation="text of",
                tool=reading.ocr.tool,
                tool_version=reading.ocr.tool_version,
            )
            rows.append(derived)
            ocr = reading.ocr
            events.append(
                text_derived(
                    digest, str(text_digest), ocr.tool, ocr.tool_version, len(ocr.pages), ocr.details()
                )
            )
        facts.insert_mappings(artifacts, rows)
        n_claims = _write_photo_claims(ids, facts, aid, reading.photo, now)
        events.append(
            NewEvent(
                CustodyEventType.INGESTED,
                {
                    "artifact_id": aid,
                    "kind": kind,
                    "media_type": media,
                    "read": reading.ocr is not None or n_claims > 0 or reading.seconds is not None,
                    **({"pages": len(reading.ocr.pages)} if reading.ocr else {}),
                    **({"duration_seconds": reading.seconds} if reading.seconds is not None else {}),
                    **({"claims": n_claims} if n_claims else {}),
                    **({"not_read": reading.notes} if reading.notes else {}),
                    **facts.details(),
                },
                digest,
            )
        )
        append_events(conn, case.settings.actor, events)
    return FileOutcome(
        name,
        "ingested",
        kind,
        aid,
        digest,
        claims=n_claims,
        message=_message(reading, n_claims),
        warnings=reading.notes,
    )


def _stored(conn: Connection, digest: str | None) -> bool:
    return conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == digest)).first() is not None


# --- reading ------------------------------------------------------------------------------------------------


def _read(file: Incoming, progress: ProgressFn | None) -> _Reading:
    reading = _Reading(identify(file.data, file.name))
    category = reading.format.category
    try:
        if category == "pdf":
            reading.ocr = _ocr_pdf(file, progress)
        elif category == "image":
            reading.photo = photo_metadata(file.data)
            ocr = _ocr(image_pages(file.data, file.name), file.name, progress)
            if ocr.words >= MIN_IMAGE_WORDS and (ocr.confidence or 0) >= MIN_IMAGE_CONFIDENCE:
                reading.ocr = ocr
        elif category in ("audio", "video"):
            reading.seconds = recording_seconds(file.data)
            if reading.seconds is None:
                media = reading.format.media_type
                reading.notes.append(f"{file.name}: no duration read ({media}: kept with its size and hash)")
    except IngestError as exc:  # the file is kept all the same; the report says why it was not read
        reading.notes.append(str(exc))
    if reading.ocr is not None and not reading.ocr.words:
        reading.notes.append(f"{file.name}: OCR found no text on any page")
        reading.ocr = None
    return reading


def _ocr_pdf(file: Incoming, progress: ProgressFn | None) -> OcrText:
    tesseract_languages()  # fail before rendering when Tesseract is missing
    count, pages = pdf_pages(file.data, file.name)
    return _ocr(pages, file.name, progress, count)


def _ocr(pages: Any, name: str, progress: ProgressFn | None, total: int | None = None) -> OcrText:
    read = []
    pages = list(pages) if total is None else pages
    total = len(pages) if total is None else total
    for done, image in enumerate(pages, start=1):
        read.append(read_page(image))
        if progress:
            progress(f"OCR {name}", done, total)
    return OcrText(read, tesseract_version(), tesseract_languages())


def _message(reading: _Reading, n_claims: int) -> str:
    fmt = reading.format
    parts: list[str] = []
    if reading.ocr is not None:
        ocr = reading.ocr
        parts.append(
            f"{len(ocr.pages)} page(s) read by OCR ({ocr.tool} {ocr.tool_version}, {ocr.languages}, "
            f"mean confidence {ocr.confidence})"
        )
    elif fmt.category == "image":
        parts.append(f"image preserved ({fmt.media_type}), no text read")
    elif fmt.category in ("audio", "video"):
        length = f", {reading.seconds:g} s" if reading.seconds is not None else ", duration not read"
        parts.append(f"{fmt.category} preserved ({fmt.media_type}{length})")
    else:
        parts.append(f"preserved, not read ({fmt.media_type}: Testament has no reader for it)")
    if n_claims:
        parts.append(f"{n_claims} claim(s) from its EXIF")
    return "; ".join(parts)


# --- claims about the file ---------------------------------------------------------------------------------


def _write_photo_claims(ids: Ids, facts: FactWriter, aid: int, photo: PhotoMetadata, now: str) -> int:
    found: list[tuple[str, str, tuple[Any, ...], str, str]] = []  # predicate, value, dates, tag, original
    if photo.taken is not None:
        taken = photo.taken
        day = taken.moment.date().isoformat()
        dates = (day, day, "day", taken.original, "gregorian")
        found.append(("taken_on", taken.moment.isoformat(), dates, taken.tag, taken.original))
    if photo.place is not None:
        none = (None, None, None, None, None)
        found.append(("taken_at", photo.place.value, none, "GPSInfo", photo.place.original))
    if not found:
        return 0
    first_claim = ids.take(claims, len(found))
    first_att = ids.take(attestations, len(found))
    claim_rows, att_rows = [], []
    for i, (predicate, value, dates, tag, original) in enumerate(found):
        label = SENSITIVE_PREDICATES.get(predicate, Sensitivity.INTERNAL)
        claim_rows.append(
            (first_claim + i, "artifact", aid, predicate, value, *dates, "affirms", now, str(label))
        )
        att_rows.append(
            (first_att + i, first_claim + i, aid, "exif", tag, original, "device", "ingest:exif",
             __version__, "accepted", now)
        )  # fmt: skip
    facts.insert(claims, _CLAIM_COLUMNS, claim_rows)
    facts.insert(attestations, _ATTESTATION_COLUMNS, att_rows)
    return len(found)
