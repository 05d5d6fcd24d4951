"""Clicks from the redirect to the broker: sent at once, spooled to disk while it is away.

The redirect hands a click over and answers; this publisher turns it into `LinkClicked` and sends
it straight to the broker (no database on the way). A click is durable once the broker
acknowledged it (acks=all), or once it is fsync'd in the spool when the broker did not answer
within `click_send_timeout_s`. While anything waits in the spool, new clicks join it behind, and
the spool is replayed in order when the broker is back. A click in memory between the answer and
the acknowledgement (milliseconds) dies with a killed process; a stopping process spools it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from services.tracking.domain import visitors
from services.tracking.redirect.spool import SpoolDirectory, SpooledMessage
from services.tracking.settings import TrackingSettings
from shared.bus.kafka import ensure_topics, make_producer, topic_name
from shared.events.base import Event
from shared.events.catalog.tracking import LinkClicked
from shared.events.envelope import Envelope, encode_data, to_headers

log = logging.getLogger(__name__)

_BATCH = 500
_TYPE, _SOURCE = LinkClicked.ce_type(), LinkClicked.source()


@dataclass(frozen=True, slots=True)
class ClickSeen:
    """What the redirect saw, handed over as is: the address is hashed here, never kept."""

    link_id: uuid.UUID
    workspace_id: uuid.UUID
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    click_id: str
    clicked_at: datetime
    referrer: str | None
    country: str | None
    user_agent: str
    address: str


class ClickPublisher:
    def __init__(self, settings: TrackingSettings, salt_of: Callable[[date], bytes]) -> None:
        self.settings = settings
        self.salt_of = salt_of
        self.topic = topic_name(settings, LinkClicked.topic())
        self.timeout = settings.click_send_timeout_s
        self.queue: asyncio.Queue[ClickSeen] = asyncio.Queue()
        self.spool: SpoolDirectory | None = None
        self._producer: AIOKafkaProducer | None = None
        self._backlog = False  # clicks wait in our spool: new ones queue behind them
        self._spool_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self.sent = 0
        self.spooled = 0

    def submit(self, click: ClickSeen) -> None:
        self.queue.put_nowait(click)

    async def run(self) -> None:
        """Sends and replays until cancelled; then spools whatever was not acknowledged."""
        self.spool = await asyncio.to_thread(SpoolDirectory.create, self.settings.click_spool_dir)
        tasks = [asyncio.create_task(self._send_loop()), asyncio.create_task(self._replay_loop())]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._shutdown()

    async def _send_loop(self) -> None:
        while True:
            batch = [await self.queue.get()]
            while len(batch) < _BATCH and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            await self._deliver([self.message(click) for click in batch])

    def message(self, click: ClickSeen) -> SpooledMessage:
        ua_class, is_bot = visitors.classify_user_agent(click.user_agent[:1000])
        salt = self.salt_of(click.clicked_at.date())
        # Built from values this process made or checked: validating them again per click would
        # cost more than the rest of the redirect.
        event = LinkClicked.model_construct(
            click_id=click.click_id, link_id=click.link_id, collaboration_id=click.collaboration_id,
            campaign_id=click.campaign_id, clicked_at=click.clicked_at,
            referrer=visitors.referrer(click.referrer), country=visitors.country(click.country),
            user_agent_class=ua_class, is_bot=is_bot,
            visitor_hash=visitors.visitor_hash(salt, click.address, click.user_agent),
        )
        # The click's own id is the event's: one event per click, and the id consumers dedupe on.
        envelope: Envelope[Event] = Envelope(
            id=uuid.UUID(click.click_id), type=_TYPE, source=_SOURCE, subject=str(click.link_id),
            time=click.clicked_at, workspace_id=click.workspace_id, data=event)
        return SpooledMessage(self.topic, envelope.subject, encode_data(event), to_headers(envelope))

    async def _deliver(self, messages: list[SpooledMessage]) -> None:
        if self._backlog or await self._producer_or_none() is None:
            await self._to_spool(messages)
            return
        failed = await self._send(messages)
        self.sent += len(messages) - len(failed)
        if failed:
            await self._drop_producer()
            await self._to_spool(failed)

    async def _send(self, messages: list[SpooledMessage]) -> list[SpooledMessage]:
        """Sends in order; returns the messages the broker did not acknowledge in time."""
        producer = self._producer
        assert producer is not None
        futures: list[asyncio.Future[object]] = []

        async def send_all() -> None:
            for m in messages:
                futures.append(await producer.send(m.topic, value=m.value, key=m.key.encode(),
                                                   headers=m.headers))
            await asyncio.gather(*futures, return_exceptions=True)

        with contextlib.suppress(TimeoutError, KafkaError, OSError):
            await asyncio.wait_for(send_all(), timeout=self.timeout)
        acked = [f.done() and not f.cancelled() and f.exception() is None for f in futures]
        acked += [False] * (len(messages) - len(acked))
        return [m for m, ok in zip(messages, acked, strict=True) if not ok]

    async def _to_spool(self, messages: list[SpooledMessage]) -> None:
        assert self.spool is not None
        async with self._spool_lock:
            await asyncio.to_thread(self.spool.append, messages)
            self._backlog = True
        self.spooled += len(messages)
        self._wake.set()

    async def _replay_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.settings.click_spool_retry_s)
            self._wake.clear()
            await self._replay_all()

    async def _replay_all(self) -> None:
        assert self.spool is not None
        root, mine = self.settings.click_spool_dir, self.spool.path
        orphans = await asyncio.to_thread(lambda: list(SpoolDirectory.orphans(root, mine)))
        try:
            for orphan in orphans:
                if not await self._replay(orphan):
                    return
                await asyncio.to_thread(orphan.release, True)
            if self._backlog and await self._replay(self.spool):
                async with self._spool_lock:
                    if await asyncio.to_thread(self.spool.reset_if_drained):
                        self._backlog = False
        finally:
            for orphan in orphans:
                await asyncio.to_thread(orphan.release, False)

    async def _replay(self, spool: SpoolDirectory) -> bool:
        """Sends a spool's lines in order, moving its cursor past each acknowledged chunk;
        whether it was drained."""
        while True:
            messages, offset = await asyncio.to_thread(spool.read, _BATCH)
            if not messages:
                if offset > 0:
                    await asyncio.to_thread(spool.advance, offset)
                return True
            if await self._producer_or_none() is None:
                return False
            if await self._send(messages):
                await self._drop_producer()
                return False
            self.sent += len(messages)
            await asyncio.to_thread(spool.advance, offset)

    async def _producer_or_none(self) -> AIOKafkaProducer | None:
        if self._producer is not None:
            return self._producer
        producer = make_producer(self.settings, request_timeout_ms=int(self.timeout * 1000))
        try:
            await asyncio.wait_for(producer.start(), timeout=self.timeout)
            await asyncio.wait_for(ensure_topics(self.settings, [self.topic]), timeout=self.timeout)
        except (TimeoutError, KafkaError, OSError) as exc:
            log.info("broker unreachable; clicks go to the spool", extra={"error": repr(exc)})
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), timeout=self.timeout)
            return None
        self._producer = producer
        return producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), timeout=self.timeout)

    async def _shutdown(self) -> None:
        left = []
        while not self.queue.empty():
            left.append(self.message(self.queue.get_nowait()))
        if left:
            await self._deliver(left)
        await self._drop_producer()
        if self.spool is not None:
            await asyncio.to_thread(self.spool.release, True)

