"""Per-key order on topics of several partitions (production runs 6), through the real broker."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer
from aiokafka.partitioner import murmur2
from sqlalchemy import func, select

from services.discovery.db import metadata as discovery_metadata
from services.discovery.db import spine as discovery_spine
from shared.bus.outbox import Outbox
from shared.bus.relay import OutboxRelay
from shared.events.base import Event
from shared.events.catalog.discovery import (
    InfluencerRemovedFromShortlist,
    InfluencerShortlisted,
    InfluencerSnapshot,
)
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
