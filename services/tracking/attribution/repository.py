from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from services.tracking.models import AttributionRule
from shared.db.repository import RepositoryBase


class AttributionRuleRepository(RepositoryBase):
    async def of(self, workspace_id: uuid.UUID, campaign_ids: Collection[uuid.UUID]
                 ) -> dict[uuid.UUID, AttributionRule]:
        rows = await self.session.scalars(select(AttributionRule).where(
            AttributionRule.workspace_id == workspace_id, AttributionRule.campaign_id.in_(campaign_ids)))
        return {row.campaign_id: row for row in rows}

    async def put(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, window_days: int,
                  precedence: str, now: datetime) -> None:
        values = {"window_days": window_days, "precedence": precedence, "updated_at": now}
        await self.session.execute(insert(AttributionRule).values(
            workspace_id=workspace_id, campaign_id=campaign_id, **values,
        ).on_conflict_do_update(index_elements=["workspace_id", "campaign_id"], set_=values))
