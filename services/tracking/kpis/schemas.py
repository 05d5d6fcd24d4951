"""HTTP models of KPIs: per group, totals with every formula named, running daily totals, and
the campaign's cost with each conversion's rate and date."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_FIGURE: dict[str, Any] = {
    "value": 0.0412, "formula": "Σ engagements / Σ reach, over posts that report reach",
    "denominator": "reach", "numerator_value": 4120, "denominator_value": 100_000}


class Figure(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_FIGURE]})

    value: float | None = Field(description="Null when the denominator is zero or unknown; money "
                                "ratios are minor units of the campaign currency")
    formula: str
    denominator: str | None = Field(default=None, description="What the figure is divided by")
    numerator_value: float | None = None
    denominator_value: float | None = None


class Emv(BaseModel):
    value_minor: int | None = Field(description="In the campaign currency (null when not convertible)")
    currency: str | None
    table_version: str = Field(description="`default`, or the workspace's table version")
    table_value_minor: int = Field(description="In the table's currency, before conversion")
    table_currency: str
    rate: Decimal | None = None
    rate_date: date | None = None
    unvalued_platforms: list[str] = Field(default_factory=list, description="Platforms the table "
                                          "gives no value: their actions count no EMV")


class KpiDay(BaseModel):
    day: date = Field(description="UTC day")
    counts: dict[str, float] = Field(description="Running totals at the end of the day")


class KpiGroup(BaseModel):
    key: dict[str, str | None] = Field(description="What the group is ({} for the campaign)")
    posts: int
    counts: dict[str, float] = Field(description="Totals: the posts' latest figures summed "
                                     "(absent = no post reported it), engagements, ugc_pieces, "
                                     "mentions, and the inputs known (conversions, revenue_minor, "
                                     "platform_clicks, listening mentions)")
    rates: dict[str, Figure] = Field(description="ER by followers / reach / views, CPM, CPE, CPC, "
                                     "CPA, conversion rate, ROI, ROAS, sentiment")
    cost_minor: int | None = Field(description="In the campaign currency; a collaboration's cost "
                                   "is shared equally by its posts")
    emv: Emv | None
    daily: list[KpiDay] = Field(default_factory=list)


class CostLineRead(BaseModel):
    collaboration_id: uuid.UUID
    contract_id: uuid.UUID | None
    kind: str = Field(description="fixed_fee, gifted or performance")
    day: date
    amount_minor: int = Field(description="In the campaign currency")
    original_minor: int
    original_currency: str
    rate: Decimal = Field(description="Campaign currency per unit of the original currency")
    rate_date: date


class AccruedFeeRead(BaseModel):
    contract_id: uuid.UUID
    collaboration_id: uuid.UUID
    accrued_minor: int = Field(description="In the campaign currency, after the contract's cap")
    capped: bool
    parts: dict[str, int] = Field(description="Basis → minor units of the contract's currency, "
                                  "before the cap")


class CostRead(BaseModel):
    currency: str | None
    total_minor: int | None = Field(description="Null while the campaign currency is unknown")
    lines: list[CostLineRead]
    accrued_fees: list[AccruedFeeRead]
    paid_minor: int | None = Field(description="Payments marked paid, in the campaign currency")
    unconverted: list[str] = Field(description="Amounts no exchange rate could convert: left out "
                                   "of the total, which is then incomplete")


_REPORT: dict[str, Any] = {
        "campaign_id": "0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0a01", "currency": "USD",
        "computed_at": "2026-05-20T10:00:00Z", "as_of": "2026-05-20T06:00:00Z", "by": "platform",
        "goal_metrics": ["engagements"], "clicks_source": "platform", "values": {"engagements": 41200},
        "campaign": {"key": {}, "posts": 12, "counts": {"engagements": 41200, "reach": 1_000_000},
                     "rates": {"engagement_rate_by_reach": _FIGURE}, "cost_minor": 1_000_000, "emv": None},
        "groups": [], "cost": {"currency": "USD", "total_minor": 1_000_000, "lines": [],
                               "accrued_fees": [], "paid_minor": 500_000, "unconverted": []},
        "notes": [], "formulas": {"cpe": "cost / engagements"}}


class KpiReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_REPORT]})

    campaign_id: uuid.UUID
    currency: str | None = Field(description="Of every cost, revenue and money ratio")
    computed_at: datetime
    as_of: datetime | None = Field(description="The newest snapshot the figures include")
    by: str
    goal_metrics: list[str]
    clicks_source: str = Field(description="`tracked_links` once the campaign has tracked clicks, "
                               "else `platform` (the platforms' reported link clicks)")
    values: dict[str, float] = Field(description="The current value of every goal metric known "
                                     "(as CampaignKpisUpdated carries them)")
    campaign: KpiGroup
    groups: list[KpiGroup]
    cost: CostRead
    notes: list[str] = Field(description="What the figures leave out, and why")
    formulas: dict[str, str]
