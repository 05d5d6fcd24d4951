from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, ForeignKey, String, UniqueConstraint, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.discovery.db import Base
from shared.ids import uuid7


class Influencer(Base):
    """The profile aggregate. `profile` holds the whole `InfluencerProfile` document (accounts
    with every metric and its provenance, audience, rate card, values …): it is read and written
    whole, and the search table carries the denormalised columns queries need."""

    __tablename__ = "influencers"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    profile: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    accounts: Mapped[list[InfluencerAccount]] = relationship(
        back_populates="influencer", lazy="raise", order_by="InfluencerAccount.id"
    )


class InfluencerAccount(Base):
    """One platform account; (workspace, platform, handle) identifies it for upserts."""

    __tablename__ = "influencer_accounts"
    __table_args__ = (UniqueConstraint("workspace_id", "platform", "handle"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discovery.influencers.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(20))
    handle: Mapped[str] = mapped_column(String(200))
    followers: Mapped[int] = mapped_column(BigInteger)
    influencer: Mapped[Influencer] = relationship(back_populates="accounts", lazy="raise")
