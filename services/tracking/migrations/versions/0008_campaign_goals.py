"""The campaign read model keeps each goal's target and deadline (CampaignStateChanged.goals),
which reports chart progress against

Revision ID: 0008_campaign_goals
Revises: 0007_commerce
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_campaign_goals"
down_revision: str | None = "0007_commerce"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("campaigns", sa.Column("goals", postgresql.JSONB(), server_default="[]", nullable=False),
                  schema="tracking")


def downgrade() -> None:
    op.drop_column("campaigns", "goals", schema="tracking")
