"""Capped exponential backoff for waiting out an outage (broker, database, dead-letter topic)."""

from __future__ import annotations

import asyncio
import contextlib
import random


class Backoff:
    """Delays doubling from `first` up to `cap`, jittered so replicas do not retry in step;
    `reset()` after a success starts again from `first`."""

    def __init__(self, first: float, cap: float = 5.0) -> None:
        self.first, self.cap = first, cap
        self._next = first

    def next(self) -> float:
        delay = self._next
        self._next = min(self._next * 2 + 0.05, self.cap)
        return delay * random.uniform(0.8, 1.2)  # jitter: replicas do not retry in step

    def reset(self) -> None:
        self._next = self.first

    async def wait(self, stop: asyncio.Event) -> None:
        """The next delay, cut short by `stop`."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=self.next())
