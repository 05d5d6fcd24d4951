"""profiles, snapshots, search table, lookalike vectors, blocklist, collaboration outcomes

Needs the pgvector (`vector`), `pg_trgm` and `btree_gin` extensions (docs/discovery.md).

Revision ID: 0002_profiles
Revises: f7a670a315ec
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_profiles"
down_revision: str | None = "f7a670a315ec"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

SCHEMA = "discovery"
VECTOR_DIMENSION = 113  # services.discovery.domain.vectors.VECTOR_DIMENSION at this revision

# Profiles stored before this revision had only accounts with follower counts.
BACKFILL_PROFILES = """
UPDATE discovery.influencers AS i SET profile = jsonb_build_object(
    'display_name', i.display_name,
    'accounts', (
        SELECT jsonb_agg(jsonb_build_object(
            'platform', a.platform, 'handle', a.handle,
            'stats', jsonb_build_object('followers', a.followers, 'provenance',
                jsonb_build_object('observed_at', i.created_at, 'source', 'imported'))
        ) ORDER BY a.id)
        FROM discovery.influencer_accounts AS a WHERE a.influencer_id = i.id
    )
)
"""


class _Vector(sa.types.UserDefinedType[Any]):
    cache_ok = True

    def get_col_spec(self, **_: Any) -> str:
        return f"vector({VECTOR_DIMENSION})"


def _now() -> sa.TextClause:
    return sa.text("now()")


def _text_array(name: str) -> sa.Column[Any]:
    return sa.Column(name, postgresql.ARRAY(sa.Text()), nullable=False)


def upgrade() -> None:
    for extension in ("vector", "pg_trgm", "btree_gin"):
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    op.add_column(
        "influencers",
        sa.Column("profile", postgresql.JSONB(), server_default="{}", nullable=False),
        schema=SCHEMA,
    )
    op.add_column(
        "influencers",
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        schema=SCHEMA,
    )
    op.execute(BACKFILL_PROFILES)
    _create_snapshots()
    _create_search()
    _create_vectors()
    _create_blocklist()
    _create_collaboration_outcomes()


def _create_snapshots() -> None:
    op.create_table(
        "account_snapshots",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=False),
        sa.Column("following", sa.BigInteger(), nullable=True),
        sa.Column("avg_engagements", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["discovery.influencer_accounts.id"],
            name=op.f("fk_account_snapshots_account_id_influencer_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "observed_at", name=op.f("pk_account_snapshots")),
        schema=SCHEMA,
    )


def _create_search() -> None:
    tsv = (
        "setweight(to_tsvector('simple'::regconfig, coalesce(display_name, '')), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'B')"
    )
    op.create_table(
        "account_search",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("tsv", postgresql.TSVECTOR(), sa.Computed(tsv, persisted=True), nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=False),
        sa.Column("engagement_rate", sa.Float(), nullable=True),
        sa.Column("tier", sa.String(length=10), nullable=False),
        sa.Column("growth_30d", sa.Float(), nullable=True),
        sa.Column("authenticity", sa.SmallInteger(), nullable=True),
        sa.Column("account_type", sa.String(length=20), nullable=True),
        sa.Column("last_posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("has_contact", sa.Boolean(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        *(
            _text_array(name)
            for name in (
                "topics",
                "languages",
                "causes",
                "flags",
                "brands",
                "audience_tokens",
                "price_formats",
            )
        ),
        sa.Column("audience", postgresql.JSONB(), nullable=False),
        sa.Column("prices", postgresql.JSONB(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["discovery.influencer_accounts.id"],
            name=op.f("fk_account_search_account_id_influencer_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_search")),
        schema=SCHEMA,
    )
    _create_search_indexes()


def _create_search_indexes() -> None:
    op.create_index(
        "ix_account_search_filters",
        "account_search",
        [
            "workspace_id",
            "platform",
            "tier",
            "country",
            "city",
            "account_type",
            "topics",
            "languages",
            "causes",
            "flags",
            "brands",
            "audience_tokens",
            "price_formats",
        ],
        schema=SCHEMA,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_account_search_handle_trgm",
        "account_search",
        ["handle"],
        schema=SCHEMA,
        postgresql_using="gin",
        postgresql_ops={"handle": "gin_trgm_ops"},
    )
    op.create_index("ix_account_search_tsv", "account_search", ["tsv"], schema=SCHEMA, postgresql_using="gin")
    op.create_index(
        op.f("ix_account_search_influencer_id"), "account_search", ["influencer_id"], schema=SCHEMA
    )
    for name, expression in {
        "followers": "followers",
        "engagement_rate": "coalesce(engagement_rate, -1)",
        "growth": "coalesce(growth_30d, -1000000)",
        "authenticity": "coalesce(authenticity, -1)",
    }.items():
        op.create_index(
            f"ix_account_search_sort_{name}",
            "account_search",
            ["workspace_id", sa.literal_column(expression), "account_id"],
            schema=SCHEMA,
        )


def _create_vectors() -> None:
    op.create_table(
        "influencer_vectors",
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("embedding", _Vector(), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["discovery.influencers.id"],
            name=op.f("fk_influencer_vectors_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("influencer_id", name=op.f("pk_influencer_vectors")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_influencer_vectors_embedding",
        "influencer_vectors",
        ["embedding"],
        schema=SCHEMA,
        postgresql_using="ivfflat",
        postgresql_with={"lists": 100},
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )


def _create_blocklist() -> None:
    op.create_table(
        "blocked_influencers",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["discovery.influencers.id"],
            name=op.f("fk_blocked_influencers_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "influencer_id", name=op.f("pk_blocked_influencers")),
        schema=SCHEMA,
    )


def _create_collaboration_outcomes() -> None:
    op.create_table(
        "collaboration_outcomes",
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=_now(), nullable=False),
        sa.PrimaryKeyConstraint("collaboration_id", name=op.f("pk_collaboration_outcomes")),
        schema=SCHEMA,
    )
    op.create_index(
        op.f("ix_collaboration_outcomes_influencer_id"),
        "collaboration_outcomes",
        ["influencer_id"],
        schema=SCHEMA,
    )


def downgrade() -> None:
    for table in (
        "collaboration_outcomes",
        "blocked_influencers",
        "influencer_vectors",
        "account_search",
        "account_snapshots",
    ):
        op.drop_table(table, schema=SCHEMA)
    op.drop_column("influencers", "updated_at", schema=SCHEMA)
    op.drop_column("influencers", "profile", schema=SCHEMA)
