"""The campaign read model keeps each goal's target and deadline (CampaignStateChanged.goals),
which reports chart progress against; it also joins the two heads commerce and the processed-events
pruning each left on 0005_comments

Revision ID: 0007_campaign_goals
Revises: 0006_commerce, 0006_processed_events_pruning
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_campaign_goals"
down_revision: tuple[str, ...] = ("0006_commerce", "0006_processed_events_pruning")
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("goals", postgresql.JSONB(), server_default="[]", nullable=False),
                  schema="tracking")


def downgrade() -> None:
    op.drop_column("campaigns", "goals", schema="tracking")
