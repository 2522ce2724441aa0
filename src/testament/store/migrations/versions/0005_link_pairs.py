"""linkage uncertainty: the plausible candidate pairs of each link run, with their match probabilities

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "link_pairs",
        sa.Column("run_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("record_a", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("record_b", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["link_runs.id"], name=op.f("fk_link_pairs_run_id_link_runs")),
        sa.PrimaryKeyConstraint("run_id", "record_a", "record_b", name=op.f("pk_link_pairs")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("link_pairs")
