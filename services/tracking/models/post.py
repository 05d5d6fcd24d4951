from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Index, String, Text, UniqueConstraint, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base
from shared.ids import uuid7


class Post(Base):
    """A published campaign post, registered once per (platform, URL), with the newest
    disclosure verdict compliance announced for it."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("workspace_id", "platform", "url_key"),
        Index(None, "workspace_id", "campaign_id", "id"),
        Index(None, "workspace_id", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    deliverable_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    platform: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    # The URL as compared for duplicates: case-folded host, no fragment, no tracking parameters.
    url_key: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paid_partnership_label: Mapped[bool] = mapped_column(Boolean)
    relationship: Mapped[str] = mapped_column(String(20))
    # Where the relationship came from: the request, the collaboration's contract, or the default.
    relationship_source: Mapped[str] = mapped_column(String(20))
    image_retouched: Mapped[bool] = mapped_column(Boolean)
    image_ai_generated: Mapped[bool] = mapped_column(Boolean)
    market: Mapped[str | None] = mapped_column(String(2))
    # The author's followers on the platform when the post went live (the ER-by-followers base).
    followers: Mapped[int | None] = mapped_column(BigInteger)
    disclosure_verdict: Mapped[str | None] = mapped_column(String(20))
    disclosure_check_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    disclosure_rule_set_version: Mapped[str | None] = mapped_column(Text)
    disclosure_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
