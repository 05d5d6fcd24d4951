from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.campaign.repository import CampaignRepository
from services.campaigns.campaign.schemas import CampaignCreate
from services.campaigns.events import publishers
from services.campaigns.models import Campaign
from shared.http.problems import not_found


async def create(session: AsyncSession, workspace_id: uuid.UUID, data: CampaignCreate) -> Campaign:
    campaign = await CampaignRepository(session).add(
        Campaign(workspace_id=workspace_id, name=data.name, brand=data.brand)
    )
    await session.refresh(campaign)
    publishers.campaign_created(session, campaign)
    return campaign


async def get_or_raise(
    session: AsyncSession, workspace_id: uuid.UUID, campaign_id: uuid.UUID
) -> Campaign:
    campaign = await CampaignRepository(session).get(workspace_id, campaign_id)
    if campaign is None:
        raise not_found("campaign")
    return campaign


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
) -> Sequence[Campaign]:
    return await CampaignRepository(session).list(workspace_id, after, limit + 1)
