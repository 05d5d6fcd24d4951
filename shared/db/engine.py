"""Async engine and session factory for one service."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def make_engine(database_url: str, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(
        database_url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
        json_serializer=_json, json_deserializer=orjson.loads,
    )


def _json(value: Any) -> str:
    # JSONB columns hold stored checks and outbox headers: the stdlib codec was a visible share of
    # a consumer batch's and the relay's CPU. Non-string keys become strings, as with json.dumps.
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
