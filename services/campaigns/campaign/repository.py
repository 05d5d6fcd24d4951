from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from services.campaigns.models import Campaign, CampaignBudget, CampaignGoal
from shared.db.repository import RepositoryBase


class CampaignRepository(RepositoryBase):
    async def add(self, campaign: Campaign) -> Campaign:
        self.session.add(campaign)
        await self.session.flush()
        return campaign

    async def get(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, *, for_update: bool = False
    ) -> Campaign | None:
        query = select(Campaign).where(Campaign.workspace_id == workspace_id, Campaign.id == campaign_id)
        if for_update:
            # A change reads the version it replaces under this lock: of two writers holding the
            # same ETag, the second sees the first's version and is refused (412).
            query = query.with_for_update()
        return await self.session.scalar(query, execution_options={"populate_existing": for_update})

    async def get_plan(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, *, for_update: bool = False
    ) -> tuple[Campaign, CampaignBudget | None, list[CampaignGoal]] | None:
        """The campaign, its budget and its goals (by position) in one round trip: a row per goal
        (one without goals); the campaign's row locked if asked."""
        query = (select(Campaign, CampaignBudget, CampaignGoal)
                 .outerjoin(CampaignBudget, CampaignBudget.campaign_id == Campaign.id)
                 .outerjoin(CampaignGoal, (CampaignGoal.campaign_id == Campaign.id)
                            & (CampaignGoal.workspace_id == Campaign.workspace_id))
                 .where(Campaign.id == campaign_id, Campaign.workspace_id == workspace_id)
                 .order_by(CampaignGoal.position))
        if for_update:
            query = query.with_for_update(of=Campaign)
        rows = (await self.session.execute(
            query, execution_options={"populate_existing": for_update})).all()
        if not rows:
            return None
        return rows[0][0], rows[0][1], [row[2] for row in rows if row[2] is not None]

    async def list(
        self, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int, state: str | None = None
    ) -> Sequence[Campaign]:
        query = select(Campaign).where(Campaign.workspace_id == workspace_id)
        if state is not None:
            query = query.where(Campaign.state == state)
        if after is not None:
            query = query.where(Campaign.id > after)
        return (await self.session.scalars(query.order_by(Campaign.id).limit(limit))).all()
