"""Extraction into the store: each mention becomes a candidate claim with an attestation (the span in the
testimony's extracted text, extractor name and version, confidence, status `proposed`) and a `mentions`
row with what a reviewer needs to judge it.

Re-extraction is idempotent: a candidate is matched by (text artifact, type, span, value as first
proposed). Matches keep their claim, attestation and review; rejected ones stay rejected, accepted and
edited ones keep the reviewer's decision. Candidates still `proposed` are refreshed (role, speaker,
confidence) and those the rules no longer find are withdrawn (they were never reviewed, and the rules
and text that made them can make them again). Every write happens in one transaction under the case
write lock."""

from __future__ import annotations

import bisect
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, select, update
from sqlalchemy.orm import aliased

from testament.errors import InputError
from testament.extract._store import Ids, canonical_json
from testament.extract.gazetteer import Gazetteer
from testament.extract.mention import EXTRACTOR, EXTRACTOR_VERSION, Context, Mention
from testament.extract.pipeline import extract_mentions
from testament.files import open_private
from testament.store.case import Case
from testament.store.custody import NewEvent, append_events, utc_now
from testament.store.facts import FactWriter
from testament.store.schema import artifacts, attestations, claims, mentions, sources
from testament.vocab import CustodyEventType

__all__ = [
    "PREDICATES",
    "ExtractReport",
    "ProgressFn",
    "export_mentions",
    "extract_artifact",
    "extract_case",
    "testimony_artifacts",
]

# The claim predicate each mention type proposes.
PREDICATES = {
    "person": "name",
    "date": "date",
    "place": "place",
    "organisation": "organisation",
    "act": "act",
    "count": "reported_count",
}
# Living witnesses and their families: their mentions start closed (DESIGN.md layer 5).
_RESTRICTED_ROLES = frozenset({"narrator", "witness", "relative", "fellow_prisoner"})
ProgressFn = Callable[[str, int, int], None]  # (file name, artifacts done, artifacts total)

_CLAIM_COLUMNS = (
    "id", "subject_id", "predicate", "value", "date_start", "date_end", "date_precision", "date_original",
    "date_calendar", "stance", "sensitivity", "subject_type", "created_at",
)  # fmt: skip
_ATTESTATION_COLUMNS = (
    "id", "claim_id", "page", "char_start", "char_end", "original_text", "relation", "first_hand",
    "confidence", "artifact_id", "locator_kind", "extractor", "extractor_version", "review_status",
    "created_at",
)  # fmt: skip
_MENTION_COLUMNS = (
    "id", "claim_id", "mention_type", "char_start", "char_end", "proposed_value", "role", "detail",
    "artifact_id", "created_at",
)  # fmt: skip


@dataclass
class ExtractReport:
    artifact_id: int  # the ingested file
    text_artifact_id: int  # the text the offsets point into
    filename: str
    language: str
    by_type: dict[str, int] = field(default_factory=dict)  # what the rules propose now, per type
    new: int = 0  # candidates written by this run
    refreshed: int = 0  # found again and still proposed: role, speaker, confidence updated
    reviewed: int = 0  # found again and already reviewed: left exactly as the reviewer left them
    withdrawn: int = 0  # proposed by an earlier run, not found now, never reviewed: removed
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "seconds": round(self.seconds, 3)}


# --- finding the text --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    original: Row[Any]
    text: Row[Any]


def _artifact(conn: Connection, artifact_id: int) -> Row[Any]:
    row = conn.execute(
        select(artifacts, sources.c.kind.label("source_kind"))
        .join(sources, sources.c.id == artifacts.c.source_id)
        .where(artifacts.c.id == artifact_id)
    ).first()
    if row is None:
        raise InputError(
            f"artifact {artifact_id}: no such artifact in this case", hint="see `testament status`"
        )
    return row


def _texts(case: Case, conn: Connection, artifact_id: int) -> _Texts:
    row = _artifact(conn, artifact_id)
    if row.source_kind != "testimony":
        raise InputError(
            f"artifact {artifact_id}: a {row.source_kind}, not a testimony",
            hint="extraction reads testimonies; list rows are person records already",
        )
    if row.derived_from is not None and row.transformation == "text of":
        return _Texts(_artifact(conn, row.derived_from), row)
    derived = conn.execute(
        select(artifacts.c.id)
        .where(artifacts.c.derived_from == row.id, artifacts.c.transformation == "text of")
        .order_by(artifacts.c.id)
    ).scalar()
    if derived is not None:
        return _Texts(row, _artifact(conn, derived))
    if str(row.media_type).startswith("text/plain"):
        return _Texts(row, row)  # a plain UTF-8 text file is its own text
    # the text was already in the case as another artifact when this file was ingested: find it by hash
    from testament.ingest.readers import read_testimony
    from testament.store.blobs import sha256_hex

    suffix = Path(str(row.filename)).suffix.lower()
    doc = read_testimony(case.blobs.get(row.sha256), str(row.filename), suffix, case.settings.max_file_bytes)
    digest = sha256_hex(doc.text.encode("utf-8"))
    same = conn.execute(select(artifacts.c.id).where(artifacts.c.sha256 == digest)).scalar()
    if same is None:
        raise InputError(
            f"artifact {artifact_id}: its extracted text is not in the case",
            hint="ingest the file again into a new case, or report this as a bug",
        )
    return _Texts(row, _artifact(conn, same))


