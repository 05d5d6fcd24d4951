"""A consumer process killed (SIGKILL) inside a batch under a steady stream: after a new one takes
over, every event is applied exactly once. `bench/faults.py` runs the whole matrix (relay killed,
broker paused, PostgreSQL restarted); this is its quickest fault, kept in the suite."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import asyncpg

from services.campaigns.db import metadata, spine
from shared.bus.outbox import Outbox
from shared.events.catalog.campaigns import CampaignCreated
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually

Settings = Callable[..., BaseServiceSettings]
BENCH = Path(__file__).resolve().parents[2] / "bench" / "faults.py"


def _faults() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_faults", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_faults", module)
    spec.loader.exec_module(module)
    return module


async def test_a_consumer_killed_mid_batch_loses_nothing_and_applies_nothing_twice(
    make_settings: Settings,
) -> None:
    faults = _faults()
    settings = make_settings("campaigns")
    url = faults.plain(settings.database_url)
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(faults.SCHEMA_SQL)
        await conn.execute("TRUNCATE bench_faults.applied, bench_faults.dropped")
    finally:
        await conn.close()
    env = {**os.environ, "DATABASE_URL": settings.database_url,
           "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
           "KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix}
    procs = {role: faults.spawn(role, env) for role in ("relay", "consumer")}
    runtime = ServiceRuntime.create(settings, metadata, spine)
    stop = asyncio.Event()

    async def write(count: int) -> None:
        async with runtime.sessions() as session, session.begin():
            Outbox(spine.outbox).add_all(session, [
                CampaignCreated(campaign_id=uuid.uuid4(), name="e", brand="b",
                                created_at=datetime.now(UTC)) for _ in range(count)], uuid.uuid4())

    async def stream() -> None:  # 50 events a second, 5 to a transaction, until stopped
        while not stop.is_set():
            await write(5)
            await asyncio.sleep(0.1)

    writer = asyncio.create_task(stream())
    try:
        async def _flowing() -> bool:  # the processes are up: the first events are applied
            conn = await asyncpg.connect(url)
            try:
                return bool(await conn.fetchval("SELECT count(*) FROM bench_faults.applied"))
            finally:
                await conn.close()

        await eventually(_flowing, timeout=120)
        await write(2000)  # full polls: batches long enough to be caught inside
        assert await faults.inside_a_batch(settings.database_url, "consumer", within_s=30)
        os.kill(procs["consumer"].pid, signal.SIGKILL)
        procs["consumer"].wait()
        procs["consumer"] = faults.spawn("consumer", env)
        await asyncio.sleep(2)
        stop.set()
        await writer
        recovered = await faults.recovered_after(settings.database_url, time.monotonic(), 90)
        assert recovered is not None, "the new consumer did not catch up"
        conn = await asyncpg.connect(url)
        try:
            sent = await conn.fetchval("SELECT count(*) FROM campaigns.outbox")
            applied = await conn.fetch(
                "SELECT event_id, count(*) AS n FROM bench_faults.applied GROUP BY event_id")
        finally:
            await conn.close()
    finally:
        stop.set()
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            proc.wait(30)
        await runtime.close()
    assert len(applied) == sent
    assert [row["event_id"] for row in applied if row["n"] > 1] == []
