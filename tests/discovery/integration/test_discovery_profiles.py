"""Profiles over HTTP: the full profile is stored, read back with freshness and explained metrics."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from discovery_integration_data import LENA


async def test_a_full_profile_reads_back_with_freshness_and_explained_metrics(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        created = await client.post("/v1/influencers", json=LENA)
        assert created.status_code == 201, created.text
        read = (await client.get(f"/v1/influencers/{created.json()['id']}")).json()
    account = read["accounts"][0]
    assert account["handle"] == "lena.berg"
    assert account["freshness"]["stats"]["source"] == "imported"
    assert account["freshness"]["stats"]["stale"] is True
    rate = account["metrics"]["engagement_rates"][0]
    assert rate["denominator"] == "followers"
    assert abs(rate["value"] - (2900 + 85) / 84000) < 1e-9
    assert account["metrics"]["tier"] == "micro"
    assert account["metrics"]["benchmark"]["label"] in {"below", "typical", "above"}
    components = {c["name"] for c in account["metrics"]["authenticity"]["components"]}
    assert {"follower_spikes", "engagement_vs_tier", "following_follower_ratio"} <= components
    assert read["values"] == ["animal_welfare", "sustainability"]
    assert read["rate_card"][0]["price"]["amount_minor"] == 120000


async def test_patch_replaces_given_fields_and_upserts_accounts(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer_id = (await client.post("/v1/influencers", json=LENA)).json()["id"]
        patched = await client.patch(f"/v1/influencers/{influencer_id}", json={
            "bio": "Now on TikTok too",
            "accounts": [{"platform": "tiktok", "handle": "lenaberg", "followers": 12000}]})
        listed = (await client.get("/v1/influencers")).json()["items"]
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["bio"] == "Now on TikTok too"
    assert body["topics"] == ["beauty", "fashion"]
    assert sorted(a["platform"] for a in body["accounts"]) == ["instagram", "tiktok"]
    assert len(listed) == 1 and len(listed[0]["accounts"]) == 2


async def test_an_account_of_another_influencer_is_a_conflict(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        await client.post("/v1/influencers", json=LENA)
        again = await client.post("/v1/influencers", json={**LENA, "display_name": "Copy"})
    assert again.status_code == 409
    assert "instagram:lena.berg" in again.json()["detail"]


async def test_audience_shares_over_one_are_a_422_naming_the_field(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    account = {**LENA["accounts"][0], "audience": {"countries": {"DE": 0.8, "AT": 0.4}}}
    async with client_for("discovery", token_for(workspace)) as client:
        refused = await client.post("/v1/influencers", json={**LENA, "accounts": [account]})
    assert refused.status_code == 422
    assert any("audience.countries" in e["field"] and "at most 1" in e["message"]
               for e in refused.json()["errors"])


def _instagram(*handles: str) -> list[dict[str, Any]]:
    return [{"platform": "instagram", "handle": h, "followers": 1000} for h in handles]


async def test_a_patch_growing_the_profile_past_the_account_limit_is_a_422_storing_nothing(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    full = _instagram(*(f"lena.{n}" for n in range(20)))
    async with client_for("discovery", token_for(workspace)) as client:
        influencer_id = (await client.post("/v1/influencers", json={**LENA, "accounts": full})).json()["id"]
        refused = await client.patch(f"/v1/influencers/{influencer_id}", json={
            "bio": "Now on TikTok too", "accounts": _instagram("lena.extra")})
        # Replacing an account keeps the count: still allowed at the limit.
        replaced = await client.patch(f"/v1/influencers/{influencer_id}",
                                      json={"accounts": _instagram("Lena.0")})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    [error] = refused.json()["errors"]
    assert error["field"] == "body.accounts" and "at most 20" in error["message"]
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["bio"] == LENA["bio"]
    assert sorted(a["handle"] for a in replaced.json()["accounts"]) == sorted(a["handle"] for a in full)


@pytest.mark.parametrize("stored", [False, True], ids=["new", "stored"])
async def test_a_patch_listing_one_account_twice_is_refused_as_create_refuses_it(
    stored: bool, client_for: Callable[..., Any], token_for: Callable[..., str],
    workspace: uuid.UUID,
) -> None:
    twice = [{"platform": "x", "handle": "x1", "followers": 10},
             {"platform": "x", "handle": "X1", "followers": 20}]
    accounts = LENA["accounts"] + twice[:1] if stored else LENA["accounts"]
    async with client_for("discovery", token_for(workspace)) as client:
        created = await client.post("/v1/influencers",
                                    json={**LENA, "accounts": LENA["accounts"] + twice})
        influencer_id = (await client.post("/v1/influencers",
                                           json={**LENA, "accounts": accounts})).json()["id"]
        patched = await client.patch(f"/v1/influencers/{influencer_id}", json={"accounts": twice})
        read = (await client.get(f"/v1/influencers/{influencer_id}")).json()
    assert created.status_code == 422, created.text
    assert patched.status_code == 422, patched.text
    assert patched.json()["errors"] == created.json()["errors"]
    assert [(a["handle"], a["followers"]) for a in read["accounts"]] == [
        (a["handle"].lower(), a["followers"]) for a in accounts]