def read_text_of(case: Case, conn: Connection, artifact_id: int) -> tuple[Row[Any], str]:
    """The text artifact of a testimony (the ingested file's id, or its text's id) and its text."""
    texts = _texts(case, conn, artifact_id)
    return texts.text, case.blobs.get(texts.text.sha256).decode("utf-8")


def testimony_artifacts(case: Case) -> list[int]:
    """The ingested testimony files (originals, not their derived texts) and the messages decoded from
    them (`testament decode`: a text of its own), in ingest order."""
    with case.read() as conn:
        rows = conn.execute(
            select(artifacts.c.id)
            .join(sources, sources.c.id == artifacts.c.source_id)
            .where(
                sources.c.kind == "testimony",
                artifacts.c.derived_from.is_(None) | (artifacts.c.transformation == "decoded from"),
            )
            .order_by(artifacts.c.id)
        )
        return [int(r.id) for r in rows]


# --- writing -------------------------------------------------------------------------------------------


def _pages(text: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch == "\f"]


def _claim_row(cid: int, mid: int, m: Mention, now: str) -> tuple[Any, ...]:
    d = m.date
    sensitivity = "restricted" if m.type == "person" and m.role in _RESTRICTED_ROLES else "internal"
    stance = str(m.detail.get("stance", "affirms"))
    value = str(m.value)
    if d is None:
        dates: tuple[Any, ...] = (None, None, None, None, None)
    else:
        dates = (d.start.isoformat(), d.end.isoformat(), d.precision, d.original, d.calendar)
    return (cid, mid, PREDICATES[m.type], value, *dates, stance, sensitivity, "mention", now)


def _version() -> str:
    """The version a proposal is stored with: the rules', and who proposed the persons' roles (with the
    learnt model's fingerprint when it took part), so a stored candidate says what made it."""
    from testament.extract.learnt import roles_version

    return EXTRACTOR_VERSION + roles_version()


def _attestation_row(
    aid: int, cid: int, m: Mention, text: str, feeds: list[int], text_id: int, now: str, version: str
) -> tuple[Any, ...]:
    page = bisect.bisect_right(feeds, m.start) + 1
    return (
        aid, cid, page, m.start, m.end, text[m.start : m.end], m.detail.get("relation"),
        bool(m.detail.get("first_hand")), round(m.confidence, 3), text_id, "span", EXTRACTOR,
        version, "proposed", now,
    )  # fmt: skip


def _detail(m: Mention) -> str:
    return canonical_json(m.detail)


def extract_artifact(
    case: Case, artifact_id: int, *, context: Context | None = None, gazetteer: Gazetteer | None = None
) -> ExtractReport:
    """Propose candidate claims for one testimony (the ingested file's id, or its text's id)."""
    clock = time.perf_counter()
    with case.read() as conn:
        texts = _texts(case, conn, artifact_id)
    text_row = texts.text
    text = _read_text(case, text_row)
    found = {m.key: m for m in extract_mentions(text, context=context, gazetteer=gazetteer)}
    report = ExtractReport(
        int(texts.original.id), int(text_row.id), str(texts.original.filename), _language(text),
        dict(Counter(m.type for m in found.values())),
    )  # fmt: skip
    now = utc_now()
    with case.write() as conn:
        earlier = _earlier_mentions(conn, int(text_row.id))
        seen, refresh, withdraw, report.reviewed = _compare(earlier, found)
        facts = FactWriter(conn)  # seals the rows written, and again the earlier ones changed or withdrawn
        _refresh(conn, facts, refresh)
        _withdraw(facts, withdraw)
        report.refreshed, report.withdrawn = len(refresh), len(withdraw)
        new = [m for key, m in found.items() if key not in seen]
        _insert_new(conn, facts, new, text, int(text_row.id), now)
        report.new = len(new)
        _record_extraction(conn, case, facts, report, str(text_row.sha256))
    report.seconds = time.perf_counter() - clock
    return report


