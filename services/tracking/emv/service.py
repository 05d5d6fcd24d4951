"""EMV tables: the built-in default (citing its source) until a workspace sets its own; each
table a workspace sets is a new version, and every EMV figure names the version it used."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.domain.emv import DEFAULT_TABLE, EmvTable
from services.tracking.emv.repository import EmvRepository
from services.tracking.emv.schemas import EmvTableRead, EmvTableWrite
from services.tracking.models import EmvTable as EmvTableRow


async def current(session: AsyncSession, workspace_id: uuid.UUID) -> EmvTable:
    row = await EmvRepository(session).latest(workspace_id)
    return _table(row) if row is not None else DEFAULT_TABLE


async def current_read(session: AsyncSession, workspace_id: uuid.UUID) -> EmvTableRead:
    return read(await EmvRepository(session).latest(workspace_id))


async def set_table(session: AsyncSession, workspace_id: uuid.UUID, body: EmvTableWrite) -> EmvTableRead:
    row = await EmvRepository(session).add_version(workspace_id, {
        "currency": body.currency, "source": body.source,
        "values": {platform.value: actions for platform, actions in body.values.items()}})
    return read(row)


async def list_page(
    session: AsyncSession, workspace_id: uuid.UUID, before: int | None, limit: int
) -> Sequence[EmvTableRead]:
    rows = await EmvRepository(session).list(workspace_id, before, limit + 1)
    return [read(r) for r in rows]


def read(row: EmvTableRow | None) -> EmvTableRead:
    table = _table(row) if row is not None else DEFAULT_TABLE
    return EmvTableRead(version=table.version, currency=table.currency, source=table.source,
                        values={p: dict(v) for p, v in table.values.items()},
                        created_at=row.created_at if row is not None else None)


def _table(row: EmvTableRow) -> EmvTable:
    return EmvTable(str(row.version), row.currency, row.source, row.values)
