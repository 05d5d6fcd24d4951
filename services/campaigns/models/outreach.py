from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7


class OutreachTemplate(Base):
    """A workspace's message template: Jinja2 text rendered in a sandbox per collaboration."""

    __tablename__ = "outreach_templates"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(Text, server_default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OutreachSettings(Base):
    """How a workspace sends email (its own SMTP server) and when a silence calls for a follow-up.
    The password is stored encrypted (Fernet) and never read back through the API."""

    __tablename__ = "outreach_settings"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    smtp_host: Mapped[str | None] = mapped_column(String(255))
    smtp_port: Mapped[int | None] = mapped_column(Integer)
    smtp_security: Mapped[str] = mapped_column(String(10), server_default="starttls")
    smtp_username: Mapped[str | None] = mapped_column(String(320))
    smtp_password_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    from_address: Mapped[str | None] = mapped_column(String(320))
    from_name: Mapped[str | None] = mapped_column(String(200))
    follow_up_after_days: Mapped[int] = mapped_column(Integer, server_default="4")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OutreachMessage(Base):
    """One message of a collaboration's outreach log, either way. An outbound one waiting for an
    answer carries `follow_up_due_at`; a reply (inbound) clears it."""

    __tablename__ = "outreach_messages"
    __table_args__ = (
        Index("ix_outreach_messages_collaboration", "workspace_id", "collaboration_id", "id"),
        # Serves GET /v1/follow-ups: the workspace's open follow-ups by due date.
        Index("ix_outreach_messages_follow_ups", "workspace_id", "follow_up_due_at", "id",
              postgresql_where=text("follow_up_due_at IS NOT NULL")),
        # Serves the worker's sweep of emails left `sending` (outreach/sweep.py): few rows.
        Index("ix_outreach_messages_sending", "at", postgresql_where=text("status = 'sending'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    channel: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    template_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    reply_to_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    recipient: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    smtp_message_id: Mapped[str | None] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    follow_up_due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ContactPreference(Base):
    """Whether a creator may be written to at all (unsubscribed, or do-not-contact by hand)."""

    __tablename__ = "contact_preferences"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    do_not_contact: Mapped[bool] = mapped_column(server_default="false")
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
