import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.discovery.connectors.base import (
    ConnectorBadResponse,
    ConnectorNotFound,
    ConnectorQuotaExceeded,
    ConnectorRateLimited,
    ConnectorUnavailable,
)
from services.discovery.connectors.youtube import YouTubeConnector
from services.discovery.connectors.youtube_responses import until_quota_reset

FIXTURES = Path(__file__).parent / "fixtures" / "youtube"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
Responses = dict[str, httpx.Response]


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, json=fixture(name))


def recorded(**overrides: httpx.Response) -> Responses:
    responses = {"channels": ok("channels"), "playlistItems": ok("playlist_items"), "videos": ok("videos")}
    return {**responses, **overrides}


def connector(responses: Responses, seen: list[httpx.Request] | None = None) -> YouTubeConnector:
    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return responses[request.url.path.rsplit("/", 1)[-1]]

    client = httpx.AsyncClient(transport=httpx.MockTransport(handle))
    return YouTubeConnector(client, "test-key", now=lambda: NOW)


async def test_channel_metrics_average_recent_uploads() -> None:
    seen: list[httpx.Request] = []
    metrics = await connector(recorded(), seen).fetch_account("@GoogleDevelopers")
    assert seen[0].url.params["forHandle"] == "@GoogleDevelopers"
    assert seen[0].url.params["part"] == "snippet,statistics,contentDetails"
    assert seen[1].url.params["playlistId"] == "UU_x5XG1OV2P6uZZ5FSM9Ttw"
    assert seen[2].url.params["id"] == "vid00000001,vid00000002,vid00000003"
    assert (metrics.handle, metrics.external_id) == ("googledevelopers", "UC_x5XG1OV2P6uZZ5FSM9Ttw")
    assert metrics.stats.followers == 2_390_000
    assert metrics.stats.provenance.source == "connector"
    assert metrics.stats.provenance.observed_at == NOW
    engagement = metrics.engagement
    assert engagement is not None
    assert engagement.avg_views == 20_000
    assert engagement.avg_likes == 1_000  # the video hiding its likes is left out
    assert engagement.avg_comments == 60
    assert engagement.posts_per_week == pytest.approx(3 / (90 / 7))
    assert metrics.last_posted_at == datetime(2025, 5, 28, 16, 0, 6, tzinfo=UTC)
    assert metrics.snapshot().avg_engagements == 1_060


async def test_channel_ids_are_looked_up_by_id() -> None:
    seen: list[httpx.Request] = []
    await connector(recorded(), seen).fetch_account("UC_x5XG1OV2P6uZZ5FSM9Ttw")
    assert seen[0].url.params["id"] == "UC_x5XG1OV2P6uZZ5FSM9Ttw"


@pytest.mark.parametrize("reason", ["quotaExceeded", "dailyLimitExceeded"])
async def test_a_spent_daily_quota_raises_quota_exceeded(reason: str) -> None:
    body = fixture("quota_exceeded")
    body["error"]["errors"][0]["reason"] = reason
    responses = recorded(videos=httpx.Response(403, json=body))
    with pytest.raises(ConnectorQuotaExceeded, match=reason) as caught:
        await connector(responses).fetch_account("@googledevelopers")
    assert not isinstance(caught.value, ConnectorRateLimited)
    # NOW is 17:00 on 31 May in California (PDT): the quota comes back in seven hours.
    assert caught.value.retry_after == timedelta(hours=7)


@pytest.mark.parametrize(("now", "wait"), [
    (datetime(2025, 1, 15, 7, 59, 30, tzinfo=UTC), timedelta(seconds=30)),  # 23:59:30 PST
    (datetime(2025, 1, 15, 8, 0, tzinfo=UTC), timedelta(hours=24)),  # midnight PST, just reset
    # 1 November 2025 ends on PDT and 2 November has 25 hours (clocks go back at 2:00).
    (datetime(2025, 11, 1, 12, 0, tzinfo=UTC), timedelta(hours=19)),
    (datetime(2025, 11, 2, 7, 0, tzinfo=UTC), timedelta(hours=25)),
    # 9 March 2025 has 23 hours (clocks go forward at 2:00).
    (datetime(2025, 3, 9, 8, 0, tzinfo=UTC), timedelta(hours=23)),
])
def test_the_daily_quota_resets_at_midnight_pacific_time(now: datetime, wait: timedelta) -> None:
    assert until_quota_reset(now) == wait


@pytest.mark.parametrize(("status", "reason"), [
    (429, "rateLimitExceeded"), (403, "rateLimitExceeded"), (403, "userRateLimitExceeded")])
async def test_a_per_minute_or_per_user_rate_limit_raises_rate_limited(status: int, reason: str) -> None:
    body = fixture("rate_limit_exceeded")
    body["error"]["errors"][0]["reason"] = reason
    responses = recorded(videos=httpx.Response(status, json=body))
    with pytest.raises(ConnectorRateLimited, match=reason) as caught:
        await connector(responses).fetch_account("@googledevelopers")
    assert caught.value.retry_after == timedelta(seconds=5)


async def test_other_403_is_a_bad_response_not_a_quota_error() -> None:
    body = fixture("quota_exceeded")
    body["error"]["errors"][0]["reason"] = "forbidden"
    with pytest.raises(ConnectorBadResponse, match="HTTP 403"):
        await connector(recorded(channels=httpx.Response(403, json=body))).fetch_account("@x")


async def test_unknown_handle_raises_not_found() -> None:
    with pytest.raises(ConnectorNotFound, match="no YouTube channel"):
        await connector(recorded(channels=ok("channels_empty"))).fetch_account("@nobody")


