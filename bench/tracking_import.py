"""The metrics-import part of bench/tracking.py: a generated file of snapshots imported through
the import service, and the raw COPY ceiling of the same rows into the same database."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from services.tracking.domain.figures import FIGURES
from services.tracking.metrics.repository import SNAPSHOT_COLUMNS
from services.tracking.metrics.service import import_stream
from services.tracking.settings import TrackingSettings
from shared.cli.registry import service
from shared.ingest.parser import ImportFormat

CHUNK = 1 << 20
FIRST_DAY = date(2026, 6, 1)
PLATFORMS = ("instagram", "tiktok", "youtube")
FORMATS = {
    "instagram": ("reel", "post", "story", "carousel"),
    "tiktok": ("short", "video"),
    "youtube": ("video", "short"),
}


async def add_posts(
    dsn: str, workspace: uuid.UUID, campaign: uuid.UUID, count: int, markets: tuple[str, ...] = ("US",)
) -> list[uuid.UUID]:
    """Posts registered straight into the table (their registration is not what is measured)."""
    rng = random.Random(7)
    ids = [uuid.uuid4() for _ in range(count)]
    published = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=UTC) - timedelta(hours=6)
    records = []
    for i, post_id in enumerate(ids):
        platform = PLATFORMS[i % len(PLATFORMS)]
        records.append(
            (
                post_id,
                workspace,
                campaign,
                uuid.uuid4(),
                uuid.uuid4(),
                platform,
                rng.choice(FORMATS[platform]),
                f"https://example.com/{post_id}",
                f"example.com/{post_id}",
                "Ad | bench post",
                published,
                False,
                "paid",
                "default",
                False,
                False,
                markets[i % len(markets)],
                rng.choice((4_000, 30_000, 250_000, 800_000, 2_000_000)),
            )
        )
    conn = await asyncpg.connect(dsn)
    try:
        await conn.copy_records_to_table(
            "posts",
            schema_name="tracking",
            records=records,
            columns=[
                "id",
                "workspace_id",
                "campaign_id",
                "collaboration_id",
                "influencer_id",
                "platform",
                "format",
                "url",
                "url_key",
                "text",
                "published_at",
                "paid_partnership_label",
                "relationship",
                "relationship_source",
                "image_retouched",
                "image_ai_generated",
                "market",
                "followers",
            ],
        )
    finally:
        await conn.close()
    return ids


def snapshot_rows(posts: list[uuid.UUID], days: int) -> Iterator[tuple[uuid.UUID, datetime, list[int]]]:
    """One snapshot per post per day, growing as real counters do; day-major, as a daily export."""
    rng = random.Random(11)
    scale = {p: rng.uniform(0.2, 5.0) for p in posts}
    for day in range(days):
        moment = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, 23, tzinfo=UTC) + timedelta(
            days=day
        )
        grown = (day + 1) ** 0.6
        for post in posts:
            s = scale[post] * grown
            yield post, moment, [int(v * s) for v in (9000, 6500, 8000, 40000, 420, 31, 17, 52, 60, 25, 9)]


def write_file(path: Path, posts: list[uuid.UUID], days: int, bad_every: int) -> int:
    """The CSV; every `bad_every`-th row is broken in one of the ways a row is refused."""
    broken = ("{p},{t},imported,-5,{r}", "{p},{t},imported,NaN,{r}", "{u},{t},imported,1,{r}", "oops")
    rows = 0
    with path.open("w") as file:
        file.write("post_id,captured_at,source," + ",".join(FIGURES) + "\n")
        for n, (post, moment, values) in enumerate(snapshot_rows(posts, days), 1):
            stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
            rest = ",".join(map(str, values[1:]))
            if bad_every and n % bad_every == 0:
                line = broken[n // bad_every % len(broken)].format(p=post, t=stamp, u=uuid.uuid4(), r=rest)
            else:
                line = f"{post},{stamp},imported,{values[0]},{rest}"
            file.write(line + "\n")
            rows += 1
    return rows


async def file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            yield chunk


async def timed_import(url: str, workspace: uuid.UUID, path: Path) -> tuple[float, dict[str, Any]]:
    runtime = service("tracking").runtime(TrackingSettings(database_url=url))
    try:
        started = time.perf_counter()
        async with runtime.sessions() as session:
            report = await import_stream(
                session, runtime.engine, workspace, file_chunks(path), ImportFormat.CSV
            )
            await session.commit()
        elapsed = time.perf_counter() - started
    finally:
        await runtime.close()
    return report.rows / elapsed, report.model_dump(exclude={"problems"}) | {
        "first_problems": [p.model_dump() for p in report.problems[:4]]
    }


async def raw_copy_rate(dsn: str, workspace: uuid.UUID, posts: list[uuid.UUID], days: int) -> float:
    """COPY of the same rows, already parsed, into an index-free plain table: the ceiling."""
    received = datetime.now(UTC)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("DROP TABLE IF EXISTS tracking.bench_raw_copy")
        await conn.execute("CREATE TABLE tracking.bench_raw_copy (LIKE tracking.metric_snapshots)")
        rows, elapsed, batch = 0, 0.0, []
        for post, moment, values in snapshot_rows(posts, days):
            batch.append((post, moment, "imported", workspace, None, [], received, *values))
            if len(batch) == 100_000:
                elapsed += await _copy(conn, batch)
                rows, batch = rows + len(batch), []
        if batch:
            elapsed += await _copy(conn, batch)
            rows += len(batch)
        await conn.execute("DROP TABLE tracking.bench_raw_copy")
        return rows / elapsed
    finally:
        await conn.close()


async def _copy(conn: asyncpg.Connection, records: list[tuple[Any, ...]]) -> float:
    started = time.perf_counter()
    await conn.copy_records_to_table(
        "bench_raw_copy", schema_name="tracking", records=records, columns=list(SNAPSHOT_COLUMNS)
    )
    return time.perf_counter() - started
