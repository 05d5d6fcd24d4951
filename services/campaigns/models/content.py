from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)
from sqlalchemy import text as sql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7


class Draft(Base):
    """One version of a deliverable's content as the creator submitted it; its id is the
    submission id compliance's check names as `subject_id`. A newer version supersedes one still
    awaiting review."""

    __tablename__ = "content_drafts"
    __table_args__ = (
        UniqueConstraint("deliverable_id", "version"),
        Index("ix_content_drafts_workspace_deliverable", "workspace_id", "deliverable_id", "version"),
        Index("ix_content_drafts_workspace_collaboration", "workspace_id", "collaboration_id"),
        # What the auto-approval job scans: drafts still awaiting the brand, by due time.
        Index("ix_content_drafts_auto_approve", "auto_approve_at",
              postgresql_where=sql("status = 'submitted' AND auto_approve_at IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    deliverable_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.deliverables.id", ondelete="CASCADE"))
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    media_urls: Mapped[list[str]] = mapped_column(JSONB, server_default=sql("'[]'"))
    planned_publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_partnership_label: Mapped[bool] = mapped_column(Boolean, server_default="false")
    image_retouched: Mapped[bool] = mapped_column(Boolean, server_default="false")
    image_ai_generated: Mapped[bool] = mapped_column(Boolean, server_default="false")
    relationship: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    auto_approve_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DraftCheck(Base):
    """Compliance's newest result of one check of a draft (a re-check keeps its id, with a later
    `checked_at`); findings carry compliance's suggested fix."""

    __tablename__ = "content_checks"
    __table_args__ = (
        Index("ix_content_checks_workspace_draft", "workspace_id", "draft_id", "checked_at"),
    )

    check_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    draft_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.content_drafts.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(String(20))
    markets: Mapped[list[str]] = mapped_column(JSONB, server_default=sql("'[]'"))
    rule_set_version: Mapped[str] = mapped_column(String(200))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=sql("'[]'"))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Review(Base):
    """The brand's decision on a draft: a round of changes requested (comments per guideline
    item) or the approval (by hand, with an override reason when the check needed review, or by
    silence). Rounds are numbered per deliverable and kept."""

    __tablename__ = "content_reviews"
    __table_args__ = (
        UniqueConstraint("deliverable_id", "round"),
        Index("ix_content_reviews_workspace_draft", "workspace_id", "draft_id", "round"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    draft_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.content_drafts.id", ondelete="CASCADE"))
    deliverable_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.deliverables.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(20))
    comments: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=sql("'[]'"))
    note: Mapped[str | None] = mapped_column(Text)
    override_reason: Mapped[str | None] = mapped_column(Text)
    auto: Mapped[bool] = mapped_column(Boolean, server_default="false")
    actor: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewPolicy(Base):
    """A campaign's content review policy: drafts the brand leaves unanswered for this many
    business days of `holiday_market` (default: the campaign's first market) are approved, when
    their disclosure check passed. No row, or null days: no auto-approval."""

    __tablename__ = "content_review_policies"

    campaign_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.campaigns.id", ondelete="CASCADE"), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    auto_approve_after_business_days: Mapped[int | None] = mapped_column(Integer)
    holiday_market: Mapped[str | None] = mapped_column(String(2))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
