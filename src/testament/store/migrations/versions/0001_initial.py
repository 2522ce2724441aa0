"""initial schema: evidence, custody, identities, claims, consent

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_case_meta")),
    )
    op.create_table(
        "custody_events",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("artifact_sha256", sa.String(length=64), nullable=True),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("tool", sa.String(length=64), nullable=False),
        sa.Column("tool_version", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", sa.String(length=32), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_custody_events")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')", name=op.f("ck_events_sensitivity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')",
            name=op.f("ck_organisations_sensitivity"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="individual", nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')", name=op.f("ck_persons_sensitivity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("uncertainty_m", sa.Float(), nullable=True),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')", name=op.f("ck_places_sensitivity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("positionality", sa.Text(), nullable=True),
        sa.Column("reliability", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')", name=op.f("ck_sources_sensitivity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    op.create_table(
        "acts",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("act_type", sa.String(length=32), nullable=False),
        sa.Column("victim_person_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_original", sa.Text(), nullable=True),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')", name=op.f("ck_acts_sensitivity")
        ),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_acts_event_id_events")),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_acts_place_id_places")),
        sa.ForeignKeyConstraint(
            ["victim_person_id"], ["persons.id"], name=op.f("fk_acts_victim_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acts")),
    )
    op.create_table(
        "artifacts",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("derived_from", sa.Integer(), nullable=True),
        sa.Column("transformation", sa.String(length=64), nullable=True),
        sa.Column("tool", sa.String(length=64), nullable=True),
        sa.Column("tool_version", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')",
            name=op.f("ck_artifacts_sensitivity"),
        ),
        sa.ForeignKeyConstraint(
            ["derived_from"], ["artifacts.id"], name=op.f("fk_artifacts_derived_from_artifacts")
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_artifacts_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artifacts")),
        sa.UniqueConstraint("sha256", name=op.f("uq_artifacts_sha256")),
    )
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.create_index("ix_artifacts_source_id", ["source_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("predicate", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("object_type", sa.String(length=16), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_original", sa.Text(), nullable=True),
        sa.Column("date_calendar", sa.String(length=16), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(length=8), server_default="affirms", nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')", name=op.f("ck_claims_sensitivity")
        ),
        sa.CheckConstraint("stance IN ('affirms','denies','hearsay')", name=op.f("ck_claims_stance")),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_claims_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_subject_id", ["subject_id"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("use", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=True),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("withdrawn_at", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_consents_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
        sa.UniqueConstraint("person_id", "use", "recipient", name="consents_person_use"),
    )
    op.create_table(
        "attestations",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("artifact_id", sa.Integer(), nullable=False),
        sa.Column("locator_kind", sa.String(length=8), nullable=False),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("column_name", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("char_start", sa.Integer(), nullable=True),
        sa.Column("char_end", sa.Integer(), nullable=True),
        sa.Column("time_start", sa.Float(), nullable=True),
        sa.Column("time_end", sa.Float(), nullable=True),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=True),
        sa.Column("first_hand", sa.Boolean(), nullable=True),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("review_status", sa.String(length=16), server_default="proposed", nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "review_status IN ('proposed','accepted','edited','rejected')",
            name=op.f("ck_attestations_review_status"),
        ),
        sa.ForeignKeyConstraint(
            ["artifact_id"], ["artifacts.id"], name=op.f("fk_attestations_artifact_id_artifacts")
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_attestations_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attestations")),
    )
    with op.batch_alter_table("attestations", schema=None) as batch_op:
        batch_op.create_index("ix_attestations_claim_id", ["claim_id"], unique=False)

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("claim_a", sa.Integer(), nullable=False),
        sa.Column("claim_b", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["claim_a"], ["claims.id"], name=op.f("fk_conflicts_claim_a_claims")),
        sa.ForeignKeyConstraint(["claim_b"], ["claims.id"], name=op.f("fk_conflicts_claim_b_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    op.create_table(
        "involvements",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("perpetrator_type", sa.String(length=16), nullable=False),
        sa.Column("perpetrator_id", sa.Integer(), nullable=False),
        sa.Column("degree", sa.String(length=24), nullable=False),
        sa.Column("position", sa.Text(), nullable=True),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')",
            name=op.f("ck_involvements_sensitivity"),
        ),
        sa.ForeignKeyConstraint(["act_id"], ["acts.id"], name=op.f("fk_involvements_act_id_acts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_involvements")),
    )
    op.create_table(
        "person_records",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("artifact_id", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("char_start", sa.Integer(), nullable=True),
        sa.Column("char_end", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')",
            name=op.f("ck_person_records_sensitivity"),
        ),
        sa.ForeignKeyConstraint(
            ["artifact_id"], ["artifacts.id"], name=op.f("fk_person_records_artifact_id_artifacts")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_records_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_records")),
    )
    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.create_index("ix_person_records_artifact_id", ["artifact_id"], unique=False)
        batch_op.create_index("ix_person_records_person_id", ["person_id"], unique=False)

    op.create_table(
        "identity_links",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("record_a", sa.Integer(), nullable=False),
        sa.Column("record_b", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("reviewer", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("supersedes", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint("decision IN ('same','different')", name=op.f("ck_identity_links_decision")),
        sa.CheckConstraint("origin IN ('model','reviewer')", name=op.f("ck_identity_links_origin")),
        sa.ForeignKeyConstraint(
            ["record_a"], ["person_records.id"], name=op.f("fk_identity_links_record_a_person_records")
        ),
        sa.ForeignKeyConstraint(
            ["record_b"], ["person_records.id"], name=op.f("fk_identity_links_record_b_person_records")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes"], ["identity_links.id"], name=op.f("fk_identity_links_supersedes_identity_links")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_links")),
    )
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.create_index("ix_identity_links_record_a", ["record_a"], unique=False)
        batch_op.create_index("ix_identity_links_record_b", ["record_b"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.drop_index("ix_identity_links_record_b")
        batch_op.drop_index("ix_identity_links_record_a")

    op.drop_table("identity_links")
    with op.batch_alter_table("person_records", schema=None) as batch_op:
        batch_op.drop_index("ix_person_records_person_id")
        batch_op.drop_index("ix_person_records_artifact_id")

    op.drop_table("person_records")
    op.drop_table("involvements")
    op.drop_table("conflicts")
    with op.batch_alter_table("attestations", schema=None) as batch_op:
        batch_op.drop_index("ix_attestations_claim_id")

    op.drop_table("attestations")
    op.drop_table("consents")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_subject_id")

    op.drop_table("claims")
    with op.batch_alter_table("artifacts", schema=None) as batch_op:
        batch_op.drop_index("ix_artifacts_source_id")

    op.drop_table("artifacts")
    op.drop_table("acts")
    op.drop_table("sources")
    op.drop_table("places")
    op.drop_table("persons")
    op.drop_table("organisations")
    op.drop_table("events")
    op.drop_table("custody_events")
    op.drop_table("case_meta")
