"""Monthly partitions of `metric_snapshots` (PostgreSQL declarative partitioning, by the month
of `captured_at` in UTC). The worker creates the coming months ahead; a write creates any past
month it needs (an imported history) just before it stores the rows. Each is created in a short
transaction of its own, so the parent's lock is not held while a batch writes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)
PARENT = "tracking.metric_snapshots"
_EXISTING = text(
    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
    " WHERE i.inhparent = 'tracking.metric_snapshots'::regclass")
# Two writers creating one month at once would collide in the catalog (IF NOT EXISTS is not
# race-free): they take turns.
_TAKE_TURNS = text("SELECT pg_advisory_xact_lock(hashtextextended('tracking.metric_partitions', 0))")


def month_of(moment: datetime | date) -> date:
    day = moment.astimezone(UTC).date() if isinstance(moment, datetime) else moment
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_from(month: date, count: int) -> list[date]:
    months = [month]
    while len(months) < count:
        months.append(next_month(months[-1]))
    return months


def partition_name(month: date) -> str:
    return f"metric_snapshots_y{month.year:04d}m{month.month:02d}"


async def ensure_partitions(engine: AsyncEngine, months: Iterable[date]) -> list[str]:
    """Creates the partitions of `months` that do not exist yet; returns their names."""
    wanted = {partition_name(m): m for m in months}
    async with engine.connect() as connection:
        existing = set((await connection.execute(_EXISTING)).scalars())
    missing = {name: month for name, month in wanted.items() if name not in existing}
    if not missing:
        return []
    async with engine.begin() as connection:
        await connection.execute(_TAKE_TURNS)
        for name, month in sorted(missing.items()):
            start, end = month.isoformat(), next_month(month).isoformat()
            await connection.execute(text(
                f"CREATE TABLE IF NOT EXISTS tracking.{name} PARTITION OF {PARENT}"
                f" FOR VALUES FROM ('{start} 00:00:00+00') TO ('{end} 00:00:00+00')"))
    return sorted(missing)


class PartitionKeeper:
    """The worker's job: this month's partition and the next `ahead` months', checked now and
    then every `interval_s` (months are created once; the check is one catalog query)."""

    name = "metric-partitions"

    def __init__(self, engine: AsyncEngine, ahead: int, interval_s: float) -> None:
        self.engine, self.ahead, self.period_s = engine, ahead, interval_s

    async def run(self, stop: asyncio.Event, beat: Callable[[], None]) -> None:
        while not stop.is_set():
            beat()
            created = await ensure_partitions(self.engine, months_from(month_of(datetime.now(UTC)),
                                                                      self.ahead + 1))
            if created:
                log.info("metric snapshot partitions created", extra={"partitions": created})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.period_s)
