"""search: the table feeds the in-memory index; the indexes that served SQL search go

Search runs over an in-memory index per workspace (services/discovery/search/index), loaded
from this table and kept current from it. For that, every row records the transaction that
wrote it (`written_by`), and every removed row leaves a tombstone with its own. Existing rows
get 0: an index reads them in its first full load. Tombstones older than a day are pruned as
new ones arrive; an index that has not refreshed for half that reloads in full.

The GIN, trigram, scalar and sort indexes only served SQL search and cost most of the time of
writing a search row; they go.

Revision ID: 0005_search_index_feed
Revises: 0004_search_scalars
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_search_index_feed"
down_revision: str | None = "0004_search_scalars"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "discovery"
WRITER = sa.text("(pg_current_xact_id()::text)::bigint")
SORT_KEYS = {"followers": "followers", "engagement_rate": "coalesce(engagement_rate, -1)",
             "growth": "coalesce(growth_30d, -1000000)", "authenticity": "coalesce(authenticity, -1)"}
SELECTIVE = ["city", "topics", "languages", "causes", "brands", "audience_tokens", "price_formats"]
SCALARS = ["workspace_id", "country", "platform", "has_contact", "followers", "engagement_rate",
           "authenticity", "last_posted_at", "growth_30d"]
TRIGGERS = (
    """CREATE FUNCTION discovery.account_search_restamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.written_by := (pg_current_xact_id()::text)::bigint;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER account_search_restamp BEFORE UPDATE ON discovery.account_search
        FOR EACH ROW EXECUTE FUNCTION discovery.account_search_restamp()""",
    """CREATE FUNCTION discovery.account_search_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM discovery.account_search_removals WHERE removed_at < now() - interval '1 day';
        INSERT INTO discovery.account_search_removals (workspace_id, account_id)
            SELECT workspace_id, account_id FROM gone;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER account_search_removed AFTER DELETE ON discovery.account_search
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
        EXECUTE FUNCTION discovery.account_search_removed()""",
)
DROP_TRIGGERS = (
    "DROP TRIGGER account_search_removed ON discovery.account_search",
    "DROP FUNCTION discovery.account_search_removed()",
    "DROP TRIGGER account_search_restamp ON discovery.account_search",
    "DROP FUNCTION discovery.account_search_restamp()",
)


def upgrade() -> None:
    op.add_column("account_search", sa.Column("written_by", sa.BigInteger(), nullable=False,
                                              server_default="0"), schema=SCHEMA)
    op.alter_column("account_search", "written_by", server_default=WRITER, schema=SCHEMA)
    op.create_index("ix_account_search_written", "account_search", ["workspace_id", "written_by"],
                    schema=SCHEMA)
    op.create_table(
        "account_search_removals",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("written_by", sa.BigInteger(), server_default=WRITER, nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        schema=SCHEMA,
    )
    op.create_index("ix_account_search_removals_written", "account_search_removals",
                    ["workspace_id", "written_by"], schema=SCHEMA)
    op.create_index("ix_account_search_removals_age", "account_search_removals", ["removed_at"],
                    schema=SCHEMA)
    for statement in TRIGGERS:
        op.execute(statement)
    for name in ("selective", "scalars", "tsv", "handle_trgm", *(f"sort_{k}" for k in SORT_KEYS)):
        op.drop_index(f"ix_account_search_{name}", "account_search", schema=SCHEMA)


def downgrade() -> None:
    op.create_index("ix_account_search_selective", "account_search", SELECTIVE, schema=SCHEMA,
                    postgresql_using="gin")
    op.create_index("ix_account_search_scalars", "account_search", SCALARS, schema=SCHEMA)
    op.create_index("ix_account_search_tsv", "account_search", ["tsv"], schema=SCHEMA,
                    postgresql_using="gin")
    op.create_index("ix_account_search_handle_trgm", "account_search", ["handle"], schema=SCHEMA,
                    postgresql_using="gin", postgresql_ops={"handle": "gin_trgm_ops"})
    for name, expression in SORT_KEYS.items():
        op.create_index(f"ix_account_search_sort_{name}", "account_search",
                        ["workspace_id", sa.text(expression), "account_id"], schema=SCHEMA)
    for statement in DROP_TRIGGERS:
        op.execute(statement)
    op.drop_table("account_search_removals", schema=SCHEMA)
    op.drop_index("ix_account_search_written", "account_search", schema=SCHEMA)
    op.drop_column("account_search", "written_by", schema=SCHEMA)
