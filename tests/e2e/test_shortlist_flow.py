"""The spine's proof: a shortlisting in discovery becomes a collaboration in campaigns, once."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from shared.cli.registry import service
from shared.settings import BaseServiceSettings
from shared.testing import eventually, live_server


async def test_shortlisting_creates_one_collaboration_over_http(
    make_settings: Callable[..., BaseServiceSettings], running_worker: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    auth = {"Authorization": f"Bearer {token_for(workspace)}"}
    discovery_app = service("discovery").create_app(make_settings("discovery"))
    campaigns_app = service("campaigns").create_app(make_settings("campaigns"))
    async with contextlib.AsyncExitStack() as stack:
        discovery_url = await stack.enter_async_context(live_server(discovery_app))
        campaigns_url = await stack.enter_async_context(live_server(campaigns_app))
        consumer = await stack.enter_async_context(running_worker("campaigns"))
        await stack.enter_async_context(running_worker("discovery"))
        http = await stack.enter_async_context(httpx.AsyncClient(headers=auth, timeout=10))

        campaign = (await http.post(f"{campaigns_url}/v1/campaigns",
                                    json={"name": "Spring launch", "brand": "Acme"})).json()
        influencer = (await http.post(f"{discovery_url}/v1/influencers", json={
            "display_name": "Lena Berg",
            "accounts": [{"platform": "instagram", "handle": "lena.berg", "followers": 84000}],
        })).json()
        shortlist = (await http.post(f"{discovery_url}/v1/shortlists", json={
            "campaign_id": campaign["id"], "name": "DACH beauty"})).json()
        entry_url = f"{discovery_url}/v1/shortlists/{shortlist['id']}/influencers"
        first = await http.post(entry_url, json={"influencer_id": influencer["id"]})
        again = await http.post(entry_url, json={"influencer_id": influencer["id"]})
        assert (first.status_code, again.status_code) == (201, 200)

        collaborations_url = f"{campaigns_url}/v1/campaigns/{campaign['id']}/collaborations"

        async def listed() -> list[dict[str, Any]]:
            items: list[dict[str, Any]] = (await http.get(collaborations_url)).json()["items"]
            return items

        await eventually(listed, timeout=30)
        await eventually(consumer.consumers[0].caught_up)
        items = await listed()
        assert len(items) == 1
        assert items[0]["stage"] == "shortlisted"
        assert items[0]["influencer_id"] == influencer["id"]
        assert items[0]["influencer_snapshot"]["handle"] == "lena.berg"
