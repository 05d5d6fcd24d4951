from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from shared.http.pagination import Page
from shared.vocabulary import ContentFormat, Platform


class ProgrammeKind(StrEnum):
    AMBASSADOR = "ambassador"
    EARLY_ACCESS = "early_access"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


class MemberStatus(StrEnum):
    """invited → active (an ambassador signed up; a beta tester was granted access) → ended;
    invited → declined."""

    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


class RecurringDeliverable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: Platform
    format: ContentFormat
    count: int = Field(ge=1, le=1000, description="Per period")


class ProgrammeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kind": "early_access", "name": "Nimbus 2.0 private beta", "product": "Nimbus 2.0",
         "description": "Tech creators try the new sync engine before launch and tell us what breaks."},
        {"kind": "ambassador", "name": "DashEats ambassadors 2027", "period": "month",
         "deliverables": [{"platform": "instagram", "format": "reel", "count": 1},
                          {"platform": "instagram", "format": "story", "count": 3}]}]})

    kind: ProgrammeKind
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=5000)
    product: str | None = Field(default=None, max_length=200, description="What early access is to")
    period: Period | None = Field(default=None, description="Ambassadors: how often the "
                                  "deliverables recur (required for them)")
    deliverables: list[RecurringDeliverable] = Field(default_factory=list, max_length=20,
                                                     description="Ambassadors: owed every period")

    @model_validator(mode="after")
    def _shape(self) -> ProgrammeCreate:
        if self.kind is ProgrammeKind.AMBASSADOR and (self.period is None or not self.deliverables):
            raise ValueError("an ambassador programme needs a period and its recurring deliverables")
        if self.kind is ProgrammeKind.EARLY_ACCESS and (self.period is not None or self.deliverables):
            raise ValueError("early access has no recurring deliverables")
        return self


class ProgrammeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000c1", "kind": "early_access",
        "name": "Nimbus 2.0 private beta", "description": "", "product": "Nimbus 2.0",
        "period": None, "deliverables": [], "created_at": "2027-04-18T08:00:00Z"}]})

    id: uuid.UUID
    kind: ProgrammeKind
    name: str
    description: str
    product: str | None
    period: Period | None
    deliverables: list[RecurringDeliverable]
    created_at: datetime


ProgrammePage = Page[ProgrammeRead]


class MemberInvite(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", "display_name": "Ravi Patel"}, {
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e70", "display_name": "Maya Chen",
        "starts_on": "2027-05-01", "renews_on": "2028-05-01"}]})

    influencer_id: uuid.UUID
    display_name: str = Field(min_length=1, max_length=200)
    starts_on: date | None = None
    renews_on: date | None = Field(default=None, description="When the term is up for renewal")

    @model_validator(mode="after")
    def _term(self) -> MemberInvite:
        if self.starts_on and self.renews_on and self.renews_on <= self.starts_on:
            raise ValueError("renews_on must come after starts_on")
        return self


class MemberTransition(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"to": "active"}, {"to": "active", "renews_on": "2028-05-01"}, {"to": "declined"}]})

    to: MemberStatus
    at: AwareDatetime | None = Field(default=None, description="Default: now")
    renews_on: date | None = Field(default=None, description="A new renewal date (a renewal)")


class MemberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "programme_id": "0190f5a2-8000-7000-8000-0000000000c1",
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", "display_name": "Ravi Patel",
        "status": "active", "invited_at": "2027-04-18T08:00:00Z",
        "joined_at": "2027-04-19T10:00:00Z", "ended_at": None, "starts_on": None,
        "renews_on": None}]})

    programme_id: uuid.UUID
    influencer_id: uuid.UUID
    display_name: str
    status: MemberStatus
    invited_at: datetime
    joined_at: datetime | None = Field(description="Joined, or (early access) access granted")
    ended_at: datetime | None
    starts_on: date | None
    renews_on: date | None


MemberPage = Page[MemberRead]


class FeedbackCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "body": "Sync conflicts resolved silently; I'd like a log.", "rating": 4,
        "received_at": "2027-04-25T16:00:00Z"}]})

    body: str = Field(min_length=1, max_length=20_000)
    rating: int | None = Field(default=None, ge=1, le=5)
    received_at: AwareDatetime | None = Field(default=None, description="Default: now")


class FeedbackRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-0000000000d1",
        "programme_id": "0190f5a2-8000-7000-8000-0000000000c1",
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f",
        "body": "Sync conflicts resolved silently; I'd like a log.", "rating": 4,
        "received_at": "2027-04-25T16:00:00Z"}]})

    id: uuid.UUID
    programme_id: uuid.UUID
    influencer_id: uuid.UUID
    body: str
    rating: int | None
    received_at: datetime


FeedbackPage = Page[FeedbackRead]
