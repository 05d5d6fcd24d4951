from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.campaigns.collaboration.stages import Stage
from shared.codes import CountryCode, LanguageCode
from shared.http.pagination import Page
from shared.vocabulary import Cause, Platform, Topic

_SNAPSHOT_EXAMPLE: dict[str, Any] = {
    "display_name": "Maya Chen", "platform": "instagram", "handle": "maya.eats",
    "followers": 48200, "topics": ["food_drink"], "values": ["local_community"],
    "country": "US", "contact_email": "maya@example.com",
}


class CollaborationCreate(BaseModel):
    """A creator added to the campaign by hand (one discovery did not shortlist)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", **_SNAPSHOT_EXAMPLE,
        "due_at": "2027-05-02T17:00:00Z", "note": "Met at the Austin food festival",
    }]})

    influencer_id: uuid.UUID
    display_name: str = Field(min_length=1, max_length=200)
    platform: Platform | None = None
    handle: str | None = Field(default=None, min_length=1, max_length=200)
    followers: int | None = Field(default=None, ge=0, le=10**10)
    topics: list[Topic] = Field(default_factory=list, max_length=50)
    values: list[Cause] = Field(default_factory=list, max_length=50)
    country: CountryCode | None = None
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    contact_email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    due_at: AwareDatetime | None = None
    note: str | None = Field(default=None, max_length=5000)


class CollaborationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"due_at": "2027-05-09T17:00:00Z"}, {"due_at": None, "note": "waiting for their agent"}]})

    due_at: AwareDatetime | None = Field(default=None, description="When the next step is due; "
                                         "null clears it (undated collaborations list last)")
    note: str | None = Field(default=None, max_length=5000)


class CollaborationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-000000000001",
        "campaign_id": "0190f5a2-8000-7000-8000-000000000002",
        "influencer_id": "0190f5a2-7c1e-7d3a-9b1e-3f2a1c4d5e6f", "stage": "contacted",
        "influencer_snapshot": _SNAPSHOT_EXAMPLE, "source": "shortlist",
        "due_at": "2027-05-02T17:00:00Z", "note": None, "relationship": None,
        "stage_changed_at": "2027-04-20T09:30:00Z", "created_at": "2027-04-18T08:00:00Z",
    }]})

    id: uuid.UUID
    campaign_id: uuid.UUID
    influencer_id: uuid.UUID
    stage: Stage
    influencer_snapshot: dict[str, Any]
    source: str = Field(description="`shortlist` (from discovery) or `manual`")
    due_at: datetime | None
    note: str | None
    relationship: str | None = Field(description="What ties the creator to the brand once a "
                                     "contract is signed (paid, gifted, affiliate), which "
                                     "decides the disclosure their posts owe")
    stage_changed_at: datetime
    created_at: datetime


CollaborationPage = Page[CollaborationRead]


class TransitionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"to": "contacted"}, {"to": "declined", "reason": "Fully booked until autumn"}]})

    to: Stage
    reason: str | None = Field(default=None, max_length=2000)


class StageChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "id": "0190f5a2-8000-7000-8000-000000000009", "previous_stage": "shortlisted",
        "stage": "contacted", "reason": None, "actor": "user-42",
        "changed_at": "2027-04-20T09:30:00Z"}]})

    id: uuid.UUID
    previous_stage: Stage
    stage: Stage
    reason: str | None
    actor: str | None
    changed_at: datetime


StageChangePage = Page[StageChangeRead]
