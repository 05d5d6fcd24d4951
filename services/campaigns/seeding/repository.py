from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from services.campaigns.models import SeededProduct
from shared.db.repository import RepositoryBase


class SeedingRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, seeding_id: uuid.UUID, *,
                  for_update: bool = False) -> SeededProduct | None:
        query = select(SeededProduct).where(SeededProduct.workspace_id == workspace_id,
                                            SeededProduct.id == seeding_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add(self, product: SeededProduct) -> None:
        self.session.add(product)
        await self.session.flush()

    async def any_counted(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID) -> bool:
        """Whether a product that counts as a cost (any not returned) was seeded."""
        return await self.session.scalar(select(SeededProduct.id).where(
            SeededProduct.workspace_id == workspace_id,
            SeededProduct.collaboration_id == collaboration_id,
            SeededProduct.status != "returned").limit(1)) is not None

    async def for_collaboration(self, workspace_id: uuid.UUID, collaboration_id: uuid.UUID,
                                after: uuid.UUID | None, limit: int) -> Sequence[SeededProduct]:
        query = select(SeededProduct).where(SeededProduct.workspace_id == workspace_id,
                                            SeededProduct.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(SeededProduct.id > after)
        return (await self.session.scalars(query.order_by(SeededProduct.id).limit(limit))).all()
