from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Index, LargeBinary, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base
from shared.ids import uuid7


class AllowedDomain(Base):
    """A domain (and its subdomains) the workspace's tracked links may send people to."""

    __tablename__ = "allowed_domains"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TrackedLink(Base):
    """A collaboration's tracked link: `/r/{code}` sends visitors to `target_url` (the destination
    with its UTM parameters) plus a click id."""

    __tablename__ = "links"
    __table_args__ = (
        Index(None, "workspace_id", "id"),
        Index(None, "workspace_id", "collaboration_id"),
        Index(None, "workspace_id", "campaign_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Unique across workspaces: the public redirect knows no workspace.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    destination: Mapped[str] = mapped_column(Text)
    target_url: Mapped[str] = mapped_column(Text)
    utm_source: Mapped[str] = mapped_column(Text)
    utm_medium: Mapped[str] = mapped_column(Text)
    utm_campaign: Mapped[str] = mapped_column(Text)
    utm_content: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Click(Base):
    """A followed link, as the redirect announced it in `LinkClicked`. No address: the visitor is
    a hash salted per day."""

    __tablename__ = "clicks"
    __table_args__ = (
        Index(None, "workspace_id", "collaboration_id", "clicked_at"),
        Index(None, "workspace_id", "campaign_id", "clicked_at"),
        Index(None, "link_id"),
    )

    click_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    link_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    clicked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    referrer: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2))
    user_agent_class: Mapped[str] = mapped_column(String(20))
    is_bot: Mapped[bool] = mapped_column(Boolean)
    visitor_hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class VisitorSalt(Base):
    """The key of one UTC day's visitor hashes; deleted once the day is over."""

    __tablename__ = "visitor_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[bytes] = mapped_column(LargeBinary)
