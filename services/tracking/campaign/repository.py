from __future__ import annotations

import uuid
from typing import Any

from services.tracking.models import Campaign
from shared.db.repository import RepositoryBase
from shared.db.upsert import upsert_if_newer


class CampaignRepository(RepositoryBase):
    async def upsert_if_newer(self, values: dict[str, Any]) -> Campaign | None:
        return await upsert_if_newer(self.session, Campaign, values, ("workspace_id", "id"),
                                     Campaign.updated_at)

    async def get(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID) -> Campaign | None:
        return await self.session.get(Campaign, (workspace_id, campaign_id))
