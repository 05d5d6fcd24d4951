from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base


class CampaignGoal(Base):
    """A SMART goal (its definition) and its latest evaluation against the campaign's KPIs."""

    __tablename__ = "campaign_goals"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    baseline: Mapped[float | None] = mapped_column(Float)
    target_value: Mapped[float] = mapped_column(Float)
    target_change_percent: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    within: Mapped[str | None] = mapped_column(String(20))
    scope_markets: Mapped[list[str]] = mapped_column(ARRAY(String(2)), server_default="{}")
    scope_platforms: Mapped[list[str]] = mapped_column(ARRAY(String(20)), server_default="{}")
    current_value: Mapped[float | None] = mapped_column(Float)
    progress_percent: Mapped[float | None] = mapped_column(Float)
    projected_value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(20))
    evaluated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
