from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class Campaign(Base):
    """Read-model of what tracking needs to measure a campaign, from `CampaignStateChanged`."""

    __tablename__ = "campaigns"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    brand: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str | None] = mapped_column(String(3))
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    markets: Mapped[list[str]] = mapped_column(ARRAY(String(2)))
    goal_metrics: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    # [{metric, target_value, baseline, deadline}] in the goals' order: what reports chart against.
    goals: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default="[]")
    # The campaign's own time of change (from the event): an older one never overwrites a newer.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
