"""checks and the campaign guidelines read-model

Revision ID: 0002_checks
Revises: 20bc96f0fa3a
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_checks"
down_revision: str | None = "20bc96f0fa3a"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign_guidelines",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=False),
        sa.Column("markets", postgresql.ARRAY(sa.String(length=2)), nullable=False),
        sa.Column("required_hashtags", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("required_mentions", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("banned_terms", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "campaign_id", name=op.f("pk_campaign_guidelines")),
        schema="compliance",
    )
    op.create_table(
        "checks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("influencer_id", sa.Uuid(), nullable=True),
        sa.Column("markets", postgresql.ARRAY(sa.String(length=2)), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("rule_set_version", sa.Text(), nullable=False),
        sa.Column("request", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checks")),
        schema="compliance",
    )
    op.create_index(
        op.f("ix_checks_markets"),
        "checks",
        ["markets"],
        unique=False,
        schema="compliance",
        postgresql_using="gin",
    )
    op.create_index(
        op.f("ix_checks_workspace_id_campaign_id_id"),
        "checks",
        ["workspace_id", "campaign_id", "id"],
        unique=False,
        schema="compliance",
    )
    op.create_index(
        op.f("ix_checks_workspace_id_id"), "checks", ["workspace_id", "id"], unique=False, schema="compliance"
    )
    op.create_index(
        op.f("ix_checks_workspace_id_influencer_id_id"),
        "checks",
        ["workspace_id", "influencer_id", "id"],
        unique=False,
        schema="compliance",
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_checks_workspace_id_influencer_id_id"), table_name="checks", schema="compliance")
    op.drop_index(op.f("ix_checks_workspace_id_id"), table_name="checks", schema="compliance")
    op.drop_index(op.f("ix_checks_workspace_id_campaign_id_id"), table_name="checks", schema="compliance")
    op.drop_index(op.f("ix_checks_markets"), table_name="checks", schema="compliance", postgresql_using="gin")
    op.drop_table("checks", schema="compliance")
    op.drop_table("campaign_guidelines", schema="compliance")
