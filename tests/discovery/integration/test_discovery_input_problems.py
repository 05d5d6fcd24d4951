"""Input PostgreSQL cannot store is the client's 422 problem, never a 500."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from discovery_integration_data import LENA

from shared.http.pagination import encode_cursor

NUL = "\u0000"


async def test_text_with_a_nul_character_is_a_422_problem(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer = (await client.post("/v1/influencers", json=LENA)).json()["id"]
        shortlist = (await client.post("/v1/shortlists", json={
            "campaign_id": str(uuid.uuid4()), "name": "DACH"})).json()["id"]
        refused = [
            await client.post("/v1/shortlists", json={
                "campaign_id": str(uuid.uuid4()), "name": f"DACH{NUL}"}),
            await client.post(f"/v1/shortlists/{shortlist}/influencers",
                              json={"influencer_id": influencer, "note": f"a{NUL}b"}),
            await client.post("/v1/blocklist", json={"influencer_id": influencer,
                                                     "reason": f"a{NUL}b"}),
            await client.patch(f"/v1/influencers/{influencer}", json={"bio": f"a{NUL}b"}),
            await client.get(f"/v1/influencers/{influencer}/accounts/instagram/a%00b/snapshots"),
        ]
        entries = (await client.get(f"/v1/shortlists/{shortlist}/influencers")).json()["items"]
    for reply in refused:
        assert reply.status_code == 422, reply.text
        assert reply.headers["content-type"] == "application/problem+json"
        assert "U+0000" in reply.json()["detail"]
    assert entries == []


TOO_BIG = [
    ({"followers": 2**63}, "body.accounts.0.followers"),
    ({"following": 2**64}, "body.accounts.0.following"),
    ({"followers": 1, "avg_likes": 1e308}, "body.accounts.0.avg_likes"),
]


@pytest.mark.parametrize(("account", "field"), TOO_BIG)
async def test_counts_beyond_what_can_be_stored_are_a_422_naming_the_field(
    account: dict[str, Any], field: str, client_for: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    body = {**LENA, "accounts": [{**LENA["accounts"][0], **account}]}
    async with client_for("discovery", token_for(workspace)) as client:
        refused = await client.post("/v1/influencers", json=body)
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == [field]


async def test_a_price_beyond_what_can_be_stored_is_a_422_naming_the_field(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    price = {"amount_minor": 10**30, "currency": "EUR"}
    body = {**LENA, "rate_card": [{**LENA["rate_card"][0], "price": price}]}
    async with client_for("discovery", token_for(workspace)) as client:
        refused = await client.post("/v1/influencers", json=body)
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["body.rate_card.0.price.amount_minor"]


async def test_an_unset_go_zero_time_observation_is_a_422_naming_the_field(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    account = {**LENA["accounts"][0], "observed_at": "0001-01-01T00:00:00Z"}
    async with client_for("discovery", token_for(workspace)) as client:
        refused = await client.post("/v1/influencers", json={**LENA, "accounts": [account]})
        listed = (await client.get("/v1/influencers")).json()["items"]
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["body.accounts.0.observed_at"]
    assert listed == []


def _from_now(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def test_a_figure_observed_more_than_a_day_ahead_is_a_422_naming_the_field(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    """Dated next week, a figure would read as fresh for a week after it went stale."""
    account = LENA["accounts"][0]
    ahead = [{**account, "observed_at": _from_now(days=2)},
             {**account, "last_posted_at": _from_now(days=30)},
             {**account, "audience": {**account["audience"], "observed_at": _from_now(days=400)}}]
    async with client_for("discovery", token_for(workspace)) as client:
        refused = [await client.post("/v1/influencers", json={**LENA, "accounts": [a]}) for a in ahead]
        skewed = await client.post("/v1/influencers", json={
            **LENA, "accounts": [{**account, "observed_at": _from_now(hours=3)}]})
    fields = ["body.accounts.0.observed_at", "body.accounts.0.last_posted_at",
              "body.accounts.0.audience.observed_at"]
    for reply, field in zip(refused, fields, strict=True):
        assert reply.status_code == 422, reply.text
        assert [e["field"] for e in reply.json()["errors"]] == [field]
        assert "more than a day after it was received" in reply.json()["errors"][0]["message"]
    assert skewed.status_code == 201, skewed.text  # a clock or time zone a few hours off


# Instants past year 9999 or before year 1 once moved to UTC: no cursor this API issues.
OUT_OF_RANGE_CURSORS = ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00"]


@pytest.mark.parametrize("observed_at", OUT_OF_RANGE_CURSORS)
async def test_a_snapshot_cursor_beyond_the_datetime_range_is_a_400_problem(
    observed_at: str, client_for: Callable[..., Any], token_for: Callable[..., str],
    workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        influencer = (await client.post("/v1/influencers", json=LENA)).json()["id"]
        refused = await client.get(
            f"/v1/influencers/{influencer}/accounts/instagram/lena.berg/snapshots",
            params={"cursor": encode_cursor([observed_at])})
    assert refused.status_code == 400, refused.text
    assert refused.json()["type"].endswith("invalid-cursor")


async def test_a_match_whose_cost_per_mille_cannot_be_stated_is_ranked_not_a_500(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    # A storable price over a tiny reach: its cost per 1000 reached exceeds what money can hold.
    price = {"amount_minor": 10**16, "currency": "EUR"}
    body = {**LENA, "rate_card": [{**LENA["rate_card"][0], "price": price}],
            "accounts": [{"platform": "instagram", "handle": "tiny.reach", "followers": 1}]}
    brief = {"budget_per_influencer": {"amount_minor": 10**17, "currency": "EUR"}}
    async with client_for("discovery", token_for(workspace)) as client:
        assert (await client.post("/v1/influencers", json=body)).status_code == 201
        matched = await client.post("/v1/match", json=brief)
        ranked = await client.post("/v1/influencers/search", json={"sort": "fit", "brief": brief})
    assert matched.status_code == 200, matched.text
    [item] = matched.json()["items"]
    assert item["cost"]["price_minor"] == 10**16
    assert item["cost"]["cost_per_mille_minor"] is None
    assert ranked.status_code == 200, ranked.text
    assert [i["handle"] for i in ranked.json()["items"]] == ["tiny.reach"]


# Tags are searchable text: 20,000 distinct ones outgrow PostgreSQL's 1 MB tsvector.
MANY_TAGS = [f"tag{n:05d}-" + "x" * 50 for n in range(20_000)]


async def test_more_tags_than_a_profile_holds_are_a_422_naming_the_field(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("discovery", token_for(workspace)) as client:
        refused = await client.post("/v1/influencers", json={**LENA, "tags": MANY_TAGS})
        influencer = (await client.post("/v1/influencers", json=LENA)).json()["id"]
        patched = await client.patch(f"/v1/influencers/{influencer}", json={"tags": MANY_TAGS})
        read = (await client.get(f"/v1/influencers/{influencer}")).json()
    for reply in (refused, patched):
        assert reply.status_code == 422, reply.text
        assert [e["field"] for e in reply.json()["errors"]] == ["body.tags"]
    assert read["tags"] == []
