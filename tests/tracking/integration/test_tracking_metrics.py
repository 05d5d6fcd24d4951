"""Metrics over HTTP against the real database: one snapshot, streamed imports with a per-row
report, idempotence, late snapshots, decreased counters, partitions by month."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import asyncpg
import httpx
from tracking_events import post_body

from services.tracking.domain.figures import FIGURES
from services.tracking.metrics.announcer import MetricsAnnouncer
from shared.runtime import ServiceRuntime

HEADER = "post_id,captured_at,source,views,likes,comments,shares,saves,reach"


async def _post(api: httpx.AsyncClient, published_at: str = "2026-05-01T10:00:00Z") -> str:
    body = post_body(uuid.uuid4(), published_at=published_at)
    response = await api.post("/v1/posts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _import(api: httpx.AsyncClient, text: str, media: str = "text/csv", chunk: int = 97) -> Any:
    data = text.encode()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(data), chunk):
            yield data[start : start + chunk]

    response = await api.post("/v1/metrics:import", content=chunks(), headers={"content-type": media})
    assert response.status_code == 200, response.text
    return response.json()


async def _fetch(database_url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


async def _campaign_days(database_url: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(campaign_metrics_daily as its triggers keep it, the same sums over post_metrics_daily)."""
    kept = ", ".join(f"{f}_delta, {f}_reported" for f in FIGURES)
    summed = ", ".join(f"coalesce(sum({f}_delta), 0), count({f}_delta)" for f in FIGURES)
    rolled_up = await _fetch(database_url, f"SELECT campaign_id, day, rows, {kept}"
                             " FROM tracking.campaign_metrics_daily WHERE rows > 0 ORDER BY 1, 2")
    recomputed = await _fetch(database_url, f"SELECT campaign_id, day, count(*), {summed}"
                              " FROM tracking.post_metrics_daily GROUP BY 1, 2 ORDER BY 1, 2")
    return [tuple(r) for r in rolled_up], [tuple(r) for r in recomputed]


async def test_one_snapshot_is_stored_once_and_a_contradicting_one_refused(api: httpx.AsyncClient) -> None:
    post = await _post(api)
    body = {
        "post_id": post,
        "captured_at": "2026-05-02T10:00:00Z",
        "source": "connector",
        "views": 1200,
        "likes": 80,
    }
    first = await api.post("/v1/metrics", json=body)
    again = await api.post("/v1/metrics", json=body)
    other = await api.post("/v1/metrics", json={**body, "likes": 81})
    unknown = await api.post("/v1/metrics", json={**body, "post_id": str(uuid.uuid4())})
    early = await api.post("/v1/metrics", json={**body, "captured_at": "2026-04-01T10:00:00Z"})
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert first.json()["decreased"] == [] and again.json() == first.json()
    assert [(r.status_code, r.json()["errors"][0]["field"]) for r in (unknown, early)] == [
        (422, "body.post_id"),
        (422, "body.captured_at"),
    ]
    listed = (await api.get(f"/v1/posts/{post}/metrics")).json()
    assert [(s["captured_at"], s["likes"]) for s in listed["items"]] == [("2026-05-02T10:00:00Z", 80)]


