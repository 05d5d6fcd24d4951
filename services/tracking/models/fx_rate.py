from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, Numeric, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base


class FxRateSet(Base):
    """Whose rates against which base: the reference rates (no workspace) or a workspace's own,
    which win over the reference ones for that workspace."""

    __tablename__ = "fx_rate_sets"
    __table_args__ = (
        Index(None, "workspace_id", "base_currency", unique=True, postgresql_nulls_not_distinct=True),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    workspace_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    base_currency: Mapped[str] = mapped_column(String(3))
    rates_source: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FxRate(Base):
    """Units of `currency` for one unit of the set's base currency, on `rate_date`."""

    __tablename__ = "fx_rates"

    # No foreign key: its per-row check tripled the time the reference rates take to load.
    set_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate_date: Mapped[date] = mapped_column(Date, primary_key=True)
    rate: Mapped[Decimal] = mapped_column(Numeric)
    # Of the FxRatesUpdated that set it: a replayed older event never overwrites a newer rate.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
