"""Storing snapshots: one batch at a time, in the caller's transaction (an import's batch, or
one snapshot over HTTP). Idempotent on (post, captured_at, source): a snapshot stored before is
counted, not stored again; the same key with other figures is refused (snapshots never change).
Batches are handled as columns (numpy) and COPY'd as binary tuples encoded a column at a time:
an import's cost per row is what PostgreSQL spends, not Python's bookkeeping.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.tracking.domain.figures import ABSENT, FIGURES
from services.tracking.domain.metric_rows import MetricBlock, MetricRow
from services.tracking.domain.snapshots import (
    MICROS_PER_DAY,
    SOURCES,
    BatchPlan,
    Known,
    SnapshotColumns,
    flag_names,
    late_posts,
    micros,
    moment_of,
    plan_batch,
)
from services.tracking.kpis import state as kpi_state
from services.tracking.metrics.partitions import ensure_partitions, month_of
from services.tracking.metrics.repository import DAILY_COLUMNS, SNAPSHOT_COLUMNS, MetricsRepository, PostInfo
from shared.db import columnar_copy as cc
from shared.ingest.report import RejectedRow, rejected
from shared.provenance import AHEAD_GRACE

_FLAG_BITS = 1 << np.arange(len(FIGURES), dtype=np.int64)
_NO_ID = uuid.UUID(int=0)


@dataclass
class WriteOutcome:
    stored: int = 0
    already_stored: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    decreased: dict[int, tuple[str, ...]] = field(default_factory=dict)  # row → counters flagged
    posts_updated: list[uuid.UUID] = field(default_factory=list)
    campaigns: set[uuid.UUID] = field(default_factory=set)


async def write_snapshots(
    session: AsyncSession, engine: AsyncEngine, workspace_id: uuid.UUID,
    rows: Sequence[MetricRow | MetricBlock], received_at: datetime,
    known_posts: dict[uuid.UUID, PostInfo] | None = None,
) -> WriteOutcome:
    """Stores what is new among `rows` and what follows from it: daily and latest figures (a
    post whose latest figures changed is announced by the worker, once however many batches
    changed it), and the campaigns' KPIs due again. The caller commits. `known_posts` keeps the
    posts read by one batch for the next of the same import (a post never changes campaign)."""
    outcome = WriteOutcome()
    if not rows:
        return outcome
    batch = SnapshotColumns.of(rows)
    # Before this transaction reads the snapshot table: creating a partition waits for it.
    await ensure_partitions(engine, {month_of(moment_of(day * MICROS_PER_DAY))
                                     for day in np.unique(batch.time // MICROS_PER_DAY).tolist()})
    repo = MetricsRepository(session)
    await repo.lock_workspace(workspace_id)
    posts = known_posts if known_posts is not None else {}
    if missing := [p for p in batch.posts if p not in posts]:
        posts.update(await repo.posts(workspace_id, missing))
    batch = _of_known_posts(batch, posts, outcome)
    latest = await repo.latest(workspace_id, [batch.posts[c] for c in np.unique(batch.code)])
    batch = await _not_stored(repo, workspace_id, batch, latest, outcome)
    late = {post: (posts[post].campaign_id, day) for post, day in late_posts(batch, latest).items()}
    plan = plan_batch(batch, latest, await repo.figures_before(workspace_id, late))
    await _store(repo, workspace_id, batch, plan, posts, latest, received_at)
    outcome.stored = len(plan.order)
    outcome.decreased = {int(batch.row[plan.order[i]]): flag_names(plan.decreased[i])
                         for i in np.flatnonzero(plan.decreased.any(axis=1)).tolist()}
    outcome.posts_updated = [batch.posts[c] for c in batch.code[plan.order[plan.latest_rows]].tolist()]
    touched = np.unique(batch.code[plan.order]).tolist()
    outcome.campaigns = {posts[batch.posts[c]].campaign_id for c in touched}
    await kpi_state.mark_changed(repo.session, workspace_id, outcome.campaigns)
    return outcome


def _of_known_posts(batch: SnapshotColumns, posts: dict[uuid.UUID, PostInfo],
                    outcome: WriteOutcome) -> SnapshotColumns:
    """Rows of posts the workspace has, captured no earlier than a day before publication."""
    earliest = np.array([micros(posts[p].published_at - AHEAD_GRACE) if p in posts else 0
                         for p in batch.posts], dtype=np.int64)
    known = np.array([p in posts for p in batch.posts], dtype=np.bool_)
    keep = known[batch.code] & (batch.time >= earliest[batch.code])
    for i in np.flatnonzero(~keep).tolist():
        row = batch.rows[i]
        if row.post_id not in posts:
            outcome.rejected.append(rejected(row.row, row.line, "post_id", "no such post in this "
                                             "workspace (register it with POST /v1/posts first)"))
        else:
            outcome.rejected.append(rejected(row.row, row.line, "captured_at", "before the post was "
                                             f"published ({posts[row.post_id].published_at.isoformat()})"))
    return batch.take(keep)


async def _not_stored(
    repo: MetricsRepository, workspace_id: uuid.UUID, batch: SnapshotColumns, latest: dict[uuid.UUID, Known],
    outcome: WriteOutcome,
) -> SnapshotColumns:
    """The rows to store: not stored before and not repeated in the batch. A snapshot can be
    stored already only if it is no newer than its post's latest one: only those are looked up."""
    order = np.lexsort((batch.source, batch.time, batch.code))
    key = np.stack([batch.code[order], batch.time[order], batch.source[order]], axis=1)
    repeat = np.r_[False, (key[1:] == key[:-1]).all(axis=1)] if len(order) else np.zeros(0, np.bool_)
    first_of_key = np.maximum.accumulate(np.where(~repeat, np.arange(len(order)), 0))
    for at, first in zip(order[repeat].tolist(), order[first_of_key[repeat]].tolist(), strict=True):
        earlier = batch.rows[first]
        _repeat(batch.rows[at], earlier.figures, f"row {earlier.row} of this file", outcome)
    keep = np.zeros(len(batch.rows), np.bool_)
    keep[order[~repeat]] = True
    stored_time = np.array([micros(k.captured_at) if (k := latest.get(p)) else np.iinfo(np.int64).min
                            for p in batch.posts], dtype=np.int64)
    maybe = np.flatnonzero(keep & (batch.time <= stored_time[batch.code])).tolist()
    if maybe:
        looked = [batch.rows[i] for i in maybe]
        keys = [(r.post_id, r.captured_at, r.source) for r in looked]
        found = await repo.stored_figures(workspace_id, keys)
        for i, row in zip(maybe, looked, strict=True):
            if (figures := found.get((row.post_id, row.captured_at, row.source))) is not None:
                keep[i] = False
                _repeat(row, figures, "the snapshot stored before", outcome)
    return batch.take(keep)