async def test_an_import_keeps_good_rows_reports_bad_ones_and_is_idempotent(
    api: httpx.AsyncClient,
    clean_db: str,
    tracking_runtime: ServiceRuntime,
) -> None:
    a, b = await _post(api), await _post(api)
    text = (
        "\n".join(
            [
                HEADER,
                f"{a},2026-05-02T10:00:00Z,imported,1000,50,5,1,2,800",
                f"{a},2026-05-03T10:00:00Z,imported,1500,45,6,1,3,1100",  # likes went down: flagged
                f"{b},2026-05-02T09:00:00Z,connector,700,-3,1,0,0,600",
                f"{uuid.uuid4()},2026-05-02T09:00:00Z,imported,1,1,1,1,1,1",
                "garbage line",
                f"{b},2026-05-04T09:00:00Z,connector,900,20,2,0,1,",
                f"{b},2026-05-01T11:00:00Z,connector,100,5,0,0,0,90",  # late, out of order
            ]
        )
        + "\n"
    )
    report = await _import(api, text)
    assert {
        k: report[k] for k in ("rows", "stored", "already_stored", "rejected", "decreased", "posts_updated")
    } == {"rows": 7, "stored": 4, "already_stored": 0, "rejected": 3, "decreased": 1, "posts_updated": 2}
    assert [(p["row"], p["field"]) for p in report["problems"]] == [(3, "likes"), (4, "post_id"), (5, "row")]
    again = await _import(api, text, chunk=1 << 20)
    assert (again["stored"], again["already_stored"], again["rejected"], again["posts_updated"]) == (
        0,
        4,
        3,
        0,
    )
    latest = {
        str(r["post_id"]): dict(r)
        for r in await _fetch(clean_db, "SELECT * FROM tracking.post_metrics_latest")
    }
    assert (latest[a]["likes"], latest[a]["decreased"], latest[b]["reach"], latest[b]["views"]) == (
        45,
        ["likes"],
        90,
        900,
    )
    daily = await _fetch(
        clean_db,
        "SELECT day::text, views, reach FROM tracking.post_metrics_daily WHERE post_id = $1 ORDER BY day",
        uuid.UUID(b),
    )
    assert [tuple(r) for r in daily] == [("2026-05-01", 100, 90), ("2026-05-04", 900, 90)]
    announcer = MetricsAnnouncer(tracking_runtime.sessions, poll_s=1)
    assert await announcer.announce_once() == 2  # once per post, after both imports
    assert await announcer.announce_once() == 0
    events = await _fetch(
        clean_db,
        "SELECT key, payload FROM tracking.outbox WHERE topic = 'tracking.post'"
        " AND headers::text LIKE '%metrics_updated%'",
    )
    announced = {r["key"]: json.loads(r["payload"]) for r in events}
    assert sorted(announced) == sorted([a, b])
    assert (announced[a]["figures"]["likes"], announced[a]["decreased"]) == (45, ["likes"])


async def test_an_ndjson_import_stores_a_years_old_history_in_its_months_partitions(
    api: httpx.AsyncClient,
    clean_db: str,
) -> None:
    post = await _post(api, published_at="2017-09-12T00:00:00Z")
    lines = [
        f'{{"post_id":"{post}","captured_at":"2017-{month:02d}-20T00:00:00Z","views":{month * 100}}}'
        for month in (9, 10, 11)
    ]
    report = await _import(api, "\n".join(lines) + "\n", media="application/x-ndjson")
    assert (report["stored"], report["rejected"]) == (3, 0)
    partitions = await _fetch(
        clean_db,
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c"
        " ON c.oid = i.inhrelid WHERE i.inhparent = 'tracking.metric_snapshots'::regclass",
    )
    assert {"metric_snapshots_y2017m09", "metric_snapshots_y2017m10", "metric_snapshots_y2017m11"} <= {
        r["relname"] for r in partitions
    }
    stored = await _fetch(
        clean_db,
        "SELECT tableoid::regclass::text AS part FROM tracking.metric_snapshots"
        " WHERE post_id = $1 ORDER BY captured_at",
        uuid.UUID(post),
    )
    assert [r["part"] for r in stored] == [
        "tracking.metric_snapshots_y2017m09",
        "tracking.metric_snapshots_y2017m10",
        "tracking.metric_snapshots_y2017m11",
    ]


async def test_an_upload_that_names_no_format_is_a_415(api: httpx.AsyncClient) -> None:
    response = await api.post("/v1/metrics:import", content=b"x", headers={"content-type": "text/plain"})
    assert response.status_code == 415


async def test_late_snapshots_correct_their_day_and_the_next_measured_days_increments(
    api: httpx.AsyncClient, clean_db: str,
) -> None:
    """Daily increments (what KPIs' daily series sum) stay each day's figures minus the post's
    previous measured day's, whatever order the snapshots arrive in."""
    post = await _post(api)
    rows = [
        f"{post},2026-05-02T10:00:00Z,imported,100,1,0,0,0,80",
        f"{post},2026-05-03T10:00:00Z,imported,300,1,0,0,0,",
        f"{post},2026-05-05T10:00:00Z,imported,600,1,0,0,0,",
    ]
    late = [
        f"{post},2026-05-04T09:00:00Z,imported,450,1,0,0,0,",  # a day between two measured ones
        f"{post},2026-05-03T20:00:00Z,imported,350,1,0,0,0,",  # a later capture of a stored day
    ]
    for text in (rows, late, [f"{post},2026-05-06T10:00:00Z,imported,700,2,0,0,0,"]):
        assert (await _import(api, "\n".join([HEADER, *text]) + "\n"))["stored"] == len(text)
    daily = await _fetch(
        clean_db,
        "SELECT day::text, views_delta, reach_delta, likes_delta, impressions_delta"
        " FROM tracking.post_metrics_daily WHERE post_id = $1 ORDER BY day",
        uuid.UUID(post),
    )
    assert [tuple(r) for r in daily] == [
        ("2026-05-02", 100, 80, 1, None),
        ("2026-05-03", 250, 0, 0, None),
        ("2026-05-04", 100, 0, 0, None),
        ("2026-05-05", 150, 0, 0, None),
        ("2026-05-06", 100, 0, 1, None),
    ]
    # The campaign's days (what its KPIs' daily series read) follow every insert, upsert and
    # recomputed increment, and a delete.
    rolled_up, recomputed = await _campaign_days(clean_db)
    assert len(rolled_up) == 5 and rolled_up == recomputed
    await _fetch(clean_db, "DELETE FROM tracking.post_metrics_daily WHERE post_id = $1"
                 " AND day = '2026-05-06'", uuid.UUID(post))
    rolled_up, recomputed = await _campaign_days(clean_db)
    assert len(rolled_up) == 4 and rolled_up == recomputed


