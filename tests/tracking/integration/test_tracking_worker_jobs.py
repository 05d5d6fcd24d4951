"""The tracking worker's jobs against the real broker: a snapshot stored announces the post's
figures and the campaign's KPIs; the coming months' snapshot partitions exist ahead."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
from tracking_events import campaign_event, post_body

from services.tracking.metrics.partitions import month_of, months_from, partition_name
from shared.events.catalog.tracking import CampaignKpisUpdated, PostMetricsUpdated
from shared.settings import BaseServiceSettings
from shared.testing import events_on, eventually, publish


async def test_a_stored_snapshot_is_announced_with_the_campaigns_kpis(
    make_settings: Callable[..., BaseServiceSettings],
    running_worker: Callable[..., Any],
    api: httpx.AsyncClient,
    workspace: uuid.UUID,
    clean_db: str,
) -> None:
    settings = make_settings("tracking")
    campaign = campaign_event(goal_metrics=["engagements"])
    async with (
        events_on(settings, PostMetricsUpdated, CampaignKpisUpdated) as announced,
        running_worker("tracking", metrics_announce_poll_s=0.05, kpi_poll_s=0.05) as worker,
    ):
        await publish(settings, workspace, campaign)
        await eventually(worker.consumers[0].caught_up)
        post = (await api.post("/v1/posts", json=post_body(campaign.campaign_id))).json()["id"]
        await api.post(
            "/v1/metrics",
            json={
                "post_id": post,
                "captured_at": "2026-05-05T10:00:00Z",
                "likes": 90,
                "comments": 10,
                "reach": 2_000,
            },
        )

        def engagements() -> float | None:
            kpis = announced.of_type(CampaignKpisUpdated)
            return kpis[-1].values.get("engagements") if kpis else None

        await eventually(lambda: engagements() == 100)
        (metrics,) = await announced.wait_for(PostMetricsUpdated, 1)
    assert (str(metrics.post_id), metrics.figures) == (post, {"likes": 90, "comments": 10, "reach": 2_000})
    kpis = announced.of_type(CampaignKpisUpdated)[-1]
    assert (kpis.campaign_id, kpis.values["engagement_rate"]) == (campaign.campaign_id, 0.05)
    conn = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        existing = {
            r[0]
            for r in await conn.fetch(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                " WHERE i.inhparent = 'tracking.metric_snapshots'::regclass"
            )
        }
    finally:
        await conn.close()
    assert {partition_name(m) for m in months_from(month_of(datetime.now(UTC)), 4)} <= existing
