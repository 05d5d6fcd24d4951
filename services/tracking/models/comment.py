from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Float, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class Comment(Base):
    """A comment on a registered post, once per (post, platform comment id), with its verdict:
    scored (a sentiment label and score), unscored (and why) or spam (and why)."""

    __tablename__ = "comments"
    __table_args__ = (
        Index(None, "workspace_id", "campaign_id", "commented_at"),
        Index(None, "workspace_id", "influencer_id"),
        Index(None, "workspace_id", "post_id", "text_key"),
    )

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    post_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    comment_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    text: Mapped[str] = mapped_column(Text)
    # Hashes, compared to tell a repeat: the normalized text, the author's handle (never kept).
    text_key: Mapped[str] = mapped_column(String(32))
    author_key: Mapped[str | None] = mapped_column(String(32))
    commented_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(30))
    language: Mapped[str | None] = mapped_column(String(2))
    sentiment: Mapped[str | None] = mapped_column(String(10))
    score: Mapped[float | None] = mapped_column(Float)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
