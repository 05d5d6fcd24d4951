"""Clicks as the redirect announced them, stored for counting and attribution."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.clicks.repository import ClickRepository
from shared.events.catalog.tracking import LinkClicked


def record(session: AsyncSession, workspace_id: uuid.UUID, click: LinkClicked) -> None:
    ClickRepository(session).add({
        "click_id": uuid.UUID(click.click_id), "link_id": click.link_id,
        "workspace_id": workspace_id, "campaign_id": click.campaign_id,
        "collaboration_id": click.collaboration_id, "clicked_at": click.clicked_at,
        "referrer": click.referrer, "country": click.country,
        "user_agent_class": click.user_agent_class, "is_bot": click.is_bot,
        "visitor_hash": click.visitor_hash,
    })
