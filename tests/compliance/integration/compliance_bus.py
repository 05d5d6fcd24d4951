"""Publishing producer events and reading compliance's own through the real broker, per test topics."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.bus.kafka import ensure_topics, topic_name
from shared.events.base import Event
from shared.events.catalog import REGISTRY
from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.events.envelope import Envelope, decode
from shared.settings import BaseServiceSettings
from shared.testing import eventually


class ComplianceEvents:
    """Everything compliance publishes on `compliance.check`, decoded, as it arrives."""

    def __init__(self) -> None:
        self.received: list[Envelope[Any]] = []

    def of_type(self, event_type: type[Event]) -> list[Any]:
        return [e.data for e in self.received if isinstance(e.data, event_type)]

    async def wait_for_checks(self, count: int, timeout: float = 20) -> list[DisclosureCheckCompleted]:
        await eventually(lambda: len(self.of_type(DisclosureCheckCompleted)) >= count, timeout)
        return self.of_type(DisclosureCheckCompleted)


@contextlib.asynccontextmanager
async def compliance_events(settings: BaseServiceSettings) -> AsyncIterator[ComplianceEvents]:
    topic = topic_name(settings, DisclosureCheckCompleted.topic())
    await ensure_topics(settings, [topic])
    # Assigned, not subscribed: a consumer-group join costs seconds on the embedded broker.
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    partitions = await eventually(lambda: consumer.partitions_for_topic(topic))
    consumer.assign([TopicPartition(topic, p) for p in sorted(partitions)])
    events = ComplianceEvents()

    async def _read() -> None:
        async for record in consumer:
            events.received.append(decode(record.headers, record.value, REGISTRY))

    task = asyncio.create_task(_read())
    try:
        yield events
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await consumer.stop()
