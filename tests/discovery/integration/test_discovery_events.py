"""Events: collaboration outcomes arrive through the real broker; shortlisting carries a snapshot."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import asyncpg
from discovery_integration_data import LENA

from shared.bus.kafka import ensure_topics, make_producer, topic_name
from shared.events.catalog.campaigns import CollaborationEnded
from shared.events.envelope import encode_data, to_headers, wrap
from shared.testing import eventually


async def _publish(settings: Any, event: CollaborationEnded, workspace: uuid.UUID) -> None:
    topic = topic_name(settings, event.topic())
    await ensure_topics(settings, [topic])
    producer = make_producer(settings)
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=encode_data(event),
                                     key=event.key().encode(), headers=to_headers(wrap(event, workspace)))
    finally:
        await producer.stop()


async def test_a_completed_collaboration_becomes_searchable_brand_history(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    running_worker: Callable[..., Any], make_settings: Callable[..., Any],
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer_id = (await client.post("/v1/influencers", json=LENA)).json()["id"]
        ended = CollaborationEnded(
            campaign_id=uuid.uuid4(), collaboration_id=uuid.uuid4(), influencer_id=uuid.UUID(influencer_id),
            brand="Acme Cosmetics", outcome="completed", ended_at=datetime(2025, 5, 20, tzinfo=UTC))
        async with running_worker("discovery") as worker:
            await _publish(make_settings("discovery"), ended, workspace)
            await _publish(make_settings("discovery"), ended, workspace)  # a redelivery

            async def outcomes() -> list[dict[str, Any]]:
                read = (await client.get(f"/v1/influencers/{influencer_id}")).json()
                found: list[dict[str, Any]] = read["collaboration_outcomes"]
                return found

            await eventually(outcomes, timeout=30)
            await eventually(worker.consumers[0].caught_up, timeout=30)
        read = (await client.get(f"/v1/influencers/{influencer_id}")).json()
        hits = (await client.post("/v1/influencers/search", json={"brands": ["acme cosmetics"]})).json()
    assert [o["outcome"] for o in read["collaboration_outcomes"]] == ["completed"]
    assert [c["brand"] for c in read["collaborations"]] == ["Acme Cosmetics"]
    assert [h["influencer_id"] for h in hits["items"]] == [influencer_id]


async def _shortlisted_lena(client: Any, note: str | None = None) -> tuple[str, dict[str, Any]]:
    """Lena's influencer id, and the new shortlist she was added to."""
    influencer_id = (await client.post("/v1/influencers", json=LENA)).json()["id"]
    shortlist = (await client.post("/v1/shortlists", json={
        "campaign_id": str(uuid.uuid4()), "name": "DACH"})).json()
    added = await client.post(f"/v1/shortlists/{shortlist['id']}/influencers",
                              json={"influencer_id": influencer_id, "note": note})
    assert added.status_code == 201, added.text
    return influencer_id, shortlist


async def test_shortlisting_emits_the_metrics_snapshot_campaigns_needs(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    database_url: str,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        await _shortlisted_lena(client, note="great DE audience")
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        payload = await conn.fetchval("SELECT payload FROM discovery.outbox ORDER BY seq LIMIT 1")
    finally:
        await conn.close()
    event = json.loads(payload)
    snapshot = event["snapshot"]
    assert event["note"] == "great DE audience"
    assert (snapshot["platform"], snapshot["handle"]) == ("instagram", "lena.berg")
    assert snapshot["followers"] == 84000
    assert abs(snapshot["engagement_rate"] - 2985 / 84000) < 1e-9
    assert snapshot["engagement_rate_denominator"] == "followers"
    assert 0 <= snapshot["authenticity_score"] <= 100
    assert snapshot["audience_top_countries"] == {"DE": 0.62, "AT": 0.14}
    assert snapshot["rate_card"][0]["format"] == "reel"


async def test_erasing_an_influencer_removes_them_everywhere_and_tells_their_shortlists(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    database_url: str,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer_id, shortlist = await _shortlisted_lena(client)
        await client.post("/v1/blocklist", json={"influencer_id": influencer_id})
        assert (await client.post("/v1/influencers/search", json={"include_blocked": True})).json()["items"]
        async with client_for("discovery", token_for(uuid.uuid4())) as stranger:
            assert (await stranger.delete(f"/v1/influencers/{influencer_id}")).status_code == 404

        erased = await client.delete(f"/v1/influencers/{influencer_id}")
        again = await client.delete(f"/v1/influencers/{influencer_id}")
        read = await client.get(f"/v1/influencers/{influencer_id}")
        hits = (await client.post("/v1/influencers/search", json={"include_blocked": True})).json()
        listed = (await client.get(f"/v1/shortlists/{shortlist['id']}/influencers")).json()
        blocked = (await client.get("/v1/blocklist")).json()
        recreated = await client.post("/v1/influencers", json=LENA)  # the handle is free again
    assert (erased.status_code, again.status_code, read.status_code) == (204, 404, 404)
    assert hits["items"] == [] and listed["items"] == [] and blocked["items"] == []
    assert recreated.status_code == 201
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        payloads = await conn.fetch("SELECT payload FROM discovery.outbox WHERE headers::text"
                                    " LIKE '%removed%' ORDER BY seq")
    finally:
        await conn.close()
    events = [json.loads(p["payload"]) for p in payloads]
    removed = [e for e in events if e["influencer_id"] == influencer_id]
    assert [e["shortlist_id"] for e in removed] == [shortlist["id"]]
