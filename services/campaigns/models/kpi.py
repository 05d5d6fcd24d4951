from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base


class CampaignKpis(Base):
    """The newest `CampaignKpisUpdated` of a campaign (by computed_at): goals are evaluated on it,
    again when they change."""

    __tablename__ = "campaign_kpis"

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kpis: Mapped[dict[str, Any]] = mapped_column(JSONB)
