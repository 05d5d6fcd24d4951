"""Which database errors mean "the database is away" (wait and retry) and which are the
statement's own (retry a few times, then give up), as PostgreSQL and SQLAlchemy raise them."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db.errors import database_unavailable, sqlstate

STATEMENTS = {
    "its session ended by the server": ("SELECT pg_terminate_backend(pg_backend_pid())", True),
    "a statement timeout": ("SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)", False),
    "a division by zero": ("SELECT 1 / 0", False),
}


@pytest.mark.parametrize("name", STATEMENTS)
async def test_only_a_lost_database_reads_as_unavailable(clean_db: str, name: str) -> None:
    statement, unavailable = STATEMENTS[name]
    engine = create_async_engine(clean_db)
    try:
        with pytest.raises(Exception) as raised:
            async with engine.begin() as connection:
                for part in statement.split("; "):
                    await connection.execute(text(part))
    finally:
        await engine.dispose()
    assert database_unavailable(raised.value) is unavailable, (sqlstate(raised.value), raised.value)


async def test_a_refused_connection_reads_as_unavailable() -> None:
    engine = create_async_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    try:
        with pytest.raises(Exception) as raised:
            async with engine.connect():
                pass
    finally:
        await engine.dispose()
    assert database_unavailable(raised.value)
