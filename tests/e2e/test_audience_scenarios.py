"""The guide's audience and finding steps across campaigns and discovery, over HTTP against the real
database: S2 (a travel agency's persona becomes a brief that discovery matches by audience
geography) and S3 (a cruelty-free cosmetics brand finds animal-welfare advocates, an inflated
account among them is marked down for its engagement, and a good match's lookalikes are found)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

import httpx

CSV_HEADER = ("platform,handle,followers,avg_likes,avg_comments,display_name,bio,topics,languages,country,"
              "values,audience_countries,audience_age,rate_card,rate_currency,observed_at\n")


def _creator(handle: str, followers: int, likes: int, topics: str, language: str, country: str,
             audience: str, values: str = "") -> str:
    return (f"instagram,{handle},{followers},{likes},{max(likes // 40, 1)},{handle.title()},,{topics},"
            f"{language},{country},{values},{audience},25-34:0.5|35-44:0.3,,,2026-11-20T00:00:00Z\n")


async def _import(discovery: httpx.AsyncClient, *rows: str) -> None:
    report = (await discovery.post("/v1/influencers:import", content=(CSV_HEADER + "".join(rows)).encode(),
                                   headers={"content-type": "text/csv"})).json()
    assert report["imported"] == len(rows), report


async def _plan_and_match(campaigns: httpx.AsyncClient, discovery: httpx.AsyncClient,
                          plan: dict[str, Any]) -> list[dict[str, Any]]:
    created = await campaigns.post("/v1/campaigns", json=plan)
    assert created.status_code == 201, created.text
    brief = await campaigns.get(f"/v1/campaigns/{created.json()['id']}/brief")
    assert brief.status_code == 200, brief.text
    matched = await discovery.post("/v1/match", json=brief.json())
    assert matched.status_code == 200, matched.text
    items: list[dict[str, Any]] = matched.json()["items"]
    return items


def _part(item: dict[str, Any], name: str) -> dict[str, Any]:
    (part,) = [p for p in item["parts"] if p["name"] == name]
    return part


S2_PLAN = {
    "name": "Alpine adventure season", "brand": "Wildpath Adventures",
    "brief": "Mehrtägige Hüttentouren und Öko-Reisen in den Alpen, für Leute, die lieber draußen sind.",
    "objectives": ["awareness", "traffic"],
    "markets": [{"country": "DE", "languages": ["de"]}, {"country": "AT", "languages": ["de"]},
                {"country": "CH", "languages": ["de"]}],
    "personas": [{"name": "Adventure travellers", "age": ["25-34", "35-44"],
                  "interests": ["travel", "nature_outdoors"]}],
    "creators": {"count": 3, "topics": ["nature_outdoors", "travel"], "platforms": ["instagram"]},
    "timeline": {"starts_at": "2027-04-01T00:00:00Z", "ends_at": "2027-07-01T00:00:00Z"},
}


async def test_s2_an_adventure_travel_persona_is_matched_to_creators_followed_in_its_regions(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    token = token_for(workspace)
    async with contextlib.AsyncExitStack() as stack:
        campaigns = await stack.enter_async_context(client_for("campaigns", token))
        discovery = await stack.enter_async_context(client_for("discovery", token))
        await _import(
            discovery,
            _creator("alpen.trails", 64_000, 2_600, "nature_outdoors|travel", "de", "DE",
                     "DE:0.55|AT:0.2|CH:0.1"),
            _creator("ecotrip.jonas", 38_000, 1_500, "travel|nature_outdoors", "de", "AT", "AT:0.4|DE:0.3"),
            _creator("summit.sara", 70_000, 2_800, "nature_outdoors|travel", "en", "US", "US:0.7|CA:0.1"),
            _creator("city.nights", 90_000, 3_600, "lifestyle", "de", "DE", "DE:0.6|AT:0.1"),
        )
        ranked = await _plan_and_match(campaigns, discovery, S2_PLAN)
        handles = [item["handle"] for item in ranked]

        # Outdoor creators followed in the markets only: not the American hiker whose followers
        # are across the ocean, nor the lifestyle creator followed in Germany. Each says how much
        # of its audience lives there.
        assert sorted(handles) == ["alpen.trails", "ecotrip.jonas"], ranked
        by_handle = {item["handle"]: item for item in ranked}
        for handle, in_markets in (("alpen.trails", "85%"), ("ecotrip.jonas", "70%")):
            explained = _part(by_handle[handle], "audience_overlap")["explanation"]
            assert f"countries {in_markets}" in explained, explained

        # The same geography as a search filter: at least a third of the audience in DE or AT.
        found = await discovery.post("/v1/influencers/search", json={
            "topics": ["travel"], "audience": [{"dimension": "country", "any_of": [
                {"value": "DE", "min_share": 0.34}, {"value": "AT", "min_share": 0.34}]}]})
        assert found.status_code == 200, found.text
        assert {i["handle"] for i in found.json()["items"]} == {"alpen.trails", "ecotrip.jonas"}


S3_PLAN = {
    "name": "Cruelty-free skincare line", "brand": "Pure Bunny Cosmetics",
    "brief": "Skincare never tested on animals, from creators who speak up for animal welfare.",
    "objectives": ["awareness", "engagement"],
    "markets": [{"country": "GB", "languages": ["en"]}, {"country": "US", "languages": ["en"]}],
    "personas": [{"name": "Ethical beauty buyers", "age": ["25-34"], "interests": ["beauty"],
                  "values": ["animal_welfare"]}],
    "creators": {"count": 4, "topics": ["beauty"], "values": ["animal_welfare"], "platforms": ["instagram"]},
    "timeline": {"starts_at": "2027-04-01T00:00:00Z", "ends_at": "2027-06-01T00:00:00Z"},
}


async def test_s3_animal_welfare_advocates_are_found_an_inflated_one_marked_down_and_lookalikes_follow(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    token = token_for(workspace)
    async with contextlib.AsyncExitStack() as stack:
        campaigns = await stack.enter_async_context(client_for("campaigns", token))
        discovery = await stack.enter_async_context(client_for("discovery", token))
        await _import(
            discovery,
            _creator("kind.beauty.lab", 60_000, 2_400, "beauty", "en", "GB", "GB:0.5|US:0.3",
                     "animal_welfare|veganism"),
            _creator("vegan.glow", 45_000, 1_900, "beauty", "en", "GB", "GB:0.45|US:0.35", "animal_welfare"),
            # Nine hundred thousand followers whose posts draw three hundred likes: bought followers.
            _creator("cruelty.free.cleo", 900_000, 300, "beauty", "en", "US", "US:0.6|GB:0.2",
                     "animal_welfare"),
            _creator("glam.daily", 80_000, 3_000, "beauty", "en", "US", "US:0.6|GB:0.2"),
        )
        ranked = await _plan_and_match(campaigns, discovery, S3_PLAN)
        by_handle = {item["handle"]: item for item in ranked}
        # Values alignment is required: the creator who stands for nothing is not proposed.
        assert "glam.daily" not in by_handle
        assert _part(by_handle["kind.beauty.lab"], "values_alignment")["points"] > 0
        # Authenticity and engagement: the inflated account loses points on both and ranks below
        # the genuine advocates.
        genuine, inflated = by_handle["kind.beauty.lab"], by_handle["cruelty.free.cleo"]
        for part in ("authenticity", "engagement_quality"):
            assert _part(inflated, part)["evaluated"]
            assert _part(inflated, part)["points"] < _part(genuine, part)["points"], part
        handles = [item["handle"] for item in ranked]
        assert handles[-1] == "cruelty.free.cleo", handles

        # A good match's lookalikes: the advocate with the most similar audience comes first.
        best = by_handle["kind.beauty.lab"]["influencer_id"]
        alike = await discovery.get(f"/v1/influencers/{best}/lookalikes", params={"limit": 3})
        assert alike.status_code == 200, alike.text
        assert alike.json()["items"][0]["handle"] == "vegan.glow"
