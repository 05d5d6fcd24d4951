"""Schema changes of the spine tables, applied by each service's own Alembic migration.

Every service schema has the same spine tables (`shared.db.spine_tables`); a change to them is one
function here, called from one migration per service, so the four chains cannot drift apart.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.db.spine_tables import Xid8


def add_outbox_xid(schema: str) -> None:
    """`outbox.xid`, the inserting transaction's id, without rewriting the table: rows already
    sent keep a null, unsent ones get this migration's id (publishable once it commits), and new
    rows their own. ADD COLUMN holds inserts of the running release until this commits, after
    which the default fills the column for them too."""
    op.add_column("outbox", sa.Column("xid", Xid8()), schema=schema)
    op.execute(f'UPDATE "{schema}".outbox SET xid = pg_current_xact_id() WHERE sent_at IS NULL')
    op.alter_column("outbox", "xid", server_default=sa.text("pg_current_xact_id()"), schema=schema)


def drop_outbox_xid(schema: str) -> None:
    op.drop_column("outbox", "xid", schema=schema)


def add_processed_events_pruning_index(schema: str) -> None:
    """The index the relay's pruning of `processed_events` reads. Built in the migration's
    transaction: consumers' inserts into the table wait for the build."""
    op.create_index("ix_processed_events_processed_at", "processed_events", ["processed_at"],
                    schema=schema)


def drop_processed_events_pruning_index(schema: str) -> None:
    op.drop_index("ix_processed_events_processed_at", "processed_events", schema=schema)
