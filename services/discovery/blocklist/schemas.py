from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page


class BlockCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "influencer_id": "01934f6e-8c1a-7b2e-9f00-3c5d2a1b0e78", "reason": "undisclosed ads in 2024"}]})

    influencer_id: uuid.UUID
    reason: str | None = Field(default=None, max_length=2000)


class BlockRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    influencer_id: uuid.UUID
    reason: str | None
    created_at: datetime


BlockPage = Page[BlockRead]
