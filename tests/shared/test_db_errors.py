"""Which database errors mean "the database is away" (wait and retry) and which are the
statement's own (retry a few times, then give up), as PostgreSQL and SQLAlchemy raise them."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.db.errors import database_unavailable, sqlstate, transient

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


TRANSIENT = {
    "a statement timeout": "SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)",
    "a read-only standby (after a fail-over)":
        "SET LOCAL transaction_read_only = on; CREATE TEMP TABLE t (x int)",
    "its session ended by the server": "SELECT pg_terminate_backend(pg_backend_pid())",
    "a deadlock": "DO $$ BEGIN RAISE EXCEPTION 'd' USING ERRCODE = '40P01'; END $$",
    "a serialization failure": "DO $$ BEGIN RAISE EXCEPTION 's' USING ERRCODE = '40001'; END $$",
    "too many connections": "DO $$ BEGIN RAISE EXCEPTION 'c' USING ERRCODE = '53300'; END $$",
}


@pytest.mark.parametrize("name", [*TRANSIENT, "a division by zero", "a unique violation"])
async def test_the_databases_state_reads_as_transient_and_the_statements_fault_does_not(
    clean_db: str, name: str
) -> None:
    statements = {
        **{k: v.split("; ") if not v.startswith("DO") else [v] for k, v in TRANSIENT.items()},
        "a division by zero": ["SELECT 1 / 0"],
        "a unique violation": ["CREATE TEMP TABLE u (x int PRIMARY KEY)",
                               "INSERT INTO u VALUES (1), (1)"],
    }[name]
    engine = create_async_engine(clean_db)
    try:
        with pytest.raises(Exception) as raised:
            async with engine.begin() as connection:
                for statement in statements:
                    await connection.execute(text(statement))
    finally:
        await engine.dispose()
    assert transient(raised.value) is (name in TRANSIENT), (sqlstate(raised.value), raised.value)


async def test_an_exhausted_connection_pool_reads_as_transient(clean_db: str) -> None:
    engine = create_async_engine(clean_db, pool_size=1, max_overflow=0, pool_timeout=0.2)
    try:
        async with engine.connect():
            with pytest.raises(Exception) as raised:
                async with engine.connect():
                    pass
    finally:
        await engine.dispose()
    assert transient(raised.value)


async def test_a_request_on_a_connection_the_server_dropped_is_a_503_to_retry_not_a_500(
    client_for: Any, token_for: Any, workspace: Any, clean_db: str,
) -> None:
    """A pooled connection back in use within a second is not pinged (a third of a small
    request's round trips): one the server dropped meanwhile fails the request that takes it,
    which the client may retry at once; the pool has replaced it by then."""
    import asyncpg

    async with client_for("campaigns", token_for(workspace)) as api:
        assert (await api.get("/v1/campaigns")).status_code == 200
        admin = await asyncpg.connect(clean_db.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                " WHERE datname = current_database() AND pid <> pg_backend_pid()")
        finally:
            await admin.close()
        dropped = await api.get("/v1/campaigns")
        again = await api.get("/v1/campaigns")
    assert dropped.status_code == 503, dropped.text
    assert dropped.headers["retry-after"] == "1"
    assert dropped.json()["type"].endswith("/database-unavailable")
    assert again.status_code == 200


async def test_a_request_that_waits_out_an_exhausted_pool_is_a_503_to_retry_not_a_500(
    clean_db: str,
) -> None:
    """Every pooled connection busy past the pool's timeout (a burst beyond the pool, a slow
    statement holding them): the client is told to retry, as for a database that went away."""
    import httpx
    from fastapi import FastAPI

    from shared.http.problems import install_problem_handlers

    engine = create_async_engine(clean_db, pool_size=1, max_overflow=0, pool_timeout=0.2)
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/count")
    async def count() -> int:
        async with engine.connect() as connection:
            return int((await connection.execute(text("SELECT 1"))).scalar_one())

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as api:
            async with engine.connect():  # the pool's only connection, held
                waited = await api.get("/count")
            again = await api.get("/count")
    finally:
        await engine.dispose()
    assert waited.status_code == 503, waited.text
    assert waited.headers["retry-after"] == "1"
    assert waited.json()["type"].endswith("/database-unavailable")
    assert again.status_code == 200
