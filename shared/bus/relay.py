"""The outbox relay: publishes committed outbox rows in order, marks them sent, and prunes the
spine's old rows (sent outbox rows, expired idempotency keys).

Exactly one relay per service publishes at a time (a Postgres advisory lock elects it), so
per-key order holds across replicas; the others wait and take over if the leader dies. A batch is
claimed by marking it sent, in a transaction that commits only after the broker acknowledged every
row (acks=all): a crash in between re-publishes it, and consumers drop the duplicate by event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from sqlalchemy import ColumnElement, Row, Table, delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from shared.bus.kafka import ensure_topics, make_producer, topic_name
from shared.bus.outbox import outbox_channel
from shared.db.spine_tables import SpineTables
from shared.events.catalog import REGISTRY
from shared.settings import BaseServiceSettings

log = logging.getLogger(__name__)

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
        self._producer = producer
        self._lock_key = zlib.crc32(f"outbox-relay:{settings.db_schema}".encode())
        self._last_prune = 0.0
        pending = (
            select(outbox.c.seq)
            .where(outbox.c.sent_at.is_(None), _settled(outbox))
            .order_by(outbox.c.seq)
            .limit(settings.outbox_batch_size)
            .with_for_update(skip_locked=True)
        )
        self._claim_statement = (
            update(outbox).where(outbox.c.seq.in_(pending)).values(sent_at=func.now()).returning(outbox)
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; broker or database outages are waited out, never fatal."""
        backoff = self.settings.outbox_poll_interval_s
        while not stop.is_set():
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
        lock_session = (await leader_conn.get_raw_connection()).driver_connection
        assert lock_session is not None
        while not stop.is_set():
            if lock_session.is_closed():
                # The server released the lock with the session (restart, failover, a killed
                # backend): another relay may lead now, and two publishing would reorder keys.
                log.warning("relay lost its leadership session")
                return
            self._wake.clear()
            published = await self.publish_batch()
            await self._maybe_prune()
            if published < self.settings.outbox_batch_size:
                await _sleep_until(stop, self._wake, self.settings.outbox_poll_interval_s)

    async def publish_batch(self) -> int:
        """Claim, publish and mark one batch; returns how many rows were marked sent."""
        producer = await self._get_producer()
        async with self.sessions() as session, session.begin():
            rows = await self._claim(session)
            if not rows:
                return 0
            sent = await self._publish(producer, rows)
            if len(sent) < len(rows):
                # Rolls the claim back: the whole batch is published again, in order.
                raise KafkaError(f"published {len(sent)} of {len(rows)} outbox rows")
            return len(sent)

    async def _claim(self, session: AsyncSession) -> Sequence[Row[Any]]:
        """Marks the next batch sent in one statement; it commits only once all are acknowledged."""
        rows = (await session.execute(self._claim_statement)).all()
        return sorted(rows, key=lambda row: row.seq)

    async def _publish(self, producer: AIOKafkaProducer, rows: Sequence[Row[Any]]) -> list[Row[Any]]:
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
        acknowledged: list[Row[Any]] = []
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
        """Deletes sent outbox rows and idempotency keys past their retention; returns how many."""
        now = datetime.now(UTC)
        sent_before = now - timedelta(hours=self.settings.outbox_retention_hours)
        keys_before = now - timedelta(hours=self.settings.idempotency_retention_hours)
        async with self.sessions() as session, session.begin():
            outbox = await session.execute(delete(self.outbox).where(self.outbox.c.sent_at < sent_before))
            keys = await session.execute(
                delete(self.idempotency_keys).where(self.idempotency_keys.c.created_at < keys_before))
        return sum(int(getattr(result, "rowcount", 0) or 0) for result in (outbox, keys))

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
