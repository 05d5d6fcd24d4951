"""The read-model of each campaign (currency, window, markets, goal metrics) kept from
`CampaignStateChanged`: what its KPIs are measured in and against."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.campaign.repository import CampaignRepository
from services.tracking.kpis import state as kpi_state
from services.tracking.models import Campaign
from shared.codes import ISO_3166_ALPHA2, ISO_4217
from shared.events.catalog.campaigns import CampaignStateChanged
from shared.vocabulary import GoalMetric

log = logging.getLogger(__name__)
_GOAL_METRICS = frozenset(GoalMetric)


async def apply_state_changed(
    session: AsyncSession, workspace_id: uuid.UUID, event: CampaignStateChanged
) -> Campaign | None:
    """The stored campaign, or None when a newer state of it is already stored."""
    markets = list(dict.fromkeys(m.strip().upper() for m in event.markets))
    goal_metrics = list(dict.fromkeys(event.goal_metrics))
    ignored = [m for m in markets if m not in ISO_3166_ALPHA2] + [
        g for g in goal_metrics if g not in _GOAL_METRICS] + [
        g.metric for g in event.goals if g.metric not in _GOAL_METRICS]
    if ignored:
        log.warning("campaign markets or goal metrics outside their vocabularies were ignored",
                    extra={"campaign_id": str(event.campaign_id), "ignored": ignored})
    currency = event.currency.strip().upper() if event.currency else None
    await kpi_state.mark_changed(session, workspace_id, [event.campaign_id])
    return await CampaignRepository(session).upsert_if_newer({
        "workspace_id": workspace_id, "id": event.campaign_id, "name": event.name,
        "brand": event.brand, "state": event.state,
        "currency": currency if currency in ISO_4217 else None,
        "starts_at": event.starts_at, "ends_at": event.ends_at,
        "markets": [m for m in markets if m in ISO_3166_ALPHA2],
        "goal_metrics": [g for g in goal_metrics if g in _GOAL_METRICS],
        "goals": [goal.model_dump(mode="json") for goal in event.goals if goal.metric in _GOAL_METRICS],
        "updated_at": event.updated_at,
    })


async def get(session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Campaign | None:
    return await CampaignRepository(session).get(workspace_id, campaign_id)
