"""relationships: post figures per creator (from tracking), ratings and notes, programmes

Revision ID: 0009_relationships
Revises: 0008_outreach
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009_relationships"
down_revision: str | None = "0008_outreach"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

_NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "creator_post_metrics",
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=True),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("figures", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("metric_source", sa.String(length=20), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_creator_post_metrics")),
        schema="campaigns",
    )
    op.create_index("ix_creator_post_metrics_influencer", "creator_post_metrics",
                    ["workspace_id", "influencer_id"], schema="campaigns")
    op.create_table(
        "creator_feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("score", sa.SmallInteger(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("collaboration_id", sa.Uuid(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5",
                           name=op.f("ck_creator_feedback_score_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creator_feedback")),
        schema="campaigns",
    )
    op.create_index("ix_creator_feedback_influencer", "creator_feedback",
                    ["workspace_id", "influencer_id", "id"], schema="campaigns")
    op.create_table(
        "programmes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("product", sa.String(length=200), nullable=True),
        sa.Column("period", sa.String(length=10), nullable=True),
        sa.Column("deliverables", postgresql.JSONB(astext_type=sa.Text()),
                  server_default=sa.text("'[]'"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_programmes_workspace_id_name")),
        schema="campaigns",
    )
    op.create_table(
        "programme_members",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("renews_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["programme_id"], ["campaigns.programmes.id"],
                                name=op.f("fk_programme_members_programme_id_programmes"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("programme_id", "influencer_id", name=op.f("pk_programme_members")),
        schema="campaigns",
    )
    op.create_index("ix_programme_members_influencer", "programme_members",
                    ["workspace_id", "influencer_id"], schema="campaigns")
    op.create_table(
        "programme_feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5",
                           name=op.f("ck_programme_feedback_rating_range")),
        sa.ForeignKeyConstraint(["programme_id"], ["campaigns.programmes.id"],
                                name=op.f("fk_programme_feedback_programme_id_programmes"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_feedback")),
        schema="campaigns",
    )
    op.create_index("ix_programme_feedback_member", "programme_feedback",
                    ["workspace_id", "programme_id", "influencer_id", "id"], schema="campaigns")


def downgrade() -> None:
    for table in ("programme_feedback", "programme_members", "programmes", "creator_feedback",
                  "creator_post_metrics"):
        op.drop_table(table, schema="campaigns")
