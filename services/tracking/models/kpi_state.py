from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Index, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class CampaignKpiState(Base):
    """When a campaign's KPI inputs last changed and when its KPIs were last announced
    (`CampaignKpisUpdated`): the worker announces a changed campaign at most once per interval."""

    __tablename__ = "campaign_kpi_state"
    __table_args__ = (
        Index("ix_campaign_kpi_state_pending", "changed_at",
              postgresql_where=text("emitted_at IS NULL OR emitted_at < changed_at")),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    emitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
