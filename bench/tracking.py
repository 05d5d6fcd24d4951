"""Tracking benchmark (issue 15). Prints one JSON object last.

    .venv/bin/python bench/tracking.py [--rows 1000000] [--bad-every 1000] [--kpi-requests 40]
                                       [--lag-samples 15] [--sections import kpis lag]

Starts its own embedded PostgreSQL and broker unless DATABASE_URL / KAFKA_BOOTSTRAP_SERVERS are set,
applies the tracking migrations, and measures, in one run and one database:

- **import** (`tracking_import`): a CSV of `--rows` snapshots (10,000 posts, one a day; every
  `--bad-every`-th row broken: negative, NaN, unknown post, malformed) streamed through the import
  service, against the raw ceiling: COPY of the same rows, parsed, into an index-free table.
  Target `metrics_import_rows_per_s` ≥ 0.35 × `raw_copy_rows_per_s`. It also checks that every bad
  row is reported and every good one stored (`import_rows_stored_match`).
- **kpis**: a campaign of 1,000 posts × 90 daily snapshots with a hybrid contract per
  collaboration; `GET /v1/campaigns/{id}/kpis` (the service's ASGI app, in process, sequential)
  p95 ≤ 100 ms, beside its floor: the same SQL alone (`kpi_sql_p95_ms`). Recommendations and the
  PNG report on that campaign are timed too (no target).
- **lag**: the tracking worker as deployed (`icp worker tracking`, its own process) and a broker
  consumer: a snapshot stored through `POST /v1/metrics` → `CampaignKpisUpdated` for its campaign
  received from the broker, p95 ≤ 2,000 ms. Samples are spaced by the publisher's minimum interval
  (3 s), so each measures a first change announced at once rather than the coalescing window.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
import tracking_import as ti
from aiokafka import AIOKafkaConsumer
from bench_servers import machine, servers

from services.tracking.events.handlers import HANDLERS
from services.tracking.kpis.inputs import INPUTS
from services.tracking.kpis.repository import KpiRepository
from services.tracking.main import create_app
from services.tracking.settings import TrackingSettings
from shared.auth import mint_token
from shared.cli.registry import service
from shared.db.migrate import upgrade
from shared.devstack.processes import free_port
from shared.devstack.stack import DEV_JWT_SECRET
from shared.events.catalog.campaigns import (
    CampaignStateChanged,
    ContractSigned,
    ContractTerms,
    InfluencerFigures,
    PerformanceRate,
)
from shared.events.catalog.tracking import CampaignKpisUpdated
from shared.events.envelope import wrap

ROOT = Path(__file__).resolve().parents[1]
IMPORT_RATIO_TARGET = 0.35
KPI_P95_TARGET_MS = 100
LAG_P95_TARGET_MS = 2_000
IMPORT_POSTS = 10_000  # 1,000,000 rows = 100 days from June 2026: none dated in the future
KPI_POSTS, KPI_DAYS = 1_000, 90
SECTIONS = ("import", "kpis", "lag")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18] if len(samples) > 1 else samples[0]


async def timed(call: Callable[[], Awaitable[Any]], times: int) -> list[float]:
    found = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        found.append((time.perf_counter() - started) * 1000)
    return found


async def measure_import(settings: TrackingSettings, dsn: str, rows: int, bad_every: int) -> dict[str, Any]:
    workspace, campaign = uuid.uuid4(), uuid.uuid4()
    posts = await ti.add_posts(dsn, workspace, campaign, IMPORT_POSTS)
    days = max(rows // IMPORT_POSTS, 1)
    with tempfile.TemporaryDirectory(prefix="icp-bench-tracking-") as folder:
        path = Path(folder) / "snapshots.csv"
        written = ti.write_file(path, posts, days, bad_every)
        log(f"import: {written:,} rows ({path.stat().st_size / 1e6:.0f} MB), every {bad_every}th broken")
        rate, report = await ti.timed_import(settings.database_url, workspace, path)
    log(f"import: {rate:,.0f} rows/s; raw COPY of the same rows next")
    ceiling = await ti.raw_copy_rate(dsn, workspace, posts, days)
    conn = await asyncpg.connect(dsn)
    try:
        stored = await conn.fetchval("SELECT count(*) FROM tracking.metric_snapshots WHERE workspace_id = $1",
                                     workspace)
    finally:
        await conn.close()
    bad = written // bad_every if bad_every else 0
    return {
        "metrics_import_rows": written,
        "metrics_import_rows_per_s": round(rate),
        "raw_copy_rows_per_s": round(ceiling),
        "metrics_import_ratio": round(rate / ceiling, 3),
        "metrics_import_ratio_target": IMPORT_RATIO_TARGET,
        "import_report": report,
        "import_rows_stored_match": stored == written - bad == report["stored"] and report["rejected"] == bad,
    }


async def seed_kpi_campaign(
    settings: TrackingSettings, dsn: str,
) -> tuple[uuid.UUID, uuid.UUID, list[uuid.UUID]]:
    """1,000 posts × 90 days of snapshots, a campaign in USD and a hybrid contract per collaboration."""
    workspace, campaign = uuid.uuid4(), uuid.uuid4()
    posts = await ti.add_posts(dsn, workspace, campaign, KPI_POSTS, markets=("US", "GB", "DE"))
    with tempfile.TemporaryDirectory(prefix="icp-bench-tracking-") as folder:
        path = Path(folder) / "kpis.csv"
        ti.write_file(path, posts, KPI_DAYS, 0)
        await ti.timed_import(settings.database_url, workspace, path)
    conn = await asyncpg.connect(dsn)
    try:
        collaborations = await conn.fetch(
            "SELECT collaboration_id, influencer_id, platform, followers FROM tracking.posts"
            " WHERE workspace_id = $1 AND campaign_id = $2", workspace, campaign)
    finally:
        await conn.close()
    start = datetime(2026, 5, 25, tzinfo=UTC)
    events: list[Any] = [CampaignStateChanged(
        campaign_id=campaign, name="Bench launch", brand="Bench", state="active", currency="USD",
        starts_at=start, ends_at=start + timedelta(days=120), markets=["US", "GB", "DE"],
        goal_metrics=["engagements"], updated_at=start)]
    events += [ContractSigned(
        contract_id=uuid.uuid4(), collaboration_id=row["collaboration_id"], campaign_id=campaign,
        influencer_id=row["influencer_id"], relationship="paid",
        terms=ContractTerms(compensation_model="hybrid", currency="USD", fixed_fee_minor=150_000,
                            performance_rates=[PerformanceRate(basis="engagements", amount_minor=2)],
                            performance_cap_minor=100_000),
        influencer=InfluencerFigures(platform=row["platform"], followers=row["followers"]), signed_at=start,
    ) for row in collaborations]
    runtime = service("tracking").runtime(settings)
    try:
        for event in events:
            async with runtime.sessions() as session, session.begin():
                await HANDLERS[type(event)](session, wrap(event, workspace))
    finally:
        await runtime.close()
    return workspace, campaign, posts


async def measure_kpis(settings: TrackingSettings, workspace: uuid.UUID, campaign: uuid.UUID,
                       requests: int) -> dict[str, Any]:
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {mint_token(settings, workspace, ['*'])}"}
    figures: dict[str, Any] = {}
    try:
        # The app's lifespan runs as a server runs it: start-up objects frozen out of the garbage
        # collector's full collections (shared.heap), which otherwise walk ~230k of them during
        # requests. Without it, full collections were ~90 ms of wall time per KPI request, here only.
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers,
                timeout=120) as api:
            async def get(path: str, **params: str) -> None:
                response = await api.get(path, params=params)
                assert response.status_code == 200, response.text[:300]

            kpis = f"/v1/campaigns/{campaign}/kpis"
            await get(kpis)  # warm: imports, caches, first plans
            campaign_ms = await timed(lambda: get(kpis), requests)
            platform_ms = await timed(lambda: get(kpis, by="platform"), requests)
            recommendations_ms = await timed(lambda: get(f"/v1/campaigns/{campaign}/recommendations"),
                                             max(requests // 4, 3))
            report_ms = await timed(lambda: get(f"/v1/campaigns/{campaign}/report", format="png"),
                                    max(requests // 8, 3))
            async with app.state.runtime.sessions() as session:
                async def sql() -> None:
                    repo = KpiRepository(session, workspace, campaign, None)
                    await repo.posts()
                    await repo.daily("campaign")
                    await repo.mentions_daily("campaign")
                    for source in INPUTS:
                        await repo.input_daily(source, "campaign")

                sql_ms = await timed(sql, requests)
    finally:
        await app.state.runtime.close()
    figures |= {
        "kpi_campaign": f"{KPI_POSTS} posts x {KPI_DAYS} daily snapshots",
        "kpi_query_p50_ms": round(statistics.median(campaign_ms), 1),
        "kpi_query_p95_ms": round(p95(campaign_ms), 1),
        "kpi_query_p95_target_ms": KPI_P95_TARGET_MS,
        "kpi_query_by_platform_p95_ms": round(p95(platform_ms), 1),
        "kpi_sql_p95_ms": round(p95(sql_ms), 1),
        "recommendations_p50_ms": round(statistics.median(recommendations_ms), 1),
        "report_png_p50_ms": round(statistics.median(report_ms), 1),
    }
    return figures


async def measure_lag(settings: TrackingSettings, workspace: uuid.UUID, campaign: uuid.UUID,
                      posts: list[uuid.UUID], samples: int) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": settings.database_url,
           "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
           "KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix, "LOG_LEVEL": "WARNING",
           "WORKER_HTTP_PORT": str(free_port())}
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "shared.cli.main", "worker", "tracking", env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL)
    topic = f"{settings.kafka_topic_prefix}{CampaignKpisUpdated.topic()}"
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=settings.kafka_bootstrap_servers,
                                auto_offset_reset="earliest", group_id=None, fetch_max_wait_ms=50)
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {mint_token(settings, workspace, ['*'])}"}
    lags: list[float] = []
    try:
        await _start_consumer(consumer)
        await _wait_for(consumer, campaign, datetime.min.replace(tzinfo=UTC), 120)  # the first announcement
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                                     headers=headers) as api:
            captured = ti.FIRST_DAY + timedelta(days=KPI_DAYS)
            for n in range(samples):
                await asyncio.sleep(settings.kpi_min_interval_s + 0.3)
                moment = datetime(captured.year, captured.month, captured.day, 12, tzinfo=UTC) + timedelta(
                    minutes=n)
                response = await api.post("/v1/metrics", json={
                    "post_id": str(posts[n % len(posts)]), "captured_at": moment.isoformat(),
                    "likes": 1_000_000 + n})
                stored = time.perf_counter()
                stored_at = datetime.now(UTC)
                assert response.status_code == 201, response.text[:300]
                await _wait_for(consumer, campaign, stored_at, 30)
                lags.append((time.perf_counter() - stored) * 1000)
    finally:
        await consumer.stop()
        await app.state.runtime.close()
        worker.send_signal(signal.SIGTERM)
        await asyncio.wait_for(worker.wait(), timeout=60)
    return {"kpis_event_lag_p50_ms": round(statistics.median(lags)),
            "kpis_event_lag_p95_ms": round(p95(lags)), "kpis_event_lag_p95_target_ms": LAG_P95_TARGET_MS,
            "kpis_event_lag_samples": len(lags)}


async def _start_consumer(consumer: AIOKafkaConsumer) -> None:
    deadline = time.monotonic() + 60
    while True:  # the topic exists once the worker has created it
        try:
            await consumer.start()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(1)


async def _wait_for(
    consumer: AIOKafkaConsumer, campaign: uuid.UUID, after: datetime, timeout_s: float,
) -> None:
    """Until a CampaignKpisUpdated of `campaign` computed after `after` is received."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        batches = await consumer.getmany(timeout_ms=100)
        for records in batches.values():
            for record in records:
                data = orjson.loads(record.value or b"{}")
                if data.get("campaign_id") == str(campaign) and datetime.fromisoformat(
                        data["computed_at"].replace("Z", "+00:00")) > after:
                    return
    raise TimeoutError(f"no CampaignKpisUpdated for {campaign} within {timeout_s} s")


