"""linkage: runs of record linkage, their review queue, and the run behind each model link

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_runs",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("input_hash", sa.String(length=64), nullable=False),
        sa.Column("code_version", sa.String(length=32), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("candidate_pairs", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("labels", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_runs")),
    )
    op.create_table(
        "link_queue",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("record_a", sa.Integer(), nullable=False),
        sa.Column("record_b", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('uncertain','calibration')", name=op.f("ck_link_queue_kind")),
        sa.ForeignKeyConstraint(
            ["record_a"], ["person_records.id"], name=op.f("fk_link_queue_record_a_person_records")
        ),
        sa.ForeignKeyConstraint(
            ["record_b"], ["person_records.id"], name=op.f("fk_link_queue_record_b_person_records")
        ),
        sa.ForeignKeyConstraint(["run_id"], ["link_runs.id"], name=op.f("fk_link_queue_run_id_link_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_queue")),
    )
    with op.batch_alter_table("link_queue", schema=None) as batch_op:
        batch_op.create_index("ix_link_queue_run_id", ["run_id"], unique=False)
    # A nullable column without a foreign key: SQLite adds it in place, no table rebuild.
    op.add_column("identity_links", sa.Column("run_id", sa.Integer(), nullable=True))
    op.create_index("ix_identity_links_run_id", "identity_links", ["run_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_identity_links_run_id", table_name="identity_links")
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.drop_column("run_id")
    with op.batch_alter_table("link_queue", schema=None) as batch_op:
        batch_op.drop_index("ix_link_queue_run_id")
    op.drop_table("link_queue")
    op.drop_table("link_runs")
