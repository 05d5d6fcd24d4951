from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from services.campaigns.campaign.plan_schemas import UtcDatetime
from shared.codes import CountryCode
from shared.http.pagination import Page
from shared.vocabulary import Platform

GOAL_EXAMPLE: dict[str, Any] = {
    "metric": "mentions", "description": "+20 % brand mentions on social media within three months",
    "baseline": 5000, "target_change_percent": 20, "within": "P3M",
    "scope": {"markets": [], "platforms": []},
}


class GoalScope(BaseModel):
    """Where the goal is measured: the campaign's KPIs of these markets and platforms only (empty:
    all)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "markets": ["DE"], "platforms": ["instagram"]}]})

    markets: list[CountryCode] = Field(default_factory=list, max_length=50)
    platforms: list[Platform] = Field(default_factory=list)


class GoalIn(BaseModel):
    """A SMART goal. `metric`, a target and a deadline are required; they are checked together,
    and a goal missing one is refused naming the letter it fails (S, M or T) and why."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False,
                              json_schema_extra={"examples": [GOAL_EXAMPLE]})

    id: uuid.UUID | None = Field(default=None, description="Keep a goal's id to keep its progress "
                                 "when the goals are replaced; a new goal gets one")
    metric: str | None = Field(default=None, max_length=50, description="shared GoalMetric: mentions, "
                               "reach, impressions, views, engagements, engagement_rate, clicks, "
                               "conversions, revenue, followers_gained, ugc_pieces, sentiment")
    description: str | None = Field(default=None, max_length=1000, description="The goal as the "
                                    "brand words it, any language")
    baseline: float | None = Field(default=None, description="The metric over a comparable period "
                                   "before the campaign (counts), or its level before it (rates)")
    target_value: float | None = Field(default=None, description="Absolute target")
    target_change_percent: float | None = Field(default=None, description="Relative target: the "
                                                "baseline changed by this much (+20 → × 1.2)")
    deadline: UtcDatetime | None = None
    within: str | None = Field(default=None, max_length=20, description="Deadline as an ISO 8601 "
                               "duration from the campaign's start: P3M, P6W, P90D")
    scope: GoalScope = Field(default_factory=GoalScope)


class GoalDefinition(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **GOAL_EXAMPLE, "id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a20", "target_value": 6000.0,
        "deadline": "2027-06-01T00:00:00Z"}]})

    id: uuid.UUID
    metric: str
    description: str | None
    baseline: float | None
    target_value: float = Field(description="Absolute target (a relative one resolved)")
    target_change_percent: float | None
    deadline: datetime
    within: str | None
    scope: GoalScope


Status = Literal["on_track", "at_risk", "achieved", "missed"]


class GoalProgressRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "current_value": 3150.0, "progress_percent": 52.5, "projected_value": 6440.0,
        "status": "on_track", "as_of": "2027-04-15T00:00:00Z"}]})

    current_value: float | None = Field(description="From the newest CampaignKpisUpdated (its "
                                        "slices combined for a scoped goal); null before any")
    progress_percent: float | None
    projected_value: float | None = Field(description="At the deadline (see the method)")
    status: Status | None = Field(description="Null until KPIs arrive")
    as_of: datetime | None = Field(description="computed_at of the KPIs evaluated")


class GoalRead(GoalDefinition):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **GOAL_EXAMPLE, "id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a20", "target_value": 6000.0,
        "deadline": "2027-06-01T00:00:00Z", "progress": {
            "current_value": 3100.0, "progress_percent": 51.7, "projected_value": 6220.0,
            "status": "on_track", "as_of": "2027-04-15T12:00:00Z"}}]})

    progress: GoalProgressRead


GoalPage = Page[GoalRead]
