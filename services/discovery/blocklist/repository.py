from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from services.discovery.models import BlockedInfluencer
from shared.db.repository import RepositoryBase


class BlocklistRepository(RepositoryBase):
    async def add(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID, reason: str | None
                  ) -> BlockedInfluencer:
        """Blocking twice keeps the first entry (and its reason)."""
        await self.session.execute(insert(BlockedInfluencer).values(
            workspace_id=workspace_id, influencer_id=influencer_id, reason=reason,
        ).on_conflict_do_nothing())
        entry = await self.session.get(BlockedInfluencer, (workspace_id, influencer_id),
                                       populate_existing=True)
        assert entry is not None
        return entry

    async def remove(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> bool:
        result = await self.session.execute(delete(BlockedInfluencer).where(
            BlockedInfluencer.workspace_id == workspace_id,
            BlockedInfluencer.influencer_id == influencer_id))
        return bool(getattr(result, "rowcount", 0))

    async def list(self, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
                   ) -> Sequence[BlockedInfluencer]:
        query = select(BlockedInfluencer).where(BlockedInfluencer.workspace_id == workspace_id)
        if after is not None:
            query = query.where(BlockedInfluencer.influencer_id > after)
        return (await self.session.scalars(
            query.order_by(BlockedInfluencer.influencer_id).limit(limit))).all()