def _read_text(case: Case, text_row: Row[Any]) -> str:
    """The testimony's text from the blob store; it was stored as UTF-8 at ingest."""
    try:
        return case.blobs.get(text_row.sha256).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"artifact {text_row.id}: its text is not UTF-8", hint="re-ingest the testimony as UTF-8 text"
        ) from None


def _earlier_mentions(conn: Connection, text_id: int) -> list[Row[Any]]:
    """The mentions earlier runs wrote for this text, with their attestation's id and review status."""
    return list(
        conn.execute(
            select(
                mentions.c.id,
                mentions.c.claim_id,
                mentions.c.mention_type,
                mentions.c.char_start,
                mentions.c.char_end,
                mentions.c.proposed_value,
                attestations.c.id.label("attestation_id"),
                attestations.c.review_status,
            )
            .join(attestations, attestations.c.claim_id == mentions.c.claim_id)
            .where(mentions.c.artifact_id == text_id)
        ).all()
    )


def _compare(
    existing: list[Row[Any]], found: dict[tuple[str, int, int, str], Mention]
) -> tuple[set[tuple[str, int, int, str]], list[tuple[Any, Mention]], list[Any], int]:
    """Sort the earlier mentions against what the rules find now: (every earlier key, still proposed and
    found again, still proposed and not found, how many reviewed ones were found again). Reviewed
    mentions are never touched, found or not."""
    seen: set[tuple[str, int, int, str]] = set()
    refresh: list[tuple[Any, Mention]] = []
    withdraw: list[Any] = []
    reviewed = 0
    for row in existing:
        key = (row.mention_type, row.char_start, row.char_end, row.proposed_value)
        seen.add(key)
        if row.review_status != "proposed":
            reviewed += key in found
        elif key in found:
            refresh.append((row, found[key]))
        else:
            withdraw.append(row)
    return seen, refresh, withdraw, reviewed


def _insert_new(
    conn: Connection, facts: FactWriter, new: list[Mention], text: str, text_id: int, now: str
) -> None:
    """Write a claim, its attestation and its mention for each new candidate, in text order."""
    if not new:
        return
    feeds = _pages(text)
    ids = Ids(conn)
    first_claim, first_att, first_mention = (
        ids.take(claims, len(new)),
        ids.take(attestations, len(new)),
        ids.take(mentions, len(new)),
    )
    claim_rows, att_rows, mention_rows = [], [], []
    version = _version()
    for i, m in enumerate(sorted(new, key=lambda m: (m.start, m.end, m.type))):
        cid, aid, mid = first_claim + i, first_att + i, first_mention + i
        claim_rows.append(_claim_row(cid, mid, m, now))
        att_rows.append(_attestation_row(aid, cid, m, text, feeds, text_id, now, version))
        mention_rows.append(
            (mid, cid, m.type, m.start, m.end, str(m.value), m.role, _detail(m), text_id, now)
        )
    facts.insert(claims, _CLAIM_COLUMNS, claim_rows)
    facts.insert(attestations, _ATTESTATION_COLUMNS, att_rows)
    facts.insert(mentions, _MENTION_COLUMNS, mention_rows)


def _record_extraction(
    conn: Connection, case: Case, facts: FactWriter, report: ExtractReport, sha256: str
) -> None:
    """Log the run in the custody chain, in the same transaction: what was proposed (counts and the
    extractor, and the seals of the rows), never what it says."""
    append_events(
        conn,
        case.settings.actor,
        [
            NewEvent(
                CustodyEventType.EXTRACTED,
                {
                    "artifact_id": report.text_artifact_id,
                    "extractor": EXTRACTOR,
                    "extractor_version": _version(),
                    "new": report.new,
                    "refreshed": report.refreshed,
                    "withdrawn": report.withdrawn,
                    **facts.details(always=True),
                },
                sha256,
            )
        ],
    )


def _language(text: str) -> str:
    from testament.extract._text import detect_language

    return detect_language(text)


def _refresh(conn: Connection, facts: FactWriter, pairs: list[tuple[Any, Mention]]) -> None:
    if not pairs:
        return
    version = _version()
    facts.written(mentions, [row.id for row, _ in pairs])
    facts.written(attestations, [row.attestation_id for row, _ in pairs])
    conn.execute(
        update(mentions)
        .where(mentions.c.id == bindparam("b_id"))
        .values(role=bindparam("b_role"), detail=bindparam("b_detail")),
        [{"b_id": row.id, "b_role": m.role, "b_detail": _detail(m)} for row, m in pairs],
    )
    conn.execute(
        update(attestations)
        .where(attestations.c.id == bindparam("b_id"))
        .values(
            confidence=bindparam("b_confidence"),
            relation=bindparam("b_relation"),
            first_hand=bindparam("b_first_hand"),
            extractor_version=bindparam("b_version"),
        ),
        [
            {
                "b_id": row.attestation_id,
                "b_confidence": round(m.confidence, 3),
                "b_relation": m.detail.get("relation"),
                "b_first_hand": bool(m.detail.get("first_hand")),
                "b_version": version,
            }
            for row, m in pairs
        ],
    )


