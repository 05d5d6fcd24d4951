"""The campaign plan's figures (issue 13): `campaign_patch_p95_ms` with 10,000 campaigns in the
workspace (target ≤ 25), and `goal_progress_events_per_s`, CampaignKpisUpdated applied exactly once
by the campaigns worker (target ≥ 2,000), beside the broker's raw produce → consume rate for the
same records in the same run (`raw_broker_records_per_s`) and the worker's own CPU time per event
(`worker_cpu_us_per_kpi_event`: what bounds the rate on a shared machine); for the PATCH, what
any request pays on the machine meanwhile (`raw_healthz_p95_ms`: the app's /healthz;
`raw_db_roundtrip_p95_ms`: one `SELECT 1`; a PATCH makes six round trips: BEGIN, the campaign with
its budget and goals, the outbox INSERT, the campaign's UPDATE, its history INSERT, COMMIT).

PATCH: a plan like the guide's S1 (5 markets, a persona, guidelines, a budget, a goal) in each of
10,000 campaigns; each PATCH changes a campaign's brief and hashtags with its ETag (one history
row, one CampaignGuidelinesUpdated), in process through the ASGI app, one at a time.
KPIs: `--kpi-campaigns` campaigns with two goals each (mentions, engagement_rate); each event
carries every goal metric, 14 days of daily mentions and engagement rate, and 4 platform × market
slices (the daily series a fortnight into a campaign). Published as fast as the producer goes to
a worker already warm (its group joined); timed from the first send until the database holds all.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import orjson
import psutil
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from campaigns_bench import Bench

from services.campaigns.main import create_app
from shared.auth import mint_token
from shared.bus.kafka import ensure_topics, topic_name
from shared.events.catalog.tracking import CampaignKpisUpdated
from shared.events.envelope import encode_data, to_headers, wrap
from shared.ids import uuid7
from shared.vocabulary import GoalMetric

TARGETS = {"campaign_patch_p95_ms": 25, "goal_progress_events_per_s": 2_000}
START = datetime(2027, 3, 1, tzinfo=UTC)
PLAN: dict[str, Any] = {
    "brief": "Launch our recycled-fibre line to eco-minded 25–40-year-olds.",
    "objectives": ["awareness", "launch"],
    "markets": [{"country": c, "languages": [lang]} for c, lang in
                (("DE", "de"), ("FR", "fr"), ("GB", "en"), ("US", "en"), ("CA", "en"))],
    "personas": [{"name": "Eco-minded", "countries": {"DE": 1.0, "US": 1.0}, "age": {"25-34": 1.0},
                  "genders": {}, "languages": {}, "interests": {"fashion": 1.0},
                  "values": ["sustainability"]}],
    "creators": {"count": 6, "topics": ["fashion"], "values": [], "platforms": ["instagram"], "formats": [],
                 "excluded_brand_safety_flags": []},
    "guidelines": {"required_hashtags": ["#MaisonVerte"], "required_mentions": ["@maisonverte"],
                   "banned_terms": [], "dos": [], "donts": []},
}
Record = tuple[bytes, bytes, list[tuple[str, bytes]]]  # key, value, headers


async def measure(bench: Bench) -> dict[str, object]:
    patch = await _patch_latency(bench, bench.options["campaigns"], bench.options["patches"])
    workspace, campaigns = uuid.uuid4(), [uuid7() for _ in range(bench.options["kpi_campaigns"])]
    steps = bench.options["kpi_events"] // len(campaigns)
    warm = [_encoded(workspace, campaign, 0, steps) for campaign in campaigns]
    timed = [_encoded(workspace, campaign, step, steps)
             for step in range(1, steps + 1) for campaign in campaigns]
    ceiling = await _broker_ceiling(bench, timed)
    await _seed(bench, workspace, campaigns, goals=True)
    progress = await _goal_progress(bench, warm, timed, len(campaigns))
    return {
        **patch, **progress, "raw_broker_records_per_s": ceiling,
        "targets": TARGETS,
        "meets_patch_target": patch["campaign_patch_p95_ms"] <= TARGETS["campaign_patch_p95_ms"],
        "meets_goal_progress_target": progress["goal_progress_exactly_once"]
        and progress["goal_progress_events_per_s"] >= TARGETS["goal_progress_events_per_s"],
    }


async def _seed(bench: Bench, workspace: uuid.UUID, ids: list[uuid.UUID], goals: bool) -> None:
    """Campaigns with the S1-like plan, a budget and a goal (or two), by COPY."""
    now = datetime.now(UTC)
    connection = await asyncpg.connect(bench.dsn)
    try:
        await connection.copy_records_to_table("campaigns", schema_name="campaigns", columns=[
            "id", "workspace_id", "name", "brand", "brief", "objectives", "markets", "personas", "creators",
            "starts_at", "ends_at", "milestones", "guidelines", "market_variants", "state", "version",
            "created_at", "updated_at"], records=[
            (i, workspace, f"Campaign {n}", "Maison Verte", PLAN["brief"], PLAN["objectives"],
             _json(PLAN["markets"]), _json(PLAN["personas"]), _json(PLAN["creators"]), START,
             START + timedelta(days=92), "[]", _json(PLAN["guidelines"]), "[]", "draft", 1, now, now)
            for n, i in enumerate(ids)])
        await connection.copy_records_to_table("campaign_budgets", schema_name="campaigns", columns=[
            "campaign_id", "workspace_id", "currency", "total_minor", "contingency_percent", "allocations"],
            records=[(i, workspace, "EUR", 8_000_000, 10, "[]") for i in ids])
        rows = [(uuid7(), workspace, i, 0, "mentions", None, 5000.0, 6000.0, 20.0, START + timedelta(days=92),
                 "P3M", [], []) for i in ids]
        if goals:
            rows += [(uuid7(), workspace, i, 1, "engagement_rate", None, None, 0.04, None,
                      START + timedelta(days=92), None, ["DE"], ["instagram"]) for i in ids]
        await connection.copy_records_to_table("campaign_goals", schema_name="campaigns", columns=[
            "id", "workspace_id", "campaign_id", "position", "metric", "description", "baseline",
            "target_value", "target_change_percent", "deadline", "within", "scope_markets",
            "scope_platforms"], records=rows)
        await connection.execute("ANALYZE campaigns.campaigns, campaigns.campaign_goals, "
                                 "campaigns.campaign_budgets")
    finally:
        await connection.close()


async def _floor(client: httpx.AsyncClient, app: Any, samples: int = 500) -> dict[str, float]:
    """What any request pays on this machine now: the same app's /healthz (no database) and one
    database round trip of its engine, each p95 over `samples`."""
    health, database = [], []
    async with app.state.engine.connect() as connection:
        for _ in range(samples):
            started = time.perf_counter()
            await client.get("/healthz")
            health.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await connection.exec_driver_sql("SELECT 1")
            database.append((time.perf_counter() - started) * 1000)
    return {"raw_healthz_p95_ms": round(sorted(health)[int(0.95 * samples)], 2),
            "raw_db_roundtrip_p95_ms": round(sorted(database)[int(0.95 * samples)], 2)}


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


async def _patch_latency(bench: Bench, count: int, patches: int) -> dict[str, Any]:
    workspace, ids = uuid.uuid4(), [uuid7() for _ in range(count)]
    await _seed(bench, workspace, ids, goals=False)
    app = create_app(bench.settings)
    token = mint_token(bench.settings, workspace, ["*"], subject="bench")
    chosen = random.Random(13).sample(ids, min(patches + 50, len(ids)))
    timings = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        for n, campaign in enumerate(chosen):
            body = {"brief": f"Brief, take {n}",
                    "guidelines": {"required_hashtags": ["#MaisonVerte", f"#Take{n}"]}}
            started = time.perf_counter()
            response = await client.patch(f"/v1/campaigns/{campaign}", json=body, headers={"If-Match": '"1"'})
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"PATCH {response.status_code}: {response.text}")
            if n >= 50:  # the first ones warm the pools and caches
                timings.append(elapsed)
        floor = await _floor(client, app)
    await app.state.runtime.close()
    timings.sort()
    return {**floor, "campaigns_in_workspace": count, "patches_timed": len(timings),
            "campaign_patch_p50_ms": round(statistics.median(timings), 2),
            "campaign_patch_p95_ms": round(timings[int(0.95 * len(timings))], 2),
            "campaign_patch_p99_ms": round(timings[int(0.99 * len(timings))], 2)}


def _encoded(workspace: uuid.UUID, campaign: uuid.UUID, step: int, steps: int) -> Record:
    """The campaign's KPIs `step` minutes into the run (a fortnight into the campaign); its
    mentions reach the goal's 6,000 halfway through the run, once."""
    at = START + timedelta(days=14, minutes=step)
    mentions = 300.0 + 11_400.0 * step / steps
    daily = [{"day": (at - timedelta(days=13 - d)).date(), "values": {
        "mentions": mentions * (d + 1) / 14, "engagement_rate": 0.03}} for d in range(14)]
    slices = [{"platform": p, "market": m,
               "values": {"engagements": 300.0, "reach": 10_000.0, "mentions": mentions / 4},
               "sentiment_scored": 10} for p in ("instagram", "tiktok") for m in ("DE", "US")]
    event = CampaignKpisUpdated.model_validate({
        "campaign_id": campaign, "computed_at": at, "currency": "EUR",
        "values": {m.value: 1.0 for m in GoalMetric} | {"mentions": mentions}, "daily": daily,
        "slices": slices})
    return str(campaign).encode(), encode_data(event), to_headers(wrap(event, workspace))


