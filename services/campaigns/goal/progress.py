"""Goals evaluated against the campaign's newest KPIs; GoalAchieved / GoalAtRisk once per change
of status (a goal that slips back on track and then at risk again is announced again)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.domain.progress import GoalSpec, evaluate, series
from services.campaigns.events import publishers
from shared.events.catalog.tracking import CampaignKpisUpdated


class Goal(Protocol):
    """A goal as it is judged: a model (the unit of work writes it), or a batch's plain copy of its
    row (`kpi.repository.BatchGoal`, written in one statement when the batch commits)."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    campaign_id: uuid.UUID
    metric: str
    baseline: float | None
    target_value: float
    deadline: datetime
    scope_markets: list[str]
    scope_platforms: list[str]
    current_value: float | None
    progress_percent: float | None
    projected_value: float | None
    status: str | None
    evaluated_at: datetime | None


def spec(goal: Goal) -> GoalSpec:
    return GoalSpec(goal.metric, goal.baseline, goal.target_value, goal.deadline,
                    tuple(goal.scope_markets), tuple(goal.scope_platforms))


def apply(session: AsyncSession, goals: Iterable[Goal], kpis: CampaignKpisUpdated) -> None:
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
