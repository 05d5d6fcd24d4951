from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.discovery.db import Base


class BlockedInfluencer(Base):
    """An influencer the workspace never wants to see in search or match results."""

    __tablename__ = "blocked_influencers"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    influencer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discovery.influencers.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
