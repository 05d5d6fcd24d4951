"""The spine's proof: a shortlisting in discovery becomes a collaboration in campaigns, once."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
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


async def test_leaving_the_campaigns_shortlists_or_erasure_drops_a_collaboration_not_yet_under_way(
    client_for: Callable[..., Any], running_worker: Callable[..., Any], clean_db: str,
    token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    token = token_for(workspace)
    async with contextlib.AsyncExitStack() as stack:
        discovery = await stack.enter_async_context(client_for("discovery", token))
        campaigns = await stack.enter_async_context(client_for("campaigns", token))
        await stack.enter_async_context(running_worker("campaigns"))
        await stack.enter_async_context(running_worker("discovery"))
        campaign = (await campaigns.post("/v1/campaigns", json={"name": "Spring", "brand": "Acme"})).json()

        async def influencer(handle: str) -> str:
            created = await discovery.post("/v1/influencers", json={
                "display_name": handle, "accounts": [{"platform": "instagram", "handle": handle,
                                                      "followers": 84000}]})
            return str(created.json()["id"])

        async def shortlist(name: str) -> str:
            made = await discovery.post("/v1/shortlists", json={"campaign_id": campaign["id"], "name": name})
            return str(made.json()["id"])

        async def collaborations() -> dict[str, str]:
            listed = await campaigns.get(f"/v1/campaigns/{campaign['id']}/collaborations")
            return {c["influencer_id"]: c["stage"] for c in listed.json()["items"]}

        async def shortlisted(on: str, who: str) -> None:
            added = await discovery.post(f"/v1/shortlists/{on}/influencers", json={"influencer_id": who})
            assert added.status_code in (200, 201), added.text
            await eventually(lambda: _holds(collaborations, who))

        lena, mia, noa = [await influencer(h) for h in ("lena", "mia", "noa")]
        dach, nordics = await shortlist("DACH"), await shortlist("Nordics")
        await shortlisted(dach, lena)
        await shortlisted(nordics, lena)

        # Off one shortlist, still on the other: the campaign keeps her. Mia's shortlisting,
        # after the removal on the same shortlist, is handled after it.
        assert (await discovery.delete(f"/v1/shortlists/{dach}/influencers/{lena}")).status_code == 204
        await shortlisted(dach, mia)
        assert lena in await collaborations()

        # Off the last one: her collaboration had not started, and goes.
        await discovery.delete(f"/v1/shortlists/{nordics}/influencers/{lena}")
        await eventually(lambda: _lacks(collaborations, lena))

        # A collaboration under way stays (outreach and contract records), erasure or not.
        await shortlisted(dach, noa)
        connection = await asyncpg.connect(clean_db.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await connection.execute("UPDATE campaigns.collaborations SET stage = 'contacted'"
                                     " WHERE influencer_id = $1", uuid.UUID(noa))
        finally:
            await connection.close()
        assert (await discovery.delete(f"/v1/influencers/{noa}")).status_code == 204
        assert (await discovery.delete(f"/v1/influencers/{mia}")).status_code == 204
        await eventually(lambda: _lacks(collaborations, mia))  # erased after Noa, same shortlist
        assert (await collaborations())[noa] == "contacted"


async def _holds(collaborations: Callable[[], Any], influencer_id: str) -> bool:
    return influencer_id in await collaborations()


async def _lacks(collaborations: Callable[[], Any], influencer_id: str) -> bool:
    return influencer_id not in await collaborations()
