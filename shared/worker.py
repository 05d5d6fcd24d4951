"""A service's background half: its outbox relay and its consumers, stopped together."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay

log = logging.getLogger(__name__)


@dataclass
class Worker:
    relay: OutboxRelay
    consumers: list[EventConsumer] = field(default_factory=list)

    async def run(self, stop: asyncio.Event) -> None:
        tasks = [asyncio.create_task(self.relay.run(stop), name="relay")]
        tasks += [asyncio.create_task(c.run(stop), name=c.name) for c in self.consumers]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
