"""One workspace's index: segments loaded from `account_search`, kept current before each use.

Keeping current without missing a write: every search row carries `written_by`, the id of the
transaction that wrote it, and every removal leaves a tombstone with its own (migration 0005).
A refresh first reads the horizon, the oldest transaction still running; every transaction
below it has finished, so its rows are already in what the index read. It then reads the rows
and tombstones written by transactions at or above the previous horizon: those that committed
since (transactions whose rows the index holds already are left out by id). A transaction
still running at a refresh stays at or above its horizon, so the next refresh reads it.
Ids are handed out at a transaction's first write, not in commit order, so they never say
which of two writes is newer: a row read is the table's latest, and replaces whatever other
write the index holds; a tombstone counts only when the table no longer holds the account.

Rows replaced by a refresh are marked superseded in their old segment; the new ones form a new
segment. Upkeep runs in the background while searches go on with the segments they have:
- more than MAX_SEGMENTS segments are compacted: everything written since the first segment's
  snapshot is read again as one segment, which replaces all but the first. It costs what was
  written since the last full read, not the workspace.
- when the rows after the first segment pass GROWTH_SHARE of it, or superseded rows pass
  DEAD_SHARE of all, the whole workspace is read again into one segment (45–60 s at 1M
  accounts), which replaces them all. While a workspace grows, full reads thus come at
  geometrically spaced sizes and add up to about three times its final size, however often
  it is searched meanwhile; compactions read at most GROWTH_SHARE of it each.
Either way refreshes resume from the new read's snapshot. A refresh that finds more than
GROWTH_SHARE of the rows written (a large import) reads the whole workspace at once instead: a
segment that large would be followed by a full read anyway. Tombstones are kept a day
(migration 0005), so an index idle for STALE_AFTER reads everything again before it answers.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

import asyncpg
import numpy as np
from sqlalchemy.ext.asyncio import AsyncEngine

from services.discovery.search.index import ids, loader
from services.discovery.search.index import rows as sql
from services.discovery.search.index.connections import driver_connection
from services.discovery.search.index.segment import Segment

log = logging.getLogger(__name__)
MAX_SEGMENTS = 16
GROWTH_SHARE = 0.5
DEAD_SHARE = 0.25
STALE_AFTER = 12 * 3600.0  # seconds; half the tombstones' retention


class WorkspaceIndex:
    def __init__(self, engine: AsyncEngine, workspace_id: uuid.UUID) -> None:
        self.engine = engine
        self.workspace_id = workspace_id
        self.segments: list[Segment] = []
        self.horizon: int | None = None
        self.base_horizon: int | None = None  # of the snapshot the first segment was read in
        self.refreshed_at = 0.0
        self.lock = asyncio.Lock()
        self.upkeep: asyncio.Task[None] | None = None

    async def _read_all(self, connection: asyncpg.Connection) -> tuple[Segment, int]:
        """Every row of the workspace, read in one snapshot by three connections at once, and
        that snapshot's horizon."""
        async with (connection.transaction(isolation="repeatable_read", readonly=True),
                    driver_connection(self.engine) as second, driver_connection(self.engine) as third):
            horizon = await connection.fetchval(sql.HORIZON)
            snapshot = await connection.fetchval(sql.EXPORT_SNAPSHOT)
            async with (second.transaction(isolation="repeatable_read", readonly=True),
                        third.transaction(isolation="repeatable_read", readonly=True)):
                for other in (second, third):
                    await other.execute(sql.SET_SNAPSHOT.format(snapshot=snapshot))
                return await loader.load((connection, second, third), self.workspace_id), horizon

    async def load(self, connection: asyncpg.Connection) -> None:
        segment, horizon = await self._read_all(connection)
        self._replace(segment, horizon)

    def _replace(self, segment: Segment, horizon: int) -> None:
        self.segments, self.refreshed_at = [segment], time.monotonic()
        self.horizon = self.base_horizon = horizon

    async def _reload(self) -> None:
        """A failed reload loses nothing: the segments stay, and the next refresh tries again."""
        try:
            async with driver_connection(self.engine) as connection:
                segment, horizon = await self._read_all(connection)
            async with self.lock:
                self._replace(segment, horizon)
        except Exception:
            log.exception("reloading the search index of workspace %s failed", self.workspace_id)
        finally:
            self.upkeep = None

    async def _compact(self) -> None:
        """Replaces the segments after the first by one read of what was written since it."""
        since = self.base_horizon
        assert since is not None
        held = _held(since, self.segments[:1])
        try:
            async with (driver_connection(self.engine) as connection,
                        connection.transaction(isolation="repeatable_read", readonly=True)):
                horizon = await connection.fetchval(sql.HORIZON)
                removals = await connection.fetch(sql.REMOVED_SINCE, self.workspace_id, since)
                written = await loader.load((connection,), self.workspace_id, (since, held))
            async with self.lock:
                if self.base_horizon == since:  # else a full read replaced the first segment
                    self._rebase(written, removals, horizon)
        except Exception:
            log.exception("compacting the search index of workspace %s failed", self.workspace_id)
        finally:
            self.upkeep = None

    def _rebase(self, written: Segment, removals: list[asyncpg.Record], horizon: int) -> None:
        """The first segment's rows superseded since its snapshot stay so: `written` holds their
        latest writes up to `horizon`, and the next refresh reads again what came after."""
        self.segments = self.segments[:1]
        self._apply(removals, written)
        self.horizon = horizon

    def _apply(self, removals: list[asyncpg.Record], written: Segment | None) -> None:
        for (account_id,) in removals:
            self._supersede(account_id)
        if written is not None and self._add(written):
            self.segments.append(written)

    @property
    def size(self) -> int:
        return sum(s.size for s in self.segments)

    def _needed_upkeep(self) -> Callable[[], Coroutine[Any, Any, None]] | None:
        base = self.segments[0].size
        added = self.size - base
        dead = sum(int(s.superseded.sum()) for s in self.segments)
        if added > GROWTH_SHARE * base or dead > DEAD_SHARE * self.size:
            return self._reload
        return self._compact if len(self.segments) > MAX_SEGMENTS else None

    async def refresh(self, connection: asyncpg.Connection) -> None:
        """Apply what was written since the last refresh (see the module's docstring)."""
        assert self.horizon is not None
        held = _held(self.horizon, self.segments)
        horizon, written, removed = await connection.fetchrow(
            sql.CHANGES, self.workspace_id, self.horizon, held)
        if written > GROWTH_SHARE * max(self.size, 1):
            await self.load(connection)
            return
        if written or removed:
            async with connection.transaction(isolation="repeatable_read", readonly=True):
                horizon = await connection.fetchval(sql.HORIZON)
                removals = await connection.fetch(sql.REMOVED_SINCE, self.workspace_id, self.horizon)
                segment = (await loader.load((connection,), self.workspace_id, (self.horizon, held))
                           if written else None)
            self._apply(removals, segment)
        self.horizon, self.refreshed_at = horizon, time.monotonic()
        if self.upkeep is None and (upkeep := self._needed_upkeep()) is not None:
            self.upkeep = asyncio.create_task(upkeep())

    def _add(self, written: Segment) -> bool:
        """Supersede what `written` replaces; False when the index already held all of it."""
        for row in range(written.size):
            account_id = ids.join(written.account[0][row], written.account[1][row])
            written.superseded[row] = not self._supersede(account_id, int(written.written_by[row]))
        return not written.superseded.all()

    def _supersede(self, account_id: uuid.UUID, written_by: int | None = None) -> bool:
        """Retire the live row of `account_id`; False when it is the write `written_by`, which
        the index then already holds."""
        for segment in self.segments:
            row = segment.row_of(account_id)
            if row is None or segment.superseded[row]:
                continue
            if segment.written_by[row] == written_by:
                return False
            segment.superseded[row] = True
        return True

    async def current(self) -> list[Segment]:
        """The segments, brought up to date; reads the whole workspace the first time."""
        async with self.lock, driver_connection(self.engine) as connection:
            if self.horizon is None or time.monotonic() - self.refreshed_at > STALE_AFTER:
                await self.load(connection)
            else:
                await self.refresh(connection)
            return list(self.segments)


def _held(horizon: int, segments: list[Segment]) -> list[int]:
    """Ids of the transactions at or past `horizon` whose rows `segments` hold."""
    ids: set[int] = set()
    for segment in segments:
        ids.update(np.unique(segment.written_by[segment.written_by >= horizon]).tolist())
    return sorted(ids)
