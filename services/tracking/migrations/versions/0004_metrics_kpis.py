"""KPIs: when each campaign's KPIs changed and were last announced, when each post's latest
figures were last announced, per-workspace EMV tables, social-listening mention counts; one
index on the daily figures (by campaign) instead of two

Revision ID: 0004_metrics_kpis
Revises: 0002_posts_metrics
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004_metrics_kpis"
down_revision: str | None = "0002_posts_metrics"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"


def _when(name: str, nullable: bool = False) -> sa.Column[sa.DateTime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.drop_index("ix_post_metrics_daily_workspace_id_campaign_id_day", table_name="post_metrics_daily",
                  schema=SCHEMA)
    op.drop_constraint("pk_post_metrics_daily", "post_metrics_daily", schema=SCHEMA)
    op.create_primary_key("pk_post_metrics_daily", "post_metrics_daily", ["campaign_id", "post_id", "day"],
                          schema=SCHEMA)
    op.add_column("post_metrics_latest", _when("announced_at", nullable=True), schema=SCHEMA)
    op.create_index("ix_post_metrics_latest_pending", "post_metrics_latest", ["updated_at"], schema=SCHEMA,
                    postgresql_where=sa.text("announced_at IS NULL OR announced_at < updated_at"))
    op.create_table(
        "campaign_kpi_state",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        _when("changed_at"),
        _when("emitted_at", nullable=True),
        sa.PrimaryKeyConstraint("workspace_id", "campaign_id", name="pk_campaign_kpi_state"),
        schema=SCHEMA,
    )
    op.create_index("ix_campaign_kpi_state_pending", "campaign_kpi_state", ["changed_at"], schema=SCHEMA,
                    postgresql_where=sa.text("emitted_at IS NULL OR emitted_at < changed_at"))
    op.create_table(
        "emv_tables",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("values", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "version", name="pk_emv_tables"),
        schema=SCHEMA,
    )
    op.create_table(
        "mention_counts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("platform", sa.String(20), nullable=True),
        sa.Column("market", sa.String(2), nullable=True),
        sa.Column("count", sa.BigInteger(), nullable=False),
        _when("imported_at"),
        sa.PrimaryKeyConstraint("id", name="pk_mention_counts"),
        schema=SCHEMA,
    )
    op.create_index("uq_mention_counts_day", "mention_counts",
                    ["workspace_id", "campaign_id", "day", "source", "platform", "market"], unique=True,
                    schema=SCHEMA, postgresql_nulls_not_distinct=True)


def downgrade() -> None:
    op.drop_table("mention_counts", schema=SCHEMA)
    op.drop_table("emv_tables", schema=SCHEMA)
    op.drop_table("campaign_kpi_state", schema=SCHEMA)
    op.drop_index("ix_post_metrics_latest_pending", table_name="post_metrics_latest", schema=SCHEMA)
    op.drop_column("post_metrics_latest", "announced_at", schema=SCHEMA)
    op.drop_constraint("pk_post_metrics_daily", "post_metrics_daily", schema=SCHEMA)
    op.create_primary_key("pk_post_metrics_daily", "post_metrics_daily", ["post_id", "day"], schema=SCHEMA)
    op.create_index("ix_post_metrics_daily_workspace_id_campaign_id_day", "post_metrics_daily",
                    ["workspace_id", "campaign_id", "day"], schema=SCHEMA)
