"""Event latency of the compliance worker: `PostPublished` published → `DisclosureCheckCompleted` read.

Posts are published at a fixed rate through the broker, keyed by post id as tracking will; the
compliance worker (relay + consumer) runs as it is deployed, in its own process (`icp worker
compliance`) with its production settings; a reader assigned to `compliance.check` notes when
each post's check arrives. The raw ceiling is the same
broker's produce → consume latency for plain records at the same rate, measured in the same run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TypeAlias

import psutil
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.structs import ConsumerRecord
from sqlalchemy import func, select

from services.compliance.db import metadata, spine
from services.compliance.models import CampaignGuidelines
from services.compliance.settings import ComplianceSettings
from shared.bus.kafka import ensure_topics, topic_name
from shared.devstack.processes import free_port
from shared.events.base import Event
from shared.events.catalog import REGISTRY
from shared.events.catalog.campaigns import CampaignGuidelinesUpdated
from shared.events.catalog.compliance import DisclosureCheckCompleted
from shared.events.catalog.tracking import PostPublished
from shared.events.envelope import decode, encode_data, to_headers, wrap
from shared.runtime import ServiceRuntime
from shared.testing import eventually

Record: TypeAlias = ConsumerRecord[bytes, bytes]
Send: TypeAlias = Callable[[AIOKafkaProducer], Awaitable[object]]
MARKETS = (["US"], ["DE", "AT"], ["GB", "FR", "IT"], ["ES", "NL"])
CAMPAIGNS = 20


@dataclass
class Arrivals:
    """Send and arrival times (monotonic seconds) per key."""

    sent: dict[str, float] = field(default_factory=dict)
    received: dict[str, float] = field(default_factory=dict)

    def latencies_ms(self) -> list[float]:
        return sorted((self.received[k] - t) * 1000 for k, t in self.sent.items() if k in self.received)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    return round(values[min(len(values) - 1, int(share * len(values)))], 1)


async def measure_pipeline(settings: ComplianceSettings, captions: list[str], rate: float,
                           seconds: float, replicas: int) -> dict[str, object]:
    runtime = ServiceRuntime.create(settings, metadata, spine)
    workers = [_start_worker(settings) for _ in range(replicas)]
    workspace = uuid.uuid4()
    try:
        campaigns = await _seed_campaigns(settings, workspace, runtime)
        posts = [_post(campaigns[i % len(campaigns)], captions[i % len(captions)])
                 for i in range(int(rate * seconds))]
        sends = [(str(post.post_id), partial(_send_event, settings, workspace, post)) for post in posts]
        arrivals = Arrivals()
        async with _reader(settings, DisclosureCheckCompleted.topic(), arrivals, _check_key):
            cpu_before = _cpu_s(workers)
            started = time.monotonic()
            await _send_paced(settings, rate, arrivals, sends)
            publish_s = time.monotonic() - started
            await _drain(arrivals, timeout=30)
            cpu_s = _cpu_s(workers) - cpu_before
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
        await runtime.close()
    figures = _figures(arrivals, publish_s)
    checks = len(arrivals.latencies_ms())
    # What the worker costs per event whatever else the machine runs: the busier the machine,
    # the less of a core the worker gets, and the latency shows that, not the worker's cost.
    figures["worker_cpu_s"] = round(cpu_s, 2)
    figures["worker_cpu_ms_per_check"] = round(cpu_s * 1000 / checks, 3) if checks else None
    figures["worker_capacity_checks_per_s_per_core"] = round(checks / cpu_s) if cpu_s else None
    return figures


def _cpu_s(workers: list[subprocess.Popen[bytes]]) -> float:
    """CPU seconds (user + system) the worker processes have used so far."""
    total = 0.0
    for worker in workers:
        times = psutil.Process(worker.pid).cpu_times()
        total += times.user + times.system
    return total


def _start_worker(settings: ComplianceSettings) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": settings.database_url,
           "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
           "KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix, "LOG_LEVEL": "WARNING",
           # Each replica serves /metrics and /healthz as deployed, on a port of its own here.
           "WORKER_HTTP_PORT": str(free_port())}
    return subprocess.Popen([sys.executable, "-m", "shared.cli.main", "worker", "compliance"],
                            env=env, stdout=subprocess.DEVNULL)


async def measure_broker_ceiling(settings: ComplianceSettings, rate: float, seconds: float) -> float | None:
    """p99 ms of plain records produced and consumed through the same broker at the same rate."""
    topic = topic_name(settings, "ceiling")

    async def _plain(key: str, producer: AIOKafkaProducer) -> object:
        return await producer.send(topic, value=b"{}", key=key.encode())

    keys = [uuid.uuid4().hex for _ in range(int(rate * seconds))]
    arrivals = Arrivals()
    async with _reader(settings, "ceiling", arrivals, lambda record: record.key.decode()):
        await _send_paced(settings, rate, arrivals, [(key, partial(_plain, key)) for key in keys])
        await _drain(arrivals, timeout=10)
    return percentile(arrivals.latencies_ms(), 0.99)


def _figures(arrivals: Arrivals, publish_s: float) -> dict[str, object]:
    latencies = arrivals.latencies_ms()
    return {
        "event_latency_p50_ms": percentile(latencies, 0.50),
        "event_latency_p95_ms": percentile(latencies, 0.95),
        "event_latency_p99_ms": percentile(latencies, 0.99),
        "event_latency_max_ms": round(latencies[-1], 1) if latencies else None,
        "posts_published": len(arrivals.sent),
        "checks_received": len(latencies),
        "achieved_posts_per_s": round(len(arrivals.sent) / publish_s, 1),
    }


def _post(campaign_id: uuid.UUID, text: str) -> PostPublished:
    return PostPublished(
        post_id=uuid.uuid4(), campaign_id=campaign_id, influencer_id=uuid.uuid4(),
        platform="instagram", format="post", text=text, published_at=datetime.now(UTC),
    )


def _check_key(record: Record) -> str | None:
    data = decode(record.headers, record.value, REGISTRY).data
    return str(data.subject_id) if isinstance(data, DisclosureCheckCompleted) else None


async def _seed_campaigns(settings: ComplianceSettings, workspace: uuid.UUID,
                          runtime: ServiceRuntime) -> list[uuid.UUID]:
    """Publishes the campaigns' guidelines and waits until the worker's read-model has them all,
    which also means its consumer group has joined: the timed part starts warm."""
    events = [CampaignGuidelinesUpdated(campaign_id=uuid.uuid4(), brand="Acme",
                                        markets=MARKETS[i % len(MARKETS)], updated_at=datetime.now(UTC))
              for i in range(CAMPAIGNS)]
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        for event in events:
            await _send_event(settings, workspace, event, producer)
        await producer.flush()
    finally:
        await producer.stop()
    async def _known() -> bool:
        async with runtime.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(CampaignGuidelines))
        return count == len(events)

    await eventually(_known, timeout=90)
    return [e.campaign_id for e in events]


async def _send_event(settings: ComplianceSettings, workspace: uuid.UUID, event: Event,
                      producer: AIOKafkaProducer) -> object:
    return await producer.send(topic_name(settings, event.topic()), value=encode_data(event),
                               key=event.key().encode(), headers=to_headers(wrap(event, workspace)))


async def _send_paced(settings: ComplianceSettings, rate: float, arrivals: Arrivals,
                      sends: Sequence[tuple[str, Send]]) -> None:
    """Send one record per 1/rate seconds, on schedule (not after the previous acknowledgement)."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, linger_ms=0)
    await producer.start()
    try:
        started = time.monotonic()
        for index, (key, send) in enumerate(sends):
            delay = started + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            arrivals.sent[key] = time.monotonic()
            await send(producer)
        await producer.flush()
    finally:
        await producer.stop()


async def _drain(arrivals: Arrivals, timeout: float) -> None:
    """Wait for the stragglers; what never arrives is reported as missing, not waited for."""
    with contextlib.suppress(AssertionError):
        await eventually(lambda: len(arrivals.received) >= len(arrivals.sent), timeout)


@contextlib.asynccontextmanager
async def _reader(settings: ComplianceSettings, logical_topic: str, arrivals: Arrivals,
                  key_of: Callable[[Record], str | None]) -> AsyncIterator[None]:
    topic = topic_name(settings, logical_topic)
    await ensure_topics(settings, [topic])
    # Assigned at the log end, not subscribed: no group join, and only this run's records.
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap_servers,
                                enable_auto_commit=False, fetch_max_wait_ms=5)
    await consumer.start()
    while not consumer.partitions_for_topic(topic):
        await consumer.topics()  # refreshes the metadata of a topic created a moment ago
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
    consumer.assign(partitions)
    await consumer.seek_to_end(*partitions)

    async def _read() -> None:
        async for record in consumer:
            key = key_of(record)
            if key is not None:
                arrivals.received.setdefault(key, time.monotonic())

    task = asyncio.create_task(_read())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await consumer.stop()
