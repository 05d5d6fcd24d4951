"""What reads of an influencer return: the stored profile, freshness, and explained metrics."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.discovery.domain.audience import AudienceData
from services.discovery.domain.profile import BrandCollaboration
from services.discovery.domain.rate_card import RateCardEntry
from shared.http.pagination import Page


class Freshness(BaseModel):
    observed_at: datetime
    source: str = Field(description="imported, connector, self_reported or estimated")
    confidence: float | None = Field(description="Set for estimated figures")
    stale: bool = Field(description="Older than the refresh cadence of this kind of figure")
    max_age_days: int


class EngagementRateRead(BaseModel):
    value: float
    denominator: str = Field(description="followers or views: vendors disagree, so it is named")
    denominator_value: float
    engagements_per_post: float
    formula: str = Field(examples=["(likes + comments + shares + saves) per post / followers"])


class BenchmarkRead(BaseModel):
    tier: str
    benchmark_engagement_rate: float
    ratio: float
    label: str = Field(description="below (< 0.5x), typical, above (> 2x)")
    basis: str
    derived: bool


class ScorePartRead(BaseModel):
    name: str
    value: float | None
    points: float = Field(description="Effect on the score (authenticity: ≤ 0; fit: ≥ 0)")
    max_points: float
    explanation: str
    evaluated: bool


class ScoreRead(BaseModel):
    score: int | None = Field(description="0-100; null when no component had data to score")
    confidence: str
    components: list[ScorePartRead]


class GrowthRead(BaseModel):
    window_days: int
    absolute: int
    relative: float | None
    start: datetime
    end: datetime


class AccountMetricsRead(BaseModel):
    tier: str = Field(description="nano < 10k, micro < 100k, mid < 500k, macro < 1M, mega ≥ 1M")
    engagement_rates: list[EngagementRateRead]
    benchmark: BenchmarkRead | None
    authenticity: ScoreRead
    growth_30d: GrowthRead | None = Field(
        description="Over the 30 days up to the latest snapshot; null with fewer than two in them")


class AccountFreshness(BaseModel):
    stats: Freshness
    engagement: Freshness | None
    audience: Freshness | None


class AccountRead(BaseModel):
    platform: str
    handle: str
    followers: int
    following: int | None
    posts_count: int | None
    url: str | None
    account_type: str | None
    last_posted_at: datetime | None
    engagement: dict[str, Any] | None = Field(description="Per-post averages over the recent window")
    audience: AudienceData | None
    freshness: AccountFreshness
    metrics: AccountMetricsRead


class CollaborationOutcomeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    brand: str
    outcome: str = Field(description="completed, declined or cancelled")
    ended_at: datetime


class InfluencerRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "01934f6e-8c1a-7b2e-9f00-3c5d2a1b0e78", "display_name": "Lena Berg",
        "bio": "Vegan beauty", "topics": ["beauty"], "tags": [], "languages": ["de"],
        "country": "DE", "city": "Berlin", "contact_email": None, "rate_card": [], "values": [],
        "brand_safety_flags": [], "collaborations": [], "collaboration_outcomes": [],
        "blocked": False, "accounts": [],
        "created_at": "2025-06-01T10:00:00Z", "updated_at": "2025-06-01T10:00:00Z"}]})

    id: uuid.UUID
    display_name: str
    bio: str | None
    topics: list[str]
    tags: list[str]
    languages: list[str]
    country: str | None
    city: str | None
    contact_email: str | None
    rate_card: list[RateCardEntry]
    values: list[str]
    brand_safety_flags: list[str]
    collaborations: list[BrandCollaboration] = Field(
        description="Brand work: stated, imported, or completed collaborations reported by campaigns")
    collaboration_outcomes: list[CollaborationOutcomeRead] = Field(
        description="How each collaboration in this platform's campaigns ended")
    blocked: bool = Field(description="On this workspace's blocklist")
    accounts: list[AccountRead]
    created_at: datetime
    updated_at: datetime


class AccountSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    platform: str
    handle: str
    followers: int


class InfluencerSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "01934f6e-8c1a-7b2e-9f00-3c5d2a1b0e78", "display_name": "Lena Berg",
        "accounts": [{"platform": "instagram", "handle": "lena.berg", "followers": 84000}],
        "created_at": "2025-06-01T10:00:00Z"}]})

    id: uuid.UUID
    display_name: str
    accounts: list[AccountSummary]
    created_at: datetime


InfluencerPage = Page[InfluencerSummary]
