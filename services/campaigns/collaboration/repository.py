from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from services.campaigns.models import Collaboration
from shared.db.repository import RepositoryBase
from shared.ids import uuid7


class CollaborationRepository(RepositoryBase):
    async def add_if_absent(self, values: dict[str, Any]) -> Collaboration | None:
        """Insert unless the influencer is already in the campaign; returns the new row or None."""
        row = await self.session.scalar(
            insert(Collaboration)
            .values(id=uuid7(), **values)
            .on_conflict_do_nothing(index_elements=["campaign_id", "influencer_id"])
            .returning(Collaboration)
        )
        return row

    async def remove_in_stage(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, influencer_id: uuid.UUID, stage: str
    ) -> bool:
        """Deletes the influencer's collaboration in the campaign if it is in `stage`."""
        removed = await self.session.scalar(
            delete(Collaboration).where(
                Collaboration.workspace_id == workspace_id, Collaboration.campaign_id == campaign_id,
                Collaboration.influencer_id == influencer_id, Collaboration.stage == stage,
            ).returning(Collaboration.id))
        return removed is not None

    async def list_for_campaign(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> Sequence[Collaboration]:
        query = select(Collaboration).where(
            Collaboration.workspace_id == workspace_id, Collaboration.campaign_id == campaign_id
        )
        if after is not None:
            query = query.where(Collaboration.id > after)
        return (await self.session.scalars(query.order_by(Collaboration.id).limit(limit))).all()
