"""Faults benchmark (issue 18): under a steady stream of events, kill and pause the real processes
and check that every event is applied exactly once afterwards. Prints one JSON object last.

    .venv/bin/python bench/faults.py [--rate 40] [--pause-s 30] [--timeout-s 180]

Always starts its own PostgreSQL and broker (it restarts and pauses them; never point it at a
shared stack), applies the campaigns migrations, and runs the spine as deployed, in processes of
their own: an outbox relay (`--role relay`) and a consumer (`--role consumer`), which records
each event it applies in `bench_faults.applied` in the transaction that marks it processed. This
process writes `--rate` events a second into `campaigns.outbox`, as a service's API would, and
meanwhile, one after the other:

- `relay_sigkill`: SIGKILL of the relay while it holds a batch (its transaction is open), then a
  new relay;
- `consumer_sigkill`: SIGKILL of the consumer inside a batch's transaction, then a new consumer;
- `broker_pause`: the broker (Tansu) stopped with SIGSTOP for `--pause-s`, then SIGCONT;
- `postgres_restart`: PostgreSQL stopped (fast shutdown) and started again.

`recover_s` is the time from the fault's end (the new process started, the broker resumed, the
database back) until every event written up to then is applied; `none` measures the same with
no fault, the floor the others compare with. The ceiling, `capacity_per_s`, is how fast the
consumer works off a burst of 2,000 events on this machine and broker, measured first: a `--rate`
near it leaves no headroom to catch up after a fault, and recovery then measures the backlog
(the embedded broker hands out little per fetch: about 70 events/s on a loaded 2-core machine).
`events_sent` counts the outbox's rows (a write whose commit failed with the database is not an
event), `events_lost` those never applied, `events_applied_twice` those applied more than once,
`duplicates_dropped` the redeliveries the consumer's `processed_events` dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import text

from services.campaigns.db import metadata, spine
from shared.bus.consumer import EventConsumer
from shared.bus.outbox import Outbox
from shared.bus.relay import OutboxRelay
from shared.cli.registry import service
from shared.db.engine import make_sessionmaker
from shared.db.migrate import upgrade
from shared.devstack.broker import EmbeddedBroker
from shared.devstack.postgres import EmbeddedPostgres
from shared.devstack.processes import die_with_parent, free_port
from shared.events.catalog import REGISTRY
from shared.events.catalog.campaigns import CampaignCreated
from shared.events.envelope import Envelope
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings

ROOT = Path(__file__).resolve().parent.parent

SCHEMA_SQL = """
CREATE SCHEMA IF NOT EXISTS bench_faults;
CREATE TABLE IF NOT EXISTS bench_faults.applied (event_id uuid NOT NULL, applied_at timestamptz
    NOT NULL DEFAULT clock_timestamp());
CREATE INDEX IF NOT EXISTS applied_event_id ON bench_faults.applied (event_id);
CREATE TABLE IF NOT EXISTS bench_faults.dropped (n int NOT NULL);
"""
CONSUMER = "faults"
_BURST = 2_000


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def settings_for(database_url: str, bootstrap: str, prefix: str) -> BaseServiceSettings:
    return service("campaigns").settings_cls(
        database_url=database_url, kafka_bootstrap_servers=bootstrap, kafka_topic_prefix=prefix,
        kafka_topic_partitions=3, outbox_poll_interval_s=0.05, db_pool_size=10,
        kafka_request_timeout_ms=5000)


# --- the child processes ------------------------------------------------------------------------


class _CountingConsumer(EventConsumer):
    """Records, in the batch's own transaction, how many deliveries `processed_events` dropped."""

    async def _claim(self, session: Any, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        fresh = await super()._claim(session, event_ids)
        if dropped := len(event_ids) - len(fresh):
            await session.execute(text("INSERT INTO bench_faults.dropped (n) VALUES (:n)"), {"n": dropped})
        return fresh


async def _apply(session: Any, envelope: Envelope[Any]) -> None:
    await session.execute(text("INSERT INTO bench_faults.applied (event_id) VALUES (:id)"),
                          {"id": envelope.id})


async def run_role(role: str) -> None:
    """`--role relay|consumer`: one part of the spine until SIGTERM; its database sessions are
    named `faults-<role>` so the driver can see when it is inside a batch."""
    from sqlalchemy.ext.asyncio import create_async_engine

    settings = settings_for(os.environ["DATABASE_URL"], os.environ["KAFKA_BOOTSTRAP_SERVERS"],
                            os.environ["KAFKA_TOPIC_PREFIX"])
    engine = create_async_engine(settings.database_url, pool_size=5, max_overflow=5, pool_pre_ping=True,
                                 connect_args={"server_settings": {"application_name": f"faults-{role}"}})
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    part: OutboxRelay | EventConsumer
    if role == "relay":
        part = OutboxRelay(settings, engine, spine)
    else:
        part = _CountingConsumer(CONSUMER, settings, make_sessionmaker(engine), spine.processed_events,
                                 REGISTRY, {CampaignCreated: _apply})
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format=f"%(asctime)s {role} %(levelname)s %(name)s %(message)s")
    try:
        await part.run(stop)
    finally:
        await engine.dispose()


