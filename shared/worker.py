"""A service's background half: its outbox relay, its consumers and its periodic jobs, stopped
together."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Protocol

from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay
from shared.bus.telemetry import WorkerTelemetry

log = logging.getLogger(__name__)


class Job(Protocol):
    """Work a worker does besides relaying and consuming (keeping partitions ahead, say)."""

    name: str

    async def run(self, stop: asyncio.Event) -> None: ...


@dataclass
class Worker:
    relay: OutboxRelay
    consumers: list[EventConsumer] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    telemetry: WorkerTelemetry = field(init=False)

    def __post_init__(self) -> None:
        # One registry for the relay and every consumer: one /metrics page per worker.
        self.telemetry = WorkerTelemetry(self.relay.settings.service_name)
        self.relay.attach(self.telemetry)
        for consumer in self.consumers:
            consumer.attach(self.telemetry)

    async def run(self, stop: asyncio.Event) -> None:
        tasks = [asyncio.create_task(self.relay.run(stop), name="relay")]
        tasks += [asyncio.create_task(c.run(stop), name=c.name) for c in self.consumers]
        tasks += [asyncio.create_task(j.run(stop), name=j.name) for j in self.jobs]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
