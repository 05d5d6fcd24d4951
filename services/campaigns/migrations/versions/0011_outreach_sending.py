"""outreach sending: emails are recorded `sending` before the SMTP exchange; an index for the
worker's sweep of those left so

Revision ID: 0011_outreach_sending
Revises: 0010_installment_triggers
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_outreach_sending"
down_revision: str | None = "0010_installment_triggers"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outreach_messages_sending", "outreach_messages", ["at"],
                    postgresql_where=sa.text("status = 'sending'"), schema="campaigns")


def downgrade() -> None:
    op.drop_index("ix_outreach_messages_sending", table_name="outreach_messages",
                  schema="campaigns")