async def run(settings: TrackingSettings, dsn: str, args: argparse.Namespace) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if args.rows and "import" in args.sections:
        figures |= await measure_import(settings, dsn, args.rows, args.bad_every)
    if not {"kpis", "lag"} & set(args.sections):
        return figures
    log("kpis: seeding 1,000 posts x 90 days")
    workspace, campaign, posts = await seed_kpi_campaign(settings, dsn)
    if "kpis" in args.sections:
        figures |= await measure_kpis(settings, workspace, campaign, args.kpi_requests)
        log(f"kpis: {figures['kpi_query_p95_ms']} ms p95")
    if "lag" in args.sections:
        figures |= await measure_lag(settings, workspace, campaign, posts, args.lag_samples)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="snapshots imported (0: skip)")
    parser.add_argument("--bad-every", type=int, default=1_000, help="every n-th row broken")
    parser.add_argument("--kpi-requests", type=int, default=40)
    parser.add_argument("--lag-samples", type=int, default=15)
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS),
                        help="which sections run (kpis and lag share one seeded campaign)")
    args = parser.parse_args()
    with servers() as (database_url, bootstrap, origin):
        upgrade("tracking", database_url)
        settings = TrackingSettings(database_url=database_url, kafka_bootstrap_servers=bootstrap,
                                    kafka_topic_prefix=f"bench{uuid.uuid4().hex[:8]}.",
                                    jwt_secret=os.environ.get("JWT_SECRET") or DEV_JWT_SECRET,
                                    rate_limit_per_token_per_minute=0)
        dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
        figures = asyncio.run(run(settings, dsn, args))
    print(json.dumps({"benchmark": "tracking", **figures, "servers": origin, "machine": machine()}))


if __name__ == "__main__":
    main()
