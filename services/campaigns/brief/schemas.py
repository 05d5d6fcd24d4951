from __future__ import annotations

from pydantic import ConfigDict, Field

from shared.brief import CampaignBrief
from shared.http.pagination import MAX_LIMIT


class MatchBriefRead(CampaignBrief):
    """Exactly the body discovery's `POST /v1/match` accepts."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={"examples": [{
        "persona": {"countries": {"DE": 1.0, "FR": 1.0, "US": 1.0}, "age": {"25-34": 1.0, "35-44": 1.0},
                    "genders": {}, "languages": {"de": 1.0, "fr": 1.0, "en": 1.0},
                    "interests": {"fashion": 1.0, "lifestyle": 1.0}},
        "topics": ["fashion", "lifestyle"], "required_values": ["sustainability"],
        "platforms": ["instagram"], "formats": [],
        "budget_per_influencer": {"amount_minor": 1200000, "currency": "EUR"},
        "excluded_brand_safety_flags": [], "limit": 20}]})

    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