async def test_a_file_read_in_columns_stores_what_row_by_row_reading_finds_already_stored(
    api: httpx.AsyncClient, clean_db: str,
) -> None:
    """Lines after the header's chunk are read many at once (numpy columns): sent again in
    small chunks, read a row at a time, every snapshot is found stored with the same figures."""
    a, b = await _post(api), await _post(api)
    rows = [f"{(a, b)[n % 2]},2026-05-{2 + n // 20:02d}T{n % 20:02d}:00:00Z,imported,"
            f"{1000 + 10 * n},{50 + n % 7},,1,{n},{800 + n}" for n in range(120)]
    rows[30] = f"{a},2026-05-03T10:00:00Z,imported,1,-2,1,1,1,1"  # refused alone
    text = "\n".join([HEADER, *rows]) + "\n"
    head = len(HEADER) + 1

    async def in_two_chunks() -> AsyncIterator[bytes]:
        yield text[:head].encode()
        yield text[head:].encode()

    response = await api.post("/v1/metrics:import", content=in_two_chunks(),
                              headers={"content-type": "text/csv"})
    report = response.json()
    assert {k: report[k] for k in ("rows", "stored", "rejected", "posts_updated")} == {
        "rows": 120, "stored": 119, "rejected": 1, "posts_updated": 2}
    assert report["decreased"] > 0  # likes cycle through 50..56
    assert [(p["row"], p["field"]) for p in report["problems"]] == [(31, "likes")]
    again = await _import(api, text)
    assert (again["stored"], again["already_stored"], again["rejected"]) == (0, 119, 1)
    stored = await _fetch(clean_db, "SELECT count(*) AS n, sum(views) AS views, count(comments) AS comments"
                          " FROM tracking.metric_snapshots WHERE post_id = ANY($1::uuid[])",
                          [uuid.UUID(a), uuid.UUID(b)])
    assert (stored[0]["n"], stored[0]["views"], stored[0]["comments"]) == (
        119, sum(1000 + 10 * n for n in range(120) if n != 30), 0)


async def test_an_import_that_grows_the_daily_rows_a_tenth_samples_them_for_the_planner(
    api: httpx.AsyncClient, clean_db: str,
) -> None:
    """KPIs are read right after an import. Planned on the statistics from before it, a read of
    one campaign's 90,000 daily rows grouped by platform was planned for 2 rows (3x slower)."""
    async def last_analyze() -> Any:
        rows = await _fetch(clean_db, "SELECT last_analyze FROM pg_stat_user_tables"
                            " WHERE schemaname = 'tracking' AND relname = 'post_metrics_daily'")
        return rows[0]["last_analyze"]

    posts = [await _post(api) for _ in range(50)]

    def days(first: int, count: int) -> str:
        lines = [f"{post},{moment},imported,{100 + day},1,1,1,1,1" for day in range(first, first + count)
                 for post in posts
                 for moment in [f"{(date(2026, 5, 1) + timedelta(days=day)).isoformat()}T12:00:00Z"]]
        return "\n".join([HEADER, *lines]) + "\n"

    await _fetch(clean_db, "ANALYZE tracking.post_metrics_daily")  # empty, as the fixture left it
    sampled = [await last_analyze()]
    for first, count in ((0, 40), (40, 2), (42, 10)):  # 2,000 rows into none, 100 more, 500 more
        report = await _import(api, days(first, count), chunk=1 << 16)
        assert report["stored"] == 50 * count
        sampled.append(await last_analyze())
    assert sampled[1] > sampled[0]  # all of it new
    assert sampled[2] == sampled[1]  # a twentieth: autovacuum's to do
    assert sampled[3] > sampled[2]  # a quarter
