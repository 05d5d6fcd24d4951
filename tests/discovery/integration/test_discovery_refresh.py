"""Refreshing an account from the YouTube Data API (recorded-shape responses, mock transport)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.discovery.connectors.youtube_responses import until_quota_reset
from services.discovery.snapshot.connectors import platform_http_client
from shared.cli.registry import service

FIXTURES = Path(__file__).parents[1] / "unit" / "fixtures" / "youtube"
CHANNEL = {"display_name": "Google for Developers", "accounts": [{
    "platform": "youtube", "handle": "googledevelopers", "followers": 2_000_000,
    "observed_at": "2025-05-01T00:00:00Z"}]}


def _recorded(**overrides: httpx.Response) -> httpx.MockTransport:
    def ok(name: str) -> httpx.Response:
        return httpx.Response(200, json=json.loads((FIXTURES / f"{name}.json").read_text()))

    responses = {"channels": ok("channels"), "playlistItems": ok("playlist_items"),
                 "videos": ok("videos"), **overrides}
    return httpx.MockTransport(lambda request: responses[request.url.path.rsplit("/", 1)[-1]])


@asynccontextmanager
async def _client(make_settings: Callable[..., Any], token: str, transport: httpx.MockTransport,
                  api_key: str = "test-key") -> AsyncIterator[httpx.AsyncClient]:
    app = service("discovery").create_app(make_settings("discovery", youtube_api_key=api_key))

    async def mocked() -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(transport=transport) as client:
            yield client

    app.dependency_overrides[platform_http_client] = mocked
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test",
                                 headers={"Authorization": f"Bearer {token}"}) as client:
        yield client
    await app.state.runtime.close()


async def test_a_refresh_updates_the_metrics_and_appends_a_snapshot(
    make_settings: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with _client(make_settings, token_for(workspace), _recorded()) as client:
        influencer_id = (await client.post("/v1/influencers", json=CHANNEL)).json()["id"]
        base = f"/v1/influencers/{influencer_id}/accounts/youtube/googledevelopers"
        refreshed = await client.post(f"{base}/refresh")
        snapshots = (await client.get(f"{base}/snapshots")).json()["items"]
    assert refreshed.status_code == 200, refreshed.text
    account = refreshed.json()["accounts"][0]
    assert account["followers"] == 2_390_000
    assert account["freshness"]["stats"]["source"] == "connector"
    assert account["freshness"]["stats"]["stale"] is False
    assert [s["followers"] for s in snapshots] == [2_390_000, 2_000_000]


async def test_quota_errors_and_a_missing_key_are_clear_problems_and_write_nothing(
    make_settings: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    quota = httpx.Response(403, json=json.loads((FIXTURES / "quota_exceeded.json").read_text()))
    async with _client(make_settings, token_for(workspace), _recorded(channels=quota)) as client:
        influencer_id = (await client.post("/v1/influencers", json=CHANNEL)).json()["id"]
        base = f"/v1/influencers/{influencer_id}/accounts/youtube/googledevelopers"
        refused = await client.post(f"{base}/refresh")
        snapshots = (await client.get(f"{base}/snapshots")).json()["items"]
    assert refused.status_code == 503
    assert refused.json()["type"].endswith("connector-quota-exceeded")
    assert refused.headers["retry-after"]
    assert len(snapshots) == 1
    async with _client(make_settings, token_for(workspace), _recorded(), api_key="") as client:
        unconfigured = await client.post(f"{base}/refresh")
    assert unconfigured.status_code == 503
    assert "DISCOVERY_YOUTUBE_API_KEY" in unconfigured.json()["detail"]


def _seconds_to_quota_reset() -> float:
    return until_quota_reset(datetime.now(UTC)).total_seconds()


@pytest.mark.parametrize(("fixture", "reason", "retry_after"), [
    ("rate_limit_exceeded", "rateLimitExceeded", lambda: 5),
    ("rate_limit_exceeded", "userRateLimitExceeded", lambda: 5),
    ("quota_exceeded", "quotaExceeded", _seconds_to_quota_reset),
    ("quota_exceeded", "dailyLimitExceeded", _seconds_to_quota_reset),
])
async def test_a_short_rate_limit_says_retry_in_seconds_and_a_spent_daily_quota_at_its_reset(
    fixture: str, reason: str, retry_after: Callable[[], float], make_settings: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    body = json.loads((FIXTURES / f"{fixture}.json").read_text())
    body["error"]["errors"][0]["reason"] = reason
    refusal = httpx.Response(body["error"]["code"], json=body)
    async with _client(make_settings, token_for(workspace), _recorded(channels=refusal)) as client:
        influencer_id = (await client.post("/v1/influencers", json=CHANNEL)).json()["id"]
        refused = await client.post(
            f"/v1/influencers/{influencer_id}/accounts/youtube/googledevelopers/refresh")
    assert refused.status_code == 503, refused.text
    assert refused.json()["type"].endswith("connector-quota-exceeded")
    assert reason in refused.json()["detail"]
    # Within the seconds the request took of what remained when it returned.
    assert 0 <= int(refused.headers["retry-after"]) - retry_after() <= 5


def _channels(edit: Callable[[dict[str, Any]], None]) -> httpx.Response:
    body = json.loads((FIXTURES / "channels.json").read_text())
    edit(body)
    return httpx.Response(200, json=body)


MALFORMED_CHANNELS = {
    "items-not-a-list-of-objects": lambda: _channels(lambda b: b.update(items={"id": "UC_x"})),
    "statistics-null": lambda: _channels(lambda b: b["items"][0].update(statistics=None)),
    "count-beyond-bigint": lambda: _channels(
        lambda b: b["items"][0]["statistics"].update(subscriberCount=str(2**63))),
    "undecodable-body": lambda: httpx.Response(200, headers={"content-encoding": "gzip"},
                                               stream=httpx.ByteStream(b"not gzip")),
}


@pytest.mark.parametrize("answer", MALFORMED_CHANNELS.values(), ids=MALFORMED_CHANNELS.keys())
async def test_a_malformed_answer_is_a_bad_response_problem_and_writes_nothing(
    answer: Callable[[], httpx.Response], make_settings: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with _client(make_settings, token_for(workspace), _recorded(channels=answer())) as client:
        influencer_id = (await client.post("/v1/influencers", json=CHANNEL)).json()["id"]
        base = f"/v1/influencers/{influencer_id}/accounts/youtube/googledevelopers"
        refused = await client.post(f"{base}/refresh")
        account = (await client.get(f"/v1/influencers/{influencer_id}")).json()["accounts"][0]
        snapshots = (await client.get(f"{base}/snapshots")).json()["items"]
    assert refused.status_code == 502, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"].endswith("connector-bad-response")
    assert account["followers"] == 2_000_000
    assert [s["followers"] for s in snapshots] == [2_000_000]
