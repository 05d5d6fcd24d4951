from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from services.discovery.models import AccountSnapshotRow, InfluencerAccount
from shared.db.repository import RepositoryBase


class SnapshotRepository(RepositoryBase):
    async def account(self, workspace_id: uuid.UUID, influencer_id: uuid.UUID, platform: str,
                      handle: str) -> InfluencerAccount | None:
        return await self.session.scalar(select(InfluencerAccount).where(
            InfluencerAccount.workspace_id == workspace_id,
            InfluencerAccount.influencer_id == influencer_id,
            InfluencerAccount.platform == platform, InfluencerAccount.handle == handle))

    async def page(self, workspace_id: uuid.UUID, account_id: uuid.UUID, before: datetime | None,
                   limit: int) -> Sequence[AccountSnapshotRow]:
        """Newest first."""
        query = select(AccountSnapshotRow).where(AccountSnapshotRow.workspace_id == workspace_id,
                                                 AccountSnapshotRow.account_id == account_id)
        if before is not None:
            query = query.where(AccountSnapshotRow.observed_at < before)
        return (await self.session.scalars(
            query.order_by(AccountSnapshotRow.observed_at.desc()).limit(limit))).all()
