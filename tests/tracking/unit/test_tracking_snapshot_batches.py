"""What a batch of snapshots changes: flags for counters that went down, the figures at the end
of each day, and each post's latest figures (late snapshots included)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.tracking.domain.figures import ABSENT, FIGURES
from services.tracking.domain.metric_rows import Figures, MetricRow
from services.tracking.domain.snapshots import BatchPlan, Known, SnapshotColumns, flag_names, plan_batch

POST, OTHER = uuid.uuid4(), uuid.uuid4()


def figures(**values: int) -> Figures:
    return tuple(values.get(name, ABSENT) for name in FIGURES)


def snap(row: int, day: int, hour: int, post: uuid.UUID = POST, **values: int) -> MetricRow:
    return MetricRow(
        row, row, post, datetime(2026, 5, day, hour, tzinfo=UTC), "imported", None, figures(**values)
    )


def plan(
    rows: list[MetricRow],
    latest: dict[uuid.UUID, Known] | None = None,
    before: dict[uuid.UUID, Figures] | None = None,
) -> tuple[SnapshotColumns, BatchPlan]:
    batch = SnapshotColumns.of(rows)
    return batch, plan_batch(batch, latest or {}, before or {})


def flagged(batch: SnapshotColumns, made: BatchPlan) -> list[tuple[int, tuple[str, ...]]]:
    return [
        (batch.rows[i].row, flag_names(flags))
        for i, flags in zip(made.order.tolist(), made.decreased, strict=True)
    ]


def daily(batch: SnapshotColumns, made: BatchPlan) -> dict[tuple[uuid.UUID, str], Figures]:
    rows = [batch.rows[i] for i in made.order[made.daily_rows].tolist()]
    return {
        (r.post_id, r.captured_at.date().isoformat()): tuple(f)
        for r, f in zip(rows, made.daily_figures.tolist(), strict=True)
    }


def test_counters_that_go_down_are_flagged_and_missing_figures_keep_the_last_known() -> None:
    rows = [
        snap(3, 2, 9, views=900, likes=50),
        snap(1, 1, 9, views=500, likes=40, reach=300),
        snap(2, 1, 18, views=700, likes=45),
        snap(4, 1, 12, OTHER, views=10),
    ]
    batch, made = plan(rows)
    assert sorted(flagged(batch, made)) == [(1, ()), (2, ()), (3, ()), (4, ())]
    assert daily(batch, made) == {
        (POST, "2026-05-01"): figures(views=700, likes=45, reach=300),
        (POST, "2026-05-02"): figures(views=900, likes=50, reach=300),
        (OTHER, "2026-05-01"): figures(views=10),
    }
    latest = dict(
        zip(
            [batch.rows[i].post_id for i in made.order[made.latest_rows].tolist()],
            map(tuple, made.latest_figures.tolist()),
            strict=True,
        )
    )
    assert latest == {POST: figures(views=900, likes=50, reach=300), OTHER: figures(views=10)}
    stored = Known(rows[0].captured_at, latest[POST])
    batch, dropped = plan([snap(5, 3, 9, views=880, likes=51)], {POST: stored})
    assert flagged(batch, dropped) == [(5, ("views",))]
    assert flag_names(dropped.latest_decreased[0]) == ("views",)
    assert tuple(dropped.latest_figures[0]) == figures(views=880, likes=51, reach=300)


def test_a_late_snapshot_is_compared_with_the_day_before_and_leaves_the_latest_alone() -> None:
    stored = Known(datetime(2026, 5, 9, 9, tzinfo=UTC), figures(views=2000, likes=90))
    batch, late = plan(
        [snap(1, 5, 12, views=1500, likes=60)], {POST: stored}, {POST: figures(views=1600, likes=55)}
    )
    assert flagged(batch, late) == [(1, ("views",))]
    assert daily(batch, late) == {(POST, "2026-05-05"): figures(views=1500, likes=60)}
    assert len(late.latest_rows) == 0
    batch, both = plan(
        [snap(2, 10, 9, likes=95), snap(1, 5, 12, views=1500)],
        {POST: stored},
        {POST: figures(views=1400, likes=55)},
    )
    assert [tuple(f) for f in both.latest_figures.tolist()] == [figures(views=2000, likes=95)]
    assert flagged(batch, both) == [(1, ()), (2, ())]
