"""The consumer runner: idempotent handling, offsets after the database, retries, then the DLQ.

Per message: decode, open a session, record `(consumer, event id)` in `processed_events` in the
same transaction as the handler's writes (a duplicate inserts nothing and is skipped), commit the
database, then the offset. A poll's records are applied in one transaction and their offsets
committed in one request; when that fails, partitions are worked concurrently, each strictly in
order, one record at a time. A failing handler is retried a few times, then its event goes to
the dead-letter topic. What is not the event's fault is never dead-lettered: a transient database
error (`shared.db.errors.transient`) or a dead letter the broker did not take pauses the
partition, rewound to that record, and it is tried again after a capped backoff while the
consumer keeps polling (so the group keeps it as a member) and keeps honouring shutdown. Any other
failure (a commit the broker refused, say) rebuilds the clients after a backoff: `run()` ends
only when told to stop. An event type this service does not handle or does not know yet (a
producer emitting v1 and v2 side by side) is skipped and counted (`icp_events_skipped`).
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
from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.bus.backoff import Backoff
from shared.bus.dlq import dlq_headers, dlq_topic
from shared.bus.kafka import ensure_topics, make_producer, topic_name
from shared.bus.telemetry import WorkerTelemetry, record_lag
from shared.db.errors import transient
from shared.events.base import Event
from shared.events.envelope import Envelope, PoisonMessage, decode
from shared.events.registry import EventRegistry
from shared.settings import BaseServiceSettings
from shared.tracing import consumer_span

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Envelope[Any]], Awaitable[None]]
# Reads, in one query, what a batch's handlers will look up one event at a time.
Preload = Callable[[AsyncSession, Sequence[Envelope[Any]]], Awaitable[None]]
Record: TypeAlias = ConsumerRecord[bytes, bytes]
_MAX_BACKOFF_S = 5.0


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
        self.registry = registry
        self.handlers = {event.ce_type(): fn for event, fn in handlers.items()}
        self.topics = sorted({topic_name(settings, e.topic()) for e in handlers})
        self.preload = preload
        # The batch's ids as one array, unnested: one statement text whatever the batch's size
        # (prepared once), two parameters instead of two per event to bind and plan.
        table = processed_events
        self._claiming = insert(table).from_select(
            ["consumer", "event_id"],
            select(bindparam("consumer", type_=table.c.consumer.type),
                   func.unnest(bindparam("event_ids", type_=ARRAY(table.c.event_id.type)))),
        ).on_conflict_do_nothing().returning(table.c.event_id)
        self._consumer: AIOKafkaConsumer | None = None
        self._dlq: AIOKafkaProducer | None = None
        first = settings.consumer_retry_backoff_s
        self._restart_backoff = Backoff(first, _MAX_BACKOFF_S)
        self._retry_backoff = Backoff(first, _MAX_BACKOFF_S)
        # Partitions paused on a record to try again → when (event loop time) to resume them.
        self._held: dict[TopicPartition, float] = {}
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
        """Consume until `stop`. Nothing else ends it: a broker that is down, a commit or a
        dead letter it refused, any unexpected error rebuild the clients after a backoff."""
        while not stop.is_set():
            self.telemetry.beat(self._loop)
            try:
                await self._start()
                await self._consume(stop)
            except Exception as exc:  # the worker outlives any one failure
                if isinstance(exc, KafkaError | OSError):
                    log.warning("consumer rebuilding its broker clients", extra={"error": repr(exc)})
                else:
                    log.exception("consumer failed; rebuilding its clients")
            finally:
                await self._stop_clients()
            if not stop.is_set():
                await self._restart_backoff.wait(stop)

    async def _consume(self, stop: asyncio.Event) -> None:
        assert self._consumer is not None
        while not stop.is_set():
            self.telemetry.beat(self._loop)  # a partition held through an outage is no stall
            self._resume_due()
            batch = await self._consumer.getmany(timeout_ms=100, max_records=500)
            if batch:
                await self._drain(batch)
            self._restart_backoff.reset()

    async def _start(self) -> None:
        dead_letters = [self._dlq_topic(t) for t in self.topics]
        await ensure_topics(self.settings, [*self.topics, *dead_letters])
        self._held.clear()
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
        clients, self._consumer, self._dlq = (self._consumer, self._dlq), None, None
        for client in clients:
            if client is not None:
                with contextlib.suppress(KafkaError, OSError):
                    await client.stop()

    def _hold(self, stalled: dict[TopicPartition, Record]) -> None:
        """Rewinds each partition to the record it could not finish and pauses it until the
        backoff's next delay has passed; polling goes on meanwhile."""
        assert self._consumer is not None
        resume_at = asyncio.get_running_loop().time() + self._retry_backoff.next()
        assigned = self._consumer.assignment()
        for tp, record in stalled.items():
            if tp in assigned:  # else revoked meanwhile: its new owner starts from the commit
                self._consumer.seek(tp, record.offset)
                self._consumer.pause(tp)
                self._held[tp] = resume_at

    def _resume_due(self) -> None:
        assert self._consumer is not None
        now = asyncio.get_running_loop().time()
        due = [tp for tp, at in self._held.items() if at <= now]
        for tp in due:
            del self._held[tp]
        assigned = self._consumer.assignment()
        self._consumer.resume(*(tp for tp in due if tp in assigned))

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
        # Every partition finishes before an error is raised: the clients are then rebuilt.
        results = await asyncio.gather(
            *(self._one_by_one(tp, part) for tp, part in batch.items()), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        self._hold({tp: r for tp, r in zip(batch, results, strict=True)
                    if isinstance(r, ConsumerRecord)})

    async def _one_by_one(self, tp: TopicPartition, records: list[Record]) -> Record | None:
        """Applies and commits in order; returns the record to try again later, if any."""
        for record in records:
            if not await self.process(record):
                return record
            if not await self._commit({tp: record}):
                return None
        return None

    async def _apply_together(self, records: list[Record]) -> bool:
        """A poll's batch in one transaction: under load, one commit instead of one per record.

        Anything unusual (poison, a failing handler) rolls the whole batch back, and it is then
        worked one record at a time, with retries and the DLQ.
        """
        try:
            decoded = [(r, self._decode(r)) for r in records]
            mine = [(e, self.handlers[e.type]) for _, e in decoded
                    if e is not None and e.type in self.handlers]
            async with self.sessions() as session, session.begin():
                fresh = await self._claim(session, [envelope.id for envelope, _ in mine])
                if self.preload is not None and fresh:
                    await self.preload(session, [e for e, _ in mine if e.id in fresh])
                for envelope, handler in mine:
                    if envelope.id in fresh:
                        fresh.discard(envelope.id)  # a duplicate inside the batch runs once
                        await self._run_handler(session, envelope, handler)
        except Exception as exc:
            log.info("batch falls back to one record at a time", extra={"error": repr(exc)})
            return False
        for record, known in decoded:
            if known is None or known.type not in self.handlers:
                self._skip(record)
        return True

    def _decode(self, record: Record) -> Envelope[Any] | None:
        """None for a type this release's catalog does not know (yet): a producer may emit a
        newer version beside the one we handle (DESIGN §4). Other poison raises."""
        try:
            return decode(record.headers, record.value, self.registry)
        except PoisonMessage as poison:
            if poison.reason == "unknown_type":
                return None
            raise

    def _skip(self, record: Record) -> None:
        ce_type = next((v.decode(errors="replace") for k, v in record.headers if k == "ce_type"), "")
        self.telemetry.skipped.labels(self.name, ce_type).inc()

    async def _claim(self, session: AsyncSession, event_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Records the events as processed by this consumer; returns those it had not seen."""
        if not event_ids:
            return set()
        rows = await session.scalars(self._claiming, {"consumer": self.name,
                                                      "event_ids": list(dict.fromkeys(event_ids))})
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

    async def process(self, record: Record) -> bool:
        """Applies, skips or dead-letters the record; False when it must be tried again later
        (the database was unavailable or busy, or the dead letter was not acknowledged)."""
        try:
            envelope = self._decode(record)
        except PoisonMessage as poison:
            return await self._dead_letter(record, poison.reason, poison)
        handler = self.handlers.get(envelope.type) if envelope is not None else None
        if envelope is None or handler is None:
            self._skip(record)  # not ours to handle (a shared topic), or a newer version
            return True
        return await self._handle_with_retries(record, envelope, handler)

    async def _handle_with_retries(
        self, record: Record, envelope: Envelope[Any], handler: Handler
    ) -> bool:
        """Bounded retries, then the DLQ; a transient database error hands the record back to
        be tried later instead (the event is not at fault, and everything arriving meanwhile
        would follow it to the DLQ)."""
        failures = 0
        while True:
            try:
                await self._handle_once(envelope, handler)
                self._retry_backoff.reset()
                return True
            except Exception as exc:
                if transient(exc):
                    log.warning("database unavailable or busy; the event waits", extra={
                        "event": str(envelope.id), "error": repr(exc)})
                    self.telemetry.retries.labels(self.name, "database_transient").inc()
                    return False
                failures += 1
                if failures > self.settings.consumer_max_retries:
                    log.exception("handler failed; dead-lettering", extra={"event": str(envelope.id)})
                    return await self._dead_letter(record, "handler_error", exc)
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
        """The handler, in a span continuing the trace the event carries (its log lines say so)."""
        with consumer_span(envelope.type, envelope.traceparent):
            started = time.perf_counter()
            await handler(session, envelope)
            took = time.perf_counter() - started
            self.telemetry.handler_histogram(self.name, envelope.type).observe(took)
            if log.isEnabledFor(logging.DEBUG):
                log.debug("event applied", extra={"event": str(envelope.id), "type": envelope.type,
                                                  "ms": round(took * 1000, 3)})

    def _dlq_topic(self, topic: str) -> str:
        source = topic.removeprefix(self.settings.kafka_topic_prefix)
        return topic_name(self.settings, dlq_topic(self.settings.service_name, source))

    async def _dead_letter(self, record: Record, reason: str, error: BaseException) -> bool:
        """Whether the dead letter was acknowledged; if not, the producer is rebuilt and the
        record tried again later (its offset is committed only after the dead letter)."""
        target = self._dlq_topic(record.topic)
        try:
            if self._dlq is None:
                self._dlq = make_producer(self.settings)
                await self._dlq.start()
            await self._dlq.send_and_wait(
                target, value=record.value, key=record.key,
                headers=dlq_headers(record, self.group, reason, error),
            )
        except (KafkaError, OSError) as exc:
            log.warning("dead letter not acknowledged; the record waits", extra={
                "topic": record.topic, "offset": record.offset, "error": repr(exc)})
            self.telemetry.retries.labels(self.name, "dead_letter_unsent").inc()
            dlq, self._dlq = self._dlq, None
            if dlq is not None:
                with contextlib.suppress(KafkaError, OSError):
                    await dlq.stop()
            return False
        log.warning("dead-lettered", extra={"reason": reason, "topic": record.topic,
                                            "offset": record.offset})
        self.telemetry.dead_letters.labels(self.name, reason).inc()
        return True
