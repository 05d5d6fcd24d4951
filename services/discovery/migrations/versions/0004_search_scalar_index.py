"""search: one btree over the workspace's scalar filters

A search whose filters are selective only together (country + platform + contact + ER, say)
found no index: the bounded walk down a sort index missed, and the fallback read every row of
the workspace (≈ 1 s at 1M accounts). Equality columns lead, ranges follow; PostgreSQL ≥ 18
skips over leading columns a query leaves open (skip scan), so one index serves any subset.

Revision ID: 0004_search_scalars
Revises: 0003_search_indexes
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_search_scalars"
down_revision: str | None = "0003_search_indexes"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "discovery"
COLUMNS = ["workspace_id", "country", "platform", "has_contact", "followers", "engagement_rate",
           "authenticity", "last_posted_at", "growth_30d"]


def upgrade() -> None:
    op.create_index("ix_account_search_scalars", "account_search", COLUMNS, schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_account_search_scalars", "account_search", schema=SCHEMA)
