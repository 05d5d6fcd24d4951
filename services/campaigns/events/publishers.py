"""Domain changes of this service → outbox rows, in the caller's transaction."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.db import spine
from services.campaigns.models import Campaign, Collaboration
from shared.bus.outbox import Outbox
from shared.events.catalog.campaigns import (
    CampaignCreated,
    CollaborationCreated,
    CollaborationEnded,
    CollaborationStageChanged,
)

_outbox = Outbox(spine.outbox)


def campaign_created(session: AsyncSession, campaign: Campaign) -> None:
    _outbox.add(session, CampaignCreated(
        campaign_id=campaign.id, name=campaign.name, brand=campaign.brand,
        created_at=campaign.created_at,
    ), campaign.workspace_id)


def collaboration_created(session: AsyncSession, collaboration: Collaboration) -> None:
    _outbox.add(session, CollaborationCreated(
        collaboration_id=collaboration.id, campaign_id=collaboration.campaign_id,
        influencer_id=collaboration.influencer_id, stage=collaboration.stage,
        created_at=collaboration.created_at,
    ), collaboration.workspace_id)


def stage_changed(session: AsyncSession, collaboration: Collaboration, previous: str,
                  reason: str | None) -> None:
    _outbox.add(session, CollaborationStageChanged(
        collaboration_id=collaboration.id, campaign_id=collaboration.campaign_id,
        influencer_id=collaboration.influencer_id, previous_stage=previous,
        stage=collaboration.stage, reason=reason, changed_at=collaboration.stage_changed_at,
    ), collaboration.workspace_id)


_OUTCOMES: dict[str, Literal["completed", "declined", "cancelled"]] = {
    "completed": "completed", "declined": "declined", "cancelled": "cancelled"}


def collaboration_ended(session: AsyncSession, collaboration: Collaboration, brand: str) -> None:
    _outbox.add(session, CollaborationEnded(
        campaign_id=collaboration.campaign_id, collaboration_id=collaboration.id,
        influencer_id=collaboration.influencer_id, brand=brand,
        outcome=_OUTCOMES[collaboration.stage],
        ended_at=collaboration.stage_changed_at,
    ), collaboration.workspace_id)
