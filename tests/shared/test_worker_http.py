"""What ops see of a worker, against the real database and broker: /metrics and /healthz."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.db import metadata, spine
from shared.bus.consumer import EventConsumer
from shared.bus.relay import OutboxRelay
from shared.devstack.processes import free_port
from shared.events.catalog import REGISTRY
from shared.events.catalog.discovery import (
    InfluencerRemovedFromShortlist,
    InfluencerShortlisted,
    InfluencerSnapshot,
)
from shared.events.envelope import Envelope, encode_data, to_headers, wrap
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually
from shared.worker import Worker
from shared.worker_http import run_worker

Settings = Callable[..., BaseServiceSettings]


def _shortlisted(note: str) -> InfluencerShortlisted:
    return InfluencerShortlisted(
        shortlist_id=uuid.uuid4(), campaign_id=uuid.uuid4(), influencer_id=uuid.uuid4(), note=note,
        snapshot=InfluencerSnapshot(display_name="Ana"), shortlisted_at=datetime.now(UTC))


def _removed() -> InfluencerRemovedFromShortlist:
    return InfluencerRemovedFromShortlist(
        shortlist_id=uuid.uuid4(), campaign_id=uuid.uuid4(), influencer_id=uuid.uuid4(),
        removed_at=datetime.now(UTC))


def _samples(body: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(body) for s in family.samples}


def _value(samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str,
           **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


async def test_a_worker_serves_its_metrics_and_fails_liveness_while_a_handler_hangs(
    make_settings: Settings,
) -> None:
    port = free_port()
    settings = make_settings("campaigns", worker_http_port=port, worker_stall_after_s=1.0,
                             consumer_max_retries=1)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    failed_once: set[str] = set()
    gate = asyncio.Event()

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        note = envelope.data.note
        if note == "flaky" and note not in failed_once:
            failed_once.add(note)
            raise RuntimeError("fails the first time")
        if note == "broken":
            raise RuntimeError("fails every time")
        if note == "hang":
            await gate.wait()  # a handler stuck on a call that never returns

    consumer = EventConsumer("observed", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    worker = Worker(relay=OutboxRelay(settings, runtime.engine, spine), consumers=[consumer])
    topic = f"{settings.kafka_topic_prefix}discovery.shortlist"
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(worker, settings, stop, host="127.0.0.1"))
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()

    async def send(*envelopes: Envelope[Any]) -> str:
        for envelope in envelopes:
            sent = await producer.send_and_wait(topic, value=encode_data(envelope.data), key=b"k",
                                                headers=to_headers(envelope))
        return str(sent.partition)

    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            for event in (_shortlisted("ok"), _shortlisted("flaky"), _removed(),
                          _shortlisted("broken")):
                # One at a time: a poll of several records would try them together first.
                partition = await send(wrap(event, uuid.uuid4()))
                await eventually(consumer.caught_up, timeout=60)
            assert (await http.get("/healthz")).json() == {"status": "ok"}
            samples = _samples((await http.get("/metrics")).text)
            labels = {"consumer": "observed"}
            assert _value(samples, "icp_consumer_lag_records", **labels, topic=topic,
                          partition=partition) == 0
            assert _value(samples, "icp_event_retries_total", **labels, reason="handler_error") == 2
            assert _value(samples, "icp_event_dead_letters_total", **labels,
                          reason="handler_error") == 1
            assert _value(samples, "icp_events_skipped_total", **labels,
                          type=InfluencerRemovedFromShortlist.ce_type()) == 1
            assert _value(samples, "icp_event_handler_duration_seconds_count", **labels,
                          type=InfluencerShortlisted.ce_type()) == 2  # ok, flaky's second try
            assert _value(samples, "icp_outbox_unsent_rows", service="campaigns") == 0
            assert _value(samples, "icp_outbox_oldest_unsent_age_seconds", service="campaigns") == 0

            await send(wrap(_shortlisted("hang"), uuid.uuid4()), wrap(_shortlisted("ok"), uuid.uuid4()))

            async def stalled() -> httpx.Response | None:
                response = await http.get("/healthz")
                return response if response.status_code == 503 else None

            response = await eventually(stalled, timeout=30)
            assert response.json() == {"status": "stalled", "stalled": ["consumer:observed"]}
            samples = _samples((await http.get("/metrics")).text)
            assert _value(samples, "icp_consumer_lag_records", **labels, topic=topic,
                          partition=partition) == 2
            gate.set()
            await eventually(consumer.caught_up, timeout=60)
            assert (await http.get("/healthz")).status_code == 200
    finally:
        gate.set()
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await producer.stop()
        await runtime.close()


async def test_the_outbox_backlog_is_measured_at_scrape_time(make_settings: Settings) -> None:
    settings = make_settings("campaigns")
    runtime = ServiceRuntime.create(settings, metadata, spine)
    relay = OutboxRelay(settings, runtime.engine, spine)
    try:
        async with runtime.sessions() as session, session.begin():
            runtime.outbox.add_all(session, [_shortlisted("a"), _shortlisted("b")], uuid.uuid4())
        await asyncio.sleep(0.2)
        await relay.telemetry.refresh()
        registry = relay.telemetry.registry
        assert registry.get_sample_value("icp_outbox_unsent_rows", {"service": "campaigns"}) == 2
        age = registry.get_sample_value("icp_outbox_oldest_unsent_age_seconds",
                                        {"service": "campaigns"})
        assert age is not None and age >= 0.2
        async with runtime.engine.connect() as leader:
            await eventually(lambda: relay.publish_batch(leader), timeout=30)
        await relay.telemetry.refresh()
        assert registry.get_sample_value("icp_outbox_unsent_rows", {"service": "campaigns"}) == 0
        assert registry.get_sample_value("icp_outbox_published_total", {"service": "campaigns"}) == 2
    finally:
        await relay._drop_producer()
        await runtime.close()


class _Sweeper:
    """A periodic job resting longer than the stall allowance; its second turn hangs on a call
    that never returns until the gate opens."""

    name = "sweeper"
    period_s = 1.5

    def __init__(self) -> None:
        self.turns = 0
        self.gate = asyncio.Event()

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None:
        while not stop.is_set():
            beat()
            self.turns += 1
            if self.turns == 2:
                await self.gate.wait()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.period_s)


async def test_a_periodic_job_stuck_in_a_turn_fails_liveness_but_not_while_it_rests(
    make_settings: Settings,
) -> None:
    port = free_port()
    settings = make_settings("campaigns", worker_http_port=port, worker_stall_after_s=1.0)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    job = _Sweeper()
    worker = Worker(relay=OutboxRelay(settings, runtime.engine, spine), jobs=[job])
    stop = asyncio.Event()
    task = asyncio.create_task(run_worker(worker, settings, stop, host="127.0.0.1"))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            await eventually(lambda: job.turns == 1, timeout=30)
            await asyncio.sleep(1.2)  # resting past the stall allowance, within its period
            assert job.turns == 1
            assert (await http.get("/healthz")).json() == {"status": "ok"}

            async def stalled() -> httpx.Response | None:
                response = await http.get("/healthz")
                return response if response.status_code == 503 else None

            response = await eventually(stalled, timeout=30)
            assert (job.turns, response.json()) == (2, {"status": "stalled", "stalled": ["job:sweeper"]})
            job.gate.set()
            await eventually(lambda: job.turns == 3, timeout=30)
            assert (await http.get("/healthz")).status_code == 200
    finally:
        job.gate.set()
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await runtime.close()
