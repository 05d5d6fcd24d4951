from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    Uuid,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from services.tracking.db import Base
from shared.ids import uuid7


class AttributionRule(Base):
    """A campaign's attribution rule, where it differs from the default (docs/tracking.md)."""

    __tablename__ = "attribution_rules"

    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    window_days: Mapped[int] = mapped_column(Integer)
    precedence: Mapped[str] = mapped_column(String(20))  # promo_code or click
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Conversion(Base):
    """An order attributed to a creator, once per order id in the workspace. Amounts are minor
    units of the order's currency; `reporting_*` in the campaign currency at the rate of the
    order's day."""

    __tablename__ = "conversions"
    __table_args__ = (
        Index(None, "workspace_id", "order_id", unique=True),
        Index(None, "workspace_id", "campaign_id", "ordered_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    order_id: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(20))  # api, webhook, shopify
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    influencer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    attributed_by: Mapped[str] = mapped_column(String(20))  # click or promo_code
    click_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    promo_code_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    promo_code: Mapped[str | None] = mapped_column(String(40))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reporting_amount_minor: Mapped[int] = mapped_column(BigInteger)
    reporting_currency: Mapped[str] = mapped_column(String(3))
    fx_rate: Mapped[Decimal] = mapped_column(Numeric)
    fx_rate_date: Mapped[date] = mapped_column(Date)
    commission_minor: Mapped[int | None] = mapped_column(BigInteger)
    reversed_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(20))  # attributed, partially_reversed, reversed
    ordered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attributed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ConversionReversal(Base):
    """A refund or cancellation of an attributed order, once per (order, refund id)."""

    __tablename__ = "conversion_reversals"
    __table_args__ = (
        Index(None, "workspace_id", "conversion_id", "reversal_key", unique=True),
        Index(None, "workspace_id", "campaign_id", "reversed_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    conversion_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    reversal_key: Mapped[str] = mapped_column(String(200))  # the refund's id, or "cancellation"
    reason: Mapped[str] = mapped_column(String(20))  # refund or cancellation
    amount_minor: Mapped[int] = mapped_column(BigInteger)  # the order's currency
    reporting_amount_minor: Mapped[int] = mapped_column(BigInteger)  # at the order's rate
    commission_minor: Mapped[int | None] = mapped_column(BigInteger)  # commission given back
    # This reversal left nothing of the order: it stops counting as a conversion.
    closes: Mapped[bool] = mapped_column(Boolean)
    reversed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class WebhookEndpoint(Base):
    """Where a workspace's shop sends its orders: the URL carries the id (the webhook has no
    token), the secret verifies the signature. Shopify's secret is the app's, given by the
    brand; a generic one is drawn by us and shown once. The secret is stored encrypted
    (`shared.secrets_at_rest`, under `webhook_secret_keys`)."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (Index(None, "workspace_id", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(20))  # generic or shopify
    name: Mapped[str] = mapped_column(Text)
    secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
