"""The public redirect is rate-limited per visitor address: a 429 problem with Retry-After."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from tracking_links_fixtures import create_link, redirect_server

from shared.testing import eventually


async def test_a_visitor_over_the_public_limit_gets_429_while_others_are_still_redirected(
    api: httpx.AsyncClient, make_settings: Callable[..., Any], tmp_path: Path,
) -> None:
    link = await create_link(api)
    async with redirect_server(make_settings, tmp_path, rate_limit_public_per_minute=60,
                               rate_limit_public_burst=2, click_client_ip_header="X-Real-IP") as live:
        await eventually(lambda: live.serves(link["code"]))
        async with httpx.AsyncClient(base_url=live.url) as visitor:
            busy = {"X-Real-IP": "198.51.100.7"}
            answers = [await visitor.get(link["path"], headers=busy) for _ in range(3)]
            other = await visitor.get(link["path"], headers={"X-Real-IP": "198.51.100.8"})
    assert [a.status_code for a in answers] == [302, 302, 429]
    refused = answers[-1]
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) >= 1 and refused.json()["status"] == 429
    assert other.status_code == 302
