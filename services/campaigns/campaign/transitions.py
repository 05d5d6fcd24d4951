"""Moving a campaign through its lifecycle; launch checks its goals, budget and collaborations."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget.repository import BudgetRepository
from services.campaigns.campaign import service as campaigns
from services.campaigns.campaign.versions import next_updated_at, require_match
from services.campaigns.collaboration.stages import Stage
from services.campaigns.domain.campaign_states import (
    CampaignState,
    allowed,
    is_launch,
    launch_problems,
)
from services.campaigns.events import publishers
from services.campaigns.goal.repository import GoalRepository
from services.campaigns.history import service as history
from services.campaigns.models import Campaign, Collaboration
from shared.http.problems import ProblemError, illegal_transition

# Stages in which a collaboration has a signed contract behind it.
CONTRACTED = (Stage.CONTRACTED, Stage.CONTENT_IN_PROGRESS, Stage.CONTENT_SUBMITTED,
              Stage.CHANGES_REQUESTED, Stage.APPROVED, Stage.PUBLISHED, Stage.COMPLETED)


async def move(
    session: AsyncSession, workspace_id: uuid.UUID, actor: str, campaign_id: uuid.UUID,
    target: CampaignState, reason: str | None, if_match: str | None,
) -> Campaign:
    campaign = await campaigns.get_or_raise(session, workspace_id, campaign_id, for_update=True)
    if if_match is not None:
        require_match(if_match, campaign.version)
    current = CampaignState(campaign.state)
    if target not in [CampaignState(s) for s in allowed(current)]:
        raise illegal_transition("campaign", current.value, target.value, allowed(current))
    if is_launch(current, target):
        await _check_launch(session, campaign)
    campaign.state = target.value
    campaign.version += 1
    campaign.updated_at = next_updated_at(campaign.updated_at)
    changes: dict[str, dict[str, str | None]] = {"state": {"from": current.value, "to": target.value}}
    if reason:
        changes["reason"] = {"from": None, "to": reason}
    history.record(session, campaign, actor, "transitioned", changes)
    plan = await campaigns.document(session, campaign)
    goals = await GoalRepository(session).for_campaign(campaign.workspace_id, campaign.id)
    publishers.state_changed(session, campaign, current.value, plan.budget.currency if plan.budget else None,
                             goals, reason)
    await session.flush()
    return campaign


async def _check_launch(session: AsyncSession, campaign: Campaign) -> None:
    goals = len(await GoalRepository(session).for_campaign(campaign.workspace_id, campaign.id))
    budget = await BudgetRepository(session).get(campaign.workspace_id, campaign.id)
    contracted = await session.scalar(select(func.count()).select_from(Collaboration).where(
        Collaboration.workspace_id == campaign.workspace_id, Collaboration.campaign_id == campaign.id,
        Collaboration.stage.in_([s.value for s in CONTRACTED])))
    missing = launch_problems(goals, budget is not None, contracted or 0)
    if missing:
        raise ProblemError(409, "Launch requirements unmet", "the campaign cannot go live without "
                           + ", ".join(missing), "launch-requirements-unmet",
                           extensions={"current": campaign.state, "requested": "active",
                                       "missing": missing})