async def _send(bench: Bench, topic: str, records: list[Record]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bench.settings.kafka_bootstrap_servers, linger_ms=5,
                                max_batch_size=1 << 20, max_request_size=8 << 20)
    await producer.start()
    try:
        for key, value, headers in records:
            await producer.send(topic, value=value, key=key, headers=headers)
        await producer.flush()
    finally:
        await producer.stop()


async def _broker_ceiling(bench: Bench, records: list[Record]) -> float:
    """Records per second through the broker alone: the same records produced and read back by a
    plain consumer, on a topic of as many partitions as the KPI topic."""
    topic = topic_name(bench.settings, f"ceiling.{uuid.uuid4().hex[:6]}")
    await ensure_topics(bench.settings, [topic])
    consumer = AIOKafkaConsumer(bootstrap_servers=bench.settings.kafka_bootstrap_servers,
                                enable_auto_commit=False, auto_offset_reset="earliest",
                                fetch_max_wait_ms=bench.settings.kafka_fetch_max_wait_ms)
    await consumer.start()
    try:
        await consumer.topics()  # refreshes the metadata that names the new topic's partitions
        partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        started = time.perf_counter()
        sending = asyncio.create_task(_send(bench, topic, records))
        seen = 0
        while seen < len(records):
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            seen += sum(len(part) for part in batch.values())
        elapsed = time.perf_counter() - started
        await sending
    finally:
        await consumer.stop()
    return round(len(records) / elapsed, 1)


