"""Every live link code in memory, so a redirect never waits on the database.

At start the cache reads all live links, then LISTENs on `tracking_links`: a link created or
changed NOTIFYs its id when its transaction commits, and the cache reads that one row. A full
reload every `link_cache_reload_s` covers a notification lost in transit; a lost database
connection is retried with backoff (redirects keep being served from memory meanwhile, and the
reconnection reloads everything). The daily visitor salts are kept here too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from services.tracking.domain.destinations import click_id_template
from services.tracking.links.repository import LINKS_CHANNEL
from services.tracking.redirect import repository

log = logging.getLogger(__name__)

_WAKE_EVERY_S = 60.0  # at least this often: salts for a new day, the periodic full reload
_MAX_BACKOFF_S = 5.0


@dataclass(frozen=True, slots=True)
class CachedLink:
    link_id: uuid.UUID
    workspace_id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    head: str
    tail: str
    expires_at: datetime | None


class LinkCache:
    def __init__(self, engine: AsyncEngine, full_reload_s: float) -> None:
        self.engine = engine
        self.full_reload_s = full_reload_s
        self.links: dict[str, CachedLink] = {}
        self.salts: dict[date, bytes] = {}
        self.loaded = asyncio.Event()
        self._salts_day: date | None = None  # the day whose shared salts were read
        self._changed: asyncio.Queue[uuid.UUID] = asyncio.Queue()

    def get(self, code: str) -> CachedLink | None:
        return self.links.get(code)

    def salt_of(self, day: date) -> bytes:
        """The day's salt; one of this process alone while the shared one is not known yet (the
        same visitor then hashes differently in another process, never identifiably)."""
        salt = self.salts.get(day)
        if salt is None:
            salt = self.salts[day] = os.urandom(32)
        return salt

    async def run(self) -> None:
        backoff = 0.1
        while True:
            try:
                async with self.engine.connect() as conn:
                    try:
                        await conn.commit()
                        raw = (await conn.get_raw_connection()).driver_connection
                        assert isinstance(raw, asyncpg.Connection)
                        await self._follow(raw)
                    finally:
                        await conn.invalidate()  # releases the LISTEN with the session
            except (OSError, DBAPIError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("link cache lost the database; serving from memory",
                            extra={"error": repr(exc)})
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF_S)

    async def _follow(self, conn: asyncpg.Connection) -> None:
        await conn.add_listener(LINKS_CHANNEL, self._notified)
        await self._reload_all(conn)
        last_full = asyncio.get_running_loop().time()
        while True:
            with contextlib.suppress(TimeoutError):
                first = await asyncio.wait_for(self._changed.get(), timeout=_WAKE_EVERY_S)
                ids = [first]
                while not self._changed.empty():
                    ids.append(self._changed.get_nowait())
                self._apply(await repository.links_by_id(conn, ids))
            now = asyncio.get_running_loop().time()
            if now - last_full >= self.full_reload_s:
                await self._reload_all(conn)
                last_full = now
            if datetime.now(UTC).date() != self._salts_day:
                await self._read_salts(conn)

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        with contextlib.suppress(ValueError):
            self._changed.put_nowait(uuid.UUID(payload))

    async def _reload_all(self, conn: asyncpg.Connection) -> None:
        fresh: dict[str, CachedLink] = {}
        for row in await repository.live_links(conn):
            fresh[row["code"]] = _cached(row)
        self.links = fresh
        await self._read_salts(conn)
        self.loaded.set()
        log.info("link cache loaded", extra={"links": len(fresh)})

    async def _read_salts(self, conn: asyncpg.Connection) -> None:
        today = datetime.now(UTC).date()
        self.salts = await repository.current_salts(conn, today)
        self._salts_day = today

    def _apply(self, rows: Sequence[asyncpg.Record]) -> None:
        for row in rows:
            self.links[row["code"]] = _cached(row)


def _cached(row: asyncpg.Record) -> CachedLink:
    head, tail = click_id_template(row["target_url"])
    return CachedLink(row["id"], row["workspace_id"], row["campaign_id"], row["collaboration_id"],
                      head, tail, row["expires_at"])
