"""Campaigns: creating a plan, reading it, and changing it under optimistic concurrency. Every
change bumps the version (the ETag), is kept in the history, and is announced: CampaignGuidelines-
Updated when brand, markets or guidelines change, CampaignStateChanged (state unchanged) when
what tracking measures by changes (currency, window, markets, goal metrics, name, brand)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.budget import service as budgets
from services.campaigns.budget.repository import BudgetRepository
from services.campaigns.campaign import checks
from services.campaigns.campaign.document import GUIDELINE_FIELDS, PlanDocument
from services.campaigns.campaign.repository import CampaignRepository
from services.campaigns.campaign.schemas import CampaignCreate, CampaignRead, CampaignUpdate
from services.campaigns.campaign.versions import next_updated_at, require_match
from services.campaigns.domain.campaign_states import FINAL, CampaignState
from services.campaigns.events import publishers
from services.campaigns.goal import service as goals
from services.campaigns.goal.repository import GoalRepository
from services.campaigns.history import service as history
from services.campaigns.kpi import flows as kpi_flows
from services.campaigns.models import Campaign, CampaignGoal
from shared.http.problems import conflict, not_found


async def create(
    session: AsyncSession, workspace_id: uuid.UUID, actor: str, data: CampaignCreate
) -> CampaignRead:
    plan = PlanDocument.model_validate(data.model_dump(exclude_none=True)).with_goal_ids()
    checks.check(plan)
    now = next_updated_at(None)
    campaign = Campaign(workspace_id=workspace_id, name=plan.name, brand=plan.brand,
                        state=CampaignState.DRAFT.value, version=1, created_at=now, updated_at=now)
    _write(campaign, plan)
    await CampaignRepository(session).add(campaign)
    stored = await _store_parts(session, campaign, None, plan) or []
    history.record(session, campaign, actor, "created",
                   history.changed_fields({}, _without_defaults(plan)))
    publishers.campaign_created(session, campaign)
    publishers.state_changed(session, campaign, None, _currency(plan), stored)
    publishers.guidelines_updated(session, campaign)
    return _read(campaign, plan, stored)


async def update(
    session: AsyncSession, workspace_id: uuid.UUID, actor: str, campaign_id: uuid.UUID,
    data: CampaignUpdate, if_match: str | None,
) -> CampaignRead:
    loaded = await CampaignRepository(session).get_plan(workspace_id, campaign_id, for_update=True)
    if loaded is None:
        raise not_found("campaign")
    campaign, budget, stored = loaded
    require_match(if_match, campaign.version)
    if CampaignState(campaign.state) in FINAL:
        raise conflict(f"the campaign is {campaign.state}: its plan is final")
    before = PlanDocument.stored(campaign, budgets.plan_of(budget), stored)
    after = before.merged(data)
    checks.check(after)
    changes = history.changed_fields(before.comparable(), after.comparable())
    if not changes:
        return _read(campaign, before, stored)
    campaign.version += 1
    campaign.updated_at = next_updated_at(campaign.updated_at)
    _write(campaign, after)
    stored = await _store_parts(session, campaign, before, after) or stored
    history.record(session, campaign, actor, "updated", changes)
    if any(name in changes for name in GUIDELINE_FIELDS):
        publishers.guidelines_updated(session, campaign)
    if _measured(before) != _measured(after):
        publishers.state_changed(session, campaign, campaign.state, _currency(after), stored)
    return _read(campaign, after, stored)


async def get_or_raise(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID, *, for_update: bool = False
) -> Campaign:
    campaign = await CampaignRepository(session).get(workspace_id, campaign_id, for_update=for_update)
    if campaign is None:
        raise not_found("campaign")
    return campaign


async def document(session: AsyncSession, campaign: Campaign) -> PlanDocument:
    budget = await budgets.get(session, campaign.workspace_id, campaign.id)
    stored = await goals.for_campaign(session, campaign.workspace_id, campaign.id)
    return PlanDocument.stored(campaign, budgets.plan_of(budget), stored)


async def read_one(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> CampaignRead:
    loaded = await CampaignRepository(session).get_plan(workspace_id, campaign_id)
    if loaded is None:
        raise not_found("campaign")
    campaign, budget, stored = loaded
    return _read(campaign, PlanDocument.stored(campaign, budgets.plan_of(budget), stored), stored)


async def read(session: AsyncSession, campaign: Campaign) -> CampaignRead:
    (result,) = await reads(session, [campaign])
    return result


async def reads(session: AsyncSession, campaigns: Sequence[Campaign]) -> list[CampaignRead]:
    """Campaigns with their budgets and goals, read in one query each."""
    if not campaigns:
        return []
    workspace_id = campaigns[0].workspace_id
    ids = [c.id for c in campaigns]
    plans = {b.campaign_id: budgets.plan_of(b)
             for b in await BudgetRepository(session).for_campaigns(workspace_id, ids)}
    by_campaign: dict[uuid.UUID, list[CampaignGoal]] = {}
    for goal in await GoalRepository(session).for_campaigns(workspace_id, ids):
        by_campaign.setdefault(goal.campaign_id, []).append(goal)
    return [_read(c, PlanDocument.stored(c, plans.get(c.id), by_campaign.get(c.id, [])),
                  by_campaign.get(c.id, [])) for c in campaigns]


def _read(campaign: Campaign, plan: PlanDocument, stored: Sequence[CampaignGoal]) -> CampaignRead:
    return CampaignRead.model_validate({
        **plan.model_dump(exclude={"goals"}), "id": campaign.id, "state": campaign.state,
        "version": campaign.version, "created_at": campaign.created_at,
        "updated_at": campaign.updated_at, "goals": [goals.definition(g) for g in stored]})


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int,
    state: str | None = None,
) -> Sequence[Campaign]:
    return await CampaignRepository(session).list(workspace_id, after, limit + 1, state)


def _write(campaign: Campaign, plan: PlanDocument) -> None:
    values = plan.model_dump(mode="json", exclude={"budget", "goals", "timeline"})
    for name, value in values.items():
        setattr(campaign, name, value)
    timeline = plan.timeline
    campaign.starts_at = timeline.starts_at if timeline else None
    campaign.ends_at = timeline.ends_at if timeline else None
    campaign.milestones = [m.model_dump(mode="json") for m in timeline.milestones] if timeline else []


async def _store_parts(
    session: AsyncSession, campaign: Campaign, before: PlanDocument | None, after: PlanDocument
) -> list[CampaignGoal] | None:
    """Stores the budget and the goals where they changed; the goals' rows when they did."""
    if (before.budget != after.budget) if before is not None else after.budget is not None:
        await budgets.replace(session, campaign.workspace_id, campaign.id, after.budget,
                              campaign.updated_at)
    if before is None or before.goals != after.goals or before.window() != after.window():
        stored = await goals.replace(session, campaign.workspace_id, campaign.id, after.goals, after.window())
        await kpi_flows.reevaluate(session, campaign.workspace_id, campaign.id)
        return stored
    return None


def _measured(plan: PlanDocument) -> tuple[object, ...]:
    """What CampaignStateChanged carries besides the state."""
    return (plan.name, plan.brand, _currency(plan), plan.window(), plan.market_codes(), _goal_targets(plan))


def _currency(plan: PlanDocument) -> str | None:
    return plan.budget.currency if plan.budget else None


def _goal_targets(plan: PlanDocument) -> list[tuple[object, ...]]:
    """The goals as CampaignStateChanged carries them (a relative target resolves from these)."""
    return [(goal.metric, goal.target_value, goal.target_change_percent, goal.baseline, goal.deadline,
             goal.within) for goal in plan.goals if goal.metric]


def _without_defaults(plan: PlanDocument) -> dict[str, object]:
    return plan.model_dump(mode="json", exclude_defaults=True)
