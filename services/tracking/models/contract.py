from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, String, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class Contract(Base):
    """Read-model of a signed contract's cost terms, from `ContractSigned`. A collaboration's
    newest contract is the one in force."""

    __tablename__ = "contracts"
    __table_args__ = (
        Index(None, "workspace_id", "collaboration_id", "signed_at"),
        Index(None, "workspace_id", "campaign_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    relationship: Mapped[str] = mapped_column(String(20))
    compensation_model: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    # shared.events.catalog.campaigns.ContractTerms as sent.
    terms: Mapped[dict[str, Any]] = mapped_column(JSONB)
    platform: Mapped[str | None] = mapped_column(String(20))
    handle: Mapped[str | None] = mapped_column(Text)
    followers: Mapped[int | None] = mapped_column(BigInteger)
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Payment(Base):
    """Read-model of a payment to a creator, from `PaymentRecorded` (its newest status)."""

    __tablename__ = "payments"
    __table_args__ = (Index(None, "workspace_id", "campaign_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    contract_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(Text)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SeededProduct(Base):
    """Read-model of a product sent to a creator, from `ProductSeeded` (its newest status)."""

    __tablename__ = "seeded_products"
    __table_args__ = (Index(None, "workspace_id", "campaign_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    item: Mapped[str] = mapped_column(Text)
    value_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
