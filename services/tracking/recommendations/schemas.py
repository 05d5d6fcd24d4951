"""HTTP models of a campaign's recommendations: every one carries the figures it rests on."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class RankedSegment(BaseModel):
    key: str = Field(description="The platform, format, market (ISO 3166-1) or creator (influencer id)")
    rank: int = Field(description="1 = cheapest per unit of the goal")
    posts: int
    costed_posts: int = Field(description="Posts whose cost is known (the sample size)")
    cost_minor: int = Field(description="Spend on the segment's posts, in the campaign currency")
    units: float = Field(description="What the posts delivered, in the goal's costed unit")
    cost_per_unit_minor: float | None = Field(description="cost_minor / units (minor units of the "
                                              "campaign currency); null when nothing was delivered")
    interval_low_minor: float | None = Field(description="90 % interval of the cost per unit (from 5 "
                                             "costed posts; null below)")
    interval_high_minor: float | None = Field(description="Null when unbounded or below 5 posts")
    caveat: str | None = Field(description="Why no interval is given, if none is")


class Underperformer(BaseModel):
    level: Literal["creator", "platform"]
    key: str
    platform: str
    tier: str | None = Field(description="The creator's follower tier (platforms mix tiers: null)")
    followers: int = Field(description="The creator's followers; for a platform Σ over its posts")
    posts: int
    engagements: int
    expected_engagements: float = Field(description="Σ over posts of followers × the tier benchmark")
    engagement_rate: float = Field(description="Σ engagements / Σ followers, per post")
    benchmark_rate: float | None = Field(description="The tier's ER by followers (creators)")
    ratio: float = Field(description="engagements / expected_engagements")
    severity: Literal["below", "far_below"] = Field(description="far_below: under half the benchmark")
    benchmark_basis: str
    benchmark_derived: bool = Field(description="True when the platform borrows Instagram's table")
    message: str


class BudgetShift(BaseModel):
    dimension: str
    from_key: str
    to_key: str
    amount_minor: int
    currency: str
    from_cost_per_unit_minor: float | None
    to_cost_per_unit_minor: float
    from_costed_posts: int
    to_costed_posts: int
    expected_gain: float = Field(description="amount / the receiving side's cost per unit")
    expected_loss: float = Field(description="amount / the giving side's cost per unit")
    expected_net: float
    interval_low: float | None = Field(description="90 % interval of the net effect")
    interval_high: float | None
    caveat: str | None = Field(description="The sample-size caveat where the data is thin")
    message: str


class FormatExperiment(BaseModel):
    experiment: Literal["short_video", "poll"]
    platform: str
    format: str = Field(description="The platform's native format for the experiment")
    budget_minor: int | None = Field(description="One post at the platform's cost per post so far")
    currency: str
    evidence: list[RankedSegment] = Field(description="The platform's figures, and the format's "
                                          "elsewhere in the campaign if it ran there")
    message: str


class Recommendations(BaseModel):
    campaign_id: uuid.UUID
    computed_at: datetime
    as_of: datetime | None = Field(description="The newest snapshot the figures include")
    currency: str | None
    goal_metric: str
    goal_source: Literal["request", "campaign", "default"] = Field(
        description="`request` (?goal=), `campaign` (its first goal, from CampaignStateChanged) or "
        "`default` (engagements, when the campaign names no goal)")
    unit: str = Field(description="What is costed: the goal metric, or engagements for "
                      "engagement_rate and comments for sentiment")
    rankings: dict[str, list[RankedSegment]] = Field(description="platform, format, market, creator")
    underperformers: list[Underperformer]
    budget_shifts: list[BudgetShift]
    format_experiments: list[FormatExperiment]
    notes: list[str]
