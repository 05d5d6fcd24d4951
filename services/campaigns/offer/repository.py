from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update

from services.campaigns.models import Offer
from shared.db.repository import RepositoryBase


class OfferRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, offer_id: uuid.UUID, *,
                  for_update: bool = False) -> Offer | None:
        query = select(Offer).where(Offer.workspace_id == workspace_id, Offer.id == offer_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def newest_version(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID) -> int:
        newest = await self.session.scalar(select(func.max(Offer.version)).where(
            Offer.workspace_id == workspace_id, Offer.collaboration_id == collaboration_id))
        return int(newest or 0)

    async def supersede_open(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
                             at: datetime) -> None:
        await self.session.execute(update(Offer).where(
            Offer.workspace_id == workspace_id, Offer.collaboration_id == collaboration_id,
            Offer.status == "open").values(status="superseded", decided_at=at))

    async def add(self, offer: Offer) -> None:
        self.session.add(offer)
        await self.session.flush()

    async def for_collaboration(
        self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID, after: int | None, limit: int
    ) -> Sequence[Offer]:
        query = select(Offer).where(Offer.workspace_id == workspace_id,
                                    Offer.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(Offer.version > after)
        return (await self.session.scalars(query.order_by(Offer.version).limit(limit))).all()
