"""The test harness: one embedded PostgreSQL and one broker for the whole run (or the env's).

The controller process starts them before any xdist worker exists, so workers inherit the URLs;
each worker gets its own database built by the services' Alembic migrations, and every test that
touches storage starts from empty tables and its own topic prefix.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from shared.auth import mint_token
from shared.cli.registry import service
from shared.db.migrate import SERVICES, upgrade_all
from shared.devstack.broker import EmbeddedBroker
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.processes import free_port
from shared.devstack.stack import DEV_JWT_SECRET
from shared.settings import BaseServiceSettings

os.environ.setdefault("JWT_SECRET", DEV_JWT_SECRET)
_DB_ENV = "ICP_TEST_DATABASE_URL"
_BROKER_ENV = "ICP_TEST_KAFKA_BOOTSTRAP_SERVERS"
_started: list[Any] = []
# Reference data the migrations seed (the ECB's rates since 1999): kept between tests, which
# would otherwise find it gone after the first one. A test that changes it puts it back; where a
# table also holds rows tests add (a workspace's own rates), its statement here deletes those.
# (Tracking's reference rates a test adds stay: such tests date them past the shipped history.)
SEEDED_TABLES: dict[str, str | None] = {
    "campaigns.fx_reference_rates": None,
    "tracking.fx_rate_sets": "DELETE FROM tracking.fx_rate_sets WHERE workspace_id IS NOT NULL",
    "tracking.fx_rates": "DELETE FROM tracking.fx_rates WHERE set_id NOT IN"
                         " (SELECT id FROM tracking.fx_rate_sets WHERE workspace_id IS NULL)",
}


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or os.environ.get(_DB_ENV):
        return
    if os.environ.get("DATABASE_URL"):
        os.environ[_DB_ENV] = os.environ["DATABASE_URL"]
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="icp-test-pg-"))
        pg = EmbeddedPostgres(data_dir, free_port(), durable=False)
        os.environ[_DB_ENV] = pg.start()
        _started.append(pg)
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        os.environ[_BROKER_ENV] = os.environ["KAFKA_BOOTSTRAP_SERVERS"]
    else:
        broker = EmbeddedBroker(free_port())
        os.environ[_BROKER_ENV] = broker.start()
        _started.append(broker)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _started:
        server = _started.pop()
        server.stop()
        if isinstance(server, EmbeddedPostgres):
            shutil.rmtree(server.data_dir, ignore_errors=True)


def _worker_id(config: pytest.Config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


@pytest.fixture(scope="session")
def database_url(pytestconfig: pytest.Config) -> str:
    """A database of this worker's own, migrated to head by every service's Alembic history."""
    base = os.environ[_DB_ENV]
    name = f"icp_test_{_worker_id(pytestconfig)}"
    admin_dsn = base.replace("postgresql+asyncpg://", "postgresql://")

    async def _create() -> None:
        conn = await asyncpg.connect(admin_dsn)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(_create())
    url = base.rsplit("/", 1)[0] + f"/{name}"
    upgrade_all(url)
    return url


@pytest.fixture(scope="session")
def bootstrap_servers() -> str:
    return os.environ[_BROKER_ENV]


@pytest.fixture
async def clean_db(database_url: str) -> str:
    """Empties every service table (real commits happen in outbox and consumer tests)."""
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        tables = await conn.fetch(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1::text[]) "
            "AND tablename <> 'alembic_version' AND NOT (schemaname || '.' || tablename = ANY($2))",
            list(SERVICES), list(SEEDED_TABLES),
        )
        if tables:
            names = ", ".join(f'"{t["schemaname"]}"."{t["tablename"]}"' for t in tables)
            await conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        for delete in filter(None, SEEDED_TABLES.values()):
            await conn.execute(delete)
    finally:
        await conn.close()
    return database_url


@pytest.fixture
def topic_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}."


@pytest.fixture
def make_settings(
    clean_db: str, bootstrap_servers: str, topic_prefix: str
) -> Callable[..., BaseServiceSettings]:
    def _make(name: str, **overrides: Any) -> BaseServiceSettings:
        values: dict[str, Any] = {
            "database_url": clean_db,
            "kafka_bootstrap_servers": bootstrap_servers,
            "kafka_topic_prefix": topic_prefix,
            "kafka_topic_partitions": 1,
            "outbox_poll_interval_s": 0.02,
            "consumer_retry_backoff_s": 0.01,
            "db_pool_size": 10,
        }
        values.update(overrides)
        return service(name).settings_cls(**values)

    return _make


@pytest.fixture
def workspace() -> uuid.UUID:
    return uuid.uuid4()


@pytest.fixture
def token_for() -> Callable[..., str]:
    def _token(workspace_id: uuid.UUID, scopes: tuple[str, ...] = ("*",)) -> str:
        return mint_token(BaseServiceSettings(), workspace_id, scopes)

    return _token


@pytest.fixture
def client_for(
    make_settings: Callable[..., BaseServiceSettings],
) -> Callable[..., Any]:
    """`async with client_for("campaigns", token) as client:` — the service's ASGI app; keyword
    arguments override its settings."""

    @asynccontextmanager
    async def _client(name: str, token: str | None = None,
                      **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = service(name).create_app(make_settings(name, **overrides))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test",
                                     headers=headers) as client:
            yield client
        await app.state.runtime.close()

    return _client


@pytest.fixture
def running_worker(
    make_settings: Callable[..., BaseServiceSettings],
) -> Callable[..., Any]:
    """`async with running_worker("campaigns") as worker:` — relay + consumers, stopped on exit."""

    @asynccontextmanager
    async def _run(name: str, **overrides: Any) -> AsyncIterator[Any]:
        entry = service(name)
        runtime = entry.runtime(make_settings(name, **overrides))
        worker = entry.build_worker(runtime)
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        try:
            yield worker
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=30)
            await runtime.close()

    return _run
