"""initial schema

Revision ID: f7a670a315ec
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "f7a670a315ec"
down_revision: str | None = None
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_keys",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "key", name=op.f("pk_idempotency_keys")),
        schema="discovery",
    )
    op.create_table(
        "influencers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_influencers")),
        schema="discovery",
    )
    op.create_index(
        op.f("ix_influencers_workspace_id"), "influencers", ["workspace_id"], unique=False, schema="discovery"
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_outbox_event_id")),
        schema="discovery",
    )
    op.create_index(op.f("ix_outbox_sent_at"), "outbox", ["sent_at"], unique=False, schema="discovery")
    op.create_index(
        op.f("ix_outbox_seq"),
        "outbox",
        ["seq"],
        unique=False,
        schema="discovery",
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column(
            "processed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_processed_events")),
        schema="discovery",
    )
    op.create_table(
        "shortlists",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shortlists")),
        schema="discovery",
    )
    op.create_index(
        op.f("ix_shortlists_campaign_id"), "shortlists", ["campaign_id"], unique=False, schema="discovery"
    )
    op.create_index(
        op.f("ix_shortlists_workspace_id"), "shortlists", ["workspace_id"], unique=False, schema="discovery"
    )
    op.create_table(
        "influencer_accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["discovery.influencers.id"],
            name=op.f("fk_influencer_accounts_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_influencer_accounts")),
        sa.UniqueConstraint(
            "workspace_id",
            "platform",
            "handle",
            name=op.f("uq_influencer_accounts_workspace_id_platform_handle"),
        ),
        schema="discovery",
    )
    op.create_index(
        op.f("ix_influencer_accounts_influencer_id"),
        "influencer_accounts",
        ["influencer_id"],
        unique=False,
        schema="discovery",
    )
    op.create_table(
        "shortlist_entries",
        sa.Column("shortlist_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["influencer_id"],
            ["discovery.influencers.id"],
            name=op.f("fk_shortlist_entries_influencer_id_influencers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shortlist_id"],
            ["discovery.shortlists.id"],
            name=op.f("fk_shortlist_entries_shortlist_id_shortlists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("shortlist_id", "influencer_id", name=op.f("pk_shortlist_entries")),
        schema="discovery",
    )


def downgrade() -> None:
    op.drop_table("shortlist_entries", schema="discovery")
    op.drop_index(
        op.f("ix_influencer_accounts_influencer_id"), table_name="influencer_accounts", schema="discovery"
    )
    op.drop_table("influencer_accounts", schema="discovery")
    op.drop_index(op.f("ix_shortlists_workspace_id"), table_name="shortlists", schema="discovery")
    op.drop_index(op.f("ix_shortlists_campaign_id"), table_name="shortlists", schema="discovery")
    op.drop_table("shortlists", schema="discovery")
    op.drop_table("processed_events", schema="discovery")
    op.drop_index(
        op.f("ix_outbox_seq"),
        table_name="outbox",
        schema="discovery",
        postgresql_where=sa.text("sent_at IS NULL"),
    )
    op.drop_index(op.f("ix_outbox_sent_at"), table_name="outbox", schema="discovery")
    op.drop_table("outbox", schema="discovery")
    op.drop_index(op.f("ix_influencers_workspace_id"), table_name="influencers", schema="discovery")
    op.drop_table("influencers", schema="discovery")
    op.drop_table("idempotency_keys", schema="discovery")
