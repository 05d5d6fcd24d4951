"""Tracked links over HTTP: allowed domains, creation with UTM, tenancy, paging (S7)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from tracking_links_fixtures import DOMAIN, create_link


async def test_S7_a_link_carries_the_utm_parameters_and_an_unguessable_code(
    api: httpx.AsyncClient,
) -> None:
    link = await create_link(api, utm_source="instagram", utm_content="ana-reel-1")
    query = parse_qs(urlsplit(link["target_url"]).query)
    assert query == {"variant": ["30ml"], "utm_source": ["instagram"],
                     "utm_medium": ["influencer"], "utm_campaign": [link["campaign_id"]],
                     "utm_content": ["ana-reel-1"]}
    assert len(link["code"]) == 11 and link["path"] == f"/r/{link['code']}"
    assert link["url"].endswith(link["path"])
    again = await create_link(api, campaign_id=link["campaign_id"],
                              collaboration_id=link["collaboration_id"])
    assert again["code"] != link["code"]


async def test_a_destination_outside_the_allowed_domains_is_refused_and_nothing_stored(
    api: httpx.AsyncClient,
) -> None:
    body = {"campaign_id": str(uuid.uuid4()), "collaboration_id": str(uuid.uuid4()),
            "destination": "https://glowskin.example.evil.example/"}
    refused = await api.post("/v1/links", json=body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "body.destination"
    assert (await api.get("/v1/links")).json()["items"] == []


async def test_allowed_domains_are_added_idempotently_listed_and_removed(api: httpx.AsyncClient) -> None:
    assert (await api.put("/v1/allowed-domains/Shop.GlowSkin.Example")).status_code == 201
    assert (await api.put("/v1/allowed-domains/shop.glowskin.example")).status_code == 200
    assert (await api.put("/v1/allowed-domains/not a domain")).status_code == 422
    listed = (await api.get("/v1/allowed-domains")).json()["items"]
    assert [d["domain"] for d in listed] == ["shop.glowskin.example"]
    assert (await api.delete("/v1/allowed-domains/shop.glowskin.example")).status_code == 204
    assert (await api.delete("/v1/allowed-domains/shop.glowskin.example")).status_code == 404


async def test_another_workspaces_links_are_not_found(
    api: httpx.AsyncClient, client_for: Callable[..., Any], token_for: Callable[..., str],
) -> None:
    link = await create_link(api)
    async with client_for("tracking", token_for(uuid.uuid4())) as intruder:
        assert (await intruder.get(f"/v1/links/{link['id']}")).status_code == 404
        assert (await intruder.patch(f"/v1/links/{link['id']}",
                                     json={"expires_at": None})).status_code == 404
        assert (await intruder.get("/v1/links")).json()["items"] == []
        refused = await intruder.post("/v1/links", json={
            "campaign_id": str(uuid.uuid4()), "collaboration_id": str(uuid.uuid4()),
            "destination": f"https://{DOMAIN}/"})
        assert refused.status_code == 422  # the domain is the other tenant's


async def test_links_page_by_collaboration(api: httpx.AsyncClient) -> None:
    collaboration = str(uuid.uuid4())
    mine = [(await create_link(api, collaboration_id=collaboration))["id"] for _ in range(3)]
    await create_link(api)
    seen, cursor = [], None
    while True:
        params: dict[str, Any] = {"collaboration_id": collaboration, "limit": 2}
        page = (await api.get("/v1/links", params={**params, **({"cursor": cursor} if cursor else {})})
                ).json()
        seen += [item["id"] for item in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert seen == mine
