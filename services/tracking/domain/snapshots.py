"""What a batch of snapshots changes (pure, vectorised with numpy): the counters each snapshot
is flagged for, each post's figures at the end of each day the batch touches, and each post's
latest figures.

A post's figures are the latest known value of each figure: a snapshot that leaves a figure out
keeps the one before. Each snapshot is compared with the post's figures just before it: for a
snapshot newer than every stored one, the stored latest figures; for a late one (no newer than
the latest), the figures at the end of the day before its own, then the batch's snapshots in
time order. A counter lower than before is stored as sent, and flagged.

The stored figures enter as extra rows of the batch (before the earliest late snapshot, and at
the latest one's time), so one forward fill over rows sorted by (post, time, source) gives every
snapshot the figures before it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from asyncpg.pgproto.pgproto import UUID as PgUUID

from services.tracking.domain.figures import ABSENT, FIGURES
from services.tracking.domain.metric_rows import SOURCE_ORDER, Figures, MetricBlock, MetricRow, micros

_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
MICROS_PER_DAY = 86_400_000_000
SOURCES = SOURCE_ORDER
_EARLIEST = np.iinfo(np.int64).min
_AFTER_REAL_SOURCES = len(SOURCES)  # a stored latest sorts after the batch's rows of its time
Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


class Known(NamedTuple):
    """A post's figures as known at `captured_at`."""

    captured_at: datetime
    figures: Figures


def moment_of(micros_since: int) -> datetime:
    return _PG_EPOCH + timedelta(microseconds=micros_since)


def day_of(micros_since: int) -> date:
    return (_PG_EPOCH + timedelta(days=micros_since // MICROS_PER_DAY)).date()



@dataclass
class SnapshotColumns:
    """A batch of snapshot rows as columns, in the file's row order; `posts[code[i]]` is row i's
    post, the posts sorted by their bytes (the tables' key order, which COPY then follows)."""

    posts: list[uuid.UUID]
    code: Ints
    time: Ints  # microseconds since 2000-01-01 UTC
    source: Ints  # index in SOURCES
    figures: Ints  # rows × FIGURES, ABSENT where not reported
    row: Ints
    line: Ints
    confidence: npt.NDArray[np.float64]
    no_confidence: Flags

    @classmethod
    def of(cls, items: Sequence[MetricRow | MetricBlock]) -> SnapshotColumns:
        blocks = [i for i in items if isinstance(i, MetricBlock)]
        if rows := [i for i in items if isinstance(i, MetricRow)]:
            blocks.append(_block_of(rows))
        if not blocks:
            blocks.append(_block_of([]))
        row = np.concatenate([b.row for b in blocks])
        order = np.argsort(row, kind="stable")  # blocks and single rows interleaved in the file
        posts, code = _post_codes(np.concatenate([b.post for b in blocks])[order])
        return cls(posts, code, *(
            np.concatenate([getattr(b, name) for b in blocks])[order]
            for name in ("time", "source", "figures", "row", "line", "confidence", "no_confidence")))

    @property
    def rows(self) -> _Rows:
        return _Rows(self)

    def take(self, keep: npt.NDArray[Any]) -> SnapshotColumns:
        """The rows at `keep` (indices or a mask), with the same post codes."""
        return SnapshotColumns(self.posts, self.code[keep], self.time[keep], self.source[keep],
                               self.figures[keep], self.row[keep], self.line[keep], self.confidence[keep],
                               self.no_confidence[keep])


class _Rows:
    """A batch's rows as `MetricRow`s, made only for those looked at (the refused, say)."""

    def __init__(self, batch: SnapshotColumns) -> None:
        self.batch = batch

    def __len__(self) -> int:
        return len(self.batch.code)

    def __getitem__(self, i: int) -> MetricRow:
        b = self.batch
        return MetricRow(int(b.row[i]), int(b.line[i]), b.posts[int(b.code[i])], moment_of(int(b.time[i])),
                         SOURCES[int(b.source[i])].value,
                         None if b.no_confidence[i] else float(b.confidence[i]), tuple(b.figures[i].tolist()))


def _block_of(rows: Sequence[MetricRow]) -> MetricBlock:
    count = len(rows)
    times: dict[datetime, int] = {}
    sources = {s.value: i for i, s in enumerate(SOURCES)}
    return MetricBlock(
        np.fromiter((r.row for r in rows), np.int64, count),
        np.fromiter((r.line for r in rows), np.int64, count),
        np.frombuffer(b"".join(r.post_id.bytes for r in rows), np.uint8).reshape(count, 16),
        np.fromiter((times.get(r.captured_at) or times.setdefault(r.captured_at, micros(r.captured_at))
                     for r in rows), np.int64, count),
        np.fromiter((sources[r.source] for r in rows), np.int64, count),
        np.fromiter((np.nan if r.confidence is None else r.confidence for r in rows), np.float64, count),
        np.fromiter((r.confidence is None for r in rows), np.bool_, count),
        np.array([r.figures for r in rows], dtype=np.int64).reshape(count, len(FIGURES)))


def _post_codes(posts: npt.NDArray[np.uint8]) -> tuple[list[uuid.UUID], Ints]:
    """The distinct posts of rows × 16 bytes, sorted by their bytes, and each row's code."""
    halves = posts.view(">u8").astype(np.uint64)
    by_key = np.lexsort((halves[:, 1], halves[:, 0]))
    ordered = halves[by_key]
    first = np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)] if len(ordered) else np.zeros(0, np.bool_)
    code = np.empty(len(posts), np.int64)
    code[by_key] = np.cumsum(first) - 1
    raw = posts[by_key[first]].tobytes()
    return [PgUUID(raw[i:i + 16]) for i in range(0, len(raw), 16)], code


