from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7


class CreatorPostMetrics(Base):
    """The newest figures of each campaign post, from tracking's PostMetricsUpdated: the creator's
    performance summary across campaigns adds them up."""

    __tablename__ = "creator_post_metrics"
    __table_args__ = (Index("ix_creator_post_metrics_influencer", "workspace_id", "influencer_id"),)

    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    platform: Mapped[str] = mapped_column(String(20))
    figures: Mapped[dict[str, int]] = mapped_column(JSONB)
    metric_source: Mapped[str] = mapped_column(String(20))
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CreatorFeedback(Base):
    """What the brand thinks of a creator: a rating (1–5, with a comment) or a note."""

    __tablename__ = "creator_feedback"
    __table_args__ = (
        Index("ix_creator_feedback_influencer", "workspace_id", "influencer_id", "id"),
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="score_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(10))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    body: Mapped[str | None] = mapped_column(Text)
    collaboration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Programme(Base):
    """A long-term programme: ambassadors (recurring deliverables per period, renewed by date) or
    a private beta / early access (invitations, access granted, feedback collected)."""

    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, server_default="")
    product: Mapped[str | None] = mapped_column(String(200))
    period: Mapped[str | None] = mapped_column(String(10))
    deliverables: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ProgrammeMember(Base):
    """A creator in a programme: invited → active (access granted) → ended, or declined."""

    __tablename__ = "programme_members"
    __table_args__ = (Index("ix_programme_members_influencer", "workspace_id", "influencer_id"),)

    programme_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.programmes.id", ondelete="CASCADE"), primary_key=True)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    display_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10))
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    joined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    starts_on: Mapped[date | None] = mapped_column(Date)
    renews_on: Mapped[date | None] = mapped_column(Date)


class ProgrammeFeedback(Base):
    """What a member of a beta (or an ambassador) told the brand about the product."""

    __tablename__ = "programme_feedback"
    __table_args__ = (
        Index("ix_programme_feedback_member", "workspace_id", "programme_id", "influencer_id", "id"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.programmes.id", ondelete="CASCADE"))
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    body: Mapped[str] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
