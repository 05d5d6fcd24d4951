"""Clicks as the redirect announced them, stored for counting and attribution."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.clicks.repository import ClickRepository
from services.tracking.kpis import state as kpi_state
from shared.events.catalog.tracking import LinkClicked

_CAMPAIGNS = "icp_clicked_campaigns"


def record(session: AsyncSession, workspace_id: uuid.UUID, click: LinkClicked) -> None:
    """Staged with the consumer batch; the batch's campaigns are marked changed (KPIs) in the
    same statement list, once per campaign rather than once per click."""
    campaigns: set[tuple[uuid.UUID, uuid.UUID]] = session.sync_session.info.setdefault(_CAMPAIGNS, set())
    mark = None
    if (workspace_id, click.campaign_id) not in campaigns:
        campaigns.add((workspace_id, click.campaign_id))
        mark = kpi_state.mark_changed_statement(campaigns)
    ClickRepository(session).add({
        "click_id": uuid.UUID(click.click_id), "link_id": click.link_id,
        "workspace_id": workspace_id, "campaign_id": click.campaign_id,
        "collaboration_id": click.collaboration_id, "clicked_at": click.clicked_at,
        "referrer": click.referrer, "country": click.country,
        "user_agent_class": click.user_agent_class, "is_bot": click.is_bot,
        "visitor_hash": click.visitor_hash,
    }, then=mark)
