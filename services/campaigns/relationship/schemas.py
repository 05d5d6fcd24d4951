from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.campaigns.programme.schemas import (
    MemberStatus,
    Period,
    ProgrammeKind,
    RecurringDeliverable,
)
from shared.http.pagination import Page


class FeedbackKind(StrEnum):
    RATING = "rating"
    NOTE = "note"


class RatingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "score": 5, "comment": "Delivered early, the reel outperformed the brief",
        "collaboration_id": "0190f5a2-8000-7000-8000-000000000001"}]})

    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=5000)
    collaboration_id: uuid.UUID | None = Field(default=None, description="The collaboration rated")


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "body": "Prefers WhatsApp; her agent handles contracts."}]})

    body: str = Field(min_length=1, max_length=20_000)
    collaboration_id: uuid.UUID | None = None


class CreatorFeedbackRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000e1", "kind": "rating", "score": 5,
        "body": "Delivered early", "collaboration_id": None, "author": "user-42",
        "created_at": "2027-05-30T10:00:00Z"}]})

    id: uuid.UUID
    kind: FeedbackKind
    score: int | None
    body: str | None
    collaboration_id: uuid.UUID | None
    author: str | None
    created_at: datetime


CreatorFeedbackPage = Page[CreatorFeedbackRead]


class RelationshipCollaboration(BaseModel):
    collaboration_id: uuid.UUID
    campaign_id: uuid.UUID
    campaign_name: str
    brand: str
    stage: str
    relationship: str | None = Field(description="paid, gifted, affiliate … once contracted")
    created_at: datetime
    stage_changed_at: datetime


class Spend(BaseModel):
    currency: str
    committed_minor: int = Field(description="What the budget ledger holds committed for the "
                                 "creator's contracts (fixed fees, gifted value until products "
                                 "are seeded, accrued performance fees) and seeded products")
    paid_minor: int = Field(description="Payments recorded as paid")


class PerformanceRead(BaseModel):
    posts: int
    totals: dict[str, int] = Field(description="Σ over posts of each metric's newest value "
                                   "(absent: no post reported it)")
    engagements: int = Field(description="likes + comments + shares + saves")
    engagement_rate: float | None
    engagement_rate_denominator: str
    by_platform: dict[str, dict[str, int]]
    as_of: datetime | None = Field(description="The newest figures' observation time")


class RatingSummary(BaseModel):
    average: float | None
    count: int


class CurrentPeriod(BaseModel):
    starts_on: date
    ends_on: date = Field(description="Exclusive: the next period's first day")
    deliverables: list[RecurringDeliverable] = Field(description="Owed in this period")


class ProgrammeMembership(BaseModel):
    programme_id: uuid.UUID
    kind: ProgrammeKind
    name: str
    product: str | None
    period: Period | None
    status: MemberStatus
    invited_at: datetime
    joined_at: datetime | None
    ended_at: datetime | None
    renews_on: date | None
    current_period: CurrentPeriod | None = Field(description="An active ambassador's period")
    feedback_count: int


class RelationshipRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", "display_name": "Maya Chen",
        "do_not_contact": False,
        "collaborations": [{"collaboration_id": "0190f5a2-8000-7000-8000-000000000001",
                            "campaign_id": "0190f5a2-8000-7000-8000-000000000002",
                            "campaign_name": "Austin launch", "brand": "DashEats",
                            "stage": "completed", "relationship": "paid",
                            "created_at": "2027-04-18T08:00:00Z",
                            "stage_changed_at": "2027-05-30T10:00:00Z"}],
        "spend": [{"currency": "USD", "committed_minor": 180000, "paid_minor": 180000}],
        "performance": {"posts": 3, "totals": {"reach": 61000, "likes": 4100, "comments": 230},
                        "engagements": 4330, "engagement_rate": 0.070984,
                        "engagement_rate_denominator": "reach",
                        "by_platform": {"instagram": {"posts": 3, "reach": 61000}},
                        "as_of": "2027-05-29T00:00:00Z"},
        "rating": {"average": 4.5, "count": 2}, "recent_feedback": [], "programmes": []}]})

    influencer_id: uuid.UUID
    display_name: str | None
    do_not_contact: bool
    collaborations: list[RelationshipCollaboration] = Field(description="Newest first")
    spend: list[Spend] = Field(description="Lifetime, per currency (never summed across them)")
    performance: PerformanceRead
    rating: RatingSummary
    recent_feedback: list[CreatorFeedbackRead] = Field(description="The 20 newest ratings and notes")
    programmes: list[ProgrammeMembership]
