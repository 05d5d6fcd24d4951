"""`processed_events` forgets events once the broker can no longer redeliver them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, text

from services.campaigns.db import metadata, spine
from shared.bus.relay import OutboxRelay
from shared.db.migrate import SERVICES
from shared.runtime import ServiceRuntime
from shared.settings import BaseServiceSettings

Settings = Callable[..., BaseServiceSettings]


async def test_processed_events_older_than_twice_the_topics_retention_are_pruned(
    make_settings: Settings,
) -> None:
    """Retention 1 h: a record may still be on the broker up to 2 h (a segment's life on top),
    so rows of 2.5 h go (more than one pruning batch of them) and rows of 1.5 h stay."""
    settings = make_settings("campaigns", kafka_event_retention_hours=1)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    try:
        async with runtime.engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO campaigns.processed_events (consumer, event_id, processed_at) "
                "SELECT c, gen_random_uuid(), now() - make_interval(mins => m) "
                "FROM (VALUES ('campaigns', 150, 7000), ('campaigns', 90, 3), ('other', 150, 2), "
                "('other', 90, 1)) AS v(c, m, n), generate_series(1, v.n)"))
        pruned = await OutboxRelay(settings, runtime.engine, spine).prune()
        async with runtime.sessions() as session:
            left = (await session.execute(
                select(spine.processed_events.c.consumer, func.count())
                .group_by(spine.processed_events.c.consumer)
                .order_by(spine.processed_events.c.consumer))).all()
    finally:
        await runtime.close()
    assert pruned == 7002
    assert [tuple(row) for row in left] == [("campaigns", 3), ("other", 1)]


async def test_every_service_finds_its_prunable_processed_events_by_an_index(clean_db: str) -> None:
    settings = BaseServiceSettings(database_url=clean_db)
    runtime = ServiceRuntime.create(settings, metadata, spine)
    try:
        async with runtime.engine.connect() as conn:
            indexed = set((await conn.scalars(text(
                "SELECT schemaname FROM pg_indexes WHERE tablename = 'processed_events' "
                "AND indexdef LIKE '%(processed_at)'"))).all())
    finally:
        await runtime.close()
    assert indexed == set(SERVICES)
