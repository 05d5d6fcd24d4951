from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.compliance.db import Base
from shared.ids import uuid7


class Check(Base):
    """One evaluation of a text against its markets' rules: the checker's input as it was applied
    (`request`), what it answered (`result`: language, per-market verdicts, findings) and the
    rule-set versions used, so that `icp recheck` can re-run it under newer rules."""

    __tablename__ = "checks"
    __table_args__ = (
        Index(None, "workspace_id", "id"),
        Index(None, "workspace_id", "campaign_id", "id"),
        Index(None, "workspace_id", "influencer_id", "id"),
        Index(None, "markets", postgresql_using="gin"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    markets: Mapped[list[str]] = mapped_column(ARRAY(String(2)))
    verdict: Mapped[str] = mapped_column(String(20))
    rule_set_version: Mapped[str] = mapped_column(Text)
    request: Mapped[dict[str, Any]] = mapped_column(JSONB)
    result: Mapped[dict[str, Any]] = mapped_column(JSONB)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
