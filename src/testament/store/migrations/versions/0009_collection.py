"""collection records: how each file was collected (the Berkeley Protocol's collection fields)

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "collection_records",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("artifact_id", sa.Integer(), nullable=False),
        sa.Column("collected_by", sa.Text(), nullable=True),
        sa.Column("collected_at", sa.String(length=32), nullable=True),
        sa.Column("collected_from", sa.Text(), nullable=True),
        sa.Column("method", sa.Text(), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')",
            name=op.f("ck_collection_records_sensitivity"),
        ),
        sa.ForeignKeyConstraint(
            ["artifact_id"], ["artifacts.id"], name=op.f("fk_collection_records_artifact_id_artifacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_records")),
        sa.UniqueConstraint("artifact_id", name=op.f("uq_collection_records_artifact_id")),
    )


def downgrade() -> None:
    op.drop_table("collection_records")
