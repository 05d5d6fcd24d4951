"""A campaign's SMART goals: replacing them with the plan, and reading them with their progress."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.campaign.document import draft
from services.campaigns.domain.progress import METHOD
from services.campaigns.domain.smart import Window, deadline_of, target_of
from services.campaigns.goal.repository import GoalRepository
from services.campaigns.goal.schemas import GoalDefinition, GoalIn, GoalProgressRead, GoalRead, GoalScope
from services.campaigns.models import CampaignGoal


async def for_campaign(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> Sequence[CampaignGoal]:
    return await GoalRepository(session).for_campaign(workspace_id, campaign_id)


async def replace(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, goals: Sequence[GoalIn],
    window: Window | None,
) -> list[CampaignGoal]:
    """The campaign's goals become `goals` (checked already, ids given): a goal whose id stays
    keeps its row and last evaluation; the others go."""
    repository = GoalRepository(session)
    stored = {g.id: g for g in await repository.for_campaign(workspace_id, campaign_id)}
    ids = [g.id for g in goals if g.id is not None]
    await repository.delete_except(workspace_id, campaign_id, ids)
    result = []
    for position, goal in enumerate(goals):
        assert goal.id is not None and window is not None
        values = {
            "position": position, "metric": goal.metric, "description": goal.description,
            "baseline": goal.baseline, "target_value": target_of(draft(goal)),
            "target_change_percent": goal.target_change_percent,
            "deadline": deadline_of(draft(goal), window), "within": goal.within,
            "scope_markets": goal.scope.markets, "scope_platforms": [p.value for p in goal.scope.platforms],
        }
        row = stored.get(goal.id)
        if row is None:
            row = CampaignGoal(id=goal.id, workspace_id=workspace_id, campaign_id=campaign_id, **values)
            await repository.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        result.append(row)
    await session.flush()
    return result


def definition(goal: CampaignGoal) -> GoalDefinition:
    return GoalDefinition(
        id=goal.id, metric=goal.metric, description=goal.description, baseline=goal.baseline,
        target_value=goal.target_value, target_change_percent=goal.target_change_percent,
        deadline=goal.deadline, within=goal.within,
        scope=GoalScope(markets=goal.scope_markets, platforms=goal.scope_platforms))


def read(goal: CampaignGoal) -> GoalRead:
    return GoalRead(**definition(goal).model_dump(), progress=GoalProgressRead(
        current_value=goal.current_value, progress_percent=goal.progress_percent,
        projected_value=goal.projected_value, status=goal.status,
        as_of=goal.evaluated_at))


async def page(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, after: int | None, limit: int
) -> Sequence[CampaignGoal]:
    return await GoalRepository(session).page(workspace_id, campaign_id, after, limit + 1)


PROGRESS_RULES = (
    "Goals in the plan's order, each with its progress from the newest CampaignKpisUpdated (by "
    "computed_at). " + METHOD
)
