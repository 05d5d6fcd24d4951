"""collaborations: drop the single-column indexes on workspace_id and campaign_id; each is the
leading column of an index kept (workspace_id: the pipeline's and the influencer's; campaign_id:
the unique (campaign_id, influencer_id)), and every collaboration inserted paid for both

Revision ID: 0012_collaborations_lean_indexes
Revises: 0011_outreach_sending
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_collaborations_lean_indexes"
down_revision: str | None = "0011_outreach_sending"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_collaborations_workspace_id", table_name="collaborations", schema="campaigns")
    op.drop_index("ix_collaborations_campaign_id", table_name="collaborations", schema="campaigns")


def downgrade() -> None:
    op.create_index("ix_collaborations_campaign_id", "collaborations", ["campaign_id"],
                    schema="campaigns")
    op.create_index("ix_collaborations_workspace_id", "collaborations", ["workspace_id"],
                    schema="campaigns")
