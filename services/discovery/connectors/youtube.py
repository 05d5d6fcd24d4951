"""YouTube Data API v3 connector: channel statistics plus averages over recent uploads.

Calls (quota cost 1 unit each): channels.list (part=snippet,statistics,contentDetails, by `id`
or `forHandle`), playlistItems.list of the channel's uploads playlist (newest first, one page of
up to 50), videos.list (part=statistics) for the uploads published within RECENT_WINDOW.

Every response is read strictly and the metrics are built only after all calls succeeded, so
a failure midway never yields partial metrics. Per-video like and comment counts may be hidden
by the creator; those videos are left out of that average rather than counted as zero.
"""

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from pydantic import ValidationError

from services.discovery.connectors.base import (
    AccountMetrics,
    ConnectorBadResponse,
    ConnectorNotFound,
    ConnectorUnavailable,
)
from services.discovery.connectors.youtube_responses import (
    count,
    field,
    items,
    json_body,
    optional_text,
    section,
    text,
    timestamp,
)
from services.discovery.domain.account import AccountStats, EngagementStats, normalise_handle
from services.discovery.domain.platforms import Platform
from services.discovery.domain.provenance import Provenance
from shared.provenance import MetricSource

API_BASE = "https://www.googleapis.com/youtube/v3"
# Matches peers' "posts & ER" window (Modash: ~2 months of posts); 90 days keeps weekly
# uploaders at a dozen videos while monthly ones still have a few.
RECENT_WINDOW = timedelta(days=90)
MAX_RECENT_VIDEOS = 50  # one playlistItems page, and the videos.list id limit
_CHANNEL_ID = re.compile(r"^UC[0-9A-Za-z_-]{22}$")


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


class YouTubeConnector:
    platform = Platform.YOUTUBE

    def __init__(
        self,
        client: httpx.AsyncClient,
        api_key: str,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._client = client
        self._api_key = api_key
        self._now = now

    async def fetch_account(self, handle_or_id: str) -> AccountMetrics:
        observed_at = self._now()
        channel = await self._channel(handle_or_id.strip())
        uploads = text(channel, "contentDetails.relatedPlaylists.uploads", "channel")
        recent = await self._recent_uploads(uploads, observed_at)
        statistics = await self._video_statistics([video_id for video_id, _ in recent])
        try:
            return self._metrics(channel, recent, statistics, observed_at)
        except ValidationError as error:
            # The profile's own bounds (counts are stored as bigint) judge the platform's figures.
            refused = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                for e in error.errors(include_url=False))
            raise ConnectorBadResponse(f"figures a profile cannot hold: {refused}") from error

    async def _get(self, resource: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            response = await self._client.get(
                f"{API_BASE}/{resource}", params={**params, "key": self._api_key}
            )
        except httpx.TransportError as error:
            raise ConnectorUnavailable(f"{resource}: YouTube unreachable ({error!r})") from error
        except httpx.DecodingError as error:  # e.g. a gzip Content-Encoding over a broken body
            raise ConnectorBadResponse(f"{resource}: response body cannot be decoded ({error})") from error
        return json_body(response, resource, self._now())

    async def _channel(self, handle_or_id: str) -> dict[str, Any]:
        lookup = (
            {"id": handle_or_id}
            if _CHANNEL_ID.match(handle_or_id)
            else {"forHandle": "@" + handle_or_id.removeprefix("@")}
        )
        body = await self._get("channels", {"part": "snippet,statistics,contentDetails", **lookup})
        channels = items(body, "channels")
        if not channels:
            raise ConnectorNotFound(f"no YouTube channel for {handle_or_id!r}")
        channel = channels[0]
        if field(channel, "statistics.hiddenSubscriberCount", "channel") is True:
            raise ConnectorBadResponse(f"channel {handle_or_id!r} hides its subscriber count")
        return channel

    async def _recent_uploads(self, playlist_id: str, now: datetime) -> list[tuple[str, datetime]]:
        params = {"part": "contentDetails", "playlistId": playlist_id, "maxResults": str(MAX_RECENT_VIDEOS)}
        try:
            body = await self._get("playlistItems", params)
        except ConnectorNotFound:
            return []  # a channel that never uploaded has no uploads playlist
        uploads = [
            (
                text(item, "contentDetails.videoId", "playlistItems"),
                timestamp(item, "contentDetails.videoPublishedAt", "playlistItems"),
            )
            for item in items(body, "playlistItems")
            # Private and deleted uploads stay in the playlist without a publish date.
            if "videoPublishedAt" in section(item, "contentDetails", "playlistItems")
        ]
        return [(vid, at) for vid, at in uploads if now - at <= RECENT_WINDOW]

    async def _video_statistics(self, video_ids: list[str]) -> list[dict[str, Any]]:
        if not video_ids:
            return []
        body = await self._get("videos", {"part": "statistics", "id": ",".join(video_ids)})
        videos = items(body, "videos")
        if len(videos) != len(video_ids):
            raise ConnectorBadResponse(f"videos: asked for {len(video_ids)} videos, got {len(videos)}")
        return [section(video, "statistics", "videos") for video in videos]

    def _metrics(
        self,
        channel: dict[str, Any],
        recent: list[tuple[str, datetime]],
        statistics: list[dict[str, Any]],
        observed_at: datetime,
    ) -> AccountMetrics:
        channel_id = text(channel, "id", "channel")
        custom_url = optional_text(section(channel, "snippet", "channel"), "customUrl", "channel")
        handle = normalise_handle(Platform.YOUTUBE, custom_url or channel_id)
        provenance = Provenance(observed_at=observed_at, source=MetricSource.CONNECTOR)
        stats = AccountStats(
            provenance=provenance,
            followers=count(channel, "statistics.subscriberCount", "channel"),
            posts_count=count(channel, "statistics.videoCount", "channel"),
        )
        return AccountMetrics(
            platform=Platform.YOUTUBE,
            handle=handle,
            external_id=channel_id,
            display_name=text(channel, "snippet.title", "channel"),
            url=f"https://www.youtube.com/channel/{channel_id}",
            stats=stats,
            engagement=self._engagement(recent, statistics, provenance),
            last_posted_at=max((at for _, at in recent), default=None),
        )

    def _engagement(
        self,
        recent: list[tuple[str, datetime]],
        statistics: list[dict[str, Any]],
        provenance: Provenance,
    ) -> EngagementStats | None:
        if not statistics:
            return None
        views = [count(s, "viewCount", "videos") for s in statistics]
        likes = [count(s, "likeCount", "videos") for s in statistics if "likeCount" in s]
        comments = [count(s, "commentCount", "videos") for s in statistics if "commentCount" in s]
        return EngagementStats(
            provenance=provenance,
            window_posts=len(statistics),
            avg_views=_mean(views),
            avg_likes=_mean(likes),
            avg_comments=_mean(comments),
            posts_per_week=len(recent) / (RECENT_WINDOW / timedelta(weeks=1)),
        )
