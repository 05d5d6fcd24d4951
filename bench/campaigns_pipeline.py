"""The pipeline's figures (issue 14): `shortlisted_events_per_s`, InfluencerShortlisted turned into
collaborations by the campaigns worker with exactly-once effects (target ≥ 2,000), and
`pipeline_list_p95_ms`, one stage of a campaign of 5,000 collaborations listed by due date
(target ≤ 30), beside the raw ceilings measured in the same run: the broker's produce → consume
rate for the same records (`raw_broker_shortlist_records_per_s`), PostgreSQL's COPY rate for as
many collaboration rows (`raw_copy_collaborations_per_s`), and for the list what any request pays
(`raw_list_healthz_p95_ms`, `raw_list_db_roundtrip_p95_ms`); and the worker's own CPU time per
distinct shortlisted event (`worker_cpu_us_per_shortlist_event`), what bounds the rate when other
work shares the machine.

Shortlist: `--shortlist-events` events over `--shortlist-campaigns` campaigns (the discovery
snapshot of a real profile: topics, values, rate card, audience countries), plus every tenth one
delivered twice; published as fast as the producer goes to a worker already warm. Exactly once:
one collaboration and one CollaborationCreated per distinct event, each event claimed once.
List: GET /v1/campaigns/{id}/collaborations?stage=…&limit=50 in process through the ASGI app, one
at a time, over the stages in turn, first pages and cursor pages.
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
import psutil
from campaigns_bench import Bench
from campaigns_plan import Record, _broker_ceiling, _floor, _json, _seed, _send, _until

from services.campaigns.collaboration.stages import Stage
from services.campaigns.main import create_app
from shared.auth import mint_token
from shared.bus.kafka import topic_name
from shared.events.catalog.discovery import InfluencerShortlisted, InfluencerSnapshot
from shared.events.envelope import encode_data, to_headers, wrap
from shared.ids import uuid7

TARGETS = {"shortlisted_events_per_s": 2_000, "pipeline_list_p95_ms": 30}
START = datetime(2027, 3, 1, tzinfo=UTC)
SNAPSHOT = InfluencerSnapshot(
    display_name="Maya Chen", platform="instagram", handle="maya.eats", followers=48_200,
    engagement_rate=0.031, engagement_rate_denominator="followers", authenticity_score=0.86,
    audience_top_countries={"US": 0.62, "MX": 0.09, "CA": 0.05, "GB": 0.04, "BR": 0.03},
    rate_card=[{"platform": "instagram", "format": "post", "price_minor": 120_000, "currency": "USD"},
               {"platform": "instagram", "format": "story", "price_minor": 40_000, "currency": "USD"}],
    observed_at=START, topics=["food_drink", "travel"], values=["local_community"], country="US",
    languages=["en", "es"], contact_email="maya@example.com")
LISTED_STAGES = [Stage.SHORTLISTED, Stage.CONTACTED, Stage.NEGOTIATING, Stage.CONTRACTED,
                 Stage.CONTENT_IN_PROGRESS, Stage.CONTENT_SUBMITTED, Stage.APPROVED, Stage.PUBLISHED]


async def measure(bench: Bench) -> dict[str, object]:
    options = bench.options
    workspace = uuid.uuid4()
    campaigns = [uuid7() for _ in range(options["shortlist_campaigns"])]
    warm = [_shortlisted(workspace, campaign) for campaign in campaigns]
    distinct = [_shortlisted(workspace, campaigns[n % len(campaigns)])
                for n in range(options["shortlist_events"])]
    timed = [record for n, record in enumerate(distinct) for _ in range(2 if n % 10 == 0 else 1)]
    ceiling = await _broker_ceiling(bench, timed)
    copy_rate = await _copy_ceiling(bench, len(distinct))
    await _seed(bench, workspace, campaigns, goals=False)
    intake = await _shortlist_intake(bench, workspace, warm, timed, len(warm) + len(distinct))
    listing = await _list_latency(bench, options["pipeline_collaborations"], options["list_requests"])
    return {
        **intake, **listing, "raw_broker_shortlist_records_per_s": ceiling,
        "raw_copy_collaborations_per_s": copy_rate, "pipeline_targets": TARGETS,
        "meets_shortlist_target": intake["shortlist_exactly_once"]
        and intake["shortlisted_events_per_s"] >= TARGETS["shortlisted_events_per_s"],
        "meets_pipeline_list_target": listing["pipeline_list_p95_ms"] <= TARGETS["pipeline_list_p95_ms"],
    }


def _shortlisted(workspace: uuid.UUID, campaign: uuid.UUID) -> Record:
    event = InfluencerShortlisted(shortlist_id=campaign, campaign_id=campaign, influencer_id=uuid.uuid4(),
                                  snapshot=SNAPSHOT, shortlisted_at=START)
    return str(campaign).encode(), encode_data(event), to_headers(wrap(event, workspace))


def _collaboration_rows(workspace: uuid.UUID, campaign: uuid.UUID, count: int) -> list[tuple[Any, ...]]:
    """`count` collaborations of one campaign across the listed stages, two in three with a due
    date within two months."""
    rng = random.Random(14)
    now = datetime.now(UTC)
    snapshot = _json(SNAPSHOT.model_dump(mode="json"))
    return [(uuid7(), workspace, campaign, uuid.uuid4(), LISTED_STAGES[n % len(LISTED_STAGES)].value,
             snapshot, "shortlist", START + timedelta(minutes=rng.randrange(86_400))
             if n % 3 else None, now, now) for n in range(count)]


_COLUMNS = ["id", "workspace_id", "campaign_id", "influencer_id", "stage", "influencer_snapshot",
            "source", "due_at", "stage_changed_at", "created_at"]


async def _copy_ceiling(bench: Bench, count: int) -> float:
    """Collaboration rows (with their snapshot) per second that COPY writes into a table shaped
    like the collaborations, with their indexes: the database's own ingest ceiling."""
    rows = _collaboration_rows(uuid.uuid4(), uuid7(), count)
    connection = await asyncpg.connect(bench.dsn)
    try:
        await connection.execute("CREATE TEMP TABLE copy_ceiling (LIKE campaigns.collaborations "
                                 "INCLUDING DEFAULTS INCLUDING INDEXES)")
        started = time.perf_counter()
        await connection.copy_records_to_table("copy_ceiling", columns=_COLUMNS, records=rows)
        elapsed = time.perf_counter() - started
    finally:
        await connection.close()
    return round(count / elapsed, 1)


