from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7

RATE = Numeric(24, 10)


class CampaignBudget(Base):
    """A campaign's budget (its currency is the campaign's) and which alerts it has raised."""

    __tablename__ = "campaign_budgets"

    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    contingency_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default="0")
    allocations: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    reached_80_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reached_100_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BudgetCommitment(Base):
    """Money promised against the budget: a signed contract, gifted product value, accrued
    performance fees. One row per (kind, source); a later amount replaces the earlier one."""

    __tablename__ = "budget_commitments"
    __table_args__ = (UniqueConstraint("workspace_id", "kind", "source_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    converted_minor: Mapped[int | None] = mapped_column(BigInteger)
    fx_rate: Mapped[Decimal | None] = mapped_column(RATE)
    fx_rate_date: Mapped[date | None] = mapped_column(Date)
    platform: Mapped[str | None] = mapped_column(String(20))
    market: Mapped[str | None] = mapped_column(String(2))
    tier: Mapped[str | None] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class BudgetPayment(Base):
    """A payment to a creator as the pipeline records it; it counts as paid once status is paid."""

    __tablename__ = "budget_payments"
    __table_args__ = (Index("ix_budget_payments_campaign_id", "campaign_id"),)

    payment_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    source_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    due_on: Mapped[date | None] = mapped_column(Date)
    converted_minor: Mapped[int | None] = mapped_column(BigInteger)
    fx_rate: Mapped[Decimal | None] = mapped_column(RATE)
    fx_rate_date: Mapped[date | None] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
