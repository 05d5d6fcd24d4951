"""A service's connection pool under more concurrent requests than it holds connections."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from shared.db.engine import make_engine


async def test_requests_beyond_the_pool_wait_for_a_connection_instead_of_opening_one_each(
    clean_db: str,
) -> None:
    """Each connection opened is a PostgreSQL server process forked and torn down: under steady
    load beyond the pool, opening one per request cost more than the requests' statements."""
    engine = make_engine(clean_db, pool_size=3)
    seen: set[int] = set()

    async def request() -> None:
        async with engine.connect() as connection:
            seen.add(await connection.scalar(text("SELECT pg_backend_pid()")))
            await asyncio.sleep(0.005)  # the connection stays busy a moment, as in a request

    try:
        for _ in range(10):
            await asyncio.gather(*(request() for _ in range(8)))
    finally:
        await engine.dispose()
    assert len(seen) == 3
