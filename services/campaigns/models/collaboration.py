from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint, Uuid, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7

# The pipeline's order: by due date, undated last, then by id (keyset pagination).
DUE_ORDER = text("coalesce(due_at, 'infinity'::timestamptz)")


class Collaboration(Base):
    """An influencer's engagement in one campaign; `influencer_snapshot` is discovery's data (or
    what the brand typed in, for one created by hand)."""

    __tablename__ = "collaborations"
    __table_args__ = (
        UniqueConstraint("campaign_id", "influencer_id"),
        # Serves the pipeline list of one campaign, filtered by stage, sorted by due date.
        Index("ix_collaborations_pipeline", "workspace_id", "campaign_id", "stage", DUE_ORDER, "id"),
        Index("ix_collaborations_campaign_due", "workspace_id", "campaign_id", DUE_ORDER, "id"),
        Index("ix_collaborations_influencer", "workspace_id", "influencer_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    # No index of their own: each leads one of the indexes above (two fewer to write per insert).
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    stage: Mapped[str] = mapped_column(String(40))
    influencer_snapshot: Mapped[dict[str, Any]] = mapped_column(JSONB)
    source: Mapped[str] = mapped_column(String(20), server_default="shortlist")
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    relationship: Mapped[str | None] = mapped_column(String(20))
    stage_changed_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class StageChange(Base):
    """One move of a collaboration through the pipeline, kept as its history."""

    __tablename__ = "collaboration_stage_changes"
    __table_args__ = (Index("ix_collaboration_stage_changes_collaboration", "collaboration_id",
                            "changed_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    previous_stage: Mapped[str] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
