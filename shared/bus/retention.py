"""How long `processed_events` must remember an event, and pruning it past that, in short batches.

A record can be redelivered for as long as the broker keeps it. Kafka deletes a log a whole
segment at a time, once the segment's newest record is older than `retention.ms`, and a segment
rolls at the latest after `segment.ms` (seven days by default, like the retention), so a record
can outlive the retention by up to that much. A consumer group whose committed offsets expired
starts again from the earliest record still there; its dedupe rows must outlast those records.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.settings import BaseServiceSettings

# Rows per DELETE: each batch is a short transaction, so consumers inserting meanwhile never wait
# long on it, and a backlog (the first prune after an upgrade) is worked through in steps.
_BATCH = 5_000


def processed_events_cutoff(settings: BaseServiceSettings) -> datetime:
    """Rows processed before this can no longer be redelivered (twice the topics' retention:
    the retention, plus a segment's life on top of it)."""
    return datetime.now(UTC) - timedelta(hours=2 * settings.kafka_event_retention_hours)


async def prune_processed_events(sessions: async_sessionmaker[AsyncSession], processed: Table,
                                 before: datetime) -> int:
    """Deletes the rows processed before `before` (found by their `processed_at` index);
    returns how many."""
    oldest = (select(processed.c.consumer, processed.c.event_id)
              .where(processed.c.processed_at < before).limit(_BATCH))
    statement = delete(processed).where(
        tuple_(processed.c.consumer, processed.c.event_id).in_(oldest.scalar_subquery()))
    total = 0
    while True:
        async with sessions() as session, session.begin():
            result = await session.execute(statement)
        deleted = int(getattr(result, "rowcount", 0) or 0)
        total += deleted
        if deleted < _BATCH:
            return total
