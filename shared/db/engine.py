"""Async engine and session factory for one service."""

from __future__ import annotations

import time
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

# A connection back in use within this long skips the liveness check on checkout. SQLAlchemy's
# pre-ping checks every checkout, and through asyncpg that is three round trips (BEGIN, SELECT,
# ROLLBACK): a third of a small request's. A connection the server dropped while the pool was busy
# fails its first statement instead: that invalidates the pool (every older connection is replaced),
# the consumers retry it as a transient error, the one request gets a 503 problem with Retry-After.
_PING_AFTER_IDLE_S = 1.0
_CHECKED_IN = "icp_checked_in_at"


def make_engine(database_url: str, pool_size: int = 20) -> AsyncEngine:
    """`pool_size` connections at most, each kept once opened. No overflow: SQLAlchemy closes an
    overflow connection as soon as it is returned, so under steady load beyond the pool every
    request opened one (a server process forked, authenticated and torn down): that was a third
    of a signed webhook delivery's PostgreSQL CPU (docs/tracking.md). Beyond the pool, a checkout
    waits for a connection instead."""
    engine = create_async_engine(
        database_url, pool_size=pool_size, max_overflow=0,
        json_serializer=json_text, json_deserializer=orjson.loads,
    )
    event.listen(engine.sync_engine.pool, "checkin", _checked_in)
    event.listen(engine.sync_engine.pool, "checkout", _ping_if_idle)
    return engine


def _checked_in(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info[_CHECKED_IN] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: PoolProxiedConnection) -> None:
    idle_since = record.info.get(_CHECKED_IN)
    if idle_since is None or time.monotonic() - idle_since < _PING_AFTER_IDLE_S:
        return  # new (just connected), or in use a moment ago
    try:
        alive = proxy._pool._dialect.do_ping(dbapi_connection)
    except Exception as exc:  # the connection is gone, whatever the error: the pool reconnects
        raise DisconnectionError() from exc
    if not alive:
        raise DisconnectionError()


def json_text(value: Any) -> str:
    """A value as the engine writes JSON columns (also what asyncpg's own connection takes for
    them). JSONB columns hold stored checks and outbox headers: the stdlib codec was a visible
    share of a consumer batch's and the relay's CPU. Non-string keys become strings, as with
    json.dumps."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
