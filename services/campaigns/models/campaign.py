from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, Uuid, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7


class Campaign(Base):
    """A campaign's plan. Nested parts (markets, personas, guidelines …) are JSONB in the shape of
    their HTTP schemas; `version` is the ETag and grows with every change."""

    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_workspace_id_state_id", "workspace_id", "state", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(200))
    brief: Mapped[str] = mapped_column(Text, server_default="")
    objectives: Mapped[list[str]] = mapped_column(ARRAY(String(20)), server_default="{}")
    markets: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    personas: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    creators: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'"))
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    milestones: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    guidelines: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'"))
    market_variants: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    state: Mapped[str] = mapped_column(String(20), server_default="draft")
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
