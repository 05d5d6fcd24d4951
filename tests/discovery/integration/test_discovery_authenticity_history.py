"""A follower spike in an account's history lowers its authenticity wherever the score shows:
the profile page, the fit of `POST /v1/match`, and the shortlisting event's snapshot."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from services.discovery.profile_store.repository import HISTORY_ROWS

NDJSON = {"content-type": "application/x-ndjson"}
# Steady growth, then the kind of jump bought followers make, engagement unchanged.
FOLLOWERS = [10_000, 10_050, 10_100, 10_150, 10_200, 10_250, 10_300, 16_000]


def _observation(followers: int, observed_at: datetime) -> bytes:
    provenance = {"observed_at": observed_at.isoformat(), "source": "imported"}
    return json.dumps({"display_name": "Spiky", "topics": ["fitness"], "accounts": [{
        "platform": "tiktok", "handle": "spiky", "stats": {"followers": followers, "provenance": provenance},
        "engagement": {"avg_likes": 400, "avg_comments": 12, "provenance": provenance}}]}).encode()


async def _authenticity_in_outbox(database_url: str) -> int:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        payload = await conn.fetchval("SELECT payload FROM discovery.outbox ORDER BY seq LIMIT 1")
    finally:
        await conn.close()
    score: int = json.loads(payload)["snapshot"]["authenticity_score"]
    return score


async def test_a_follower_spike_counts_on_the_profile_in_match_and_in_the_shortlist_event(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    database_url: str,
) -> None:
    start = datetime.now(UTC) - timedelta(days=len(FOLLOWERS))
    async with client_for("discovery", token_for(workspace)) as client:
        for day, followers in enumerate(FOLLOWERS):
            imported = await client.post("/v1/influencers:import", headers=NDJSON,
                                         content=_observation(followers, start + timedelta(days=day)))
            assert imported.json()["imported"] == 1, imported.text
        (listed,) = (await client.get("/v1/influencers")).json()["items"]
        page = (await client.get(f"/v1/influencers/{listed['id']}")).json()
        matched = (await client.post("/v1/match", json={
            "platforms": ["tiktok"], "topics": ["fitness"]})).json()
        shortlist = (await client.post("/v1/shortlists", json={
            "campaign_id": str(uuid.uuid4()), "name": "spikes"})).json()
        await client.post(f"/v1/shortlists/{shortlist['id']}/influencers",
                          json={"influencer_id": listed["id"]})
    authenticity = page["accounts"][0]["metrics"]["authenticity"]
    spikes = next(c for c in authenticity["components"] if c["name"] == "follower_spikes")
    assert spikes["points"] < 0, spikes
    (item,) = matched["items"]
    fit_part = next(p for p in item["parts"] if p["name"] == "authenticity")
    assert fit_part["value"] == authenticity["score"]
    assert await _authenticity_in_outbox(database_url) == authenticity["score"]


async def test_search_scores_the_same_latest_history_as_the_profile_page(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    # A jump on the first day, then steady growth for as many days as a read of history holds:
    # the jump falls out of the latest HISTORY_ROWS with the last observation.
    followers = [10_000, 16_000, *(16_000 + 50 * day for day in range(1, HISTORY_ROWS))]
    start = datetime.now(UTC) - timedelta(days=len(followers))
    # More writes than a token's burst allows: on a fast machine they all land inside one
    # second and the limiter answers 429, which is not what this test is about.
    async with client_for("discovery", token_for(workspace),
                          rate_limit_per_token_per_minute=0) as client:
        created = await client.post("/v1/influencers", json={"display_name": "Spiky", "accounts": [{
            "platform": "tiktok", "handle": "spiky", "followers": followers[0],
            "observed_at": start.isoformat()}]})
        assert created.status_code == 201, created.text
        for day, count in enumerate(followers[1:], start=1):
            patched = await client.patch(f"/v1/influencers/{created.json()['id']}", json={"accounts": [{
                "platform": "tiktok", "handle": "spiky", "followers": count,
                "observed_at": (start + timedelta(days=day)).isoformat()}]})
            assert patched.status_code == 200, patched.text
        (hit,) = (await client.post("/v1/influencers/search", json={"text": "spiky"})).json()["items"]
    authenticity = patched.json()["accounts"][0]["metrics"]["authenticity"]
    spikes = next(c for c in authenticity["components"] if c["name"] == "follower_spikes")
    assert spikes["evaluated"] and spikes["points"] == 0, spikes
    assert hit["authenticity"] == authenticity["score"]
