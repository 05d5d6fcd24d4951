"""Posts over HTTP: registered once per (platform, URL), announced, and carrying the newest
disclosure verdict compliance sends back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
from conftest import Apply
from tracking_events import NOW, campaign_event, contract_event, post_body

from shared.events.catalog.compliance import DisclosureCheckCompleted


async def _outbox(database_url: str) -> list[dict[str, Any]]:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        rows = await conn.fetch("SELECT topic, key, headers FROM tracking.outbox ORDER BY seq")
    finally:
        await conn.close()
    return [dict(row) for row in rows]


async def test_a_post_is_registered_once_per_platform_and_url_and_announced(
    api: httpx.AsyncClient,
    clean_db: str,
) -> None:
    campaign = uuid.uuid4()
    body = post_body(campaign, url="https://www.instagram.com/reel/C7xYz12AbCd/?igsh=abc")
    first = await api.post("/v1/posts", json=body)
    again = await api.post("/v1/posts", json={**body, "url": "https://instagram.com/reel/C7xYz12AbCd"})
    elsewhere = await api.post("/v1/posts", json={**body, "campaign_id": str(uuid.uuid4())})
    assert first.status_code == 201, first.text
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert elsewhere.status_code == 409 and elsewhere.json()["post_id"] == first.json()["id"]
    announced = await _outbox(clean_db)
    assert [(row["topic"], row["key"]) for row in announced] == [("tracking.post", first.json()["id"])]
    stored = first.json()
    assert (stored["relationship"], stored["relationship_source"], stored["disclosure"]) == (
        "paid",
        "default",
        None,
    )


async def test_the_relationship_influencer_and_followers_come_from_the_contract(
    api: httpx.AsyncClient,
    apply: Apply,
) -> None:
    """S9: a gifted meal is disclosed as gifted because the contract says so."""
    campaign = campaign_event()
    contract = contract_event(campaign.campaign_id, relationship="gifted")
    await apply(campaign, contract)
    body = post_body(campaign.campaign_id, collaboration_id=str(contract.collaboration_id))
    del body["influencer_id"]
    created = (await api.post("/v1/posts", json=body)).json()
    assert (created["relationship"], created["relationship_source"]) == ("gifted", "contract")
    assert created["influencer_id"] == str(contract.influencer_id)
    assert created["followers"] == 48_200
    stated = await api.post(
        "/v1/posts",
        json={
            **post_body(campaign.campaign_id),
            "relationship": "paid",
            "collaboration_id": str(contract.collaboration_id),
            "influencer_id": str(contract.influencer_id),
        },
    )
    assert (stated.json()["relationship"], stated.json()["relationship_source"]) == ("paid", "request")


async def test_a_post_that_contradicts_its_contract_or_names_no_influencer_is_refused(
    api: httpx.AsyncClient,
    apply: Apply,
) -> None:
    campaign = campaign_event()
    contract = contract_event(campaign.campaign_id)
    await apply(campaign, contract)
    collaboration = str(contract.collaboration_id)
    nobody = post_body(campaign.campaign_id)
    del nobody["influencer_id"]
    cases = {
        "body.influencer_id": [nobody, post_body(campaign.campaign_id, collaboration_id=collaboration)],
        "body.collaboration_id": [post_body(uuid.uuid4(), collaboration_id=collaboration)],
        "body.url": [post_body(campaign.campaign_id, url="instagram.com/reel/abc")],
        "body.published_at": [post_body(campaign.campaign_id, published_at="2026-05-04T18:30:00")],
    }
    for field, bodies in cases.items():
        for body in bodies:
            response = await api.post("/v1/posts", json=body)
            assert response.status_code == 422, (field, response.text)
            assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_the_newest_disclosure_verdict_stays_on_the_post(
    api: httpx.AsyncClient,
    apply: Apply,
) -> None:
    post = (await api.post("/v1/posts", json=post_body(uuid.uuid4()))).json()

    def verdict(name: str, minutes: int, subject_type: str = "post") -> DisclosureCheckCompleted:
        return DisclosureCheckCompleted(
            check_id=uuid.uuid4(),
            subject_type=subject_type,
            subject_id=uuid.UUID(post["id"]),
            markets=["US"],
            verdict=name,
            rule_set_version="US:2025-06",
            findings=[],
            checked_at=NOW + timedelta(minutes=minutes),
        )

    await apply(verdict("non_compliant", 10), verdict("compliant", 5), verdict("needs_review", 20, "draft"))
    stored = (await api.get(f"/v1/posts/{post['id']}")).json()["disclosure"]
    assert (stored["verdict"], stored["checked_at"]) == ("non_compliant", "2026-05-01T09:10:00Z")
    await apply(verdict("compliant", 30))
    assert (await api.get(f"/v1/posts/{post['id']}")).json()["disclosure"]["verdict"] == "compliant"


async def test_posts_are_listed_per_campaign_and_hidden_from_other_workspaces(
    api: httpx.AsyncClient,
    client_for: Callable[..., Any],
    token_for: Callable[..., str],
) -> None:
    campaign = uuid.uuid4()
    ids = [(await api.post("/v1/posts", json=post_body(campaign))).json()["id"] for _ in range(3)]
    await api.post("/v1/posts", json=post_body(uuid.uuid4()))
    first = (await api.get("/v1/posts", params={"campaign_id": str(campaign), "limit": 2})).json()
    rest = (
        await api.get("/v1/posts", params={"campaign_id": str(campaign), "cursor": first["next_cursor"]})
    ).json()
    assert [p["id"] for p in first["items"] + rest["items"]] == ids[::-1]
    async with client_for("tracking", token_for(uuid.uuid4())) as intruder:
        assert (await intruder.get(f"/v1/posts/{ids[0]}")).status_code == 404
        assert (await intruder.get("/v1/posts")).json()["items"] == []