async def test_channel_without_uploads_has_counts_but_no_engagement() -> None:
    responses = recorded(playlistItems=httpx.Response(404, json=fixture("playlist_not_found")))
    metrics = await connector(responses).fetch_account("@googledevelopers")
    assert metrics.engagement is None and metrics.stats.followers == 2_390_000


def _without(path: list[str]) -> Callable[[Any], None]:
    def remove(body: Any) -> None:
        target = body
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return remove


@pytest.mark.parametrize(
    ("resource", "edit", "message"),
    [
        (
            "channels",
            _without(["items", 0, "statistics", "subscriberCount"]),  # type: ignore[list-item]
            "statistics.subscriberCount",
        ),
        (
            "channels",
            _without(["items", 0, "contentDetails"]),  # type: ignore[list-item]
            "contentDetails.relatedPlaylists.uploads",
        ),
        (
            "videos",
            _without(["items", 1, "statistics", "viewCount"]),  # type: ignore[list-item]
            "viewCount",
        ),
    ],
)
async def test_missing_fields_raise_bad_response_naming_the_field(
    resource: str, edit: Callable[[Any], None], message: str
) -> None:
    body = fixture({"channels": "channels", "videos": "videos"}[resource])
    edit(body)
    with pytest.raises(ConnectorBadResponse, match=message):
        await connector(recorded(**{resource: httpx.Response(200, json=body)})).fetch_account("@g")


async def test_malformed_json_raises_bad_response() -> None:
    broken = httpx.Response(200, content=b"<html>oops</html>")
    with pytest.raises(ConnectorBadResponse, match="not JSON"):
        await connector(recorded(videos=broken)).fetch_account("@googledevelopers")


def _set(path: list[str | int], value: Any) -> Callable[[Any], None]:
    def put(body: Any) -> None:
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return put


BEYOND_BIGINT = str(2**63)  # one past the largest count a profile stores
NOT_ITEMS = "'items' is not a list of objects"


@pytest.mark.parametrize(
    ("resource", "edit", "message"),
    [
        ("channels", _set(["items"], {"id": "UC_x5XG1OV2P6uZZ5FSM9Ttw"}), NOT_ITEMS),
        ("playlistItems", _set(["items", 2], "privateVid1"), NOT_ITEMS),
        ("videos", _set(["items"], 3), NOT_ITEMS),
        ("channels", _set(["items", 0, "statistics"], None), "statistics"),
        ("channels", _set(["items", 0, "snippet"], None), "'snippet' is not an object"),
        ("playlistItems", _set(["items", 0, "contentDetails"], None), "'contentDetails' is not an object"),
        ("videos", _set(["items", 1, "statistics"], None), "'statistics' is not an object"),
        ("channels", _set(["items", 0, "snippet", "customUrl"], 123), "'customUrl' is not text"),
        ("channels", _set(["items", 0, "id"], 5), "'id' is not text"),
        ("channels", _set(["items", 0, "snippet", "title"], None), "'snippet.title' is not text"),
        ("channels", _set(["items", 0, "contentDetails", "relatedPlaylists", "uploads"], {"id": "UU"}),
         "'contentDetails.relatedPlaylists.uploads' is not text"),
        ("playlistItems", _set(["items", 0, "contentDetails", "videoId"], ["vid00000001"]),
         "'contentDetails.videoId' is not text"),
        ("channels", _set(["items", 0, "statistics", "subscriberCount"], BEYOND_BIGINT), "followers"),
        # Averaged over three videos, and still beyond.
        ("videos", _set(["items", 0, "statistics", "viewCount"], str(2**65)), "avg_views"),
    ],
)
async def test_malformed_answers_raise_bad_response(
    resource: str, edit: Callable[[Any], None], message: str
) -> None:
    body = fixture({"channels": "channels", "playlistItems": "playlist_items", "videos": "videos"}[resource])
    edit(body)
    with pytest.raises(ConnectorBadResponse, match=message):
        await connector(recorded(**{resource: httpx.Response(200, json=body)})).fetch_account("@g")


@pytest.mark.parametrize(
    ("resource", "response", "message"),
    [
        ("channels", httpx.Response(200, headers={"content-encoding": "gzip"},
                                    stream=httpx.ByteStream(b"not gzip")), "cannot be decoded"),
        ("videos", httpx.Response(200, content=b"[" * 100_000), "not JSON"),
    ],
    ids=["content-encoding", "nesting"],
)
async def test_a_body_that_cannot_be_decoded_raises_bad_response(
    resource: str, response: httpx.Response, message: str
) -> None:
    with pytest.raises(ConnectorBadResponse, match=message):
        await connector(recorded(**{resource: response})).fetch_account("@googledevelopers")


async def test_an_error_page_that_is_not_json_still_tells_its_status() -> None:
    page = b"<html>Too Many Requests</html>"
    with pytest.raises(ConnectorRateLimited):
        await connector(recorded(videos=httpx.Response(429, content=page))).fetch_account("@g")
    with pytest.raises(ConnectorBadResponse, match="HTTP 502"):
        await connector(recorded(channels=httpx.Response(502, content=page))).fetch_account("@g")


async def test_hidden_subscriber_count_is_refused() -> None:
    body = fixture("channels")
    body["items"][0]["statistics"]["hiddenSubscriberCount"] = True
    with pytest.raises(ConnectorBadResponse, match="hides its subscriber count"):
        await connector(recorded(channels=httpx.Response(200, json=body))).fetch_account("@g")


async def test_network_failure_raises_unavailable() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(fail))
    with pytest.raises(ConnectorUnavailable):
        await YouTubeConnector(client, "k", now=lambda: NOW).fetch_account("@g")
