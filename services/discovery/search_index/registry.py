"""The indexes of one process: one per database engine and workspace, built on first use."""

from __future__ import annotations

import uuid
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from services.discovery.search_index.segment import Segment
from services.discovery.search_index.workspace_index import WorkspaceIndex

_indexes: WeakKeyDictionary[Engine, dict[uuid.UUID, WorkspaceIndex]] = WeakKeyDictionary()


def workspace_index(engine: AsyncEngine, workspace_id: uuid.UUID) -> WorkspaceIndex:
    by_workspace = _indexes.setdefault(engine.sync_engine, {})
    if workspace_id not in by_workspace:
        by_workspace[workspace_id] = WorkspaceIndex(engine, workspace_id)
    return by_workspace[workspace_id]


async def current_segments(engine: AsyncEngine, workspace_id: uuid.UUID) -> list[Segment]:
    """The workspace's segments as of now."""
    return await workspace_index(engine, workspace_id).current()
