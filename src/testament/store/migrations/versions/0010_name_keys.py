"""name_keys: the person search index (cross-script keys of every name claim); claims indexes for the gate

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "name_keys",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=64, collation="C" if postgres else None), nullable=False),
    )
    from testament.store.name_index import rebuild  # derived data: built from the claims now

    rebuild(op.get_bind())
    # indexes after the bulk load: faster than keeping them up row by row
    op.create_index("ix_name_keys_key", "name_keys", ["key", "record_id"])
    op.create_index("ix_name_keys_record_id", "name_keys", ["record_id", "key"])
    op.create_index("ix_name_keys_claim_id", "name_keys", ["claim_id"])
    # the access gate's case-wide questions (witnesses, relatives, closed claims) read a few rows, not all
    op.create_index("ix_claims_predicate", "claims", ["predicate", "subject_id"])
    closed = sa.text("sensitivity IN ('restricted','sealed')")
    op.create_index(
        "ix_claims_closed", "claims", ["sensitivity"], sqlite_where=closed, postgresql_where=closed
    )


def downgrade() -> None:
    op.drop_index("ix_claims_closed", table_name="claims")
    op.drop_index("ix_claims_predicate", table_name="claims")
    op.drop_table("name_keys")
