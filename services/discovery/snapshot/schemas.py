from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.http.pagination import Page


class SnapshotRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [{
        "observed_at": "2025-06-01T08:00:00Z", "followers": 84210, "following": 611,
        "avg_engagements": 2985.0, "source": "connector"}]})

    observed_at: datetime
    followers: int
    following: int | None
    avg_engagements: float | None = Field(description="Engagements per post at that time")
    source: str


SnapshotPage = Page[SnapshotRead]
