"""`RepositoryBase.driver()` runs asyncpg statements inside the session's transaction: a lock it
takes is held until the session ends, and what it writes rolls back with the session.
`driver(begin=False)` before the session began: each statement commits on its own."""

from __future__ import annotations

import asyncpg
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from shared.db.repository import RepositoryBase

LOCK = 815_000_001


async def test_driver_statements_belong_to_the_sessions_transaction(clean_db: str) -> None:
    engine = create_async_engine(clean_db)
    other = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        await other.execute("CREATE TABLE IF NOT EXISTS public.driver_probe (n int)")
        async with async_sessionmaker(engine)() as session:
            driver = await RepositoryBase(session).driver()
            await driver.execute("SELECT pg_advisory_xact_lock($1)", LOCK)
            await driver.execute("INSERT INTO public.driver_probe VALUES (1)")
            held_meanwhile = not await other.fetchval("SELECT pg_try_advisory_lock($1)", LOCK)
            await session.rollback()
        free_after = await other.fetchval("SELECT pg_try_advisory_lock($1)", LOCK)
        kept = await other.fetchval("SELECT count(*) FROM public.driver_probe")
    finally:
        await other.execute("DROP TABLE IF EXISTS public.driver_probe")
        await other.close()
        await engine.dispose()
    assert held_meanwhile and free_after
    assert kept == 0


async def test_a_driver_that_does_not_begin_commits_each_statement_until_the_session_begins(
    clean_db: str,
) -> None:
    engine = create_async_engine(clean_db)
    other = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        await other.execute("CREATE TABLE IF NOT EXISTS public.driver_probe (n int)")
        async with async_sessionmaker(engine)() as session:
            repository = RepositoryBase(session)
            driver = await repository.driver(begin=False)
            await driver.execute("INSERT INTO public.driver_probe VALUES (1)")
            seen_meanwhile = await other.fetchval("SELECT count(*) FROM public.driver_probe")
            await repository.driver()  # the session's transaction begins: later statements join it
            await (await repository.driver(begin=False)).execute("INSERT INTO public.driver_probe VALUES (2)")
            await session.rollback()
        kept = await other.fetch("SELECT n FROM public.driver_probe")
    finally:
        await other.execute("DROP TABLE IF EXISTS public.driver_probe")
        await other.close()
        await engine.dispose()
    assert seen_meanwhile == 1
    assert [r["n"] for r in kept] == [1]
