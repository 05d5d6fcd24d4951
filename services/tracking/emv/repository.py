from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, text

from services.tracking.models import EmvTable
from shared.db.repository import RepositoryBase


class EmvRepository(RepositoryBase):
    async def latest(self, workspace_id: uuid.UUID) -> EmvTable | None:
        return await self.session.scalar(
            select(EmvTable).where(EmvTable.workspace_id == workspace_id)
            .order_by(EmvTable.version.desc()).limit(1))

    async def add_version(self, workspace_id: uuid.UUID, values: dict[str, Any]) -> EmvTable:
        """The next version; versions of one workspace are numbered in turn (a lock per workspace)."""
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended('tracking.emv:' || :w, 0))"),
            {"w": str(workspace_id)})
        current = await self.session.scalar(
            select(func.max(EmvTable.version)).where(EmvTable.workspace_id == workspace_id))
        table = EmvTable(workspace_id=workspace_id, version=(current or 0) + 1, **values)
        self.session.add(table)
        await self.session.flush()
        return table

    async def list(self, workspace_id: uuid.UUID, before: int | None, limit: int) -> Sequence[EmvTable]:
        query = select(EmvTable).where(EmvTable.workspace_id == workspace_id)
        if before is not None:
            query = query.where(EmvTable.version < before)
        return (await self.session.scalars(query.order_by(EmvTable.version.desc()).limit(limit))).all()
