"""outbox: the inserting transaction's id; a row waits until every older transaction settled

Revision ID: 0002_outbox_xid
Revises: 59b16ba89608
"""

from collections.abc import Sequence

from shared.db.spine_migrations import add_outbox_xid, drop_outbox_xid

revision: str = "0002_outbox_xid"
down_revision: str | None = "59b16ba89608"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_xid("tracking")


def downgrade() -> None:
    drop_outbox_xid("tracking")
