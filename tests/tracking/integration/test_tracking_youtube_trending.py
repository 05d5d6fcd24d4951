"""Real data as a metrics time series: the daily snapshots of US trending YouTube videos (Sep–Oct
2017, ../shared/datasets/youtube-trending-2017-daily) imported as posts' metrics. The latest
figures, the daily running totals and the decreased counters match what the file says."""

from __future__ import annotations

import csv
import uuid
from collections import defaultdict
from datetime import date, timedelta

import httpx
import pytest
from conftest import Apply
from tracking_events import campaign_event, post_body

from shared.datasets import DATASETS_DIR

TRENDING = DATASETS_DIR / "youtube-trending-2017-daily" / "USvideos.csv"
pytestmark = [
    pytest.mark.dataset,
    pytest.mark.skipif(
        not TRENDING.exists(), reason=f"dataset absent: {TRENDING} (../shared/datasets not mounted)"
    ),
]
VIDEOS = 25
FIGURES = {"views": "views", "likes": "likes", "comments": "comment_total"}


def _day(text: str) -> date | None:
    """`13.09` is 13 Sep 2017; `1.1` … `22.1` are October (the trailing zero was lost); the four
    rows dated `100` cannot be placed and are left out (SOURCE.md)."""
    day, _, month = text.partition(".")
    if not month:
        return None
    return date(2017, 9 if month == "09" else 10, int(day))


def _series() -> dict[str, dict[date, dict[str, int]]]:
    series: dict[str, dict[date, dict[str, int]]] = defaultdict(dict)
    with TRENDING.open(newline="") as file:
        for row in csv.DictReader(file):
            day = _day(row["date"])
            if row["video_id"] != "#NAME?" and day is not None:
                series[row["video_id"]][day] = {name: int(row[column]) for name, column in FIGURES.items()}
    longest = sorted(series, key=lambda v: (-len(series[v]), v))[: VIDEOS - 1]
    return {v: series[v] for v in [*longest, "LunHybOKIjU"]}


async def test_trending_videos_daily_statistics_import_as_metrics_series(
    api: httpx.AsyncClient, apply: Apply
) -> None:
    campaign = campaign_event(markets=["US"], goal_metrics=["views"])
    await apply(campaign)
    series = _series()
    posts = {}
    for video, days in series.items():
        first = min(days)
        body = post_body(
            campaign.campaign_id,
            platform="youtube",
            format="video",
            url=f"https://www.youtube.com/watch?v={video}",
            published_at=f"{first - timedelta(days=1)}T00:00:00Z",
        )
        posts[video] = (await api.post("/v1/posts", json=body)).json()["id"]
    lines = ["post_id,captured_at,views,likes,comments"]
    decreased = 0
    for video, days in series.items():
        previous: dict[str, int] = {}
        for day in sorted(days):
            figures = days[day]
            decreased += any(previous and figures[n] < previous[n] for n in FIGURES)
            previous = figures
            lines.append(
                f"{posts[video]},{day}T12:00:00Z,{figures['views']},{figures['likes']},{figures['comments']}"
            )
    report = (
        await api.post(
            "/v1/metrics:import", content="\n".join(lines) + "\n", headers={"content-type": "text/csv"}
        )
    ).json()
    rows = sum(len(days) for days in series.values())
    assert (report["rows"], report["stored"], report["rejected"], report["decreased"]) == (
        rows,
        rows,
        0,
        decreased,
    )
    newest = (await api.get(f"/v1/posts/{posts['LunHybOKIjU']}/metrics", params={"limit": 1})).json()[
        "items"
    ][0]
    assert (newest["captured_at"], newest["views"], newest["likes"], newest["comments"]) == (
        "2017-10-18T12:00:00Z",
        33_191_594,
        982_842,
        337_603,
    )
    kpis = (await api.get(f"/v1/campaigns/{campaign.campaign_id}/kpis")).json()
    assert kpis["campaign"]["counts"]["views"] == sum(days[max(days)]["views"] for days in series.values())
    running = {d["day"]: d["counts"].get("views", 0) for d in kpis["campaign"]["daily"]}
    for day in sorted({d for days in series.values() for d in days}):
        as_of = sum(
            days[max(d for d in days if d <= day)]["views"] for days in series.values() if min(days) <= day
        )
        assert running[day.isoformat()] == as_of, day
    assert kpis["campaign"]["rates"]["engagement_rate_by_views"]["denominator"] == "views"
    assert uuid.UUID(posts["LunHybOKIjU"])
