from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7


class Collaboration(Base):
    """An influencer's engagement in one campaign; `influencer_snapshot` is discovery's data."""

    __tablename__ = "collaborations"
    __table_args__ = (UniqueConstraint("campaign_id", "influencer_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"), index=True)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    stage: Mapped[str] = mapped_column(String(40))
    influencer_snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
