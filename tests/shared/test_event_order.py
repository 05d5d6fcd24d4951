"""Per-key order on topics of several partitions (production runs 6), through the real broker."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.partitioner import murmur2
from sqlalchemy import BigInteger, Column, Identity, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.db import metadata as campaigns_metadata
from services.campaigns.db import spine as campaigns_spine
from services.discovery.db import metadata as discovery_metadata
from services.discovery.db import spine as discovery_spine
from shared.bus.consumer import EventConsumer
from shared.bus.outbox import Outbox
from shared.bus.relay import OutboxRelay
from shared.events.base import Event
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

Settings = Callable[..., BaseServiceSettings]
PARTITIONS = 6


def _partition(key: uuid.UUID) -> int:
    """The partition the producer's default partitioner picks for `key` (Kafka's murmur2)."""
    return (murmur2(str(key).encode()) & 0x7FFFFFFF) % PARTITIONS


@asynccontextmanager
async def _relaying(runtime: ServiceRuntime) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(OutboxRelay(runtime.settings, runtime.engine, runtime.spine).run(stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


async def _all_sent(runtime: ServiceRuntime) -> bool:
    outbox = runtime.spine.outbox
    async with runtime.sessions() as session:
        unsent = await session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None)))
    return unsent == 0


async def _read(settings: BaseServiceSettings, topic: str, count: int) -> list[Any]:
    consumer = AIOKafkaConsumer(f"{settings.kafka_topic_prefix}{topic}",
                                bootstrap_servers=settings.kafka_bootstrap_servers,
                                auto_offset_reset="earliest", group_id=f"reader-{uuid.uuid4().hex}")
    await consumer.start()
    records: list[Any] = []
    try:
        async def _enough() -> bool:
            for part in (await consumer.getmany(timeout_ms=200)).values():
                records.extend(part)
            return len(records) >= count

        await eventually(_enough, timeout=60)
    finally:
        await consumer.stop()
    return records


async def test_a_campaigns_shortlist_events_share_one_partition_in_the_order_they_were_written(
    make_settings: Settings,
) -> None:
    """Taken off shortlist A, then put on shortlist B of the same campaign: campaigns must apply
    the removal first, or it drops the collaboration of a creator who is still shortlisted."""
    settings = make_settings("discovery", kafka_topic_partitions=PARTITIONS)
    runtime = ServiceRuntime.create(settings, discovery_metadata, discovery_spine)
    campaign, influencer, workspace = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    first = uuid.uuid4()
    # Two shortlists whose own ids land on different partitions: keyed by them, the two events
    # could be consumed in either order.
    second = next(s for s in iter(uuid.uuid4, None) if _partition(s) != _partition(first))
    events: list[Event] = [
        InfluencerRemovedFromShortlist(shortlist_id=first, campaign_id=campaign,
                                       influencer_id=influencer, removed_at=datetime.now(UTC)),
        InfluencerShortlisted(shortlist_id=second, campaign_id=campaign, influencer_id=influencer,
                              snapshot=InfluencerSnapshot(display_name="Ana"),
                              shortlisted_at=datetime.now(UTC)),
    ]
    try:
        for event in events:
            async with runtime.sessions() as session, session.begin():
                Outbox(discovery_spine.outbox).add(session, event, workspace)
        async with _relaying(runtime):
            await eventually(lambda: _all_sent(runtime))
        records = await _read(settings, "discovery.shortlist", len(events))
    finally:
        await runtime.close()
    assert len({record.partition for record in records}) == 1
    assert [dict(r.headers)["ce_type"].decode() for r in sorted(records, key=lambda r: r.offset)] == [
        e.ce_type() for e in events]


def test_the_table_of_keys_in_the_event_docs_matches_the_catalog() -> None:
    from pathlib import Path

    from shared.events.catalog import ALL_EVENTS

    documented: dict[str, tuple[set[str], str]] = {}
    for line in (Path(__file__).parents[2] / "docs" / "events.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[2].startswith("`"):
            documented[cells[0].strip("`")] = ({n.strip() for n in cells[1].split(",")},
                                               cells[2].split("`")[1])
    catalog: dict[str, tuple[set[str], str]] = {}
    for event in ALL_EVENTS:
        names, _ = catalog.setdefault(event.topic(), (set(), event.key_field))
        names.add(event.__name__)
    assert documented == catalog


def _effects_table() -> Table:
    """What the test's handler does: one row per application, in the order applied."""
    return Table(f"order_effects_{uuid.uuid4().hex[:8]}", MetaData(schema="public"),
                 Column("id", BigInteger, Identity(), primary_key=True),
                 Column("key", String, nullable=False), Column("n", Integer, nullable=False),
                 Column("replica", String, nullable=False))


