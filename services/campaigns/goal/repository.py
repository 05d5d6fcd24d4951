from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence

from sqlalchemy import delete, select

from services.campaigns.models import CampaignGoal
from shared.db.repository import RepositoryBase


class GoalRepository(RepositoryBase):
    async def for_campaign(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Sequence[CampaignGoal]:
        return (await self.session.scalars(select(CampaignGoal).where(
            CampaignGoal.workspace_id == workspace_id, CampaignGoal.campaign_id == campaign_id,
        ).order_by(CampaignGoal.position))).all()

    async def for_campaigns(
        self, workspace_id: uuid.UUID, campaign_ids: Collection[uuid.UUID]
    ) -> Sequence[CampaignGoal]:
        return (await self.session.scalars(select(CampaignGoal).where(
            CampaignGoal.workspace_id == workspace_id, CampaignGoal.campaign_id.in_(campaign_ids),
        ).order_by(CampaignGoal.campaign_id, CampaignGoal.position))).all()

    async def page(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, after: int | None, limit: int
    ) -> Sequence[CampaignGoal]:
        query = select(CampaignGoal).where(CampaignGoal.workspace_id == workspace_id,
                                           CampaignGoal.campaign_id == campaign_id)
        if after is not None:
            query = query.where(CampaignGoal.position > after)
        return (await self.session.scalars(query.order_by(CampaignGoal.position).limit(limit))).all()

    async def delete_except(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, keep: Collection[uuid.UUID]
    ) -> None:
        await self.session.execute(delete(CampaignGoal).where(
            CampaignGoal.workspace_id == workspace_id, CampaignGoal.campaign_id == campaign_id,
            CampaignGoal.id.not_in(keep)))

    async def add(self, goal: CampaignGoal) -> None:
        self.session.add(goal)
