"""The public redirect: a 302 from memory, the click recorded once through the broker (S7)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from tracking_links_fixtures import create_link, redirect_server, stored_clicks

from shared.testing import eventually

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/120.0 Safari/537.36")



async def test_S7_a_followed_link_redirects_with_a_click_id_and_the_click_is_recorded_once(
    api: httpx.AsyncClient, make_settings: Callable[..., Any], running_worker: Callable[..., Any],
    tmp_path: Path, clean_db: str,
) -> None:
    link = await create_link(api, utm_source="instagram")
    async with redirect_server(make_settings, tmp_path) as live, running_worker("tracking"):
        await eventually(lambda: live.serves(link["code"]))
        async with httpx.AsyncClient(base_url=live.url) as visitor:
            headers = {"User-Agent": CHROME, "CF-IPCountry": "de",
                       "Referer": "https://l.instagram.com/?u=private"}
            first = await visitor.get(link["path"], headers=headers)
            second = await visitor.get(link["path"], headers=headers)
            preview = await visitor.get(link["path"], headers={"User-Agent": "facebookexternalhit/1.1"})
            checked = await visitor.head(link["path"])
        clicks = await eventually(lambda: _at_least(clean_db, link["id"], 3))
    assert first.status_code == second.status_code == checked.status_code == 302
    location = urlsplit(first.headers["location"])
    query = parse_qs(location.query)
    assert location.netloc == "glowskin.example" and query["utm_source"] == ["instagram"]
    click_ids = {parse_qs(urlsplit(r.headers["location"]).query)["icp_click_id"][0]
                 for r in (first, second, preview)}
    assert len(click_ids) == 3
    assert first.headers["cache-control"] == "private, no-store"
    assert {c["click_id"].hex for c in clicks} == click_ids  # HEAD recorded nothing
    human = [c for c in clicks if not c["is_bot"]]
    assert [(c["country"], c["user_agent_class"], c["referrer"]) for c in human] == [
        ("DE", "browser", "https://l.instagram.com/")] * 2
    assert human[0]["visitor_hash"] == human[1]["visitor_hash"]  # a repeat visitor, same day
    (bot,) = [c for c in clicks if c["is_bot"]]
    assert bot["user_agent_class"] == "bot"
    assert all("127.0.0.1" not in str(dict(c)) for c in clicks)  # no address stored


async def _at_least(database_url: str, link_id: str, count: int) -> list[Any] | None:
    rows = await stored_clicks(database_url, link_id)
    return rows if len(rows) >= count else None


async def test_unknown_and_expired_codes_answer_a_404_page_not_a_redirect(
    api: httpx.AsyncClient, make_settings: Callable[..., Any], tmp_path: Path,
) -> None:
    link = await create_link(api)
    async with redirect_server(make_settings, tmp_path) as live:
        await eventually(lambda: live.serves(link["code"]))
        past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        assert (await api.patch(f"/v1/links/{link['id']}", json={"expires_at": past})).status_code == 200
        cached = live.app.state.redirects.cache
        await eventually(lambda: cached.get(link["code"]).expires_at is not None)
        async with httpx.AsyncClient(base_url=live.url) as visitor:
            expired = await visitor.get(link["path"])
            unknown = await visitor.get("/r/doesNotExist1")
    for response in (expired, unknown):
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "location" not in response.headers
        assert "does not exist or has expired" in response.text
