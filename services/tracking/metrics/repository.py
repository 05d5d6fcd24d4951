"""Set-based SQL for storing snapshots in batches: COPY for rows that are new for certain,
array upserts for the rest. Runs on the caller's session, in its transaction (never commits)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from services.tracking.domain.figures import ABSENT, FIGURES
from services.tracking.domain.metric_rows import Figures
from services.tracking.domain.snapshots import Known
from shared.db import columnar_copy as cc
from shared.db.repository import RepositoryBase

SCHEMA = "tracking"
SNAPSHOT_COLUMNS = ("post_id", "captured_at", "source", "workspace_id", "confidence", "decreased",
                    "received_at", *FIGURES)
DELTAS = tuple(f"{f}_delta" for f in FIGURES)
DAILY_COLUMNS = ("post_id", "day", "workspace_id", "campaign_id", "captured_at", *FIGURES, *DELTAS)
_FIGURES = ", ".join(FIGURES)
_SET_FIGURES = ", ".join(f"{f} = excluded.{f}" for f in FIGURES)


class PostInfo(NamedTuple):
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID | None
    influencer_id: uuid.UUID
    platform: str
    published_at: datetime


LATEST_COLUMNS = ("post_id", "workspace_id", "campaign_id", "captured_at", "source", "decreased",
                  "updated_at", *FIGURES)
# Upserts go through a temporary table COPY'd in binary: parameter arrays of thousands of rows
# cost more to encode than the upsert itself.
_STAGE = ("CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE tracking.{table} INCLUDING DEFAULTS)"
          " ON COMMIT DELETE ROWS")
_UPSERT_DAILY = f"""
INSERT INTO tracking.post_metrics_daily AS d ({", ".join(DAILY_COLUMNS)})
SELECT {", ".join(DAILY_COLUMNS)} FROM metrics_daily_stage
ON CONFLICT (campaign_id, post_id, day) DO UPDATE SET captured_at = excluded.captured_at, {_SET_FIGURES}
WHERE d.captured_at <= excluded.captured_at
"""
# A day stored (or replaced) before a post's latest day changes its own increment and that of the
# post's next measured day: the staged posts' increments are recomputed from their earliest day.
_SET_DELTAS = ", ".join(f"{d} = x.{d}" for d in DELTAS)
_DIFFERS = " OR ".join(f"d.{d} IS DISTINCT FROM x.{d}" for d in DELTAS)
_REDO_DELTAS = f"""
WITH s AS (SELECT campaign_id, post_id, min(day) AS day FROM metrics_daily_stage GROUP BY 1, 2),
x AS (SELECT m.campaign_id, m.post_id, m.day, s.day AS since,
        {", ".join(f"m.{f} - coalesce(lag(m.{f}) OVER w, 0) AS {f}_delta" for f in FIGURES)}
      FROM tracking.post_metrics_daily m JOIN s ON s.campaign_id = m.campaign_id AND s.post_id = m.post_id
      WHERE m.workspace_id = $1
      WINDOW w AS (PARTITION BY m.campaign_id, m.post_id ORDER BY m.day))
UPDATE tracking.post_metrics_daily d SET {_SET_DELTAS}
FROM x
WHERE d.workspace_id = $1 AND d.campaign_id = x.campaign_id AND d.post_id = x.post_id AND d.day = x.day
  AND x.day >= x.since AND ({_DIFFERS})
"""
_UPSERT_LATEST = f"""
INSERT INTO tracking.post_metrics_latest AS l ({", ".join(LATEST_COLUMNS)})
SELECT {", ".join(LATEST_COLUMNS)} FROM metrics_latest_stage
ON CONFLICT (post_id) DO UPDATE SET captured_at = excluded.captured_at, source = excluded.source,
    decreased = excluded.decreased, updated_at = excluded.updated_at, {_SET_FIGURES}
WHERE l.captured_at <= excluded.captured_at
"""
_SNAPSHOT = (f"SELECT post_id, captured_at, source, confidence, decreased, received_at, {_FIGURES}"
             " FROM tracking.metric_snapshots WHERE workspace_id = $1 AND post_id = $2")
_DAY_BEFORE = f"""
SELECT w.post_id, d.{", d.".join(FIGURES)}
FROM unnest($2::uuid[], $3::uuid[], $4::date[]) AS w(campaign_id, post_id, day)
CROSS JOIN LATERAL (SELECT * FROM tracking.post_metrics_daily m
    WHERE m.campaign_id = w.campaign_id AND m.post_id = w.post_id AND m.workspace_id = $1
      AND m.day < w.day
    ORDER BY m.day DESC LIMIT 1) AS d
