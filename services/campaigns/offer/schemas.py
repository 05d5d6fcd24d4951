"""Offer and contract terms over HTTP. Amounts stop at 10**13 minor units, so a fee times a
count stays far inside bigint."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.campaigns.domain.contracts import (
    CompensationModel,
    Pieces,
    Rate,
    Terms,
    fixed_fee_minor,
    term_errors,
)
from shared.codes import CountryCode, CurrencyCode
from shared.http.pagination import Page
from shared.vocabulary import ContentFormat, Platform


class RateTerms(BaseModel):
    model_config = ConfigDict(extra="forbid")

    basis: Literal["impressions", "engagements", "clicks", "conversions", "revenue"]
    amount_minor: int | None = Field(default=None, ge=0, le=10**13, description="Per unit; per "
                                     "1000 for impressions (CPM)")
    percent: Decimal | None = Field(default=None, gt=0, le=100, max_digits=7, decimal_places=4,
                                    description="Share of attributed revenue; basis revenue only")


class DeliverableTermsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: Platform
    format: ContentFormat = Field(description="Old spellings `live` and `blog` are read as "
                                  "`livestream` and `article`")
    count: int = Field(default=1, ge=1, le=100)
    due_dates: list[date] = Field(default_factory=list, max_length=100, description="One per "
                                  "piece, in order; pieces without one are undated")
    fee_minor: int = Field(default=0, ge=0, le=10**13, description="Per piece, for "
                           "per_deliverable contracts")


class UsageChannel(StrEnum):
    ORGANIC_SOCIAL = "organic_social"
    PAID_SOCIAL = "paid_social"
    WEBSITE = "website"
    EMAIL = "email"
    PRINT = "print"
    BROADCAST = "broadcast"
    OUT_OF_HOME = "out_of_home"
    IN_STORE = "in_store"


class UsageRights(BaseModel):
    """Where and how long the brand may reuse the content."""

    model_config = ConfigDict(extra="forbid")

    channels: list[UsageChannel] = Field(min_length=1, max_length=8)
    territories: list[CountryCode] = Field(default_factory=list, max_length=250,
                                           description="Empty: worldwide")
    duration_days: int | None = Field(default=None, ge=1, le=36500, description="Null: perpetual")


class Exclusivity(BaseModel):
    """The creator works for no competitor in `category` for `window_days` from signing."""

    model_config = ConfigDict(extra="forbid")

    category: str = Field(min_length=1, max_length=200)
    window_days: int = Field(ge=1, le=3650)
    competitors: list[str] = Field(default_factory=list, max_length=50)


class Installment(BaseModel):
    """One payment the contract schedules: an amount or a percent of the fixed fee, due on a
    trigger (a date for `on_date`)."""

    model_config = ConfigDict(extra="forbid")

    trigger: Literal["on_signing", "on_publish", "on_completion", "on_date"]
    due_on: date | None = None
    amount_minor: int | None = Field(default=None, ge=1, le=10**13)
    percent: Decimal | None = Field(default=None, gt=0, le=100, max_digits=7, decimal_places=4)

    @model_validator(mode="after")
    def _one_amount(self) -> Self:
        if (self.amount_minor is None) == (self.percent is None):
            raise ValueError("an installment has either amount_minor or percent")
        if (self.trigger == "on_date") != (self.due_on is not None):
            raise ValueError("due_on is given exactly for trigger on_date")
        return self


_TERMS_EXAMPLE: dict[str, Any] = {
    "compensation_model": "flat_fee", "currency": "USD", "fee_minor": 120000,
    "deliverables": [{"platform": "instagram", "format": "reel", "count": 2,
                      "due_dates": ["2027-05-10", "2027-05-20"]}],
    "usage_rights": {"channels": ["organic_social", "paid_social"], "territories": ["US"],
                     "duration_days": 90},
    "exclusivity": {"category": "food delivery", "window_days": 60},
    "payment_schedule": [{"trigger": "on_signing", "percent": "50"},
                         {"trigger": "on_publish", "percent": "50"}],
}


class OfferTerms(BaseModel):
    """The full terms of an offer, and of the contract accepting it draws up."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        _TERMS_EXAMPLE,
        {"compensation_model": "gifting", "currency": "USD", "gifted_value_minor": 4500,
         "deliverables": [{"platform": "instagram", "format": "story"}]},
        {"compensation_model": "cpa", "currency": "USD",
         "performance_rates": [{"basis": "conversions", "amount_minor": 800}],
         "performance_cap_minor": 200000,
         "deliverables": [{"platform": "tiktok", "format": "video"}]},
    ]})

    compensation_model: CompensationModel
    currency: CurrencyCode
    fee_minor: int | None = Field(default=None, ge=0, le=10**13, description="Flat fee, or the "
                                  "hybrid's base")
    performance_rates: list[RateTerms] = Field(default_factory=list, max_length=5)
    performance_cap_minor: int | None = Field(default=None, ge=0, le=10**13, description="Most "
                                              "the performance parts together earn; null = no cap")
    gifted_value_minor: int = Field(default=0, ge=0, le=10**13, description="Value of the "
                                    "products given (gifting, or beside a fee)")
    deliverables: list[DeliverableTermsIn] = Field(default_factory=list, max_length=20)
    usage_rights: UsageRights | None = None
    exclusivity: Exclusivity | None = None
    payment_schedule: list[Installment] = Field(default_factory=list, max_length=24)

    @model_validator(mode="after")
    def _fits_model(self) -> Self:
        problems = term_errors(self.domain())
        fixed = self.fixed_fee_minor()
        scheduled = sum(i.amount_minor or 0 for i in self.payment_schedule)
        percents = sum((i.percent or Decimal(0) for i in self.payment_schedule), Decimal(0))
        if scheduled > fixed or percents > 100 or (self.payment_schedule and not fixed):
            problems.append(("payment_schedule", "the schedule pays more than the fixed fee"))
        if problems:
            raise ValueError("; ".join(f"{field}: {why}" for field, why in problems))
        return self

    def domain(self) -> Terms:
        return Terms(
            model=self.compensation_model, fee_minor=self.fee_minor,
            rates=[Rate(r.basis, r.amount_minor, r.percent) for r in self.performance_rates],
            cap_minor=self.performance_cap_minor, gifted_value_minor=self.gifted_value_minor,
            deliverables=[Pieces(d.count, d.fee_minor, len(d.due_dates)) for d in self.deliverables])

    def fixed_fee_minor(self) -> int:
        return fixed_fee_minor(self.compensation_model, self.fee_minor,
                               (d.fee_minor * d.count for d in self.deliverables))


class OfferCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"made_by": "brand", "terms": _TERMS_EXAMPLE, "message": "Two reels for the Austin launch"},
        {"made_by": "creator", "terms": _TERMS_EXAMPLE | {"fee_minor": 150000},
         "message": "Counter: 1,500 USD for two reels"},
    ]})

    made_by: Literal["brand", "creator"] = Field(description="`creator` for a counter-offer the "
                                                 "creator made")
    terms: OfferTerms
    message: str | None = Field(default=None, max_length=5000)


class OfferRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000a1",
        "collaboration_id": "0190f5a2-8000-7000-8000-000000000001",
        "campaign_id": "0190f5a2-8000-7000-8000-000000000002", "version": 2,
        "made_by": "creator", "status": "open", "terms": _TERMS_EXAMPLE,
        "message": "Counter: 1,500 USD for two reels", "actor": "user-42",
        "created_at": "2027-04-21T10:00:00Z", "decided_at": None}]})

    id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    version: int = Field(description="1 for the first offer of the collaboration, then 2, 3 …")
    made_by: str
    status: Literal["open", "superseded", "accepted"] = Field(
        description="open until a newer version supersedes it or it is accepted")
    terms: OfferTerms
    message: str | None
    actor: str | None
    created_at: datetime
    decided_at: datetime | None


OfferPage = Page[OfferRead]
