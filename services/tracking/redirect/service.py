"""The public redirect: a code found in memory becomes a 302 and a click handed to the publisher.

Nothing here touches the database or waits on the broker.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncEngine

from services.tracking.redirect.cache import LinkCache
from services.tracking.redirect.clicks import ClickPublisher, ClickSeen
from services.tracking.settings import TrackingSettings
from shared.ids import uuid7

NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Link not found</title>
<meta name="robots" content="noindex"></head>
<body><h1>This link does not exist or has expired</h1>
<p>The address may be mistyped, or the offer it led to has ended.</p></body></html>"""
STARTING_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>One moment</title></head>
<body><h1>Starting up</h1><p>Please try again in a second.</p></body></html>"""
_NO_STORE = "private, no-store"


class Redirects:
    def __init__(self, settings: TrackingSettings, engine: AsyncEngine) -> None:
        self.cache = LinkCache(engine, settings.link_cache_reload_s)
        self.publisher = ClickPublisher(settings, self.cache.salt_of)
        self.country_header = settings.click_country_header.lower()
        self.ip_header = settings.click_client_ip_header.lower()

    async def run(self) -> None:
        """Keeps the cache current and the clicks flowing, until cancelled."""
        await asyncio.gather(self.cache.run(), self.publisher.run())

    def follow(self, code: str, request: Request, record: bool = True) -> Response:
        link = self.cache.get(code)
        now = datetime.now(UTC)
        if link is None or (link.expires_at is not None and link.expires_at <= now):
            if not self.cache.loaded.is_set():
                return HTMLResponse(STARTING_PAGE, 503, headers={"Retry-After": "1"})
            return HTMLResponse(NOT_FOUND_PAGE, 404, headers={"Cache-Control": _NO_STORE})
        click_id = uuid7().hex
        if record:
            headers = request.headers
            self.publisher.submit(ClickSeen(
                link.link_id, link.workspace_id, link.campaign_id, link.collaboration_id, click_id,
                now, headers.get("referer"), headers.get(self.country_header),
                headers.get("user-agent", ""), self._address(request),
            ))
        return Response(status_code=302, headers={"Location": link.head + click_id + link.tail,
                                                  "Cache-Control": _NO_STORE})

    def _address(self, request: Request) -> str:
        if self.ip_header and (forwarded := request.headers.get(self.ip_header)):
            return forwarded.split(",")[0].strip()
        return request.client.host if request.client else ""
