"""The public redirect: a code found in memory becomes a 302 and a click handed to the publisher.

Nothing here touches the database or waits on the broker.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from services.tracking.redirect.cache import LinkCache
from services.tracking.redirect.clicks import ClickPublisher, ClickSeen
from services.tracking.settings import TrackingSettings
from shared.ids import uuid7

NOT_FOUND_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Link not found</title>
<meta name="robots" content="noindex"></head>
<body><h1>This link does not exist or has expired</h1>
<p>The address may be mistyped, or the offer it led to has ended.</p></body></html>"""
STARTING_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>One moment</title></head>
<body><h1>Starting up</h1><p>Please try again in a second.</p></body></html>"""
_HTML = (b"content-type", b"text/html; charset=utf-8")
_NO_STORE = (b"cache-control", b"private, no-store")


@dataclass(frozen=True, slots=True)
class Visit:
    """The request as the redirect needs it (header values as sent, or None)."""

    code: str
    user_agent: str
    referrer: str | None
    country: str | None
    forwarded_for: str | None
    peer: str

    @property
    def address(self) -> str:
        """The visitor's IP: the first hop the trusted proxy header names, else the peer."""
        return self.forwarded_for.split(",")[0].strip() if self.forwarded_for else self.peer


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes = b""


class Redirects:
    def __init__(self, settings: TrackingSettings, engine: AsyncEngine) -> None:
        self.cache = LinkCache(engine, settings.link_cache_reload_s)
        self.publisher = ClickPublisher(settings, self.cache.salt_of)
        self.country_header = settings.click_country_header.lower().encode()
        self.ip_header = settings.click_client_ip_header.lower().encode()

    async def run(self) -> None:
        """Keeps the cache current and the clicks flowing, until cancelled."""
        await asyncio.gather(self.cache.run(), self.publisher.run())

    def follow(self, visit: Visit, record: bool = True) -> Answer:
        link = self.cache.get(visit.code)
        now = datetime.now(UTC)
        if link is None or (link.expires_at is not None and link.expires_at <= now):
            if not self.cache.loaded.is_set():
                return Answer(503, [_HTML, (b"retry-after", b"1")], STARTING_PAGE)
            return Answer(404, [_HTML, _NO_STORE], NOT_FOUND_PAGE)
        click_id = uuid7().hex
        if record:
            self.publisher.submit(ClickSeen(
                link.link_id, link.workspace_id, link.campaign_id, link.collaboration_id, click_id,
                now, visit.referrer, visit.country, visit.user_agent, visit.address,
            ))
        location = (link.head + click_id + link.tail).encode()
        return Answer(302, [(b"location", location), _NO_STORE])
