"""The consumer runner against the real database and broker: poison, retries, DLQ, replay."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.db import metadata, spine
from shared.bus.consumer import EventConsumer
from shared.bus.replay import replay
from shared.events.catalog import REGISTRY
from shared.events.catalog.discovery import InfluencerShortlisted, InfluencerSnapshot
from shared.events.envelope import Envelope, encode_data, to_headers, wrap
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually

Settings = Callable[..., BaseServiceSettings]


def _shortlisted(campaign_id: uuid.UUID) -> InfluencerShortlisted:
    return InfluencerShortlisted(
        shortlist_id=uuid.uuid4(), campaign_id=campaign_id, influencer_id=uuid.uuid4(),
        snapshot=InfluencerSnapshot(display_name="Ana"), shortlisted_at=datetime.now(UTC))


def _record(envelope: Envelope[Any], value: bytes | None = None,
            headers: list[tuple[str, bytes]] | None = None) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord(
        topic="discovery.shortlist", partition=0, offset=0, timestamp=0, timestamp_type=0,
        key=envelope.subject.encode(), value=value if value is not None else encode_data(envelope.data),
        checksum=None, serialized_key_size=0, serialized_value_size=0,
        headers=headers if headers is not None else to_headers(envelope),
    )


async def test_a_redelivered_event_is_handled_once(make_settings: Settings) -> None:
    settings = make_settings("campaigns")
    runtime = ServiceRuntime.create(settings, metadata, spine)
    calls: list[uuid.UUID] = []

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        calls.append(envelope.id)

    consumer = EventConsumer("test-once", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    record = _record(wrap(_shortlisted(uuid.uuid4()), uuid.uuid4()))
    await consumer.process(record)
    await consumer.process(record)
    await runtime.close()
    assert len(calls) == 1


async def test_a_failed_handler_rolls_back_and_leaves_the_event_unprocessed(
    make_settings: Settings,
) -> None:
    """A retry after a crash must run the handler again: the dedupe row is in the same tx."""
    settings = make_settings("campaigns", consumer_max_retries=0)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    attempts: list[int] = []

    async def flaky(session: AsyncSession, envelope: Envelope[Any]) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("database went away")

    consumer = EventConsumer("test-flaky", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: flaky})
    envelope = wrap(_shortlisted(uuid.uuid4()), uuid.uuid4())
    with pytest.raises(ConnectionError):
        await consumer._handle_once(envelope, flaky)
    await consumer._handle_once(envelope, flaky)
    await runtime.close()
    assert len(attempts) == 2


async def _produce(bootstrap: str, topic: str, messages: list[tuple[bytes, list[tuple[str, bytes]]]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for value, headers in messages:
            await producer.send_and_wait(topic, value=value, key=b"k", headers=headers)
    finally:
        await producer.stop()


async def _read(bootstrap: str, topic: str, count: int) -> list[Any]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=f"reader-{uuid.uuid4().hex}")
    await consumer.start()
    got: list[Any] = []
    try:
        async def _enough() -> bool:
            for part in (await consumer.getmany(timeout_ms=200)).values():
                got.extend(part)
            return len(got) >= count

        await eventually(_enough, timeout=30)
    finally:
        await consumer.stop()
    return got


async def test_poison_messages_go_to_the_dlq_with_their_reason_and_the_next_one_is_applied(
    make_settings: Settings, client_for: Callable[..., Any], token_for: Callable[..., str],
    running_worker: Callable[..., Any], workspace: uuid.UUID,
) -> None:
    settings = make_settings("campaigns")
    prefix = settings.kafka_topic_prefix
    async with client_for("campaigns", token_for(workspace)) as api:
        campaign = (await api.post("/v1/campaigns", json={"name": "C", "brand": "B"})).json()
        good = wrap(_shortlisted(uuid.UUID(campaign["id"])), workspace)
        unknown = [(k, b"org.icp.discovery.shortlist.exploded.v1" if k == "ce_type" else v)
                   for k, v in to_headers(wrap(_shortlisted(uuid.uuid4()), workspace))]
        bad_data = wrap(_shortlisted(uuid.uuid4()), workspace)
        no_tenant = wrap(_shortlisted(uuid.UUID(campaign["id"])), None)
        async with running_worker("campaigns") as worker:
            await _produce(settings.kafka_bootstrap_servers, f"{prefix}discovery.shortlist", [
                (b"{not json", to_headers(wrap(_shortlisted(uuid.uuid4()), workspace))),
                (b"{}", unknown),
                (orjson.dumps({"shortlist_id": "nope"}), to_headers(bad_data)),
                (encode_data(no_tenant.data), to_headers(no_tenant)),
                (encode_data(good.data), to_headers(good)),
            ])
            dead = await _read(settings.kafka_bootstrap_servers,
                               f"{prefix}dlq.campaigns.discovery.shortlist", 3)
            await eventually(worker.consumers[0].caught_up)
            skipped = worker.telemetry.registry.get_sample_value("icp_events_skipped_total", {
                "consumer": "campaigns", "type": "org.icp.discovery.shortlist.exploded.v1"})
            listed = (await api.get(f"/v1/campaigns/{campaign['id']}/collaborations")).json()
    reasons = [dict(r.headers)["x-dlq-failure-reason"].decode() for r in dead]
    # A type this release does not know yet (a producer already emitting v2) is skipped, counted.
    assert reasons == ["deserialization", "validation", "handler_error"]
    assert skipped == 1
    first = dict(dead[0].headers)
    assert first["x-dlq-original-topic"].decode() == f"{prefix}discovery.shortlist"
    assert first["x-dlq-consumer-group"].decode() == f"{prefix}campaigns"
    assert first["x-dlq-exception-message"]
    assert dict(dead[2].headers)["x-dlq-exception-class"] == b"MissingWorkspace"
    assert [item["influencer_id"] for item in listed["items"]] == [str(good.data.influencer_id)]


async def test_dlq_replay_republishes_dead_letters_to_their_original_topic(
    make_settings: Settings,
) -> None:
    settings = make_settings("campaigns")
    prefix = settings.kafka_topic_prefix
    source = f"{prefix}discovery.shortlist"
    envelope = wrap(_shortlisted(uuid.uuid4()), uuid.uuid4())
    dead_headers = [*to_headers(envelope), ("x-dlq-original-topic", source.encode()),
                    ("x-dlq-failure-reason", b"handler_error")]
    await _produce(settings.kafka_bootstrap_servers, f"{prefix}dlq.campaigns.discovery.shortlist",
                   [(encode_data(envelope.data), dead_headers)])
    assert await replay(settings) == 1
    assert await replay(settings) == 0  # already replayed: committed by the replay group
    (back,) = await _read(settings.kafka_bootstrap_servers, source, 1)
    headers = dict(back.headers)
    assert headers["ce_id"] == str(envelope.id).encode()
    assert not any(name.startswith("x-dlq-") for name in headers)


async def test_a_consumer_started_before_the_broker_waits_for_it_then_consumes(
    make_settings: Settings, tmp_path: Any,
) -> None:
    from shared.devstack.broker import EmbeddedBroker
    from shared.devstack.processes import free_port

    port = free_port()
    settings = make_settings("campaigns", kafka_bootstrap_servers=f"127.0.0.1:{port}")
    runtime = ServiceRuntime.create(settings, metadata, spine)
    seen: list[uuid.UUID] = []

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        seen.append(envelope.id)

    consumer = EventConsumer("late-broker", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    await asyncio.sleep(1.5)
    assert not task.done(), "a missing broker must not end the consumer"
    broker = EmbeddedBroker(port, log_path=tmp_path / "broker.log")
    broker.start()
    try:
        envelope = wrap(_shortlisted(uuid.uuid4()), uuid.uuid4())
        await _produce(broker.bootstrap_servers, f"{settings.kafka_topic_prefix}discovery.shortlist",
                       [(encode_data(envelope.data), to_headers(envelope))])
        await eventually(lambda: seen == [envelope.id], timeout=60)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        broker.stop()
        await runtime.close()


async def test_a_burst_is_applied_once_per_event_even_with_a_duplicate_inside_the_batch(
    make_settings: Settings,
) -> None:
    settings = make_settings("campaigns")
    runtime = ServiceRuntime.create(settings, metadata, spine)
    seen: list[uuid.UUID] = []

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        seen.append(envelope.id)

    consumer = EventConsumer("burst", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    envelopes = [wrap(_shortlisted(uuid.uuid4()), uuid.uuid4()) for _ in range(30)]
    messages = [(encode_data(e.data), to_headers(e)) for e in envelopes]
    await _produce(settings.kafka_bootstrap_servers,
                   f"{settings.kafka_topic_prefix}discovery.shortlist",
                   [*messages[:10], messages[3], *messages[10:]])
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    try:
        await eventually(lambda: len(seen) >= 30, timeout=60)
        await eventually(consumer.caught_up)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await runtime.close()
    assert seen == [e.id for e in envelopes]
