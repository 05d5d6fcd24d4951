"""Helpers for tests that run against the real database and broker: bounded waits, live servers,
events published and read as the services do."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Generator
from functools import partial
from typing import Any, TypeVar

import uvicorn
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from fastapi import FastAPI

from shared.bus.kafka import ensure_topics, topic_name
from shared.devstack.processes import free_port
from shared.events.base import Event
from shared.events.catalog import REGISTRY
from shared.events.envelope import Envelope, decode, encode_data, to_headers, wrap
from shared.settings import BaseServiceSettings

E = TypeVar("E", bound=Event)


async def eventually(check: Callable[[], Any], timeout: float = 20.0, every: float = 0.05) -> Any:
    """Poll an async or sync check until it returns a truthy value; fail at the deadline."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value: {result!r})")
        await asyncio.sleep(every)


class _TestServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@contextlib.asynccontextmanager
async def live_server(app: FastAPI) -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free loopback port; yields its base URL."""
    port = free_port()
    server = _TestServer(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None,
                                        access_log=False))
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, timeout=10)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)


async def publish(settings: BaseServiceSettings, workspace: uuid.UUID | None, *events: Event) -> None:
    """Send events as their producers do: CloudEvents binary mode, keyed by aggregate id."""
    await publish_envelopes(settings, *(wrap(event, workspace) for event in events))


async def publish_envelopes(settings: BaseServiceSettings, *envelopes: Envelope[Event]) -> None:
    """Send these envelopes as they are (the same one twice is a redelivery)."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        for envelope in envelopes:
            event = envelope.data
            await producer.send_and_wait(
                topic_name(settings, event.topic()), value=encode_data(event),
                key=event.key().encode(), headers=to_headers(envelope),
            )
    finally:
        await producer.stop()


class EventLog:
    """Every event published on some topics, decoded, as it arrives."""

    def __init__(self) -> None:
        self.received: list[Envelope[Any]] = []

    def of_type(self, event_type: type[E]) -> list[E]:
        return [e.data for e in self.received if isinstance(e.data, event_type)]

    async def wait_for(self, event_type: type[E], count: int, timeout: float = 20) -> list[E]:
        await eventually(lambda: len(self.of_type(event_type)) >= count, timeout)
        return self.of_type(event_type)


@contextlib.asynccontextmanager
async def events_on(settings: BaseServiceSettings, *event_types: type[Event]) -> AsyncIterator[EventLog]:
    """Reads the topics of `event_types` from their start while the block runs."""
    topics = sorted({topic_name(settings, t.topic()) for t in event_types})
    await ensure_topics(settings, topics)
    # Assigned, not subscribed: a consumer-group join costs seconds on the embedded broker.
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    partitions: list[TopicPartition] = []
    for topic in topics:
        numbers = await eventually(partial(consumer.partitions_for_topic, topic))
        partitions += [TopicPartition(topic, p) for p in sorted(numbers)]
    consumer.assign(partitions)
    log = EventLog()

    async def _read() -> None:
        async for record in consumer:
            log.received.append(decode(record.headers, record.value, REGISTRY))

    task = asyncio.create_task(_read())
    try:
        yield log
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await consumer.stop()