async def test_two_replicas_on_six_partitions_apply_each_event_once_in_key_order_across_rebalances(
    make_settings: Settings,
) -> None:
    """A stream over 12 keys, some events sent twice; a second replica joins mid-stream and the
    first leaves (two rebalances). Each event has its effect once, and each key's in order."""
    settings = make_settings("campaigns", kafka_topic_partitions=PARTITIONS)
    runtime = ServiceRuntime.create(settings, campaigns_metadata, campaigns_spine)
    effects = _effects_table()
    async with runtime.engine.begin() as conn:
        await conn.run_sync(effects.create)
    keys, rounds = [uuid.uuid4() for _ in range(12)], 40
    envelopes = [wrap(_numbered(key, n), uuid.uuid4()) for n in range(rounds) for key in keys]

    def replica(name: str) -> EventConsumer:
        async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
            await session.execute(insert(effects).values(
                key=str(envelope.data.campaign_id), n=int(envelope.data.note), replica=name))

        return EventConsumer("order", settings, runtime.sessions, campaigns_spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})

    first, second = replica("first"), replica("second")
    stops = [asyncio.Event(), asyncio.Event()]
    tasks = [asyncio.create_task(first.run(stops[0]))]
    try:
        await eventually(lambda: _assigned(first), timeout=30)
        stream = asyncio.create_task(_send_paced(settings, envelopes, seconds=8))
        await asyncio.sleep(1)  # the stream is flowing: the second replica joins in its middle
        tasks.append(asyncio.create_task(second.run(stops[1])))
        await eventually(lambda: _assigned(second), timeout=30)
        assert not stream.done(), "the first rebalance should happen mid-stream"
        stops[0].set()  # the first replica leaves: its partitions move to the second
        await tasks[0]
        await stream
        await eventually(lambda: _count(runtime, effects, len(envelopes)), timeout=60)
        await eventually(second.caught_up, timeout=30)
        async with runtime.engine.connect() as conn:
            applied = (await conn.execute(select(effects.c.key, effects.c.n, effects.c.replica)
                                          .order_by(effects.c.id))).all()
    finally:
        for stop in stops:
            stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
        async with runtime.engine.begin() as conn:
            await conn.run_sync(effects.drop)
        await runtime.close()
    assert Counter((key, n) for key, n, _ in applied) == Counter(
        (str(e.data.campaign_id), int(e.data.note or 0)) for e in envelopes)
    per_key: dict[str, list[int]] = {}
    for key, n, _ in applied:
        per_key.setdefault(key, []).append(n)
    assert all(ns == list(range(rounds)) for ns in per_key.values())
    assert {name for *_, name in applied} == {"first", "second"}


def _numbered(campaign_id: uuid.UUID, n: int) -> InfluencerShortlisted:
    return InfluencerShortlisted(shortlist_id=uuid.uuid4(), campaign_id=campaign_id,
                                 influencer_id=uuid.uuid4(), note=str(n),
                                 snapshot=InfluencerSnapshot(display_name="Ana"),
                                 shortlisted_at=datetime.now(UTC))


def _assigned(consumer: EventConsumer) -> bool:
    return consumer._consumer is not None and bool(consumer._consumer.assignment())


async def _count(runtime: ServiceRuntime, table: Table, expected: int) -> bool:
    async with runtime.engine.connect() as conn:
        return await conn.scalar(select(func.count()).select_from(table)) == expected


async def _send_paced(settings: BaseServiceSettings, envelopes: list[Envelope[Any]],
                      seconds: float) -> None:
    """Sends the envelopes evenly over `seconds`, every seventh twice (a producer's retry)."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        for i, envelope in enumerate(envelopes):
            for _ in range(2 if i % 7 == 0 else 1):
                await producer.send(f"{settings.kafka_topic_prefix}{envelope.data.topic()}",
                                    value=encode_data(envelope.data), key=envelope.subject.encode(),
                                    headers=to_headers(envelope))
            await asyncio.sleep(seconds / len(envelopes))
        await producer.flush()
    finally:
        await producer.stop()
