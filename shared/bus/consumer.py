"""The consumer runner: idempotent handling, offsets after the database, retries, then the DLQ.

Per message: decode, open a session, record `(consumer, event id)` in `processed_events` in the
same transaction as the handler's writes (a duplicate inserts nothing and is skipped), commit the
database, then the offset. A poll's records are applied in one transaction and their offsets
committed in one request; when that fails, partitions are worked concurrently, each strictly in
order, one record at a time. A failing handler is retried a few times, then its event goes to
the dead-letter topic; the database being unreachable is waited out, the partition paused.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeAlias

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError
from aiokafka.structs import ConsumerRecord
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.bus.dlq import dlq_headers, dlq_topic
from shared.bus.kafka import ensure_topics, make_producer, topic_name
from shared.bus.telemetry import WorkerTelemetry, record_lag
from shared.db.errors import database_unavailable
from shared.events.base import Event
from shared.events.envelope import Envelope, PoisonMessage, decode
from shared.events.registry import EventRegistry
from shared.settings import BaseServiceSettings

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Envelope[Any]], Awaitable[None]]
# Reads, in one query, what a batch's handlers will look up one event at a time.
Preload = Callable[[AsyncSession, Sequence[Envelope[Any]]], Awaitable[None]]
Record: TypeAlias = ConsumerRecord[bytes, bytes]
_MAX_OUTAGE_WAIT_S = 5.0


class EventConsumer:
    """Consumes the topics of `handlers`' event types as consumer group `name`."""

    def __init__(
        self,
        name: str,
        settings: BaseServiceSettings,
        sessions: async_sessionmaker[AsyncSession],
        processed_events: Table,
        registry: EventRegistry,
        handlers: Mapping[type[Event], Handler],
        preload: Preload | None = None,
    ) -> None:
        self.name = name
        self.group = f"{settings.kafka_topic_prefix}{name}"
        self.settings = settings
        self.sessions = sessions
        self.processed = processed_events
        self.registry = registry
        self.handlers = {event.ce_type(): fn for event, fn in handlers.items()}
        self.topics = sorted({topic_name(settings, e.topic()) for e in handlers})
        self.preload = preload
        self._consumer: AIOKafkaConsumer | None = None
        self._dlq: AIOKafkaProducer | None = None
        self._committed: dict[TopicPartition, int] = {}
        self._loop = f"consumer:{name}"
        self.telemetry = WorkerTelemetry(settings.service_name)
        self.telemetry.add_probe(self.measure_lag)

    def attach(self, telemetry: WorkerTelemetry) -> None:
        """Reports to the worker's telemetry instead of its own."""
        self.telemetry = telemetry
        telemetry.add_probe(self.measure_lag)

    async def measure_lag(self) -> None:
        await record_lag(self.telemetry, self.name, self._consumer, self._committed)

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop`; a broker that is down at start-up is waited for, not fatal."""
        delay = self.settings.consumer_retry_backoff_s
        while not stop.is_set():
            self.telemetry.beat(self._loop)
            try:
                await self._start()
                break
            except (KafkaError, OSError) as exc:
                log.warning("consumer waiting for the broker", extra={"error": repr(exc)})
                await self._stop_clients()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=delay)
                delay = min(delay * 2 + 0.1, 5.0)
        if stop.is_set():
            await self._stop_clients()
            return
        assert self._consumer is not None
        try:
            while not stop.is_set():
                self.telemetry.beat(self._loop)
                batch = await self._consumer.getmany(timeout_ms=100, max_records=500)
                await self._drain(batch)
        finally:
            await self._stop_clients()

    async def _start(self) -> None:
        dead_letters = [self._dlq_topic(t) for t in self.topics]
        await ensure_topics(self.settings, [*self.topics, *dead_letters])
        self._dlq = make_producer(self.settings)
        await self._dlq.start()
        self._consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=self.settings.kafka_bootstrap_servers,
            group_id=self.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=self.settings.kafka_fetch_max_wait_ms,
            client_id=f"icp-{self.name}",
        )
        await self._consumer.start()

    async def _stop_clients(self) -> None:
        for client in (self._consumer, self._dlq):
            if client is not None:
                with contextlib.suppress(KafkaError, OSError):
                    await client.stop()

    async def caught_up(self) -> bool:
        """Whether every record published so far on the assigned partitions is committed."""
        consumer = self._consumer
        if consumer is None or not consumer.assignment():
            return False
        partitions = list(consumer.assignment())
        end = await consumer.end_offsets(partitions)
        for tp in partitions:
            if (await consumer.committed(tp) or 0) < end[tp]:
                return False
        return True

    async def _drain(self, batch: dict[TopicPartition, list[Record]]) -> None:
        records = [record for part in batch.values() for record in part]
        if len(records) > 1 and await self._apply_together(records):
            await self._commit({tp: part[-1] for tp, part in batch.items()})
            return
        await asyncio.gather(*(self._one_by_one(tp, part) for tp, part in batch.items()))

    async def _one_by_one(self, tp: TopicPartition, records: list[Record]) -> None:
        for record in records:
            await self.process(record)
            if not await self._commit({tp: record}):
                return

    async def _apply_together(self, records: list[Record]) -> bool:
        """A poll's batch in one transaction: under load, one commit instead of one per record.

        Anything unusual (poison, a failing handler) rolls the whole batch back, and it is then
        worked one record at a time, with retries and the DLQ.
        """
        try:
            envelopes = [decode(r.headers, r.value, self.registry) for r in records]
            mine = [(e, self.handlers[e.type]) for e in envelopes if e.type in self.handlers]
            async with self.sessions() as session, session.begin():
                fresh = await self._claim(session, [envelope.id for envelope, _ in mine])
                if self.preload is not None and fresh:
                    await self.preload(session, [e for e, _ in mine if e.id in fresh])
                for envelope, handler in mine:
                    if envelope.id in fresh:
                        fresh.discard(envelope.id)  # a duplicate inside the batch runs once
                        await self._run_handler(session, envelope, handler)
            for envelope in envelopes:
                if envelope.type not in self.handlers:
                    self.telemetry.skipped.labels(self.name, envelope.type).inc()
        except Exception as exc:
            log.info("batch falls back to one record at a time", extra={"error": repr(exc)})
            return False
        return True

    async def _claim(self, session: AsyncSession, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Records the events as processed by this consumer; returns those it had not seen."""
        if not event_ids:
            return set()
        # Parameters apart from the statement (not in `.values()`): it is then compiled once,
        # not once per batch, and sent as one multi-row INSERT.
        rows = await session.scalars(
            insert(self.processed).on_conflict_do_nothing().returning(self.processed.c.event_id),
            [{"consumer": self.name, "event_id": i} for i in dict.fromkeys(event_ids)],
        )
        return set(rows)

    async def _commit(self, last: dict[TopicPartition, Record]) -> bool:
        """Commits each partition's offset past its `last` record, all in one request."""
        assert self._consumer is not None
        offsets = {tp: record.offset + 1 for tp, record in last.items()}
        try:
            await self._consumer.commit(offsets)
        except (CommitFailedError, IllegalStateError):
            # A partition moved to another member during a rebalance; it re-delivers from the
            # last commit and processed_events drops what we already applied.
            log.info("partition revoked mid-batch", extra={"partitions": [str(tp) for tp in last]})
            return False
        self._committed.update(offsets)
        return True

    async def process(self, record: Record) -> None:
        try:
            envelope = decode(record.headers, record.value, self.registry)
        except PoisonMessage as poison:
            await self._dead_letter(record, poison.reason, poison)
            return
        handler = self.handlers.get(envelope.type)
        if handler is None:
            # Another consumer's event type on a shared topic: not ours to handle.
            self.telemetry.skipped.labels(self.name, envelope.type).inc()
            return
        await self._handle_with_retries(record, envelope, handler)

    async def _handle_with_retries(
        self, record: Record, envelope: Envelope[Any], handler: Handler
    ) -> None:
        """Bounded retries, then the DLQ; the database being away is waited out instead (the
        event is not at fault, and everything arriving meanwhile would follow it there)."""
        failures, outage_wait = 0, self.settings.consumer_retry_backoff_s
        while True:
            try:
                await self._handle_once(envelope, handler)
                return
            except Exception as exc:
                if database_unavailable(exc):
                    log.warning("database unavailable; the event waits", extra={
                        "event": str(envelope.id), "error": repr(exc)})
                    self.telemetry.retries.labels(self.name, "database_unavailable").inc()
                    self.telemetry.beat(self._loop)  # waiting out an outage is not a stall
                    await asyncio.sleep(outage_wait)
                    outage_wait = min(outage_wait * 2, _MAX_OUTAGE_WAIT_S)
                    continue
                failures += 1
                if failures > self.settings.consumer_max_retries:
                    log.exception("handler failed; dead-lettering", extra={"event": str(envelope.id)})
                    await self._dead_letter(record, "handler_error", exc)
                    return
                self.telemetry.retries.labels(self.name, "handler_error").inc()
                await asyncio.sleep(self.settings.consumer_retry_backoff_s * 2 ** (failures - 1))

    async def _handle_once(self, envelope: Envelope[Any], handler: Handler) -> None:
        async with self.sessions() as session, session.begin():
            await self._apply(session, envelope, handler)

    async def _apply(self, session: AsyncSession, envelope: Envelope[Any], handler: Handler) -> None:
        """Runs the handler unless this consumer already applied the event (same transaction)."""
        if await self._claim(session, [envelope.id]):
            await self._run_handler(session, envelope, handler)

    async def _run_handler(self, session: AsyncSession, envelope: Envelope[Any], handler: Handler) -> None:
        started = time.perf_counter()
        await handler(session, envelope)
        self.telemetry.handler_seconds.labels(self.name, envelope.type).observe(
            time.perf_counter() - started)

    def _dlq_topic(self, topic: str) -> str:
        source = topic.removeprefix(self.settings.kafka_topic_prefix)
        return topic_name(self.settings, dlq_topic(self.settings.service_name, source))

    async def _dead_letter(self, record: Record, reason: str, error: BaseException) -> None:
        assert self._dlq is not None
        target = self._dlq_topic(record.topic)
        log.warning("dead-lettered", extra={"reason": reason, "topic": record.topic,
                                            "offset": record.offset})
        await self._dlq.send_and_wait(
            target, value=record.value, key=record.key,
            headers=dlq_headers(record, self.group, reason, error),
        )
        self.telemetry.dead_letters.labels(self.name, reason).inc()
