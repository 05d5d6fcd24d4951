from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import selectinload

from services.discovery.models import (
    BlockedInfluencer,
    CollaborationOutcome,
    Influencer,
)
from shared.db.repository import RepositoryBase


class InfluencerRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> Influencer | None:
        # populate_existing: profiles are written with COPY/UPDATE behind the ORM's back.
        return await self.session.scalar(
            select(Influencer)
            .options(selectinload(Influencer.accounts))
            .where(Influencer.workspace_id == workspace_id, Influencer.id == influencer_id)
            .execution_options(populate_existing=True)
        )

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

    async def delete(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> None:
        await self.session.execute(delete(CollaborationOutcome).where(
            CollaborationOutcome.workspace_id == workspace_id,
            CollaborationOutcome.influencer_id == influencer_id))
        await self.session.execute(delete(Influencer).where(
            Influencer.workspace_id == workspace_id, Influencer.id == influencer_id))

    async def outcomes(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID
                       ) -> Sequence[CollaborationOutcome]:
        return (await self.session.scalars(
            select(CollaborationOutcome)
            .where(CollaborationOutcome.workspace_id == workspace_id,
                   CollaborationOutcome.influencer_id == influencer_id)
            .order_by(CollaborationOutcome.ended_at)
        )).all()

    async def is_blocked(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID) -> bool:
        return bool(await self.session.scalar(select(exists().where(
            BlockedInfluencer.workspace_id == workspace_id,
            BlockedInfluencer.influencer_id == influencer_id))))
