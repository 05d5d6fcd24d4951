from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class Lookalike(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    influencer_id: uuid.UUID
    similarity: float = Field(description="Cosine similarity of audience + topic vectors, 1 = same")
    display_name: str
    platform: str | None = Field(description="The largest account's")
    handle: str | None
    followers: int | None


class LookalikeList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [{
        "influencer_id": "01934f6e-8c1a-7b2e-9f00-3c5d2a1b0e79", "similarity": 0.93,
        "display_name": "Mia Kraus", "platform": "instagram", "handle": "mia.kraus",
        "followers": 61000}], "vector_blocks": {"countries": 0.35, "age": 0.15, "gender": 0.1,
        "languages": 0.15, "topics": 0.25}}]})

    items: list[Lookalike]
    vector_blocks: dict[str, float] = Field(description="What similarity weighs: audience "
                                                        "countries, age, gender, languages, topics")
