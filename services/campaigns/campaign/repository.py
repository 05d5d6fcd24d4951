from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from services.campaigns.models import Campaign
from shared.db.repository import RepositoryBase


class CampaignRepository(RepositoryBase):
    async def add(self, campaign: Campaign) -> Campaign:
        self.session.add(campaign)
        await self.session.flush()
        return campaign

    async def get(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Campaign | None:
        return await self.session.scalar(
            select(Campaign).where(Campaign.workspace_id == workspace_id, Campaign.id == campaign_id)
        )

    async def list(
        self, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> Sequence[Campaign]:
        query = select(Campaign).where(Campaign.workspace_id == workspace_id)
        if after is not None:
            query = query.where(Campaign.id > after)
        return (await self.session.scalars(query.order_by(Campaign.id).limit(limit))).all()
