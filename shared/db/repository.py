"""Base for repositories: all SQL of one noun, on the caller's session (flush, never commit)."""

from __future__ import annotations

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession


class RepositoryBase:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def driver(self, begin: bool = True) -> asyncpg.Connection:
        """The session's connection as asyncpg's own, inside the session's transaction: for
        COPY, for statements whose array parameters SQLAlchemy would process element by
        element, and for hot paths that cannot afford SQLAlchemy's statement building.

        `begin=False` leaves the connection as the session left it: before the session's first
        statement each statement sent on it commits on its own (a read needs no transaction,
        and a single-statement write then holds its row locks for that statement alone, not
        until a COMMIT one round trip later); once the session has begun, they join it."""
        connection = await self.session.connection()
        driver: asyncpg.Connection = (await connection.get_raw_connection()).driver_connection
        if begin and not driver.is_in_transaction():
            # SQLAlchemy's asyncpg adapter sends BEGIN with its own first statement; until one
            # has run, statements sent on the driver would each commit on their own.
            await connection.exec_driver_sql("SELECT 1")
        return driver