async def _goal_progress(
    bench: Bench, warm: list[Record], timed: list[Record], campaigns: int
) -> dict[str, Any]:
    topic = topic_name(bench.settings, CampaignKpisUpdated.topic())
    applied = "SELECT count(*) FROM campaigns.processed_events WHERE consumer = 'campaigns'"
    connection = await asyncpg.connect(bench.dsn)
    try:
        with bench.worker() as worker:
            await _send(bench, topic, warm)  # its group joins, its caches fill: timed from warm
            await _until(connection, applied, len(warm), timeout=180)
            cpu = psutil.Process(worker.pid)
            started, cpu_started = time.perf_counter(), sum(cpu.cpu_times()[:2])
            await _send(bench, topic, timed)
            await _until(connection, applied, len(warm) + len(timed), timeout=600)
            elapsed, cpu_used = time.perf_counter() - started, sum(cpu.cpu_times()[:2]) - cpu_started
            await asyncio.sleep(1)  # anything applied twice would show now
            total = await connection.fetchval(applied)
        newest = START + timedelta(days=14, minutes=len(timed) // campaigns)
        stale = await connection.fetchval(
            "SELECT count(*) FROM campaigns.campaign_kpis WHERE computed_at <> $1", newest)
        achieved = await connection.fetchval(
            "SELECT count(*) FROM campaigns.outbox WHERE headers::text LIKE '%goal_achieved%'")
        statuses = await connection.fetch("SELECT metric, status, count(*) FROM campaigns.campaign_goals "
                                          "WHERE status IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2")
    finally:
        await connection.close()
    return {"goal_progress_events_per_s": round(len(timed) / elapsed, 1), "kpi_events_timed": len(timed),
            "worker_cpu_us_per_kpi_event": round(cpu_used / len(timed) * 1e6, 1),
            "kpi_campaigns": campaigns, "kpi_event_bytes": len(timed[0][1]),
            "goal_progress_exactly_once": (total == len(warm) + len(timed) and stale == 0
                                           and achieved == campaigns),
            "goal_achieved_events": achieved,
            "goal_statuses": {f"{r['metric']}:{r['status']}": r["count"] for r in statuses}}


async def _until(connection: asyncpg.Connection, query: str, count: int, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while (await connection.fetchval(query)) < count:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"only {await connection.fetchval(query)} of {count} applied in {timeout}s")
        await asyncio.sleep(0.02)