"""


def _figures(values: Iterable[int | None]) -> Figures:
    return tuple(ABSENT if v is None else v for v in values)


def _columns(records: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    return [list(column) for column in zip(*records, strict=True)] if records else [[]] * width


class MetricsRepository(RepositoryBase):
    async def refresh_statistics(self, added: int) -> bool:
        """Samples the daily rows for the planner when `added` rows are a tenth of the table or
        more by its last estimate (or it was never sampled): autovacuum's own rule, without its
        wait of a minute or more. Sampling costs about the same whatever was added (0.4 s on a
        million rows), so a smaller import leaves it to autovacuum. The table's owner may
        analyze it, or on PostgreSQL 17+ a role holding MAINTAIN; for any other role
        PostgreSQL skips the statement with a warning."""
        if added == 0:
            return False
        driver = await self.driver()
        estimate = await driver.fetchval(
            "SELECT reltuples FROM pg_class WHERE oid = 'tracking.post_metrics_daily'::regclass")
        if estimate >= 0 and added < estimate / 10:
            return False
        await driver.execute("ANALYZE tracking.post_metrics_daily")
        return True

    async def lock_workspace(self, workspace_id: uuid.UUID) -> None:
        """Serialises a workspace's snapshot writers, so that what one finds stored stays true
        until it has written (no two write the same snapshot)."""
        await (await self.driver()).execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('tracking.metrics:' || $1::text, 0))",
            str(workspace_id))

    async def posts(
        self, workspace_id: uuid.UUID, post_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, PostInfo]:
        rows = await (await self.driver()).fetch(
            "SELECT id, campaign_id, collaboration_id, influencer_id, platform, published_at"
            " FROM tracking.posts WHERE workspace_id = $1 AND id = ANY($2::uuid[])",
            workspace_id, list(post_ids))
        return {r["id"]: PostInfo(*list(r.values())[1:]) for r in rows}

    async def latest(self, workspace_id: uuid.UUID, post_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Known]:
        rows = await (await self.driver()).fetch(
            f"SELECT post_id, captured_at, {_FIGURES} FROM tracking.post_metrics_latest"
            " WHERE workspace_id = $1 AND post_id = ANY($2::uuid[])", workspace_id, list(post_ids))
        return {r[0]: Known(r[1], _figures(r[2:])) for r in rows}

    async def stored_figures(
        self, workspace_id: uuid.UUID, keys: Sequence[tuple[uuid.UUID, datetime, str]]
    ) -> dict[tuple[uuid.UUID, datetime, str], Figures]:
        """The figures of those of these (post, captured_at, source) snapshots stored already."""
        posts, times, sources = _columns(keys, 3)
        rows = await (await self.driver()).fetch(
            f"SELECT s.post_id, s.captured_at, s.source, {_FIGURES} FROM tracking.metric_snapshots s"
            " JOIN unnest($2::uuid[], $3::timestamptz[], $4::text[]) AS k(post_id, captured_at, source)"
            " ON s.post_id = k.post_id AND s.captured_at = k.captured_at AND s.source = k.source"
            " WHERE s.workspace_id = $1", workspace_id, posts, times, sources)
        return {(r[0], r[1], r[2]): _figures(r[3:]) for r in rows}

    async def figures_before(
        self, workspace_id: uuid.UUID, days: Mapping[uuid.UUID, tuple[uuid.UUID, date]]
    ) -> dict[uuid.UUID, Figures]:
        """Each post's figures at the end of the last day it was measured before a day:
        `days[post]` = (its campaign, the day)."""
        if not days:
            return {}
        rows = await (await self.driver()).fetch(
            _DAY_BEFORE, workspace_id, [c for c, _ in days.values()], list(days),
            [d for _, d in days.values()])
        return {r[0]: _figures(r[1:]) for r in rows}

    async def copy_encoded(self, table: str, columns: Sequence[str], tuples: cc.Tuples) -> None:
        """`tuples`: binary COPY tuples of `columns`, encoded as they are sent."""
        if tuples.count:
            await (await self.driver()).copy_to_table(
                table, schema_name=SCHEMA, columns=list(columns), format="binary", source=tuples.stream())

    async def upsert_daily(self, workspace_id: uuid.UUID, tuples: cc.Tuples) -> None:
        """`tuples` (DAILY_COLUMNS): a day's row is replaced by a later capture only; the
        increments of these posts' days from the earliest staged one are then recomputed."""
        if not tuples.count:
            return
        await self._upsert("post_metrics_daily", "metrics_daily_stage", DAILY_COLUMNS, tuples, _UPSERT_DAILY)
        await (await self.driver()).execute(_REDO_DELTAS, workspace_id)

    async def upsert_latest(self, tuples: cc.Tuples) -> None:
        """`tuples` (LATEST_COLUMNS): a post's row is replaced by a later capture only, and is
        then pending announcement."""
        await self._upsert("post_metrics_latest", "metrics_latest_stage", LATEST_COLUMNS, tuples,
                           _UPSERT_LATEST)

    async def _upsert(
        self, table: str, stage: str, columns: Sequence[str], tuples: cc.Tuples, upsert: str
    ) -> None:
        if not tuples.count:
            return
        driver = await self.driver()
        await driver.execute(_STAGE.format(stage=stage, table=table))
        await driver.copy_to_table(stage, columns=list(columns), format="binary", source=tuples.stream())
        await driver.execute(upsert)

    async def snapshot(
        self, workspace_id: uuid.UUID, post_id: uuid.UUID, captured_at: datetime, source: str
    ) -> dict[str, Any] | None:
        row = await (await self.driver()).fetchrow(
            f"{_SNAPSHOT} AND captured_at = $3 AND source = $4", workspace_id, post_id, captured_at, source)
        return dict(row) if row is not None else None

    async def snapshots(
        self, workspace_id: uuid.UUID, post_id: uuid.UUID, before: tuple[datetime, str] | None, limit: int,
    ) -> list[dict[str, Any]]:
        """A post's snapshots, newest first, keyed by (captured_at, source)."""
        query = _SNAPSHOT
        args: list[Any] = [workspace_id, post_id]
        if before is not None:
            query += " AND (captured_at, source) < ($3, $4)"
            args += list(before)
        query += f" ORDER BY captured_at DESC, source DESC LIMIT {int(limit)}"
        return [dict(r) for r in await (await self.driver()).fetch(query, *args)]
