"""Goals evaluated against the campaign's newest KPIs; GoalAchieved / GoalAtRisk once per change
of status (a goal that slips back on track and then at risk again is announced again)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.domain.progress import GoalSpec, evaluate, series
from services.campaigns.events import publishers
from services.campaigns.models import CampaignGoal
from shared.events.catalog.tracking import CampaignKpisUpdated


def spec(goal: CampaignGoal) -> GoalSpec:
    return GoalSpec(goal.metric, goal.baseline, goal.target_value, goal.deadline,
                    tuple(goal.scope_markets), tuple(goal.scope_platforms))


def apply(session: AsyncSession, goals: Iterable[CampaignGoal], kpis: CampaignKpisUpdated) -> None:
    for goal in goals:
        goal_spec = spec(goal)
        progress = evaluate(goal_spec, series(kpis, goal_spec), kpis.computed_at)
        previous = goal.status
        goal.current_value = progress.current_value
        goal.progress_percent = progress.progress_percent
        goal.projected_value = progress.projected_value
        goal.status = progress.status
        goal.evaluated_at = kpis.computed_at
        if progress.status == previous:
            continue
        if progress.status == "achieved":
            publishers.goal_achieved(session, goal, kpis.computed_at)
        elif progress.status == "at_risk":
            publishers.goal_at_risk(session, goal, kpis.computed_at)
