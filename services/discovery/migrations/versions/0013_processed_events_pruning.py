"""processed_events: an index on processed_at, which pruning past the topics' retention reads

Revision ID: 0013_processed_events_pruning
Revises: 0012_outbox_xid
"""

from collections.abc import Sequence

from shared.db.spine_migrations import (
    add_processed_events_pruning_index,
    drop_processed_events_pruning_index,
)

revision: str = "0013_processed_events_pruning"
down_revision: str | None = "0012_outbox_xid"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    add_processed_events_pruning_index("discovery")


def downgrade() -> None:
    drop_processed_events_pruning_index("discovery")
