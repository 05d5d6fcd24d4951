"""A service's background half: its outbox relay, its consumers and its periodic jobs, stopped
together. Only `stop` (a signal) ends it: a part that fails is restarted after a backoff."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from shared.bus.backoff import Backoff
from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay
from shared.bus.telemetry import WorkerTelemetry
from shared.tracing import install_tracing

log = logging.getLogger(__name__)

_FIRST_RESTART_S = 0.5
_MAX_RESTART_S = 30.0


class Job(Protocol):
    """Work a worker does besides relaying and consuming (keeping partitions ahead, say). It calls
    `beat` at each turn and rests at most `period_s` between turns: a job that has not beaten for
    that long plus the stall allowance is stuck, and the worker's /healthz says so."""

    name: str
    period_s: float

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None: ...


@dataclass
class Worker:
    relay: OutboxRelay
    consumers: list[EventConsumer] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    telemetry: WorkerTelemetry = field(init=False)

    def __post_init__(self) -> None:
        # One registry for the relay and every consumer: one /metrics page per worker.
        self.telemetry = WorkerTelemetry(self.relay.settings.service_name)
        install_tracing(self.relay.settings.service_name)
        self.relay.attach(self.telemetry)
        for consumer in self.consumers:
            consumer.attach(self.telemetry)

    async def run(self, stop: asyncio.Event) -> None:
        parts: list[tuple[str, Callable[[asyncio.Event], Awaitable[None]]]] = [
            ("relay", self.relay.run),
            *((c.name, c.run) for c in self.consumers),
            *((j.name, self._beating(j)) for j in self.jobs),
        ]
        tasks = [asyncio.create_task(_supervised(name, run, stop), name=name) for name, run in parts]
        try:
            await asyncio.gather(*tasks)
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _beating(self, job: Job) -> Callable[[asyncio.Event], Awaitable[None]]:
        def beat() -> None:
            self.telemetry.beat(f"job:{job.name}", job.period_s)

        return lambda stop: job.run(stop, beat)


async def _supervised(name: str, run: Callable[[asyncio.Event], Awaitable[None]],
                      stop: asyncio.Event) -> None:
    """Runs `run` until `stop`, restarting it (capped backoff) whenever it ends before that."""
    backoff, loop = Backoff(_FIRST_RESTART_S, _MAX_RESTART_S), asyncio.get_running_loop()
    while not stop.is_set():
        started = loop.time()
        try:
            await run(stop)
        except Exception:  # the worker outlives any one part's failure
            log.exception("worker part failed; restarting it", extra={"part": name})
        else:
            if not stop.is_set():
                log.error("worker part ended unasked; restarting it", extra={"part": name})
        if loop.time() - started > _MAX_RESTART_S:  # it had recovered: a new failure, not a loop
            backoff.reset()
        await backoff.wait(stop)
