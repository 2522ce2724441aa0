"""acts read from testimony: the victim as a person record, and the claim the act was accepted from

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns without a foreign key: SQLite adds them in place, no table rebuild.
    op.add_column("acts", sa.Column("victim_record_id", sa.Integer(), nullable=True))
    op.add_column("acts", sa.Column("claim_id", sa.Integer(), nullable=True))
    op.create_index("ix_acts_claim_id", "acts", ["claim_id"])


def downgrade() -> None:
    op.drop_index("ix_acts_claim_id", table_name="acts")
    with op.batch_alter_table("acts", schema=None) as batch_op:
        batch_op.drop_column("claim_id")
        batch_op.drop_column("victim_record_id")
