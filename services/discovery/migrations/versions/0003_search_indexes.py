"""search indexes: the GIN keeps only selective keys; low-cardinality columns leave it

The 0002 GIN also held workspace_id, platform, tier, country and account_type (btree_gin).
Every search has `workspace_id = …`, so every GIN scan walked and intersected the posting
list of the whole workspace (≈ 120 ms at 200k accounts before the first row). Those columns
are now checked on the row (tier becomes a follower range on the followers btree, see
search/conditions.py); `flags` is only ever excluded (NOT &&), which no index serves.

Revision ID: 0003_search_indexes
Revises: 0002_profiles
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_search_indexes"
down_revision: str | None = "0002_profiles"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "discovery"
OLD_COLUMNS = ["workspace_id", "platform", "tier", "country", "city", "account_type", "topics",
               "languages", "causes", "flags", "brands", "audience_tokens", "price_formats"]
NEW_COLUMNS = ["city", "topics", "languages", "causes", "brands", "audience_tokens", "price_formats"]


def upgrade() -> None:
    op.drop_index("ix_account_search_filters", "account_search", schema=SCHEMA)
    op.create_index("ix_account_search_selective", "account_search", NEW_COLUMNS, schema=SCHEMA,
                    postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("ix_account_search_selective", "account_search", schema=SCHEMA)
    op.create_index("ix_account_search_filters", "account_search", OLD_COLUMNS, schema=SCHEMA,
                    postgresql_using="gin")
