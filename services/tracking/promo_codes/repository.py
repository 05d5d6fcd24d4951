from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from services.tracking.models import PromoCode
from shared.db.repository import RepositoryBase


class PromoCodeRepository(RepositoryBase):
    async def add(self, code: PromoCode) -> bool:
        """False when the workspace has the code already (in any case)."""
        try:
            async with self.session.begin_nested():
                self.session.add(code)
                await self.session.flush()
        except IntegrityError:
            return False
        return True

    async def get(self, workspace_id: uuid.UUID, code_id: uuid.UUID) -> PromoCode | None:
        return await self.session.scalar(select(PromoCode).where(
            PromoCode.workspace_id == workspace_id, PromoCode.id == code_id))

    async def by_key(self, workspace_id: uuid.UUID, key: str, for_update: bool = False,
                     refresh: bool = False) -> PromoCode | None:
        query = select(PromoCode).where(PromoCode.workspace_id == workspace_id, PromoCode.code_key == key)
        query = query.with_for_update() if for_update else query
        return await self.session.scalar(query.execution_options(populate_existing=refresh))

    async def list(
        self, workspace_id: uuid.UUID, campaign_id: uuid.UUID | None, collaboration_id: uuid.UUID | None,
        key: str | None, after: uuid.UUID | None, limit: int,
    ) -> Sequence[PromoCode]:
        query = select(PromoCode).where(PromoCode.workspace_id == workspace_id)
        if campaign_id is not None:
            query = query.where(PromoCode.campaign_id == campaign_id)
        if collaboration_id is not None:
            query = query.where(PromoCode.collaboration_id == collaboration_id)
        if key is not None:
            query = query.where(PromoCode.code_key == key)
        if after is not None:
            query = query.where(PromoCode.id > after)
        return (await self.session.scalars(query.order_by(PromoCode.id).limit(limit))).all()

    async def deactivate(self, code: PromoCode, now: datetime) -> None:
        if code.active:
            code.active, code.deactivated_at = False, now
            await self.session.flush()

    async def use(self, workspace_id: uuid.UUID, code_id: uuid.UUID) -> None:
        await self.session.execute(update(PromoCode).where(
            PromoCode.workspace_id == workspace_id, PromoCode.id == code_id,
        ).values(uses=PromoCode.uses + 1))
