from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert

from services.tracking.models import Conversion, ConversionReversal
from shared.db.repository import RepositoryBase

_CONVERSIONS = cast(Table, Conversion.__table__)


class ConversionRepository(RepositoryBase):
    async def by_order(self, workspace_id: uuid.UUID, order_id: str, for_update: bool = False
                       ) -> Conversion | None:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id,
                                         Conversion.order_id == order_id)
        return await self.session.scalar(query.with_for_update() if for_update else query)

    async def get(self, workspace_id: uuid.UUID, conversion_id: uuid.UUID, for_update: bool = False
                  ) -> Conversion | None:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id,
                                         Conversion.id == conversion_id)
        return await self.session.scalar(query.with_for_update() if for_update else query)

    async def add(self, conversion: Conversion) -> bool:
        """False when the order was attributed meanwhile (by a concurrent delivery)."""
        values = {c.key: getattr(conversion, c.key) for c in _CONVERSIONS.columns}
        added = await self.session.scalar(insert(Conversion).values(values).on_conflict_do_nothing(
            index_elements=["workspace_id", "order_id"]).returning(Conversion.id))
        return added is not None

    async def reversal(self, workspace_id: uuid.UUID, conversion_id: uuid.UUID, key: str
                       ) -> ConversionReversal | None:
        return await self.session.scalar(select(ConversionReversal).where(
            ConversionReversal.workspace_id == workspace_id,
            ConversionReversal.conversion_id == conversion_id,
            ConversionReversal.reversal_key == key))

    async def add_reversal(self, reversal: ConversionReversal) -> None:
        self.session.add(reversal)
        await self.session.flush()

    async def list(self, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None,
                   collaboration_id: uuid.UUID | None, after: uuid.UUID | None, limit: int
                   ) -> Sequence[Conversion]:
        query = select(Conversion).where(Conversion.workspace_id == workspace_id)
        if campaign_id is not None:
            query = query.where(Conversion.campaign_id == campaign_id)
        if collaboration_id is not None:
            query = query.where(Conversion.collaboration_id == collaboration_id)
        if after is not None:
            query = query.where(Conversion.id > after)
        return (await self.session.scalars(query.order_by(Conversion.id).limit(limit))).all()
