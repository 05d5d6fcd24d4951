"""What a worker tells ops: Prometheus metrics of its relay and consumers, and a heartbeat per loop.

One `WorkerTelemetry` per worker (its own registry: the four workers of `make dev` share a
process). Gauges that cost a query or a broker look-up (the outbox backlog, consumer lag) are
measured when scraped, by the probes the relay and consumers register, not on the hot path.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

log = logging.getLogger(__name__)

Probe = Callable[[], Awaitable[None]]
# A probe that cannot answer in time (database or broker away) leaves its gauges as they were.
_PROBE_TIMEOUT_S = 3.0


class WorkerTelemetry:
    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = registry = CollectorRegistry()
        self.outbox_unsent = Gauge(
            "icp_outbox_unsent_rows", "Outbox rows committed and not yet published",
            ["service"], registry=registry)
        self.outbox_oldest_age = Gauge(
            "icp_outbox_oldest_unsent_age_seconds",
            "Age of the oldest unpublished outbox row (0 when none waits)", ["service"],
            registry=registry)
        self.outbox_published = Counter(
            "icp_outbox_published", "Outbox rows published to the broker", ["service"],
            registry=registry)
        self.consumer_lag = Gauge(
            "icp_consumer_lag_records",
            "Records on the partition past the consumer's last committed offset",
            ["consumer", "topic", "partition"], registry=registry)
        self.handler_seconds = Histogram(
            "icp_event_handler_duration_seconds", "Time a handler took for one event",
            ["consumer", "type"], registry=registry,
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10))
        self.retries = Counter(
            "icp_event_retries",
            "Events tried again (reason: handler_error, database_transient, dead_letter_unsent)",
            ["consumer", "reason"], registry=registry)
        self.dead_letters = Counter(
            "icp_event_dead_letters", "Events sent to the dead-letter topic, by failure reason",
            ["consumer", "reason"], registry=registry)
        self.skipped = Counter(
            "icp_events_skipped", "Events of a type the consumer has no handler for",
            ["consumer", "type"], registry=registry)
        self.heartbeat_age = Gauge(
            "icp_worker_heartbeat_age_seconds", "Seconds since each loop of the worker last beat",
            ["loop"], registry=registry)
        self.lag_series: dict[str, set[tuple[str, str]]] = {}
        self._handler_children: dict[tuple[str, str], Histogram] = {}
        self._beats: dict[str, tuple[float, float]] = {}
        self._probes: list[Probe] = []

    def handler_histogram(self, consumer: str, event_type: str) -> Histogram:
        """The handler-time histogram of one consumer and type (`labels()` costs a lock and a
        tuple per call; this is called per event)."""
        key = (consumer, event_type)
        child = self._handler_children.get(key)
        if child is None:
            child = self._handler_children[key] = self.handler_seconds.labels(consumer, event_type)
        return child

    def beat(self, loop: str, rests_s: float = 0.0) -> None:
        """Called by a loop on each turn, and while it deliberately waits (an outage); `rests_s`:
        how long it may rest between turns (a periodic job)."""
        self._beats[loop] = (time.monotonic(), rests_s)

    def stalled(self, after_s: float) -> list[str]:
        """The loops that have not beaten for `after_s` seconds beyond their rest."""
        now = time.monotonic()
        return sorted(loop for loop, (at, rests) in self._beats.items() if now - at > after_s + rests)

    def add_probe(self, probe: Probe) -> None:
        self._probes.append(probe)

    async def refresh(self) -> None:
        """Runs every probe (at scrape time); a failing probe is logged, not raised."""
        now = time.monotonic()
        for loop, (at, _) in self._beats.items():
            self.heartbeat_age.labels(loop).set(now - at)
        results = await asyncio.gather(
            *(asyncio.wait_for(probe(), _PROBE_TIMEOUT_S) for probe in self._probes),
            return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                log.info("a metrics probe failed", extra={"error": repr(result)})


async def record_lag(
    telemetry: WorkerTelemetry, consumer_name: str, client: AIOKafkaConsumer | None,
    committed: dict[TopicPartition, int],
) -> None:
    """Sets each assigned partition's lag: its high watermark (as last fetched) minus the
    offset this consumer last committed there (asked of the broker when it has not committed
    since the partition was assigned). Partitions no longer assigned lose their series."""
    assigned = set(client.assignment()) if client is not None else set()
    for gone in set(committed) - assigned:
        del committed[gone]
    series = telemetry.lag_series.setdefault(consumer_name, set())
    current: set[tuple[str, str]] = set()
    for tp in sorted(assigned):
        assert client is not None
        end = client.highwater(tp)
        if end is None:
            continue  # nothing fetched from it yet
        done = committed.get(tp)
        if done is None:
            done = await client.committed(tp) or 0
        labels = (tp.topic, str(tp.partition))
        telemetry.consumer_lag.labels(consumer_name, *labels).set(max(end - done, 0))
        current.add(labels)
    for labels in series - current:
        telemetry.consumer_lag.remove(consumer_name, *labels)
    telemetry.lag_series[consumer_name] = current