def _withdraw(facts: FactWriter, rows: list[Any]) -> None:
    facts.delete(mentions, [r.id for r in rows])
    facts.delete(attestations, [r.attestation_id for r in rows])
    facts.delete(claims, [r.claim_id for r in rows])


def extract_case(
    case: Case,
    artifact_ids: Sequence[int] | None = None,
    *,
    context: Context | None = None,
    gazetteer: Gazetteer | None = None,
    progress: ProgressFn | None = None,
) -> list[ExtractReport]:
    """Extract from the given testimonies, or from every testimony in the case; one transaction each."""
    ids = list(artifact_ids) if artifact_ids else testimony_artifacts(case)
    reports = []
    for n, artifact_id in enumerate(ids, start=1):
        report = extract_artifact(case, artifact_id, context=context, gazetteer=gazetteer)
        reports.append(report)
        if progress:
            progress(report.filename, n, len(ids))
    return reports


# --- export -------------------------------------------------------------------------------------------


def _typed_value(kind: str, value: str | None) -> Any:
    if kind == "count" and value is not None:
        try:
            return int(value)
        except ValueError:
            return value
    return value


def export_mentions(
    case: Case,
    out: Path | str,
    *,
    artifact_id: int | None = None,
    statuses: Sequence[str] | None = None,
    screen: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None,
) -> int:
    """Write every candidate as one JSON object per line (artifact, type, start, end, text, value, role for
    persons, then status, claim, confidence, page, detail); return how many were written. The file is its
    owner's only (mode 0600). JSON Lines is not a spreadsheet format, so values are written as they are,
    with no formula neutralising. `screen` (the access gate's, `testament.views.listings`) sees each item
    before it is written and returns it, changed, or None to leave it out."""
    from testament.extract.review import check_statuses

    check_statuses(statuses)
    original = aliased(artifacts)
    filename = func.coalesce(original.c.filename, artifacts.c.filename).label("filename")
    query = (
        select(
            filename,
            mentions.c.mention_type,
            mentions.c.char_start,
            mentions.c.char_end,
            mentions.c.role,
            mentions.c.proposed_value,
            mentions.c.detail,
            mentions.c.claim_id,
            claims.c.value,
            attestations.c.original_text,
            attestations.c.review_status,
            attestations.c.confidence,
            attestations.c.page,
            attestations.c.reviewer,
        )
        .join(claims, claims.c.id == mentions.c.claim_id)
        .join(attestations, attestations.c.claim_id == claims.c.id)
        .join(artifacts, artifacts.c.id == mentions.c.artifact_id)
        .outerjoin(original, original.c.id == artifacts.c.derived_from)
        .order_by(filename, mentions.c.char_start, mentions.c.char_end, mentions.c.mention_type)
    )
    if artifact_id is not None:
        query = query.where((artifacts.c.id == artifact_id) | (artifacts.c.derived_from == artifact_id))
    if statuses:
        query = query.where(attestations.c.review_status.in_(list(statuses)))
    target = Path(out)
    written = 0
    try:
        with case.read() as conn, open_private(target, "w", encoding="utf-8") as fh:  # mode 0600
            for r in conn.execute(query):
                item: dict[str, Any] = {
                    "artifact": r.filename,
                    "type": r.mention_type,
                    "start": r.char_start,
                    "end": r.char_end,
                    "text": r.original_text,
                    "value": _typed_value(r.mention_type, r.value),
                }
                if r.mention_type == "person":
                    item["role"] = r.role
                item.update(status=r.review_status, claim=r.claim_id, confidence=r.confidence, page=r.page)
                if r.value != r.proposed_value:
                    item["proposed_value"] = _typed_value(r.mention_type, r.proposed_value)
                if r.reviewer:
                    item["reviewer"] = r.reviewer
                item["detail"] = json.loads(r.detail)
                if screen is not None and (item := screen(item)) is None:  # type: ignore[assignment]
                    continue
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
                written += 1
    except OSError as exc:
        raise InputError(
            f"{target}: cannot write ({type(exc).__name__})", hint="check the folder exists and is writable"
        ) from None
    return written
