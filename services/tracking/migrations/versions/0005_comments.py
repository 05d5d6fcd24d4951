"""comments on posts with their language and sentiment verdicts

Revision ID: 0005_comments
Revises: 0004_metrics_kpis
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_comments"
down_revision: str | None = "0004_metrics_kpis"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "tracking"


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("post_id", sa.Uuid(), nullable=False),
        sa.Column("comment_id", sa.String(200), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=True),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_key", sa.String(32), nullable=False),
        sa.Column("author_key", sa.String(32), nullable=True),
        sa.Column("commented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(30), nullable=True),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("sentiment", sa.String(10), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "post_id", "comment_id", name="pk_comments"),
        schema=SCHEMA,
    )
    op.create_index("ix_comments_workspace_id_campaign_id_commented_at", "comments",
                    ["workspace_id", "campaign_id", "commented_at"], schema=SCHEMA)
    op.create_index("ix_comments_workspace_id_influencer_id", "comments", ["workspace_id", "influencer_id"],
                    schema=SCHEMA)
    op.create_index("ix_comments_workspace_id_post_id_author_key_text_key", "comments",
                    ["workspace_id", "post_id", "author_key", "text_key"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_table("comments", schema=SCHEMA)
