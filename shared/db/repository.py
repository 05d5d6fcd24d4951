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
        if not driver.is_in_transaction():
            # SQLAlchemy's asyncpg adapter sends BEGIN with its own first statement; until one
            # has run, statements sent on the driver would each commit on their own.
            await connection.exec_driver_sql("SELECT 1")
        return driver
