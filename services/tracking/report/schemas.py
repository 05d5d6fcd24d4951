"""HTTP model of a campaign's report: its goals against their targets, its figures per platform,
and its goal metrics and spend day by day (the CSV and the PNG chart draw the same figures)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_EXAMPLE: dict[str, Any] = {
    "campaign_id": "0193f1e0-4c2a-7b5e-9a41-3c5d2e1f0a01", "name": "Food delivery: Lisbon launch",
    "brand": "Rapido Eats", "currency": "USD", "starts_at": "2026-05-01T00:00:00Z",
    "ends_at": "2026-05-31T00:00:00Z", "as_of": "2026-05-20T20:00:00Z",
    "computed_at": "2026-05-21T08:00:00Z",
    "goals": [{"metric": "engagements", "target_value": 25_000, "baseline": None,
               "deadline": "2026-05-31T00:00:00Z", "current_value": 16_200, "progress_percent": 64.8}],
    "totals": {"engagements": 16_200, "ugc_pieces": 12}, "rates": {"cpe": 61.7},
    "cost_minor": 1_000_000, "paid_minor": 500_000, "platforms": [],
    "daily": [{"day": "2026-05-20", "values": {"engagements": 16_200}, "committed_minor": 1_000_000,
               "paid_minor": 500_000}], "notes": [], "formulas": {"cpe": "cost / engagements"}}


class GoalProgress(BaseModel):
    metric: str
    target_value: float | None = Field(description="Null when campaigns has not told tracking the "
                                       "target (CampaignStateChanged.goals)")
    baseline: float | None
    deadline: datetime | None
    current_value: float | None = Field(description="As the KPIs compute it; null = no data yet")
    progress_percent: float | None = Field(description="current_value / target_value × 100")


class PlatformFigures(BaseModel):
    platform: str
    posts: int
    cost_minor: int | None = Field(description="In the campaign currency")
    counts: dict[str, float]
    rates: dict[str, float | None] = Field(description="engagement_rate_by_reach, cpm, cpe, cpc "
                                           "(money ratios in minor units)")


class ReportDay(BaseModel):
    day: date = Field(description="UTC day")
    values: dict[str, float] = Field(description="Each goal metric's running value at the day's end")
    committed_minor: int | None = Field(description="Cost counted so far (fees on signing, gifted "
                                        "value when seeded, performance fees as accrued)")
    paid_minor: int | None = Field(description="Payments made so far")


class CampaignReport(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    campaign_id: uuid.UUID
    name: str | None
    brand: str | None
    currency: str | None = Field(description="Of every amount and money ratio")
    starts_at: datetime | None
    ends_at: datetime | None
    as_of: datetime | None = Field(description="The newest snapshot the figures include")
    computed_at: datetime
    goals: list[GoalProgress]
    totals: dict[str, float]
    rates: dict[str, float | None]
    cost_minor: int | None
    paid_minor: int | None
    platforms: list[PlatformFigures]
    daily: list[ReportDay]
    notes: list[str]
    formulas: dict[str, str]