def _repeat(row: MetricRow, figures: tuple[int, ...], what: str, outcome: WriteOutcome) -> None:
    if figures == row.figures:
        outcome.already_stored += 1
    else:
        outcome.rejected.append(rejected(
            row.row, row.line, "row", f"same post, captured_at and source as {what}, with other "
            "figures; snapshots are never changed (give the correction another captured_at)"))


async def _store(
    repo: MetricsRepository, workspace_id: uuid.UUID, batch: SnapshotColumns, plan: BatchPlan,
    posts: dict[uuid.UUID, PostInfo], latest: dict[uuid.UUID, Known], received_at: datetime,
) -> None:
    ids = cc.uuid_bytes(batch.posts)
    # (a post the workspace does not have has no row left: its campaign is never read)
    campaigns = cc.uuid_bytes([posts[p].campaign_id if p in posts else _NO_ID for p in batch.posts])
    workspace = np.frombuffer(workspace_id.bytes, np.uint8)
    await repo.copy_encoded("metric_snapshots", SNAPSHOT_COLUMNS, _snapshot_tuples(
        batch, plan, ids, workspace, received_at))
    # A day after the post's latest one is new for certain: COPY'd. The others may be stored.
    at = plan.order[plan.daily_rows]
    code, time = batch.code[at], batch.time[at]
    day = time // MICROS_PER_DAY
    latest_day = np.array([micros(k.captured_at) // MICROS_PER_DAY if (k := latest.get(p)) else -(2**62)
                           for p in batch.posts], dtype=np.int64)
    new = day > latest_day[code]

    def daily(keep: npt.NDArray[np.bool_]) -> cc.Tuples:
        count = int(keep.sum())
        return cc.Tuples([
            cc.Column("uuid", ids[code[keep]]), cc.Column("date", day[keep].astype(np.int32)),
            cc.Column("uuid", np.tile(workspace, (count, 1))), cc.Column("uuid", campaigns[code[keep]]),
            cc.Column("timestamptz", time[keep]), *_figure_columns(plan.daily_figures[keep]),
            *_figure_columns(deltas[keep], delta_absent[keep])], count)

    deltas, delta_absent = _deltas(plan.daily_figures, code, [latest.get(p) for p in batch.posts])
    await repo.copy_encoded("post_metrics_daily", DAILY_COLUMNS, daily(new))
    await repo.upsert_daily(workspace_id, daily(~new))
    newest = plan.order[plan.latest_rows]
    count = len(newest)
    bits = plan.latest_decreased.astype(np.int64) @ _FLAG_BITS
    patterns, pattern_of = np.unique(bits, return_inverse=True)
    await repo.upsert_latest(cc.Tuples([
        cc.Column("uuid", ids[batch.code[newest]]), cc.Column("uuid", np.tile(workspace, (count, 1))),
        cc.Column("uuid", campaigns[batch.code[newest]]), cc.Column("timestamptz", batch.time[newest]),
        cc.text_column(batch.source[newest], [s.value for s in SOURCES]),
        cc.text_array_column(pattern_of, [_flag_list(p) for p in patterns.tolist()]),
        cc.Column("timestamptz", np.full(count, micros(datetime.now(UTC)), np.int64)),
        *_figure_columns(plan.latest_figures)], count))