async def _shortlist_intake(bench: Bench, workspace: uuid.UUID, warm: list[Record], timed: list[Record],
                            expected: int) -> dict[str, Any]:
    topic = topic_name(bench.settings, InfluencerShortlisted.topic())
    claimed = "SELECT count(*) FROM campaigns.processed_events WHERE consumer = 'campaigns'"
    connection = await asyncpg.connect(bench.dsn)
    try:
        before = await connection.fetchval(claimed)
        with bench.worker() as worker:
            await _send(bench, topic, warm)  # its group joins: timed from warm
            await _until(connection, claimed, before + len(warm), timeout=180)
            cpu = psutil.Process(worker.pid)
            started, cpu_started = time.perf_counter(), sum(cpu.cpu_times()[:2])
            await _send(bench, topic, timed)
            await _until(connection, claimed, before + expected, timeout=600)
            elapsed, cpu_used = time.perf_counter() - started, sum(cpu.cpu_times()[:2]) - cpu_started
            await asyncio.sleep(1)  # anything applied twice would show now
        made = await connection.fetchval(
            "SELECT count(*) FROM campaigns.collaborations WHERE workspace_id = $1", workspace)
        created = await connection.fetchval(
            "SELECT count(*) FROM campaigns.outbox WHERE headers::text LIKE '%collaboration.created%' "
            "AND headers::text LIKE $1", f"%{workspace}%")
        total = await connection.fetchval(claimed)
    finally:
        await connection.close()
    applied = expected - len(warm)
    return {"shortlisted_events_per_s": round(applied / elapsed, 1),
            # The worker's own CPU (relay included) per distinct event: on a shared machine the
            # rate is bound by it, whatever else runs.
            "worker_cpu_us_per_shortlist_event": round(cpu_used / applied * 1e6, 1),
            "shortlist_events_timed": len(timed), "shortlist_redeliveries": len(timed) - applied,
            "shortlist_event_bytes": len(timed[0][1]),
            "shortlist_exactly_once": made == expected and created == expected
            and total - before == expected}


async def _list_latency(bench: Bench, count: int, requests: int) -> dict[str, Any]:
    workspace, campaign = uuid.uuid4(), uuid7()
    await _seed(bench, workspace, [campaign], goals=False)
    connection = await asyncpg.connect(bench.dsn)
    try:
        await connection.copy_records_to_table("collaborations", schema_name="campaigns", columns=_COLUMNS,
                                               records=_collaboration_rows(workspace, campaign, count))
        await connection.execute("ANALYZE campaigns.collaborations")
    finally:
        await connection.close()
    app = create_app(bench.settings)
    token = mint_token(bench.settings, workspace, ["*"], subject="bench")
    url = f"/v1/campaigns/{campaign}/collaborations"
    timings: list[float] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        cursors: dict[str, str | None] = {}
        for n in range(requests + 50):
            stage = LISTED_STAGES[n % len(LISTED_STAGES)].value
            params: dict[str, Any] = {"stage": stage, "limit": 50}
            if (cursor := cursors.get(stage)) is not None:  # the next page, then the first again
                params["cursor"] = cursor
            started = time.perf_counter()
            response = await client.get(url, params=params)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200 or len(response.json()["items"]) != 50:
                raise RuntimeError(f"list {response.status_code}: {response.text[:300]}")
            cursors[stage] = None if cursor else response.json()["next_cursor"]
            if n >= 50:  # the first ones warm the pools and caches
                timings.append(elapsed)
        floor = await _floor(client, app)
    await app.state.runtime.close()
    timings.sort()
    return {**{k.replace("raw_", "raw_list_"): v for k, v in floor.items()},
            "pipeline_collaborations": count, "pipeline_lists_timed": len(timings),
            "pipeline_list_p50_ms": round(statistics.median(timings), 2),
            "pipeline_list_p95_ms": round(timings[int(0.95 * len(timings))], 2),
            "pipeline_list_p99_ms": round(timings[int(0.99 * len(timings))], 2)}
