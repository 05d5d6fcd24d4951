from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from services.campaigns.db import Base
from shared.ids import uuid7


class Offer(Base):
    """One version of the terms on the table for a collaboration: the brand's offer or the
    creator's counter-offer. `terms` is the offer's HTTP schema as JSON; a newer version
    supersedes the open one, and accepting one creates the contract draft from it."""

    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("collaboration_id", "version"),
        Index("ix_offers_workspace_collaboration", "workspace_id", "collaboration_id", "version"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    version: Mapped[int] = mapped_column(Integer)
    made_by: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    terms: Mapped[dict[str, Any]] = mapped_column(JSONB)
    message: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# A collaboration has at most one contract that is a draft or signed.
LIVE_CONTRACT = text("status IN ('draft', 'signed')")


class Contract(Base):
    """A contract drawn from an accepted offer. The cost terms tracking needs are columns (what
    ContractSigned carries); usage rights, exclusivity and the payment schedule are JSONB in the
    shape of their HTTP schemas."""

    __tablename__ = "contracts"
    __table_args__ = (
        Index("ux_contracts_live_collaboration", "collaboration_id", unique=True,
              postgresql_where=LIVE_CONTRACT),
        Index("ix_contracts_workspace_campaign", "workspace_id", "campaign_id", "id"),
        Index("ix_contracts_workspace_influencer", "workspace_id", "influencer_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    offer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.offers.id"))
    status: Mapped[str] = mapped_column(String(20))
    compensation_model: Mapped[str] = mapped_column(String(20))
    relationship: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3))
    fixed_fee_minor: Mapped[int] = mapped_column(BigInteger)
    gifted_value_minor: Mapped[int] = mapped_column(BigInteger)
    performance_rates: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    performance_cap_minor: Mapped[int | None] = mapped_column(BigInteger)
    usage_rights: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    exclusivity: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    payment_schedule: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, server_default=text("'[]'"))
    budget_override_reason: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Deliverable(Base):
    """One piece of content a contract asks for (a term of `count` 3 is three rows), each with its
    own due date: drafts are submitted against it, tracking's post publishes it, a payment that
    names it pays it."""

    __tablename__ = "deliverables"
    __table_args__ = (
        Index("ix_deliverables_workspace_contract", "workspace_id", "contract_id", "position"),
        Index("ix_deliverables_workspace_collaboration", "workspace_id", "collaboration_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    contract_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.contracts.id", ondelete="CASCADE"))
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    position: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(20))
    fee_minor: Mapped[int] = mapped_column(BigInteger, server_default="0")
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    post_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Payment(Base):
    """A payment to the creator under a contract; `deliverable_id` when it pays one piece.
    `installment` and `trigger` name the schedule's installment a payment booked at signing is
    (null for payments recorded by hand); `due_on` is null while it waits for its trigger."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_workspace_contract", "workspace_id", "contract_id", "id"),
        Index("ix_payments_workspace_collaboration", "workspace_id", "collaboration_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    contract_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.contracts.id", ondelete="CASCADE"))
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    deliverable_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("campaigns.deliverables.id", ondelete="SET NULL"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str | None] = mapped_column(String(40))
    due_on: Mapped[date | None] = mapped_column(Date)
    installment: Mapped[int | None] = mapped_column(SmallInteger)
    trigger: Mapped[str | None] = mapped_column(String(20))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reference: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class SeededProduct(Base):
    """A product sent to a creator; its value is a cost of the collaboration."""

    __tablename__ = "seeded_products"
    __table_args__ = (
        Index("ix_seeded_products_workspace_collaboration", "workspace_id", "collaboration_id", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    workspace_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    collaboration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("campaigns.collaborations.id", ondelete="CASCADE"))
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaigns.campaigns.id"))
    influencer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    item: Mapped[str] = mapped_column(String(300))
    value_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
