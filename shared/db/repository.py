"""Base for repositories: all SQL of one noun, on the caller's session (flush, never commit)."""

from __future__ import annotations

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession


class RepositoryBase:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def driver(self) -> asyncpg.Connection:
        """The session's connection as asyncpg's own, inside the session's transaction: for
        COPY, and for statements whose array parameters SQLAlchemy would process element by
        element."""
        connection = await self.session.connection()
        driver: asyncpg.Connection = (await connection.get_raw_connection()).driver_connection
        return driver
