"""outreach: templates, the workspace's SMTP settings, the outreach log, do-not-contact

Revision ID: 0008_outreach
Revises: 0007_processed_events_pruning
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_outreach"
down_revision: str | None = "0007_processed_events_pruning"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outreach_templates",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.Text(), server_default="", nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_templates")),
        sa.UniqueConstraint("workspace_id", "name",
                            name=op.f("uq_outreach_templates_workspace_id_name")),
        schema="campaigns",
    )
    op.create_table(
        "outreach_settings",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("smtp_host", sa.String(length=255), nullable=True),
        sa.Column("smtp_port", sa.Integer(), nullable=True),
        sa.Column("smtp_security", sa.String(length=10), server_default="starttls", nullable=False),
        sa.Column("smtp_username", sa.String(length=320), nullable=True),
        sa.Column("smtp_password_encrypted", sa.LargeBinary(), nullable=True),
        sa.Column("from_address", sa.String(length=320), nullable=True),
        sa.Column("from_name", sa.String(length=200), nullable=True),
        sa.Column("follow_up_after_days", sa.Integer(), server_default="4", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_outreach_settings")),
        schema="campaigns",
    )
    op.create_table(
        "outreach_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("collaboration_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("reply_to_id", sa.Uuid(), nullable=True),
        sa.Column("recipient", sa.String(length=320), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("smtp_message_id", sa.String(length=300), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("follow_up_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["collaboration_id"], ["campaigns.collaborations.id"],
                                name=op.f("fk_outreach_messages_collaboration_id_collaborations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_messages")),
        schema="campaigns",
    )
    op.create_index("ix_outreach_messages_collaboration", "outreach_messages",
                    ["workspace_id", "collaboration_id", "id"], schema="campaigns")
    op.create_index("ix_outreach_messages_follow_ups", "outreach_messages",
                    ["workspace_id", "follow_up_due_at", "id"], schema="campaigns",
                    postgresql_where=sa.text("follow_up_due_at IS NOT NULL"))
    op.create_table(
        "contact_preferences",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("influencer_id", sa.Uuid(), nullable=False),
        sa.Column("do_not_contact", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "influencer_id", name=op.f("pk_contact_preferences")),
        schema="campaigns",
    )


def downgrade() -> None:
    op.drop_table("contact_preferences", schema="campaigns")
    op.drop_table("outreach_messages", schema="campaigns")
    op.drop_table("outreach_settings", schema="campaigns")
    op.drop_table("outreach_templates", schema="campaigns")
