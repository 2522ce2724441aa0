"""The case store's tables (DESIGN.md section 3, layers 1-3 and 5).

Nothing is a bare fact: identities are thin rows, everything said about them is a `claims` row attested by
one or more `attestations`, each carrying a locator into a preserved `artifacts` file.
Ids are assigned by the writer under the case write lock (see `backend.write_transaction`), so bulk ingest
can insert records, claims and attestations with a few bulk calls on every backend.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

__all__ = [
    "accounts",
    "acts",
    "api_tokens",
    "artifacts",
    "attestations",
    "case_meta",
    "claims",
    "collection_records",
    "conflicts",
    "consents",
    "custody_events",
    "element_supports",
    "estimate_runs",
    "events",
    "identity_links",
    "involvements",
    "link_pairs",
    "link_queue",
    "link_runs",
    "mentions",
    "metadata",
    "name_keys",
    "organisations",
    "person_records",
    "persons",
    "places",
    "sessions",
    "source_relations",
    "sources",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

_LABELS = "'public','internal','restricted','sealed'"
# The closed labels, as an index condition: a query that repeats it word for word can use the index
CLOSED = "sensitivity IN ('restricted','sealed')"


def _sensitivity() -> Column:
    return Column("sensitivity", String(16), nullable=False, server_default="internal")


def _label_check() -> CheckConstraint:
    return CheckConstraint(f"sensitivity IN ({_LABELS})", name="sensitivity")


case_meta = Table(
    "case_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- layer 1: evidence and custody -------------------------------------------------------------------

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("title", Text, nullable=False),
    Column("kind", String(32), nullable=False),  # testimony, list, archive, judgment, report, other
    Column("author", Text),
    Column("organisation", Text),
    Column("date_text", Text),
    Column("language", String(16)),
    Column("positionality", Text),  # who compiled it and from where they stand
    Column("reliability", String(8)),
    Column("created_at", String(32), nullable=False),
    _sensitivity(),
    _label_check(),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(128), nullable=False),
    Column("filename", Text, nullable=False),
    Column("derived_from", Integer, ForeignKey("artifacts.id")),
    Column("transformation", String(64)),  # e.g. "text of", "redacted copy of"
    Column("tool", String(64)),
    Column("tool_version", String(64)),
    Column("created_at", String(32), nullable=False),
    _sensitivity(),
    _label_check(),
    Index("ix_artifacts_source_id", "source_id"),
)

custody_events = Table(
    "custody_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("event_type", String(16), nullable=False),
    Column("artifact_sha256", String(64)),
    Column("actor", Text, nullable=False),
    Column("tool", String(64), nullable=False),
    Column("tool_version", String(64), nullable=False),
    Column("occurred_at", String(32), nullable=False),
    Column("details", Text, nullable=False),  # canonical JSON; no personal data
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# --- layer 2: identities (thin) ------------------------------------------------------------------------

persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False, server_default="individual"),  # individual, group
    _sensitivity(),
    _label_check(),
)

organisations = Table(
    "organisations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),  # prison, court, commission, party, state_body
    _sensitivity(),
    _label_check(),
)

places = Table(
    "places",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),  # prison, grave_site, city, court
    Column("latitude", Float),
    Column("longitude", Float),
    Column("uncertainty_m", Float),
    _sensitivity(),
    _label_check(),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    _sensitivity(),
    _label_check(),
)

person_records = Table(
    "person_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("artifact_id", Integer, ForeignKey("artifacts.id"), nullable=False),
    Column("row", Integer),  # list row (1-based, header excluded); null for testimony mentions
    Column("page", Integer),  # testimony mentions: the page of the text; workbook rows: the sheet's number
    Column("char_start", Integer),
    Column("char_end", Integer),
    Column("person_id", Integer, ForeignKey("persons.id")),  # set by linkage
    _sensitivity(),
    _label_check(),
    Index("ix_person_records_artifact_id", "artifact_id"),
    Index("ix_person_records_person_id", "person_id"),
)

identity_links = Table(
    "identity_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("record_a", Integer, ForeignKey("person_records.id"), nullable=False),
    Column("record_b", Integer, ForeignKey("person_records.id"), nullable=False),
    Column("decision", String(16), nullable=False),  # same, different
    Column("origin", String(16), nullable=False),  # model, reviewer
    Column("score", Float),
    Column("model_version", String(64)),
    Column("reviewer", Text),
    Column("reason", Text),
    Column("supersedes", Integer, ForeignKey("identity_links.id")),  # an unlink is a new row
    Column("created_at", String(32), nullable=False),
    CheckConstraint("decision IN ('same','different')", name="decision"),
    CheckConstraint("origin IN ('model','reviewer')", name="origin"),
    Index("ix_identity_links_record_a", "record_a"),
    Index("ix_identity_links_record_b", "record_b"),
)

# --- layer 3: claims --------------------------------------------------------------------------------------

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("subject_type", String(16), nullable=False),  # person_record, person, organisation, place, ...
    Column("subject_id", Integer, nullable=False),
    Column("predicate", String(32), nullable=False),
    Column("value", Text),  # normalised value (dates: the Gregorian interval)
    Column("object_type", String(16)),
    Column("object_id", Integer),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("date_original", Text),
    Column("date_calendar", String(16)),
    Column("place_id", Integer, ForeignKey("places.id")),
    Column("stance", String(8), nullable=False, server_default="affirms"),  # affirms, denies, hearsay
    Column("created_at", String(32), nullable=False),
    _sensitivity(),
    _label_check(),
    CheckConstraint("stance IN ('affirms','denies','hearsay')", name="stance"),
    Index("ix_claims_subject_id", "subject_id"),  # narrow on purpose: bulk ingest writes one per claim
    # migration 0010: the access gate finds witnesses, relatives and closed claims without reading them all
    Index("ix_claims_predicate", "predicate", "subject_id"),  # (predicate alone would lure subject lookups)
    Index("ix_claims_closed", "sensitivity", sqlite_where=text(CLOSED), postgresql_where=text(CLOSED)),
)

attestations = Table(
    "attestations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False),
    # The locator: a pointer into a preserved artifact (list cell, page + char span, or timecode). It is a
    # value embedded here, not a row of its own: every attestation has exactly one, and a separate table
    # cost a third of list-ingest time.
    Column("artifact_id", Integer, ForeignKey("artifacts.id"), nullable=False),
    Column("locator_kind", String(8), nullable=False),  # cell, span, page, timecode
    Column("row", Integer),  # 1-based data row of a list (header excluded)
    Column("column_name", Text),
    Column("page", Integer),  # a text's page; for a workbook's cell, the sheet's number (names: custody)
    Column("char_start", Integer),
    Column("char_end", Integer),
    Column("time_start", Float),
    Column("time_end", Float),
    Column("original_text", Text, nullable=False),  # exactly what the source says
    Column("relation", String(16)),  # victim, eyewitness, fellow_prisoner, relative, official, ...
    Column("first_hand", Boolean),
    Column("extractor", String(64), nullable=False),  # ingest:csv, extract:rules, reviewer
    Column("extractor_version", String(32), nullable=False),
    Column("confidence", Float),
    Column("review_status", String(16), nullable=False, server_default="proposed"),
    Column("reviewer", Text),
    Column("created_at", String(32), nullable=False),
    CheckConstraint("review_status IN ('proposed','accepted','edited','rejected')", name="review_status"),
    Index("ix_attestations_claim_id", "claim_id"),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("claim_a", Integer, ForeignKey("claims.id"), nullable=False),
    Column("claim_b", Integer, ForeignKey("claims.id"), nullable=False),
    Column("kind", String(32), nullable=False),  # e.g. different_value, different_date
    Column("note", Text),
    Column("resolution", Text),  # kept beside both claims; neither is deleted
    Column("resolved_by", Text),
    Column("resolved_at", String(32)),
    Column("created_at", String(32), nullable=False),
)

acts = Table(
    "acts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("act_type", String(32), nullable=False),  # execution, torture, arbitrary_detention, ...
    Column("victim_person_id", Integer, ForeignKey("persons.id")),
    Column("event_id", Integer, ForeignKey("events.id")),
    Column("place_id", Integer, ForeignKey("places.id")),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("date_original", Text),
    _sensitivity(),
    _label_check(),
)

involvements = Table(
    "involvements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("act_id", Integer, ForeignKey("acts.id"), nullable=False),
    Column("perpetrator_type", String(16), nullable=False),  # person, organisation, person_record
    Column("perpetrator_id", Integer, nullable=False),
    Column("degree", String(24), nullable=False),  # carried_out, ordered, planned, present, failed_to_prevent
    Column("position", Text),
    _sensitivity(),
    _label_check(),
)

# --- extraction (migration 0002) ---------------------------------------------------------------------------

mentions = Table(
    "mentions",
    metadata,
    # What extraction read from a testimony's text, beside the candidate claim it proposes: the span in the
    # text artifact, the value as first proposed (re-extraction matches on type, span and this value, so a
    # reviewer's edit never makes a candidate come back) and the details a reviewer needs (speaker, role,
    # what a count counts, an act's links) as canonical JSON.
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False),
    Column("artifact_id", Integer, ForeignKey("artifacts.id"), nullable=False),  # the text artifact
    Column("mention_type", String(16), nullable=False),  # person, date, place, organisation, act, count
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("proposed_value", Text, nullable=False),
    Column("role", String(24)),  # persons: narrator, victim, perpetrator, relative, fellow_prisoner, other
    Column("detail", Text, nullable=False),
    Column("person_record_id", Integer, ForeignKey("person_records.id")),  # set when a person is accepted
    Column("created_at", String(32), nullable=False),
    UniqueConstraint(
        "artifact_id", "mention_type", "char_start", "char_end", "proposed_value", name="mentions_key"
    ),
    Index("ix_mentions_claim_id", "claim_id"),
)

# --- layer 5: protection and consent ---------------------------------------------------------------------

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("person_id", Integer, ForeignKey("persons.id"), nullable=False),
    Column("use", String(32), nullable=False),  # archive, publish, share, prosecutor
    Column("recipient", Text),  # for share: the named organisation
    Column("granted", Boolean, nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("withdrawn_at", String(32)),
    Column("note", Text),
    UniqueConstraint("person_id", "use", "recipient", name="consents_person_use"),
)

# --- linkage (migration 0003) ------------------------------------------------------------------------------

link_runs = Table(
    "link_runs",
    metadata,
    # One run of record linkage: the trained model (Splink settings with m, u, prior and the weights labels
    # refined) with the hashes of its inputs and the code version, so every person id can be traced back.
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("created_at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("engine", String(16), nullable=False),  # duckdb, spark
    Column("threshold", Float, nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("model", Text, nullable=False),  # canonical JSON
    Column("input_hash", String(64), nullable=False),  # SHA-256 of the records and decisions linked
    Column("code_version", String(32), nullable=False),
    Column("records", Integer, nullable=False),
    Column("candidate_pairs", Integer, nullable=False),
    Column("persons", Integer, nullable=False),
    Column("labels", Integer, nullable=False),
    Column("summary", Text, nullable=False),  # JSON: blocking plan, timings, conflicts; no names
)

link_queue = Table(
    "link_queue",
    metadata,
    # Pairs a run asks people to review: the least certain, and a calibration sample across the scores.
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("run_id", Integer, ForeignKey("link_runs.id"), nullable=False),
    Column("record_a", Integer, ForeignKey("person_records.id"), nullable=False),
    Column("record_b", Integer, ForeignKey("person_records.id"), nullable=False),
    Column("score", Float, nullable=False),
    Column("kind", String(16), nullable=False),  # uncertain, calibration
    Column("rank", Integer, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON: [comparison, level, weight] per comparison
    CheckConstraint("kind IN ('uncertain','calibration')", name="kind"),
    Index("ix_link_queue_run_id", "run_id"),
)

# --- linkage uncertainty (migration 0005) ---------------------------------------------------------------

link_pairs = Table(
    "link_pairs",
    metadata,
    # The candidate pairs of a run that could join at some plausible threshold (match probability at least
    # 0.01, or the run's threshold if lower), with the model's probability: what re-linking needs to sample
    # other plausible linkages at estimate time (`testament.estimate.linkage`). Record ids only, no names.
    Column("run_id", Integer, ForeignKey("link_runs.id"), primary_key=True),
    Column("record_a", Integer, primary_key=True),  # the smaller record id
    Column("record_b", Integer, primary_key=True),
    Column("probability", Float, nullable=False),
    sqlite_with_rowid=False,  # stored once, in primary-key order: half the size of a rowid table + index
)

# The run whose model proposed a link (null for reviewers' decisions and for links made before 0003).
identity_links.append_column(Column("run_id", Integer))
Index("ix_identity_links_run_id", identity_links.c.run_id)

# A reviewer decision that is part of a merge or a split of persons ('merge', 'split'; migration 0006), null
# for a decision on the pair itself. Those bind clustering like any decision but do not train the model:
# their pairs were chosen for their answer (a reviewer splits what is wrong), not by the review queue.
identity_links.append_column(Column("action", String(8)))

# Acts accepted from a testimony (migration 0011; `testament.extract.review`): the victim as the person
# record of the accepted mention (its person is whatever linkage makes of the record: `victim_person_id`
# stays null), and the act claim the act was accepted from, which attests it. Involvements of such acts
# name their perpetrator the same way: perpetrator_type "person_record". Plain columns, no foreign keys
# (as run_id).
acts.append_column(Column("victim_record_id", Integer))
acts.append_column(Column("claim_id", Integer))
Index("ix_acts_claim_id", acts.c.claim_id)

# --- estimation (migration 0004) -----------------------------------------------------------------------

estimate_runs = Table(
    "estimate_runs",
    metadata,
    # Every estimate made on a case, with what is needed to reproduce it (input hash, settings, seed,
    # code version); the full result, diagnostics included, is canonical JSON. Rows are never updated.
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("created_at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("method", String(16), nullable=False),
    Column("model", Text, nullable=False),
    Column("stratum", Text),
    Column("input_sha256", String(64), nullable=False),
    Column("seed", Integer),
    Column("version", String(32), nullable=False),
    Column("estimate", Float, nullable=False),
    Column("lower", Float, nullable=False),
    Column("upper", Float, nullable=False),
    Column("observed", Integer, nullable=False),
    Column("result", Text, nullable=False),
)

# --- workbench accounts (migration 0007) ----------------------------------------------------------------
# Operational, not evidence: who may sign in to the workbench and with which role. Adding a user, changing
# a role and disabling an account are custody events; sessions and tokens are not (they are kept hashed).

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),  # argon2id, PHC string
    Column("role", String(16), nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
    CheckConstraint("role IN ('admin','investigator','analyst','viewer')", name="role"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_sha256", String(64), primary_key=True),  # SHA-256 of the session id; the id is never stored
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Index("ix_sessions_account_id", "account_id"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_sha256", String(64), primary_key=True),  # SHA-256 of the token; the token is never stored
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
    Index("ix_api_tokens_account_id", "account_id"),
)

# --- legal mapping (migration 0008) ----------------------------------------------------------------------
# Evidence linked to an element of a crime or of a mode of liability (frameworks are data files, so the
# element is named by its framework, crime and element ids), and sources known to depend on one another.
# Append-only, every row sealed by the custody event that wrote it (`testament.legal`).

element_supports = Table(
    "element_supports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("framework_id", String(64), nullable=False),
    Column("crime_id", String(64), nullable=False),
    Column("element_id", String(64), nullable=False),
    Column("target_type", String(16), nullable=False),  # act, involvement, claim
    Column("target_id", Integer, nullable=False),
    Column("stance", String(12), nullable=False),  # supports, undermines
    Column("strength", String(8), nullable=False),  # weak, moderate, strong
    Column("analyst", Text, nullable=False),
    Column("note", Text),
    Column("created_at", String(32), nullable=False),
    _sensitivity(),
    _label_check(),
    CheckConstraint("target_type IN ('act','involvement','claim')", name="target_type"),
    CheckConstraint("stance IN ('supports','undermines')", name="stance"),
    CheckConstraint("strength IN ('weak','moderate','strong')", name="strength"),
    Index("ix_element_supports_target_id", "target_id"),
)

source_relations = Table(
    "source_relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),  # the copy
    Column("other_source_id", Integer, ForeignKey("sources.id"), nullable=False),  # what it came from
    Column("relation", String(16), nullable=False),  # derived_from, copied_from
    Column("analyst", Text, nullable=False),
    Column("note", Text),
    Column("created_at", String(32), nullable=False),
    CheckConstraint("relation IN ('derived_from','copied_from')", name="relation"),
    Index("ix_source_relations_source_id", "source_id"),
)

# --- collection records (migration 0009) -------------------------------------------------------------
# How a file was collected, as the Berkeley Protocol on digital open source investigations asks: who, when
# (UTC), from where (URL, device, place), how and in what context. One row per artifact, entered by hand
# (`testament collection`), sealed by its `collection` custody event; evidence bundles carry it.

collection_records = Table(
    "collection_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("artifact_id", Integer, ForeignKey("artifacts.id"), nullable=False, unique=True),
    Column("collected_by", Text),
    Column("collected_at", String(32)),  # ISO 8601, UTC
    Column("collected_from", Text),
    Column("method", Text),
    Column("context", Text),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", String(32), nullable=False),
    _sensitivity(),
    _label_check(),
)

# --- person search index (migration 0010) -------------------------------------------------------------
# Derived, not evidence: the cross-script name keys of every name claim (testament.store.name_index keeps it
# in step at the end of every write transaction). Keys sort bytewise: "C" collation on PostgreSQL, SQLite's
# default binary collation elsewhere, so a prefix is a range.

name_keys = Table(
    "name_keys",
    metadata,
    Column("claim_id", Integer, nullable=False),
    Column("record_id", Integer),  # the person record the claim is about; null for other subjects
    Column("key", String(64).with_variant(String(64, collation="C"), "postgresql"), nullable=False),
    Index("ix_name_keys_key", "key", "record_id"),
    Index("ix_name_keys_record_id", "record_id", "key"),
    Index("ix_name_keys_claim_id", "claim_id"),
)
