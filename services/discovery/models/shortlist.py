from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.discovery.db import Base
from shared.ids import uuid7


class Shortlist(Base):
    """Influencers considered for one campaign (`campaign_id` is campaigns' opaque reference)."""

    __tablename__ = "shortlists"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ShortlistEntry(Base):
    __tablename__ = "shortlist_entries"

    shortlist_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discovery.shortlists.id", ondelete="CASCADE"), primary_key=True
    )
    influencer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discovery.influencers.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    note: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
