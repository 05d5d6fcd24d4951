from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from services.tracking.models import AllowedDomain
from shared.db.repository import RepositoryBase


class AllowedDomainRepository(RepositoryBase):
    async def add(self, workspace_id: uuid.UUID, domain: str) -> bool:
        """Whether the domain was new."""
        added = await self.session.scalar(
            insert(AllowedDomain).values(workspace_id=workspace_id, domain=domain)
            .on_conflict_do_nothing().returning(AllowedDomain.domain))
        return added is not None

    async def get(self, workspace_id: uuid.UUID, domain: str) -> AllowedDomain | None:
        return await self.session.get(AllowedDomain, (workspace_id, domain))

    async def remove(self, workspace_id: uuid.UUID, domain: str) -> bool:
        result = await self.session.execute(
            delete(AllowedDomain).where(AllowedDomain.workspace_id == workspace_id,
                                        AllowedDomain.domain == domain)
            .returning(AllowedDomain.domain))
        return result.first() is not None

    async def all_of(self, workspace_id: uuid.UUID) -> frozenset[str]:
        rows = await self.session.scalars(
            select(AllowedDomain.domain).where(AllowedDomain.workspace_id == workspace_id))
        return frozenset(rows)

    async def list(self, workspace_id: uuid.UUID, after: str | None, limit: int
                   ) -> Sequence[AllowedDomain]:
        query = select(AllowedDomain).where(AllowedDomain.workspace_id == workspace_id)
        if after is not None:
            query = query.where(AllowedDomain.domain > after)
        return (await self.session.scalars(query.order_by(AllowedDomain.domain).limit(limit))).all()
