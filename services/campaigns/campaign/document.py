"""A campaign's whole plan as one value: what a PATCH merges into, what is validated as a whole,
and what history compares."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from services.campaigns.budget.schemas import BudgetPlan
from services.campaigns.campaign.plan_schemas import (
    CreatorProfile,
    Guidelines,
    Market,
    MarketVariant,
    Objective,
    TargetPersona,
    Timeline,
)
from services.campaigns.campaign.schemas import CampaignUpdate
from services.campaigns.domain.smart import GoalDraft, Window
from services.campaigns.goal.schemas import GoalIn, GoalScope
from services.campaigns.models import Campaign, CampaignGoal
from shared.ids import uuid7

# Parts whose change CampaignGuidelinesUpdated announces (to compliance).
GUIDELINE_FIELDS = ("brand", "markets", "guidelines")


class PlanDocument(BaseModel):
    name: str
    brand: str
    brief: str = ""
    objectives: list[Objective] = Field(default_factory=list)
    markets: list[Market] = Field(default_factory=list)
    personas: list[TargetPersona] = Field(default_factory=list)
    creators: CreatorProfile = Field(default_factory=CreatorProfile)
    timeline: Timeline | None = None
    guidelines: Guidelines = Field(default_factory=Guidelines)
    market_variants: list[MarketVariant] = Field(default_factory=list)
    budget: BudgetPlan | None = None
    goals: list[GoalIn] = Field(default_factory=list)

    @classmethod
    def stored(cls, campaign: Campaign, budget: BudgetPlan | None,
               goals: Sequence[CampaignGoal]) -> PlanDocument:
        timeline = None
        if campaign.starts_at is not None and campaign.ends_at is not None:
            timeline = {"starts_at": campaign.starts_at, "ends_at": campaign.ends_at,
                        "milestones": campaign.milestones}
        return cls.model_validate({
            "name": campaign.name, "brand": campaign.brand, "brief": campaign.brief,
            "objectives": campaign.objectives, "markets": campaign.markets,
            "personas": campaign.personas, "creators": campaign.creators, "timeline": timeline,
            "guidelines": campaign.guidelines, "market_variants": campaign.market_variants,
            "budget": budget, "goals": [goal_input(g) for g in goals]})

    def merged(self, update: CampaignUpdate) -> PlanDocument:
        """This plan with the fields `update` holds (null: the field's empty value)."""
        values = self.model_dump()
        defaults = PlanDocument(name=self.name, brand=self.brand).model_dump()
        for name in update.model_fields_set:
            value = getattr(update, name)
            values[name] = defaults[name] if value is None else value
        return PlanDocument.model_validate(values).with_goal_ids()

    def with_goal_ids(self) -> PlanDocument:
        """New goals get their id here, so that history and the response name them."""
        if all(goal.id is not None for goal in self.goals):
            return self
        goals = [g if g.id is not None else g.model_copy(update={"id": uuid7()}) for g in self.goals]
        return self.model_copy(update={"goals": goals})

    def window(self) -> Window | None:
        return Window(self.timeline.starts_at, self.timeline.ends_at) if self.timeline else None

    def market_codes(self) -> list[str]:
        return [market.country for market in self.markets]

    def comparable(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def goal_input(goal: CampaignGoal) -> GoalIn:
    """A stored goal as it was given (a relative target and a duration stay so)."""
    return GoalIn(
        id=goal.id, metric=goal.metric, description=goal.description, baseline=goal.baseline,
        target_value=None if goal.target_change_percent is not None else goal.target_value,
        target_change_percent=goal.target_change_percent,
        deadline=None if goal.within is not None else goal.deadline, within=goal.within,
        scope=GoalScope(markets=goal.scope_markets, platforms=goal.scope_platforms))


def draft(goal: GoalIn) -> GoalDraft:
    return GoalDraft(goal.metric, goal.baseline, goal.target_value, goal.target_change_percent,
                     goal.deadline, goal.within)


def goal_ids(goals: Sequence[GoalIn]) -> list[uuid.UUID]:
    return [g.id for g in goals if g.id is not None]