# --- the driver ---------------------------------------------------------------------------------


def spawn(role: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The role's process; its log goes to `$FAULTS_LOG_DIR/<role>.log` when that is set."""
    logs = env.get("FAULTS_LOG_DIR")
    out = open(Path(logs) / f"{role}.log", "ab") if logs else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--role", role], env=env,
                            cwd=ROOT, stdout=out, stderr=out, preexec_fn=die_with_parent(signal.SIGKILL))


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def produce(runtime: ServiceRuntime, rate: float, stop: asyncio.Event) -> None:
    """`rate` events a second, five to a transaction; writes that fail (the database restarting)
    are not retried: the outbox's rows are what was sent."""
    outbox, workspace, n = Outbox(spine.outbox), uuid.uuid4(), 0
    campaigns = [uuid.uuid4() for _ in range(20)]
    started = time.monotonic()
    while not stop.is_set():
        events = [CampaignCreated(campaign_id=campaigns[(n + i) % len(campaigns)], name=f"e{n + i}",
                                  brand="bench", created_at=datetime.now(UTC)) for i in range(5)]
        n += 5
        try:
            async with runtime.sessions() as session, session.begin():
                outbox.add_all(session, events, workspace)
        except Exception as exc:  # the database away: the next tick tries again
            log(f"write failed: {type(exc).__name__}")
        await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))


async def behind(url: str, through_seq: int) -> int | None:
    """Outbox rows up to `through_seq` not applied yet; None while the database is unreachable."""
    try:
        conn = await asyncpg.connect(plain(url), timeout=2)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return None
    try:
        return int(await conn.fetchval(
            "SELECT count(*) FROM campaigns.outbox o WHERE o.seq <= $1 AND NOT EXISTS "
            "(SELECT 1 FROM bench_faults.applied a WHERE a.event_id = o.event_id)", through_seq))
    except (OSError, asyncpg.PostgresError):
        return None
    finally:
        await conn.close()


async def newest_seq(url: str) -> int:
    while True:
        with contextlib.suppress(OSError, asyncpg.PostgresError, TimeoutError):
            conn = await asyncpg.connect(plain(url), timeout=2)
            try:
                return int(await conn.fetchval("SELECT coalesce(max(seq), 0) FROM campaigns.outbox"))
            finally:
                await conn.close()
        await asyncio.sleep(0.2)


async def recovered_after(url: str, cleared_at: float, timeout_s: float) -> float | None:
    """Seconds from `cleared_at` until everything written up to it is applied (None: never)."""
    target = await newest_seq(url)
    while time.monotonic() - cleared_at < timeout_s:
        if await behind(url, target) == 0:
            return round(time.monotonic() - cleared_at, 2)
        await asyncio.sleep(0.1)
    return None


async def inside_a_batch(url: str, role: str, within_s: float = 10.0) -> bool:
    """Waits until the role's session holds an open transaction (a batch under way)."""
    conn = await asyncpg.connect(plain(url))
    try:
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            if await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 "
                "AND state IN ('idle in transaction', 'active') AND xact_start IS NOT NULL "
                "AND query NOT ILIKE 'LISTEN%'", f"faults-{role}"):
                return True
            await asyncio.sleep(0.002)
        return False
    finally:
        await conn.close()


class Stack:
    def __init__(self, work: Path) -> None:
        self.pg = EmbeddedPostgres(work / "pg", free_port(), durable=False)
        self.broker = EmbeddedBroker(free_port(), log_path=work / "broker.log")
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.env: dict[str, str] = {}

    def start(self) -> None:
        url = self.pg.start()
        bootstrap = self.broker.start()
        self.env = {**os.environ, "DATABASE_URL": url, "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
                    "KAFKA_TOPIC_PREFIX": f"f{uuid.uuid4().hex[:8]}."}

    @property
    def url(self) -> str:
        return self.env["DATABASE_URL"]

    def restart_role(self, role: str) -> None:
        self.procs[role] = spawn(role, self.env)

    def kill(self, role: str) -> None:
        proc = self.procs[role]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.broker.stop()
        self.pg.stop()


