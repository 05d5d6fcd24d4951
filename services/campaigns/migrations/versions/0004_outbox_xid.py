"""outbox: the inserting transaction's id; a row waits until every older transaction settled

Revision ID: 0004_outbox_xid
Revises: 0003_collaboration_pipeline
"""

from collections.abc import Sequence

from shared.db.spine_migrations import add_outbox_xid, drop_outbox_xid

revision: str = "0004_outbox_xid"
down_revision: str | None = "0003_collaboration_pipeline"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_xid("campaigns")


def downgrade() -> None:
    drop_outbox_xid("campaigns")
