"""outbox: the inserting transaction's id; a row waits until every older transaction settled

Revision ID: 0012_outbox_xid
Revises: 0011_content_format_spellings
"""

from collections.abc import Sequence

from shared.db.spine_migrations import add_outbox_xid, drop_outbox_xid

revision: str = "0012_outbox_xid"
down_revision: str | None = "0011_content_format_spellings"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_xid("discovery")


def downgrade() -> None:
    drop_outbox_xid("discovery")
