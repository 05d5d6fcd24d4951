from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.discovery.db import Base


class AccountSnapshotRow(Base):
    """A dated observation of an account's counts: the history growth and spikes are read from.

    Keyed by (account, observed_at), so importing the same file twice records one snapshot."""

    __tablename__ = "account_snapshots"

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("discovery.influencer_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    followers: Mapped[int] = mapped_column(BigInteger)
    following: Mapped[int | None] = mapped_column(BigInteger)
    avg_engagements: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(20))