@dataclass
class BatchPlan:
    """The batch's snapshots in (post, time, source) order, and what they change."""

    order: Ints  # indices into the batch's rows
    decreased: Flags  # per snapshot in `order`, per figure
    daily_rows: Ints  # positions in `order` of each (post, day)'s last snapshot
    daily_figures: Ints  # the post's figures at the end of that day
    latest_rows: Ints  # positions in `order` of the last snapshot of each post that passed its latest
    latest_figures: Ints
    latest_decreased: Flags  # what went down in the batch's snapshots of each such post


def plan_batch(
    batch: SnapshotColumns, latest: Mapping[uuid.UUID, Known], before_late: Mapping[uuid.UUID, Figures],
) -> BatchPlan:
    """`batch` holds new snapshots (none stored yet); `latest` the posts' stored latest figures;
    `before_late` each late post's figures at the end of the day before its earliest late row."""
    real = len(batch.code)
    code, time, source, figures = _with_stored(batch, latest, before_late)
    order = np.lexsort((source, time, code))
    code, time, figures = code[order], time[order], figures[order]
    first_of_post = np.r_[True, code[1:] != code[:-1]] if len(code) else np.zeros(0, np.bool_)
    # A figure every row reports, or none does, is its own forward fill: only the others are filled.
    absent = figures < 0
    mixed = np.flatnonzero(absent.any(axis=0) & ~absent.all(axis=0))
    state = figures.copy()
    if mixed.size:
        state[:, mixed] = _forward_filled(figures[:, mixed], first_of_post)
    before = np.empty_like(state)
    before[1:] = state[:-1]
    before[first_of_post] = ABSENT
    decreased = (figures >= 0) & (before >= 0) & (figures < before)
    is_real = order < real
    order, code, time, state, decreased = (
        order[is_real], code[is_real], time[is_real], state[is_real], decreased[is_real])
    if not len(order):
        return _nothing()
    day = time // MICROS_PER_DAY
    post_ends = np.r_[code[1:] != code[:-1], True]
    daily_rows = np.flatnonzero(post_ends | np.r_[day[1:] != day[:-1], True])
    latest_rows = np.flatnonzero(post_ends)
    stored_time = np.array([micros(k.captured_at) if (k := latest.get(batch.posts[c])) else _EARLIEST
                            for c in code[latest_rows]], dtype=np.int64)
    passed = time[latest_rows] > stored_time
    post_starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    down = np.logical_or.reduceat(decreased, post_starts, axis=0)
    return BatchPlan(order, decreased, daily_rows, state[daily_rows], latest_rows[passed],
                     state[latest_rows[passed]], down[passed])


def _with_stored(
    batch: SnapshotColumns, latest: Mapping[uuid.UUID, Known], before_late: Mapping[uuid.UUID, Figures],
) -> tuple[Ints, Ints, Ints, Ints]:
    """The batch's columns followed by the stored figures as rows: before a late post's earliest
    late snapshot, and at its latest one's time (after the batch's snapshots of that time)."""
    stored_rows: list[tuple[int, int, int, Figures]] = []
    for code, post in enumerate(batch.posts):
        if (before := before_late.get(post)) is not None:
            stored_rows.append((code, _EARLIEST, -1, before))
        if (stored := latest.get(post)) is not None:
            stored_rows.append((code, micros(stored.captured_at), _AFTER_REAL_SOURCES, stored.figures))
    codes = [r[0] for r in stored_rows]
    times = [r[1] for r in stored_rows]
    sources = [r[2] for r in stored_rows]
    figures = [r[3] for r in stored_rows]
    extra = np.array(figures, dtype=np.int64).reshape(len(figures), len(FIGURES))
    return (np.r_[batch.code, codes].astype(np.int64), np.r_[batch.time, times].astype(np.int64),
            np.r_[batch.source, sources].astype(np.int64), np.vstack([batch.figures, extra]))


def _forward_filled(figures: Ints, first_of_post: Flags) -> Ints:
    """Each row's latest known value of each figure within its post (ABSENT before the first)."""
    rows = np.arange(len(figures))
    post_start = np.maximum.accumulate(np.where(first_of_post, rows, 0))
    last_known = np.where(figures >= 0, rows[:, None], -1)
    np.maximum.accumulate(last_known, axis=0, out=last_known)
    filled = np.take_along_axis(figures, np.maximum(last_known, 0), axis=0)
    return np.where(last_known >= post_start[:, None], filled, ABSENT)


def _nothing() -> BatchPlan:
    none = np.zeros(0, np.int64)
    flags = np.zeros((0, len(FIGURES)), np.bool_)
    return BatchPlan(none, flags, none, np.zeros((0, len(FIGURES)), np.int64), none,
                     np.zeros((0, len(FIGURES)), np.int64), flags)


def late_posts(batch: SnapshotColumns, latest: Mapping[uuid.UUID, Known]) -> dict[uuid.UUID, date]:
    """Posts with a snapshot no newer than their latest stored one → the day of the earliest."""
    stored = np.array([micros(k.captured_at) if (k := latest.get(p)) else _EARLIEST for p in batch.posts],
                      dtype=np.int64)
    late = np.flatnonzero(batch.time <= stored[batch.code]) if len(batch.code) else np.zeros(0, np.int64)
    days: dict[uuid.UUID, date] = {}
    for i in late.tolist():
        post, day = batch.posts[batch.code[i]], day_of(int(batch.time[i]))
        if post not in days or day < days[post]:
            days[post] = day
    return days


def flag_names(flags: npt.NDArray[np.bool_]) -> tuple[str, ...]:
    return tuple(name for name, flag in zip(FIGURES, flags, strict=True) if flag)
