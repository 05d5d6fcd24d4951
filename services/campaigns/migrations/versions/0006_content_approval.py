"""content approval: drafts (versions per deliverable), their disclosure checks, review rounds,
and each campaign's review policy (auto-approval after business days of silence)

Revision ID: 0006_content_approval
Revises: 0005_contracts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_content_approval"
down_revision: str | None = "0005_contracts"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

S = "campaigns"
JSONB = postgresql.JSONB(astext_type=sa.Text())
EMPTY = sa.text("'[]'")


def _fk(table: str, column: str, target: str, ondelete: str | None = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{S}.{target}.id"], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), server_default="false", nullable=False)


def upgrade() -> None:
    op.create_table(
        "content_drafts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("deliverable_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("format", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_urls", JSONB, server_default=EMPTY, nullable=False),
        sa.Column("planned_publish_at", sa.DateTime(timezone=True), nullable=True),
        _flag("paid_partnership_label"), _flag("image_retouched"), _flag("image_ai_generated"),
        sa.Column("relationship", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=True),
        sa.Column("auto_approve_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_drafts")),
        _fk("content_drafts", "deliverable_id", "deliverables"),
        _fk("content_drafts", "collaboration_id", "collaborations"),
        _fk("content_drafts", "campaign_id", "campaigns", None),
        sa.UniqueConstraint("deliverable_id", "version",
                            name=op.f("uq_content_drafts_deliverable_id_version")),
        schema=S,
    )
    op.create_index("ix_content_drafts_workspace_deliverable", "content_drafts",
                    ["workspace_id", "deliverable_id", "version"], schema=S)
    op.create_index("ix_content_drafts_workspace_collaboration", "content_drafts",
                    ["workspace_id", "collaboration_id"], schema=S)
    op.create_index("ix_content_drafts_auto_approve", "content_drafts", ["auto_approve_at"],
                    postgresql_where=sa.text("status = 'submitted' AND auto_approve_at IS NOT NULL"),
                    schema=S)

    op.create_table(
        "content_checks",
        sa.Column("check_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("draft_id", sa.Uuid(), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("markets", JSONB, server_default=EMPTY, nullable=False),
        sa.Column("rule_set_version", sa.String(200), nullable=False),
        sa.Column("findings", JSONB, server_default=EMPTY, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("check_id", name=op.f("pk_content_checks")),
        _fk("content_checks", "draft_id", "content_drafts"),
        schema=S,
    )
    op.create_index("ix_content_checks_workspace_draft", "content_checks",
                    ["workspace_id", "draft_id", "checked_at"], schema=S)

    op.create_table(
        "content_reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("draft_id", sa.Uuid(), nullable=False),
        sa.Column("deliverable_id", sa.Uuid(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("comments", JSONB, server_default=EMPTY, nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        _flag("auto"),
        sa.Column("actor", sa.String(200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_reviews")),
        _fk("content_reviews", "draft_id", "content_drafts"),
        _fk("content_reviews", "deliverable_id", "deliverables"),
        sa.UniqueConstraint("deliverable_id", "round",
                            name=op.f("uq_content_reviews_deliverable_id_round")),
        schema=S,
    )
    op.create_index("ix_content_reviews_workspace_draft", "content_reviews",
                    ["workspace_id", "draft_id", "round"], schema=S)

    op.create_table(
        "content_review_policies",
        sa.Column("campaign_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("auto_approve_after_business_days", sa.Integer(), nullable=True),
        sa.Column("holiday_market", sa.String(2), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("campaign_id", name=op.f("pk_content_review_policies")),
        _fk("content_review_policies", "campaign_id", "campaigns"),
        schema=S,
    )


def downgrade() -> None:
    for table in ("content_review_policies", "content_reviews", "content_checks", "content_drafts"):
        op.drop_table(table, schema=S)
