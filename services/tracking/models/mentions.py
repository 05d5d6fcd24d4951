from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class MentionCount(Base):
    """Brand mentions a social-listening source counted on one UTC day for a campaign (per
    platform and market when it says). An import of the same day again replaces the count."""

    __tablename__ = "mention_counts"
    __table_args__ = (
        Index("uq_mention_counts_day", "workspace_id", "campaign_id", "day", "source", "platform", "market",
              unique=True, postgresql_nulls_not_distinct=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    platform: Mapped[str | None] = mapped_column(String(20))
    market: Mapped[str | None] = mapped_column(String(2))
    count: Mapped[int] = mapped_column(BigInteger)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
