"""HTTP models of conversions: orders attributed to creators, and their reversals."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from shared.codes import CurrencyCode
from shared.http.pagination import Page
from shared.money import MinorUnits

_ORDER: dict[str, Any] = {
    "order_id": "GS-100234", "amount_minor": 4990, "currency": "EUR",
    "ordered_at": "2025-03-04T18:21:00Z", "click_id": "0195a0c4-3b00-7000-8000-0000000000cc",
    "promo_code": "ANA15",
}
_READ: dict[str, Any] = {
    "id": "0195a0c4-4c00-7000-8000-0000000000dd", **_ORDER, "source": "api",
    "campaign_id": "0195a0c4-1f00-7000-8000-000000000001",
    "collaboration_id": "0195a0c4-1f00-7000-8000-000000000002",
    "influencer_id": "0195a0c4-1f00-7000-8000-000000000003", "attributed_by": "promo_code",
    "reporting_amount_minor": 5431, "reporting_currency": "USD", "fx_rate": "1.0884",
    "fx_rate_date": "2025-03-04", "commission_minor": 543, "reversed_minor": 0, "status": "attributed",
    "attributed_at": "2025-03-04T18:21:02Z",
}


class OrderCreate(BaseModel):
    """An order as the shop saw it; attributed by its click id or promo code."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_ORDER]})

    order_id: str = Field(min_length=1, max_length=200, description="The shop's order id: an "
                          "order is attributed once, whatever the number of times it is sent")
    amount_minor: MinorUnits = Field(description="Revenue of the order (after discounts, before "
                                     "shipping and taxes), minor units of `currency`")
    currency: CurrencyCode
    ordered_at: AwareDatetime
    click_id: str | None = Field(default=None, max_length=100, description="The `icp_click_id` "
                                 "the shop kept from the visitor's newest tracked click")
    promo_code: str | None = Field(default=None, min_length=1, max_length=40,
                                   description="The discount code used, in any case")


class ReversalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"reason": "refund", "reversal_id": "refund-881", "amount_minor": 2495, "currency": "EUR"}]})

    reason: Literal["refund", "cancellation"]
    reversal_id: str | None = Field(default=None, min_length=1, max_length=200, description="The "
                                    "shop's refund id: each is applied once. A cancellation needs none")
    amount_minor: MinorUnits | None = Field(default=None, description="Refunded revenue in the "
                                            "order's currency; null (or a cancellation): all that is left")
    currency: CurrencyCode | None = Field(default=None, description="Must be the order's")
    reversed_at: AwareDatetime | None = Field(default=None, description="Default: now")


class ConversionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_READ]})

    id: uuid.UUID
    order_id: str
    source: str = Field(description="api, webhook (the signed generic one) or shopify")
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None
    attributed_by: Literal["click", "promo_code"]
    click_id: uuid.UUID | None
    promo_code: str | None
    amount_minor: int
    currency: str
    reporting_amount_minor: int = Field(description="In the campaign currency at `fx_rate`")
    reporting_currency: str
    fx_rate: Decimal
    fx_rate_date: date
    commission_minor: int | None = Field(description="Earned by the collaboration's CPA or "
                                         "commission contract, in the reporting currency, before caps")
    reversed_minor: int = Field(description="Refunded or cancelled, in the order's currency")
    status: Literal["attributed", "partially_reversed", "reversed"]
    ordered_at: datetime
    attributed_at: datetime


ConversionPage = Page[ConversionRead]


class WebhookResult(BaseModel):
    """What a webhook did. A replay answers the same without doing it twice."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"result": "attributed", "conversion": _READ, "reasons": []}]})

    result: Literal["attributed", "already_attributed", "not_attributed", "reversed", "already_reversed",
                    "nothing_to_reverse", "ignored"]
    conversion: ConversionRead | None = None
    reasons: list[str] = Field(default_factory=list, description="Why nothing was attributed")
