from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select

from services.campaigns.models.outreach import OutreachTemplate
from shared.db.repository import RepositoryBase


class TemplateRepository(RepositoryBase):
    async def get(self, workspace_id: uuid.UUID, template_id: uuid.UUID) -> OutreachTemplate | None:
        return await self.session.scalar(select(OutreachTemplate).where(
            OutreachTemplate.workspace_id == workspace_id, OutreachTemplate.id == template_id))

    async def named(self, workspace_id: uuid.UUID, name: str) -> OutreachTemplate | None:
        return await self.session.scalar(select(OutreachTemplate).where(
            OutreachTemplate.workspace_id == workspace_id, OutreachTemplate.name == name))

    async def list(self, workspace_id: uuid.UUID, after: uuid.UUID | None,
                   limit: int) -> Sequence[OutreachTemplate]:
        query = select(OutreachTemplate).where(OutreachTemplate.workspace_id == workspace_id)
        if after is not None:
            query = query.where(OutreachTemplate.id > after)
        return (await self.session.scalars(query.order_by(OutreachTemplate.id).limit(limit))).all()

    async def delete(self, workspace_id: uuid.UUID, template_id: uuid.UUID) -> bool:
        removed = await self.session.scalar(delete(OutreachTemplate).where(
            OutreachTemplate.workspace_id == workspace_id, OutreachTemplate.id == template_id,
        ).returning(OutreachTemplate.id))
        return removed is not None
