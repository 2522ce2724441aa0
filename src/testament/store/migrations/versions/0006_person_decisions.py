"""merges and splits of persons: which reviewer decisions are part of one

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column without a foreign key: SQLite adds it in place, no table rebuild.
    op.add_column("identity_links", sa.Column("action", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("identity_links", schema=None) as batch_op:
        batch_op.drop_column("action")
