"""Events of the tracking service.

Post events are keyed by post, campaign KPIs by campaign, conversions by conversion (its reversal
follows its attribution), clicks by link. Money is integer minor units with its ISO 4217 currency.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from shared.events.base import Event


class PostPublished(Event):
    service = "tracking"
    aggregate = "post"
    action = "published"
    key_field = "post_id"
    summary = "A campaign post went live on a platform."

    post_id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID | None = None
    deliverable_id: uuid.UUID | None = Field(default=None, description="The contract deliverable "
                                             "the post fulfils, when known")
    influencer_id: uuid.UUID
    platform: str
    format: str
    url: str | None = None
    text: str
    paid_partnership_label: bool = False
    relationship: str = "paid"
    image_retouched: bool = False
    image_ai_generated: bool = False
    published_at: datetime


class PostMetricsUpdated(Event):
    service = "tracking"
    aggregate = "post"
    action = "metrics_updated"
    key_field = "post_id"
    summary = ("A post's latest figures changed (one event per post per import batch, whatever "
               "the number of snapshots the batch held).")

    post_id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID | None = None
    influencer_id: uuid.UUID
    platform: str
    captured_at: datetime = Field(description="When the newest snapshot was observed")
    metric_source: str = Field(description="imported, connector, self_reported or estimated")
    figures: dict[str, int] = Field(description="Latest value per metric: impressions, reach, "
                                    "views, watch_time_s, likes, comments, shares, saves, clicks, "
                                    "profile_visits, follows (absent = never reported)")
    decreased: list[str] = Field(default_factory=list, description="Counters that went down "
                                 "since the previous snapshot (stored, and flagged)")
    updated_at: datetime


class KpiDay(BaseModel):
    day: date = Field(description="UTC calendar day")
    values: dict[str, float] = Field(description="GoalMetric → its value as of the end of the "
                                     "day (cumulative for counts)")


class KpiSlice(BaseModel):
    """The campaign's posts on one platform in one market (null: not known)."""

    platform: str | None = None
    market: str | None = None
    values: dict[str, float]
    sentiment_scored: int = Field(default=0, description="Comments the sentiment value averages")
    daily: list[KpiDay] = Field(default_factory=list)


class AccruedFee(BaseModel):
    """Performance fees a contract has earned so far, after its cap, in the campaign currency."""

    contract_id: uuid.UUID
    collaboration_id: uuid.UUID
    accrued_minor: int
    capped: bool = False


class CampaignKpisUpdated(Event):
    service = "tracking"
    aggregate = "campaign"
    action = "kpis_updated"
    key_field = "campaign_id"
    summary = (
        "A campaign's KPIs changed (at most one event per campaign every few seconds). `values` "
        "holds every GoalMetric tracking can compute (absent = no data). Slices combine into any "
        "scope: every metric sums, except engagement_rate (Σ engagements / Σ reach) and sentiment "
        "(mean weighted by sentiment_scored). Keep the newest by computed_at."
    )

    campaign_id: uuid.UUID
    computed_at: datetime
    currency: str | None = Field(default=None, description="Of revenue and every cost figure")
    values: dict[str, float]
    daily: list[KpiDay] = Field(default_factory=list)
    slices: list[KpiSlice] = Field(default_factory=list)
    cost_minor: int | None = Field(default=None, description="Fees, gifted value and accrued "
                                   "performance fees, in `currency`")
    accrued_fees: list[AccruedFee] = Field(default_factory=list)


class ConversionAttributed(Event):
    service = "tracking"
    aggregate = "conversion"
    action = "attributed"
    key_field = "conversion_id"
    summary = "An order was attributed to a creator's link click or promo code."

    conversion_id: uuid.UUID
    order_id: str
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID | None = None
    attributed_by: Literal["click", "promo_code"]
    click_id: str | None = None
    promo_code: str | None = None
    amount_minor: int
    currency: str
    reporting_amount_minor: int | None = Field(default=None, description="In the campaign currency")
    reporting_currency: str | None = None
    fx_rate: Decimal | None = None
    fx_rate_date: date | None = None
    commission_minor: int | None = Field(default=None, description="Accrued to a CPA or "
                                         "commission contract, in the reporting currency")
    ordered_at: datetime
    attributed_at: datetime


class ConversionReversed(Event):
    service = "tracking"
    aggregate = "conversion"
    action = "reversed"
    key_field = "conversion_id"
    summary = "An attributed order was refunded or cancelled, wholly or in part."

    conversion_id: uuid.UUID
    order_id: str
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    reason: Literal["refund", "cancellation"]
    amount_minor: int = Field(description="The amount reversed, in the order's currency")
    currency: str
    partial: bool = False
    reversed_at: datetime


class LinkClicked(Event):
    service = "tracking"
    aggregate = "link"
    action = "clicked"
    key_field = "link_id"
    summary = ("A tracked link was followed. Sent by the redirect straight to the broker (spooled "
               "to disk while it is away); no raw IP address is kept.")

    click_id: str
    link_id: uuid.UUID
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    clicked_at: datetime
    referrer: str | None = None
    country: str | None = None
    user_agent_class: str = Field(description="browser, mobile_app, bot or other")
    is_bot: bool = False
    visitor_hash: str = Field(description="Salted hash of the visitor, the salt rotated daily")