async def drive(stack: Stack, rate: float, pause_s: float, timeout_s: float) -> dict[str, Any]:
    settings = settings_for(stack.url, stack.env["KAFKA_BOOTSTRAP_SERVERS"], stack.env["KAFKA_TOPIC_PREFIX"])
    runtime = ServiceRuntime.create(settings, metadata, spine)
    stop = asyncio.Event()
    writer = asyncio.create_task(produce(runtime, rate, stop))
    faults: dict[str, dict[str, Any]] = {}
    try:
        first = await recovered_after(stack.url, time.monotonic(), timeout_s)
        log(f"stream flowing after {first}s")
        burst_started = time.monotonic()
        async with runtime.sessions() as session, session.begin():
            Outbox(spine.outbox).add_all(session, [
                CampaignCreated(campaign_id=uuid.uuid4(), name="burst", brand="bench",
                                created_at=datetime.now(UTC)) for _ in range(_BURST)], uuid.uuid4())
        drained = await recovered_after(stack.url, burst_started, timeout_s)
        capacity = round(_BURST / drained) if drained else None
        log(f"capacity: {capacity} events/s")
        for fault in ("none", "relay_sigkill", "consumer_sigkill", "broker_pause", "postgres_restart"):
            await asyncio.sleep(3)
            detail: dict[str, Any] = {}
            started = time.monotonic()
            if fault in ("relay_sigkill", "consumer_sigkill"):
                role = fault.split("_")[0]
                detail["mid_batch"] = await inside_a_batch(stack.url, role)
                stack.kill(role)
                stack.restart_role(role)
            elif fault == "broker_pause":
                assert stack.broker.pid is not None
                os.kill(stack.broker.pid, signal.SIGSTOP)
                await asyncio.sleep(pause_s)
                os.kill(stack.broker.pid, signal.SIGCONT)
            elif fault == "postgres_restart":
                await asyncio.to_thread(stack.pg.stop)
                await asyncio.to_thread(stack.pg.start)
            cleared = time.monotonic()
            detail["fault_s"] = round(cleared - started, 2)
            detail["recover_s"] = await recovered_after(stack.url, cleared, timeout_s)
            faults[fault] = detail
            log(f"{fault}: {detail}")
        await asyncio.sleep(3)
    finally:
        stop.set()
        await writer
        await runtime.close()
    await recovered_after(stack.url, time.monotonic(), timeout_s)
    await asyncio.sleep(2)  # a late redelivery would show as a second application
    conn = await asyncpg.connect(plain(stack.url))
    try:
        sent = await conn.fetchval("SELECT count(*) FROM campaigns.outbox")
        applied = await conn.fetchval("SELECT count(DISTINCT event_id) FROM bench_faults.applied")
        lost = await conn.fetchval(
            "SELECT count(*) FROM campaigns.outbox o WHERE NOT EXISTS "
            "(SELECT 1 FROM bench_faults.applied a WHERE a.event_id = o.event_id)")
        twice = await conn.fetchval(
            "SELECT count(*) FROM (SELECT event_id FROM bench_faults.applied GROUP BY event_id "
            "HAVING count(*) > 1) t")
        dropped = await conn.fetchval("SELECT coalesce(sum(n), 0) FROM bench_faults.dropped")
    finally:
        await conn.close()
    return {"capacity_per_s": capacity, "events_sent": sent, "events_applied": applied, "events_lost": lost,
            "events_applied_twice": twice, "duplicates_dropped": int(dropped), "faults": faults}


def prepare(url: str) -> None:
    upgrade("campaigns", url)

    async def _schema() -> None:
        conn = await asyncpg.connect(plain(url))
        try:
            await conn.execute(SCHEMA_SQL)
        finally:
            await conn.close()

    asyncio.run(_schema())


@contextlib.contextmanager
def running(work: Path) -> Iterator[Stack]:
    stack = Stack(work)
    try:
        stack.start()
        prepare(stack.url)
        stack.restart_role("relay")
        stack.restart_role("consumer")
        yield stack
    finally:
        stack.stop()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--role", choices=("relay", "consumer"), help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, default=40.0, help="events written per second")
    parser.add_argument("--pause-s", type=float, default=30.0, help="how long the broker is paused")
    parser.add_argument("--timeout-s", type=float, default=180.0, help="the longest wait for recovery")
    args = parser.parse_args(argv)
    if args.role:
        asyncio.run(run_role(args.role))
        return
    os.environ.setdefault("JWT_SECRET", "bench-faults-" + uuid.uuid4().hex)
    with tempfile.TemporaryDirectory(prefix="icp-faults-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o755)  # PostgreSQL may run as another user (see shared.devstack.postgres)
        with running(work) as stack:
            result = asyncio.run(drive(stack, args.rate, args.pause_s, args.timeout_s))
    result.update(rate_per_s=args.rate, broker_pause_s=args.pause_s, cpus=os.cpu_count(),
                  load_1m=round(os.getloadavg()[0], 2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