def _deltas(
    figures: npt.NDArray[np.int64], code: npt.NDArray[np.int64], latest: list[Known | None],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Each daily row's increment over its post's day before (`code`-sorted rows, days rising):
    the batch's previous row of the post, else its stored latest figures (the end of its latest
    day); absent where the day's figure is. Right for days after the post's latest one; the
    upsert recomputes the others' posts from the table."""
    before = np.full_like(figures, ABSENT)
    if len(code):
        stored = np.array([k.figures if k else (ABSENT,) * len(FIGURES) for k in latest],
                          dtype=np.int64).reshape(len(latest), len(FIGURES))
        first = np.r_[True, code[1:] != code[:-1]]
        before[1:] = figures[:-1]
        before[first] = stored[code[first]]
    return figures - np.maximum(before, 0), figures < 0


def _snapshot_tuples(batch: SnapshotColumns, plan: BatchPlan, ids: npt.NDArray[np.uint8],
                     workspace: npt.NDArray[np.uint8], received_at: datetime) -> cc.Tuples:
    order, count = plan.order, len(plan.order)
    bits = plan.decreased.astype(np.int64) @ _FLAG_BITS
    patterns, pattern_of = np.unique(bits, return_inverse=True)
    return cc.Tuples([
        cc.Column("uuid", ids[batch.code[order]]), cc.Column("timestamptz", batch.time[order]),
        cc.text_column(batch.source[order], [s.value for s in SOURCES]),
        cc.Column("uuid", np.tile(workspace, (count, 1))),
        cc.Column("float8", batch.confidence[order], batch.no_confidence[order]),
        cc.text_array_column(pattern_of, [_flag_list(p) for p in patterns.tolist()]),
        cc.Column("timestamptz", np.full(count, micros(received_at), np.int64)),
        *_figure_columns(batch.figures[order])], count)


def _figure_columns(figures: npt.NDArray[np.int64], absent: npt.NDArray[np.bool_] | None = None,
                    ) -> list[cc.Column]:
    """Counts are never negative: a negative one is absent, unless `absent` says which are."""
    nulls = figures < 0 if absent is None else absent
    return [cc.Column("int8", figures[:, i], nulls[:, i]) for i in range(len(FIGURES))]


def _flag_list(bits: int) -> list[str]:
    return [name for name, bit in zip(FIGURES, _FLAG_BITS.tolist(), strict=True) if bits & bit]
