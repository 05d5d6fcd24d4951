"""A poll's records as one batch: one processed_events INSERT, one database commit and one offset
commit per poll, each event applied once and in order (real database and broker)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaProducer
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from services.campaigns.db import metadata, spine
from shared.bus.consumer import EventConsumer
from shared.events.catalog import REGISTRY
from shared.events.catalog.discovery import InfluencerShortlisted, InfluencerSnapshot
from shared.events.envelope import Envelope, encode_data, to_headers, wrap
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings
from shared.testing import eventually


def _shortlisted(campaign_id: uuid.UUID) -> InfluencerShortlisted:
    return InfluencerShortlisted(
        shortlist_id=uuid.uuid4(), campaign_id=campaign_id, influencer_id=uuid.uuid4(),
        snapshot=InfluencerSnapshot(display_name="Ana"), shortlisted_at=datetime.now(UTC))


async def test_each_poll_costs_one_insert_one_transaction_and_one_offset_commit(
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    settings = make_settings("campaigns", kafka_topic_partitions=3)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    applied: list[Envelope[Any]] = []

    async def handler(session: AsyncSession, envelope: Envelope[Any]) -> None:
        applied.append(envelope)

    consumer = EventConsumer("batches", settings, runtime.sessions, spine.processed_events,
                             REGISTRY, {InfluencerShortlisted: handler})
    counts = {"polls": 0, "offset_commits": 0, "inserts": 0, "transactions": 0}

    def on_statement(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO campaigns.processed_events"):
            counts["inserts"] += 1

    def on_commit(conn: Any) -> None:
        counts["transactions"] += 1

    event.listen(runtime.engine.sync_engine, "before_cursor_execute", on_statement)
    event.listen(runtime.engine.sync_engine, "commit", on_commit)
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, linger_ms=50)
    await producer.start()
    try:
        await eventually(consumer.caught_up, timeout=60)  # assigned, nothing to read yet
        client = consumer._consumer
        assert client is not None
        getmany, commit = client.getmany, client.commit

        patched_poll = asyncio.Event()

        async def counted_getmany(*args: Any, **kwargs: Any) -> Any:
            patched_poll.set()
            batch = await getmany(*args, **kwargs)
            counts["polls"] += bool(batch)
            return batch

        async def counted_commit(*args: Any, **kwargs: Any) -> None:
            counts["offset_commits"] += 1
            await commit(*args, **kwargs)

        client.getmany = counted_getmany  # type: ignore[method-assign]
        client.commit = counted_commit  # type: ignore[method-assign]
        # A poll already under way when the client was patched would bring records uncounted.
        await asyncio.wait_for(patched_poll.wait(), timeout=10)
        campaigns = [uuid.uuid4() for _ in range(6)]
        sent = [wrap(_shortlisted(campaigns[i % 6]), uuid.uuid4()) for i in range(300)]
        topic = f"{settings.kafka_topic_prefix}discovery.shortlist"
        futures = [await producer.send(topic, value=encode_data(e.data), key=e.subject.encode(),
                                       headers=to_headers(e)) for e in sent]
        await asyncio.gather(*futures)
        await eventually(lambda: len(applied) >= len(sent), timeout=60)
        await eventually(consumer.caught_up, timeout=60)
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
        await producer.stop()
        await runtime.close()
    assert sorted(e.id for e in applied) == sorted(e.id for e in sent)  # each once
    for campaign in campaigns:  # in order per key
        mine = [e.id for e in sent if e.data.campaign_id == campaign]
        assert [e.id for e in applied if e.data.campaign_id == campaign] == mine
    assert counts["polls"] < len(sent) / 5, counts  # records did come in batches
    assert counts["offset_commits"] == counts["polls"], counts
    assert counts["inserts"] == counts["polls"], counts
    assert counts["transactions"] == counts["polls"], counts
