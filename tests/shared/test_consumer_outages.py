"""A worker rides out outages against the real database and broker: a paused broker, an
unreachable or busy database; only a signal ends it."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.db import metadata, spine
from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay
from shared.devstack.broker import EmbeddedBroker
from shared.devstack.processes import free_port
from shared.events.catalog import REGISTRY
from shared.events.catalog.discovery import InfluencerShortlisted, InfluencerSnapshot
from shared.events.envelope import Envelope, encode_data, to_headers, wrap
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually
from shared.worker import Worker

Settings = Callable[..., BaseServiceSettings]
SOURCE = "discovery.shortlist"


def _envelope() -> Envelope[InfluencerShortlisted]:
    return wrap(InfluencerShortlisted(
        shortlist_id=uuid.uuid4(), campaign_id=uuid.uuid4(), influencer_id=uuid.uuid4(),
        snapshot=InfluencerSnapshot(display_name="Ana"), shortlisted_at=datetime.now(UTC)),
        uuid.uuid4())


async def _produce(settings: BaseServiceSettings, envelopes: list[Envelope[Any]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        for envelope in envelopes:
            await producer.send_and_wait(
                f"{settings.kafka_topic_prefix}{SOURCE}", value=encode_data(envelope.data),
                key=envelope.subject.encode(), headers=to_headers(envelope))
    finally:
        await producer.stop()


async def _dead_letters(settings: BaseServiceSettings) -> list[Any]:
    from aiokafka import AIOKafkaConsumer

    reader = AIOKafkaConsumer(f"{settings.kafka_topic_prefix}dlq.campaigns.{SOURCE}",
                              bootstrap_servers=settings.kafka_bootstrap_servers,
                              auto_offset_reset="earliest", group_id=f"r-{uuid.uuid4().hex}")
    await reader.start()
    try:
        got: list[Any] = []
        for _ in range(3):
            got += [r for part in (await reader.getmany(timeout_ms=500)).values() for r in part]
        return got
    finally:
        await reader.stop()


async def test_a_dead_letter_the_paused_broker_did_not_take_is_sent_later_and_consuming_goes_on(
    make_settings: Settings, tmp_path: Any,
) -> None:
    """The broker stops answering while a failed event is dead-lettered: the send times out, the
    producer is rebuilt and the record tried again; the consumer never ends."""
    broker = EmbeddedBroker(free_port(), log_path=tmp_path / "broker.log")
    broker.start()
    settings = make_settings("campaigns", kafka_bootstrap_servers=broker.bootstrap_servers,
                             kafka_request_timeout_ms=1500, consumer_max_retries=0)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    bad, good = _envelope(), _envelope()
    applied: list[uuid.UUID] = []

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        if envelope.id == bad.id:
            if not applied:  # the first attempt: the broker goes away before the dead letter
                assert broker.pid is not None
                os.kill(broker.pid, signal.SIGSTOP)
                applied.append(envelope.id)
            raise ValueError("the handler cannot apply this event")
        applied.append(envelope.id)

    consumer = EventConsumer("campaigns", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await _produce(settings, [bad])
        await eventually(lambda: bool(applied), timeout=60)
        await asyncio.sleep(4)  # the dead letter's send times out (1.5 s) while paused
        assert not task.done(), f"the consumer ended: {task.exception()!r}"
        assert broker.pid is not None
        os.kill(broker.pid, signal.SIGCONT)
        await _produce(settings, [good])
        await eventually(lambda: good.id in applied, timeout=60)
        await eventually(consumer.caught_up, timeout=30)
        dead = await _dead_letters(settings)
    finally:
        if broker.pid is not None:
            os.kill(broker.pid, signal.SIGCONT)
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await runtime.close()
        broker.stop()
    assert {dict(r.headers)["ce_id"].decode() for r in dead} == {str(bad.id)}
    assert applied.count(good.id) == 1


async def test_waiting_for_the_database_pauses_the_partitions_and_a_stop_still_ends_it(
    make_settings: Settings,
) -> None:
    """While the database is unreachable the consumer keeps polling with its partitions paused
    (a member that stops polling is dropped from the group) and a shutdown ends it at once."""
    settings = make_settings("campaigns")
    await _produce(settings, [_envelope()])
    unreachable = settings.model_copy(update={
        "database_url": f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/nowhere"})
    runtime = ServiceRuntime.create(unreachable, metadata, spine)
    consumer = EventConsumer("campaigns", unreachable, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: _never_reached})
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        async def _paused() -> bool:
            kafka = consumer._consumer
            return kafka is not None and bool(kafka.paused())  # the event's partition

        await eventually(_paused, timeout=60)
        await asyncio.sleep(1.5)
        assert await _paused(), "the partition was resumed while the database stayed away"
    finally:
        stop.set()
        done, _ = await asyncio.wait([task], timeout=5)
        await runtime.close()
    assert done, "a shutdown during a database outage must end the consumer"


async def _never_reached(session: AsyncSession, envelope: Envelope[Any]) -> None:
    raise AssertionError("the database was unreachable")


# Each attempt meets one more transient error, as PostgreSQL reports it (a statement timeout, a
# read-only standby after a fail-over, and the SQLSTATEs of a deadlock, a serialization failure
# and too many connections raised by the server), then one attempt succeeds.
_TRANSIENT_FAILURES = [
    ("SET LOCAL statement_timeout = 1", "SELECT pg_sleep(1)"),
    ("SET LOCAL transaction_read_only = on", "CREATE TEMP TABLE t (x int)"),
    ("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$",),
    ("DO $$ BEGIN RAISE EXCEPTION 'serialization' USING ERRCODE = '40001'; END $$",),
    ("DO $$ BEGIN RAISE EXCEPTION 'too many' USING ERRCODE = '53300'; END $$",),
]


async def test_transient_database_errors_are_retried_until_applied_never_dead_lettered(
    make_settings: Settings,
) -> None:
    settings = make_settings("campaigns", consumer_max_retries=0)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    envelope = _envelope()
    attempts: list[int] = []

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        attempts.append(1)
        if len(attempts) <= len(_TRANSIENT_FAILURES):
            for statement in _TRANSIENT_FAILURES[len(attempts) - 1]:
                await session.execute(text(statement))

    consumer = EventConsumer("campaigns", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await _produce(settings, [envelope])
        await eventually(lambda: len(attempts) > len(_TRANSIENT_FAILURES), timeout=60)
        await eventually(consumer.caught_up, timeout=30)
        async with runtime.sessions() as session:
            processed = await session.scalar(select(func.count()).select_from(spine.processed_events)
                                             .where(spine.processed_events.c.event_id == envelope.id))
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await runtime.close()
    assert len(attempts) == len(_TRANSIENT_FAILURES) + 1
    assert processed == 1
    assert await _dead_letters(settings) == []


async def test_the_database_going_away_mid_handler_is_waited_out_and_applied_once(
    make_settings: Settings,
) -> None:
    """The server ends the session (a restart, a fail-over) more often than retries allow."""
    settings = make_settings("campaigns", consumer_max_retries=1)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    calls: list[uuid.UUID] = []

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        calls.append(envelope.id)
        if len(calls) <= 3:
            await session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))

    consumer = EventConsumer("campaigns", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    envelope = _envelope()
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await _produce(settings, [envelope, envelope])  # redelivered: applied already
        await eventually(lambda: len(calls) >= 4, timeout=60)
        await eventually(consumer.caught_up, timeout=30)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await runtime.close()
    assert calls == [envelope.id] * 4


class _FailsOnce:
    name = "fails-once"
    period_s = 0.0

    def __init__(self) -> None:
        self.runs = 0

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None:
        self.runs += 1
        if self.runs == 1:
            raise RuntimeError("a job's bug")
        await stop.wait()


async def test_a_failing_part_is_restarted_and_only_stop_ends_the_worker(make_settings: Settings) -> None:
    settings = make_settings("campaigns")
    runtime = ServiceRuntime.create(settings, metadata, spine)
    job = _FailsOnce()
    worker = Worker(relay=OutboxRelay(settings, runtime.engine, spine), jobs=[job])
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        await eventually(lambda: job.runs == 2, timeout=10)
        assert not task.done()
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await runtime.close()
