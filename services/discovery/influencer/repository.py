from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.discovery.models import Influencer, InfluencerAccount
from shared.db.repository import RepositoryBase


class InfluencerRepository(RepositoryBase):
    async def add(self, influencer: Influencer, accounts: list[InfluencerAccount]) -> None:
        self.session.add(influencer)
        await self.session.flush()
        for account in accounts:
            account.influencer_id = influencer.id
        self.session.add_all(accounts)
        await self.session.flush()

    async def get(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> Influencer | None:
        return await self.session.scalar(
            select(Influencer)
            .options(selectinload(Influencer.accounts))
            .where(Influencer.workspace_id == workspace_id, Influencer.id == influencer_id)
        )

    async def handles_taken(
        self, workspace_id: uuid.UUID, keys: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        rows = await self.session.execute(
            select(InfluencerAccount.platform, InfluencerAccount.handle).where(
                InfluencerAccount.workspace_id == workspace_id,
                InfluencerAccount.handle.in_([handle for _, handle in keys]),
            )
        )
        wanted = set(keys)
        return [(p, h) for p, h in rows.all() if (p, h) in wanted]

    async def list(
        self, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
    ) -> Sequence[Influencer]:
        query = (
            select(Influencer)
            .options(selectinload(Influencer.accounts))
            .where(Influencer.workspace_id == workspace_id)
        )
        if after is not None:
            query = query.where(Influencer.id > after)
        return (await self.session.scalars(query.order_by(Influencer.id).limit(limit))).all()
