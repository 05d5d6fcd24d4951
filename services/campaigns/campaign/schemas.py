from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.campaigns.budget.schemas import BudgetPlan
from services.campaigns.campaign.plan_schemas import (
    BriefText,
    CreatorProfile,
    Guidelines,
    Market,
    MarketVariant,
    Name,
    Objective,
    TargetPersona,
    Timeline,
)
from services.campaigns.goal.schemas import GOAL_EXAMPLE, GoalDefinition, GoalIn
from shared.http.pagination import Page

MAX_MARKETS = 100
MAX_PERSONAS = 10
MAX_GOALS = 20

PLAN_EXAMPLE: dict[str, Any] = {
    "name": "Sustainable line launch", "brand": "Maison Verte",
    "brief": "Launch our recycled-fibre line to eco-minded 25–40-year-olds.",
    "objectives": ["awareness", "launch"],
    "markets": [{"country": "DE", "languages": ["de"]}, {"country": "US", "languages": ["en"]}],
    "personas": [{"name": "Eco-minded adults", "countries": ["DE", "US"], "age": ["25-34", "35-44"],
                  "interests": ["fashion", "lifestyle"], "values": ["sustainability"]}],
    "creators": {"count": 8, "topics": ["fashion", "lifestyle"], "values": ["sustainability"],
                 "platforms": ["instagram", "tiktok"]},
    "timeline": {"starts_at": "2027-03-01T00:00:00Z", "ends_at": "2027-06-01T00:00:00Z",
                 "milestones": [{"name": "Content approved", "due_at": "2027-03-20T00:00:00Z"}]},
    "guidelines": {"required_hashtags": ["#MaisonVerte"], "required_mentions": ["@maisonverte"],
                   "banned_terms": ["eco-friendly"], "dos": ["Show the care label"],
                   "donts": ["Claim carbon neutrality"]},
    "market_variants": [{"market": "DE", "brief": "Recycelte Fasern, zeitloses Design."}],
    "budget": {"total_minor": 8000000, "currency": "EUR", "contingency_percent": "10",
               "allocations": [{"dimension": "platform", "key": "instagram", "amount_minor": 4500000}]},
    "goals": [GOAL_EXAMPLE],
}


class _Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    brief: BriefText | None = Field(default=None, description="Free text, any language")
    objectives: list[Objective] | None = None
    markets: list[Market] | None = Field(default=None, max_length=MAX_MARKETS)
    personas: list[TargetPersona] | None = Field(default=None, max_length=MAX_PERSONAS)
    creators: CreatorProfile | None = None
    timeline: Timeline | None = None
    guidelines: Guidelines | None = None
    market_variants: list[MarketVariant] | None = Field(default=None, max_length=MAX_MARKETS)
    budget: BudgetPlan | None = None
    goals: list[GoalIn] | None = Field(default=None, max_length=MAX_GOALS)


class CampaignCreate(_Plan):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"name": "Spring launch 2027", "brand": "Acme Cosmetics"}, PLAN_EXAMPLE]})

    name: Name
    brand: Name


class CampaignUpdate(_Plan):
    """Fields present replace the stored ones (a list or object whole); absent ones are kept;
    null clears an optional one."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"brief": "Launch our recycled-fibre line.", "objectives": ["awareness"]}]})

    name: Name | None = None
    brand: Name | None = None


class CampaignRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **PLAN_EXAMPLE, "id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a00", "state": "draft", "version": 1,
        "goals": [{**GOAL_EXAMPLE, "id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a20", "target_value": 6000.0,
                   "deadline": "2027-06-01T00:00:00Z"}],
        "created_at": "2027-01-10T09:00:00Z", "updated_at": "2027-01-10T09:00:00Z"}]})

    id: uuid.UUID
    name: str
    brand: str
    brief: str
    objectives: list[Objective]
    markets: list[Market]
    personas: list[TargetPersona]
    creators: CreatorProfile
    timeline: Timeline | None
    guidelines: Guidelines
    market_variants: list[MarketVariant]
    budget: BudgetPlan | None
    goals: list[GoalDefinition]
    state: str
    version: int = Field(description="Grows with every change; the ETag is its quoted value")
    created_at: datetime
    updated_at: datetime


CampaignPage = Page[CampaignRead]
