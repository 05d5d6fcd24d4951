from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class EmvTable(Base):
    """A workspace's value per action per platform for earned media value, one row per version
    (never changed: a new table is a new version, and every EMV figure names the version)."""

    __tablename__ = "emv_tables"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    source: Mapped[str] = mapped_column(Text)
    # {platform: {action: minor units of `currency` per 1000 actions}}
    values: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
