from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from services.campaigns.models import CampaignChange
from shared.db.repository import RepositoryBase


class HistoryRepository(RepositoryBase):
    def add(self, change: CampaignChange) -> None:
        self.session.add(change)

    async def page(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, before: uuid.UUID | None, limit: int
    ) -> Sequence[CampaignChange]:
        """Newest first (ids are time-ordered UUIDv7)."""
        query = select(CampaignChange).where(CampaignChange.workspace_id == workspace_id,
                                             CampaignChange.campaign_id == campaign_id)
        if before is not None:
            query = query.where(CampaignChange.id < before)
        return (await self.session.scalars(query.order_by(CampaignChange.id.desc()).limit(limit))).all()
