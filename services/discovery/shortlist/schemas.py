from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page


class ShortlistCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "campaign_id": "01934f6e-8c1a-7b2e-9f00-3c5d2a1b0e77", "name": "DACH beauty micro"}]},
    )

    campaign_id: uuid.UUID
    name: str = Field(min_length=1, max_length=200)


class ShortlistRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    campaign_id: uuid.UUID
    name: str
    created_at: datetime


class EntryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "influencer_id": "01934f6e-8c1a-7b2e-9f00-3c5d2a1b0e78", "note": "great fit for DE"}]})

    influencer_id: uuid.UUID
    note: str | None = Field(default=None, max_length=2000)


class EntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    shortlist_id: uuid.UUID
    influencer_id: uuid.UUID
    note: str | None
    added_at: datetime


ShortlistPage = Page[ShortlistRead]
EntryPage = Page[EntryRead]
