"""legal mapping: evidence linked to elements of crimes (element_supports) and dependent sources
(source_relations)

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "element_supports",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("framework_id", sa.String(length=64), nullable=False),
        sa.Column("crime_id", sa.String(length=64), nullable=False),
        sa.Column("element_id", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=12), nullable=False),
        sa.Column("strength", sa.String(length=8), nullable=False),
        sa.Column("analyst", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("sensitivity", sa.String(length=16), server_default="internal", nullable=False),
        sa.CheckConstraint(
            "sensitivity IN ('public','internal','restricted','sealed')",
            name=op.f("ck_element_supports_sensitivity"),
        ),
        sa.CheckConstraint(
            "target_type IN ('act','involvement','claim')", name=op.f("ck_element_supports_target_type")
        ),
        sa.CheckConstraint("stance IN ('supports','undermines')", name=op.f("ck_element_supports_stance")),
        sa.CheckConstraint(
            "strength IN ('weak','moderate','strong')", name=op.f("ck_element_supports_strength")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_element_supports")),
    )
    op.create_index("ix_element_supports_target_id", "element_supports", ["target_id"], unique=False)
    op.create_table(
        "source_relations",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("other_source_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("analyst", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "relation IN ('derived_from','copied_from')", name=op.f("ck_source_relations_relation")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_relations_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["other_source_id"], ["sources.id"], name=op.f("fk_source_relations_other_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_relations")),
    )
    op.create_index("ix_source_relations_source_id", "source_relations", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_source_relations_source_id", table_name="source_relations")
    op.drop_table("source_relations")
    op.drop_index("ix_element_supports_target_id", table_name="element_supports")
    op.drop_table("element_supports")
