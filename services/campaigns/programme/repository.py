from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from services.campaigns.models.relationship import Programme, ProgrammeFeedback, ProgrammeMember
from shared.db.repository import RepositoryBase


class ProgrammeRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, programme_id: uuid.UUID) -> Programme | None:
        return await self.session.scalar(select(Programme).where(
            Programme.workspace_id == workspace_id, Programme.id == programme_id))

    async def named(self, workspace_id: uuid.UUID, name: str) -> Programme | None:
        return await self.session.scalar(select(Programme).where(
            Programme.workspace_id == workspace_id, Programme.name == name))

    async def list(self, workspace_id: uuid.UUID, after: uuid.UUID | None,
                   limit: int) -> Sequence[Programme]:
        query = select(Programme).where(Programme.workspace_id == workspace_id)
        if after is not None:
            query = query.where(Programme.id > after)
        return (await self.session.scalars(query.order_by(Programme.id).limit(limit))).all()

    async def member(self, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                     influencer_id: uuid.UUID) -> ProgrammeMember | None:
        return await self.session.scalar(select(ProgrammeMember).where(
            ProgrammeMember.workspace_id == workspace_id,
            ProgrammeMember.programme_id == programme_id,
            ProgrammeMember.influencer_id == influencer_id).with_for_update())

    async def members(self, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                      after: uuid.UUID | None, limit: int) -> Sequence[ProgrammeMember]:
        query = select(ProgrammeMember).where(ProgrammeMember.workspace_id == workspace_id,
                                              ProgrammeMember.programme_id == programme_id)
        if after is not None:
            query = query.where(ProgrammeMember.influencer_id > after)
        return (await self.session.scalars(
            query.order_by(ProgrammeMember.influencer_id).limit(limit))).all()

    async def feedback(self, workspace_id: uuid.UUID, programme_id: uuid.UUID,
                       after: uuid.UUID | None, limit: int) -> Sequence[ProgrammeFeedback]:
        query = select(ProgrammeFeedback).where(ProgrammeFeedback.workspace_id == workspace_id,
                                                ProgrammeFeedback.programme_id == programme_id)
        if after is not None:
            query = query.where(ProgrammeFeedback.id > after)
        return (await self.session.scalars(query.order_by(ProgrammeFeedback.id).limit(limit))).all()
