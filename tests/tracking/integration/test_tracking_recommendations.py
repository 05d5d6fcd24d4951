"""S8 on S4's campaign (`food_delivery`): the food-delivery launch paid three Instagram bloggers
and two TikTok ones 2,000 USD each; Instagram underdelivers, and the recommendations say how much
to move where, and why, over HTTP."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from conftest import Apply
from food_delivery import food_delivery as build


@pytest.fixture
async def food_delivery(api: httpx.AsyncClient, apply: Apply) -> str:
    return await build(api, apply)


async def test_food_delivery_instagram_vs_tiktok_yields_a_budget_shift_with_its_numbers(
    api: httpx.AsyncClient, food_delivery: str,
) -> None:
    found = (await api.get(f"/v1/campaigns/{food_delivery}/recommendations")).json()
    assert (found["goal_metric"], found["goal_source"]) == ("engagements", "campaign")
    assert found["currency"] == "USD"
    tiktok, instagram = found["rankings"]["platform"]
    assert (tiktok["key"], tiktok["cost_minor"], tiktok["units"]) == ("tiktok", 400_000, 9_750)
    assert (instagram["key"], instagram["cost_minor"], instagram["units"]) == ("instagram", 600_000, 6_450)
    assert tiktok["cost_per_unit_minor"] == pytest.approx(400_000 / 9_750)
    assert tiktok["interval_low_minor"] < tiktok["cost_per_unit_minor"] < tiktok["interval_high_minor"]
    (shift,) = [s for s in found["budget_shifts"] if s["dimension"] == "platform"]
    assert (shift["from_key"], shift["to_key"], shift["amount_minor"]) == ("instagram", "tiktok", 300_000)
    assert shift["expected_gain"] == pytest.approx(300_000 * 9_750 / 400_000)
    assert shift["expected_loss"] == pytest.approx(300_000 * 6_450 / 600_000)
    assert shift["interval_low"] < shift["expected_net"] < shift["interval_high"]
    assert shift["message"].startswith(
        "move 3,000.00 USD from Instagram to TikTok: TikTok delivered engagements at 0.41 USD vs 0.93 USD "
        "on Instagram, expected +4,088 engagements (+7,312 on TikTok, -3,225 on Instagram), 90% interval")


async def test_instagram_is_flagged_against_its_tier_and_a_short_video_is_proposed(
    api: httpx.AsyncClient, food_delivery: str,
) -> None:
    found = (await api.get(f"/v1/campaigns/{food_delivery}/recommendations")).json()
    flagged = {(u["level"], u["platform"]) for u in found["underperformers"]}
    assert ("platform", "instagram") in flagged and ("platform", "tiktok") not in flagged
    creator = next(u for u in found["underperformers"] if u["level"] == "creator")
    # 120,000 followers: mid tier, Instagram's benchmark 1.3 % → 1,560 engagements per post
    assert (creator["tier"], creator["benchmark_rate"], creator["expected_engagements"]) == (
        "mid", 0.013, pytest.approx(3_120))
    experiments = {(e["platform"], e["format"]) for e in found["format_experiments"]}
    assert experiments == {("instagram", "reel")}  # stories (polls' home) ran; TikTok's short video ran


async def test_the_goal_can_be_named_and_other_workspaces_see_nothing(
    api: httpx.AsyncClient, food_delivery: str, client_for: Any, token_for: Any,
) -> None:
    found = (await api.get(f"/v1/campaigns/{food_delivery}/recommendations", params={"goal": "reach"})).json()
    assert (found["goal_metric"], found["goal_source"]) == ("reach", "request")
    assert all(s["cost_per_unit_minor"] is None for s in found["rankings"]["platform"])  # no reach reported
    assert found["budget_shifts"] == []
    bad = await api.get(f"/v1/campaigns/{food_delivery}/recommendations", params={"goal": "vibes"})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    async with client_for("tracking", token_for(uuid.uuid4())) as intruder:
        assert (await intruder.get(f"/v1/campaigns/{food_delivery}/recommendations")).status_code == 404
