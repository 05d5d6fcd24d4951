from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page
from shared.vocabulary import Platform


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    platform: Platform
    handle: str = Field(min_length=1, max_length=200, pattern=r"^\S+$")
    followers: int = Field(ge=0)


class InfluencerCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{
            "display_name": "Lena Berg",
            "accounts": [{"platform": "instagram", "handle": "lena.berg", "followers": 84000}],
        }]},
    )

    display_name: str = Field(min_length=1, max_length=200)
    accounts: list[AccountIn] = Field(min_length=1, max_length=20)


class AccountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    platform: Platform
    handle: str
    followers: int


class InfluencerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    display_name: str
    accounts: list[AccountRead]
    created_at: datetime


InfluencerPage = Page[InfluencerRead]
