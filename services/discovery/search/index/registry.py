"""The indexes of one process: one per database engine and workspace, built on first use.

An index holds about 1.5 MB of memory per 1,000 accounts, so a process serving many
workspaces would outgrow any container. Each engine's indexes therefore share a budget of
accounts: once a search brings the total over it, the least recently searched workspaces are
dropped, to be read again on their next search. The workspace just searched is always kept,
even when it alone exceeds the budget: it could not be served otherwise.
"""

from __future__ import annotations

import logging
import uuid
from collections import OrderedDict
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from services.discovery.search.index.segment import Segment
from services.discovery.search.index.workspace_index import WorkspaceIndex

log = logging.getLogger(__name__)


class _Indexes:
    def __init__(self, max_accounts: int | None) -> None:
        self.max_accounts = max_accounts
        self.by_workspace: OrderedDict[uuid.UUID, WorkspaceIndex] = OrderedDict()

    def used(self, engine: AsyncEngine, workspace_id: uuid.UUID) -> WorkspaceIndex:
        """The workspace's index, now the most recently used."""
        if workspace_id not in self.by_workspace:
            self.by_workspace[workspace_id] = WorkspaceIndex(engine, workspace_id)
        self.by_workspace.move_to_end(workspace_id)
        return self.by_workspace[workspace_id]

    def evict(self, keep: uuid.UUID) -> None:
        """Drops least recently used indexes, never `keep`, until the rest fit the budget."""
        if self.max_accounts is None:
            return
        held = sum(index.size for index in self.by_workspace.values())
        for workspace_id in list(self.by_workspace):
            if held <= self.max_accounts:
                return
            if workspace_id == keep:
                continue
            dropped = self.by_workspace.pop(workspace_id)
            held -= dropped.size
            log.info("dropped the search index of workspace %s (%d accounts) to stay within %d",
                     workspace_id, dropped.size, self.max_accounts)


_indexes: WeakKeyDictionary[Engine, _Indexes] = WeakKeyDictionary()


def _of(engine: AsyncEngine) -> _Indexes:
    return _indexes.setdefault(engine.sync_engine, _Indexes(None))


def limit_accounts(engine: AsyncEngine, max_accounts: int) -> None:
    """Sets the budget of `engine`'s indexes (unlimited until set)."""
    _of(engine).max_accounts = max_accounts


def held_accounts(engine: AsyncEngine) -> dict[uuid.UUID, int]:
    """Accounts held per indexed workspace, least recently used first."""
    return {workspace_id: index.size for workspace_id, index in _of(engine).by_workspace.items()}


async def current_segments(engine: AsyncEngine, workspace_id: uuid.UUID) -> list[Segment]:
    """The workspace's segments as of now."""
    indexes = _of(engine)
    segments = await indexes.used(engine, workspace_id).current()
    indexes.evict(keep=workspace_id)
    return segments
