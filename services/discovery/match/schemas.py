from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from services.discovery.influencer.read_schemas import ScorePartRead
from shared.brief import CampaignBrief
from shared.http.pagination import MAX_LIMIT


class MatchRequest(CampaignBrief):
    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={"examples": [{
        "persona": {"countries": {"DE": 1.0, "AT": 0.5}, "age": ["25-34"], "genders": ["female"],
                    "languages": ["de"], "interests": ["beauty"]},
        "topics": ["beauty", "fashion"], "required_values": ["animal_welfare"],
        "platforms": ["instagram"], "budget_per_influencer": {"amount_minor": 150000, "currency": "EUR"},
        "excluded_brand_safety_flags": ["adult_content"], "limit": 10}]})

    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)

    def brief(self) -> CampaignBrief:
        return CampaignBrief.model_validate(self.model_dump(exclude={"limit"}))


class CostRead(BaseModel):
    price_minor: int
    currency: str
    format: str
    reached_per_post: float
    reach_estimated: bool
    cost_per_mille_minor: int | None = Field(description="Per 1000 persona-matched people reached")


class MatchItem(BaseModel):
    influencer_id: uuid.UUID
    account_id: uuid.UUID
    display_name: str
    platform: str
    handle: str
    followers: int
    score: int = Field(description="Fit 0–100")
    confidence: str
    persona_match_share: float | None = Field(
        description="Estimated share matching every criterion; null when one has no audience data")
    parts: list[ScorePartRead]
    cost: CostRead | None


class MatchResult(BaseModel):
    items: list[MatchItem]
    candidates_scored: int = Field(description="Accounts that passed the prefilter and were scored")
