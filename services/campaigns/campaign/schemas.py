from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page


class CampaignCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Spring launch 2027", "brand": "Acme Cosmetics"}]},
    )

    name: str = Field(min_length=1, max_length=200)
    brand: str = Field(min_length=1, max_length=200)


class CampaignRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    brand: str
    created_at: datetime


CampaignPage = Page[CampaignRead]
