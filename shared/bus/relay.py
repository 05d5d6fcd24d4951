"""The outbox relay: publishes committed outbox rows in order, marks them sent, and prunes the
spine's old rows (sent outbox rows, expired idempotency keys, processed events past the topics'
retention: `shared.bus.retention`).

Exactly one relay per service publishes at a time: a session-level advisory lock elects it, and it
claims, publishes and marks each batch in a transaction of that same session. Should the session
die (and the lock with it, so another relay may lead), the batch it was publishing cannot be marked
sent, and the next leader publishes it again before anything newer: per-key order holds across
replicas. A crash between the broker's acknowledgement (acks=all) and the mark re-publishes the
batch too; consumers drop the duplicate by event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeAlias

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from sqlalchemy import ColumnElement, Row, Table, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker

from shared.bus.kafka import ensure_topics, make_producer, topic_name
from shared.bus.outbox import outbox_channel
from shared.bus.retention import processed_events_cutoff, prune_processed_events
from shared.bus.telemetry import WorkerTelemetry
from shared.db.spine_tables import SpineTables
from shared.events.catalog import REGISTRY
from shared.settings import BaseServiceSettings

log = logging.getLogger(__name__)

OutboxRow: TypeAlias = Row[*tuple[Any, ...]]
_MAX_BACKOFF_S = 5.0
_PRUNE_EVERY_S = 300.0


class OutboxRelay:
    def __init__(
        self,
        settings: BaseServiceSettings,
        engine: AsyncEngine,
        spine: SpineTables,
        producer: AIOKafkaProducer | None = None,
    ) -> None:
        # Brokers with topic auto-creation off (the production default) need them made first.
        self._topics = [topic_name(settings, e.topic()) for e in REGISTRY.all()
                        if e.service == settings.service_name]
        self._topics_ready = False
        self._wake = asyncio.Event()
        self.settings = settings
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        outbox = spine.outbox
        self.outbox = outbox
        self.idempotency_keys = spine.idempotency_keys
        self.processed_events = spine.processed_events
        self._producer = producer
        self._lock_key = zlib.crc32(f"outbox-relay:{settings.db_schema}".encode())
        self._last_prune = 0.0
        self._backlog = select(
            func.count(), func.coalesce(func.extract("epoch", func.now() - func.min(outbox.c.created_at)), 0)
        ).where(outbox.c.sent_at.is_(None))
        self.telemetry = WorkerTelemetry(settings.service_name)
        self.telemetry.add_probe(self.measure_backlog)
        self._pending = (
            select(outbox.c.seq, outbox.c.topic, outbox.c.key, outbox.c.headers, outbox.c.payload)
            .where(outbox.c.sent_at.is_(None), _settled(outbox))
            .order_by(outbox.c.seq)
            .limit(settings.outbox_batch_size)
        )

    def attach(self, telemetry: WorkerTelemetry) -> None:
        """Reports to the worker's telemetry instead of its own."""
        self.telemetry = telemetry
        telemetry.add_probe(self.measure_backlog)

    async def measure_backlog(self) -> None:
        async with self.engine.connect() as conn:
            unsent, oldest_age = (await conn.execute(self._backlog)).one()
        service = self.settings.service_name
        self.telemetry.outbox_unsent.labels(service).set(unsent)
        self.telemetry.outbox_oldest_age.labels(service).set(float(oldest_age))

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; broker or database outages are waited out, never fatal."""
        backoff = self.settings.outbox_poll_interval_s
        while not stop.is_set():
            self.telemetry.beat("relay")
            try:
                async with self.engine.connect() as leader_conn:
                    try:
                        if not await self._become_leader(leader_conn):
                            await _sleep_or_stop(stop, 1.0)
                            continue
                        await self._lead(stop, leader_conn)
                        backoff = self.settings.outbox_poll_interval_s
                    finally:
                        # Closing the session is what releases the lock and the LISTEN; a pooled
                        # connection would keep both for whoever borrows it next.
                        await leader_conn.invalidate()
            except (TimeoutError, KafkaError, OSError, DBAPIError) as exc:
                log.warning("relay waiting for the broker or the database",
                            extra={"error": repr(exc)})
                await self._drop_producer()
                await _sleep_or_stop(stop, backoff)
                backoff = min(backoff * 2 + 0.1, _MAX_BACKOFF_S)
        await self._drop_producer()

    async def _become_leader(self, conn: AsyncConnection) -> bool:
        got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._lock_key})
        if got:
            await self._listen(conn)
        return bool(got)

    async def _listen(self, conn: AsyncConnection) -> None:
        """Commits (notifications wait while a session is inside a transaction), then LISTENs."""
        await conn.commit()
        raw = await conn.get_raw_connection()
        await raw.driver_connection.add_listener(  # type: ignore[union-attr]
            outbox_channel(self.outbox), lambda *_: self._wake.set()
        )

    async def _lead(self, stop: asyncio.Event, leader_conn: AsyncConnection) -> None:
        if not self._topics_ready:
            await ensure_topics(self.settings, self._topics)
            self._topics_ready = True
        while not stop.is_set():
            self.telemetry.beat("relay")
            self._wake.clear()
            published = await self.publish_batch(leader_conn)
            await self._maybe_prune()
            if published < self.settings.outbox_batch_size:
                await _sleep_until(stop, self._wake, self.settings.outbox_poll_interval_s)
                if self._wake.is_set():
                    # Under load, commits notify one after another: a moment's wait claims them
                    # as one batch (one claim, one publish, one mark) instead of one each.
                    await _sleep_or_stop(stop, self.settings.outbox_linger_s)

    async def publish_batch(self, leader_conn: AsyncConnection) -> int:
        """Claims, publishes and marks one batch on the session holding the leadership lock;
        returns how many rows were marked sent. Only rows the broker acknowledged are marked, so a
        batch that fails half-way is published again from its first unacknowledged row."""
        producer = await self._get_producer()
        async with leader_conn.begin():
            # No row locks: the claim is this session's, and it assigns no transaction id while
            # the batch is on its way, which would hold back other relays' rows (`_settled`).
            rows: Sequence[OutboxRow] = (await leader_conn.execute(self._pending)).all()
            if not rows:
                return 0
            sent = await self._publish(producer, rows)
            if sent:
                await leader_conn.execute(
                    update(self.outbox).where(self.outbox.c.seq.in_([row.seq for row in sent]))
                    .values(sent_at=func.now()))
        self.telemetry.outbox_published.labels(self.settings.service_name).inc(len(sent))
        if len(sent) < len(rows):
            raise KafkaError(f"published {len(sent)} of {len(rows)} outbox rows")
        return len(sent)

    async def _publish(self, producer: AIOKafkaProducer, rows: Sequence[OutboxRow]) -> list[OutboxRow]:
        """Send in seq order; returns the acknowledged prefix (order must not skip a failure)."""
        futures = [
            await producer.send(
                topic_name(self.settings, row.topic),
                value=row.payload,
                key=row.key.encode(),
                headers=[(k, v.encode()) for k, v in row.headers],
            )
            for row in rows
        ]
        acknowledged: list[OutboxRow] = []
        for row, future in zip(rows, futures, strict=True):
            try:
                await future
            except KafkaError as exc:
                log.warning("publish failed", extra={"seq": row.seq, "error": repr(exc)})
                break
            acknowledged.append(row)
        return acknowledged

    async def _maybe_prune(self) -> None:
        now = asyncio.get_running_loop().time()
        if now - self._last_prune < _PRUNE_EVERY_S:
            return
        self._last_prune = now
        await self.prune()

    async def prune(self) -> int:
        """Deletes sent outbox rows, idempotency keys and the consumers' processed events past
        their retention; returns how many."""
        now = datetime.now(UTC)
        sent_before = now - timedelta(hours=self.settings.outbox_retention_hours)
        keys_before = now - timedelta(hours=self.settings.idempotency_retention_hours)
        async with self.sessions() as session, session.begin():
            outbox = await session.execute(delete(self.outbox).where(self.outbox.c.sent_at < sent_before))
            keys = await session.execute(
                delete(self.idempotency_keys).where(self.idempotency_keys.c.created_at < keys_before))
        processed = await prune_processed_events(
            self.sessions, self.processed_events, processed_events_cutoff(self.settings))
        return processed + sum(int(getattr(result, "rowcount", 0) or 0) for result in (outbox, keys))

    async def _get_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = make_producer(self.settings)
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _drop_producer(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            try:
                await asyncio.wait_for(producer.stop(), timeout=5)
            except (TimeoutError, KafkaError, OSError):
                log.info("producer stopped uncleanly")


def _settled(outbox: Table) -> ColumnElement[bool]:
    """Rows whose transaction is older than every transaction still running.

    A row's `seq` is taken when it is inserted, so a transaction that inserted first and commits
    last makes its rows visible after newer ones of the same key. Held back until every older
    transaction has settled, rows become visible together and go out in insertion order.
    """
    return outbox.c.xid < func.pg_snapshot_xmin(func.pg_current_snapshot())


async def _sleep_until(stop: asyncio.Event, wake: asyncio.Event, seconds: float) -> None:
    """Until a commit notifies new rows, `stop`, or `seconds` (polling covers lost notifies)."""
    waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())]
    await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    for waiter in waiters:
        waiter.cancel()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
