"""What the plan tells the other services: CampaignStateChanged and CampaignGuidelinesUpdated as
the catalog defines them, and compliance checking drafts against the campaign it was told of."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from plan_helpers import END, START, outbox, s1_plan

from shared.testing import eventually


async def test_creation_announces_the_campaign_its_state_and_its_guidelines(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID, clean_db: str,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as api:
        campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
    events = await outbox(clean_db)
    kinds = [h["ce_type"].split(".")[-2] for h, _ in events]
    assert kinds == ["created", "state_changed", "guidelines_updated"]
    assert {h["ce_subject"] for h, _ in events} == {campaign["id"]}  # keyed by campaign
    state = events[1][1]
    assert (state["state"], state["previous_state"], state["currency"]) == ("draft", None, "EUR")
    assert (state["starts_at"], state["ends_at"]) == ("2027-03-01T00:00:00Z", END)
    assert state["markets"] == ["DE", "FR", "GB", "US", "CA"] and state["goal_metrics"] == ["mentions"]
    # the relative target resolved (+20 % on 5,000), as tracking's reports chart it
    goals = [(g["metric"], g["target_value"], g["baseline"]) for g in state["goals"]]
    assert goals == [("mentions", 6000, 5000)]
    guidelines = events[2][1]
    assert guidelines["markets"] == ["DE", "FR", "GB", "US", "CA"] and guidelines["brand"] == "Maison Verte"
    assert guidelines["required_hashtags"] == ["#MaisonVerte"]
    assert guidelines["updated_at"] == state["updated_at"] == campaign["updated_at"]


async def test_changes_are_announced_only_when_what_a_consumer_keeps_changes(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID, clean_db: str,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as api:
        campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
        url, version = f"/v1/campaigns/{campaign['id']}", 1

        async def patch(change: dict[str, Any]) -> None:
            nonlocal version
            response = await api.patch(url, json=change, headers={"If-Match": f'"{version}"'})
            assert response.status_code == 200, response.text
            version = response.json()["version"]

        await patch({"brief": "Nouvelle version du brief"})  # neither event
        await patch({"guidelines": {"required_hashtags": ["#MaisonVerte", "#Recycled"]}})  # guidelines
        await patch({"budget": {"total_minor": 9_000_000, "currency": "USD"}})  # state (currency)
        await patch({"markets": [{"country": "DE", "languages": ["de"]}], "personas": []})  # both
        await patch({"timeline": {"starts_at": START, "ends_at": "2027-06-15T00:00:00Z"}})  # state
        await api.post(f"{url}/transitions", json={"to": "planned", "reason": "Signed off"})
    kinds = [h["ce_type"].split(".")[-2] for h, _ in await outbox(clean_db)][3:]
    assert kinds == ["guidelines_updated", "state_changed", "guidelines_updated", "state_changed",
                     "state_changed", "state_changed"]
    states = [d for _, d in await outbox(clean_db, "state_changed")][1:]
    assert [(d["state"], d["previous_state"]) for d in states] == [
        ("draft", "draft"), ("draft", "draft"), ("draft", "draft"), ("planned", "draft")]
    assert states[0]["currency"] == "USD" and states[1]["markets"] == ["DE"]
    assert states[2]["ends_at"] == "2027-06-15T00:00:00Z" and states[3]["reason"] == "Signed off"
    stamps = [d["updated_at"] for _, d in await outbox(clean_db) if "updated_at" in d]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps) - 2  # creation's pair shares one


async def test_compliance_checks_a_draft_against_the_campaigns_markets_and_guidelines(
    make_settings: Callable[..., Any], running_worker: Callable[..., Any], client_for: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    token = token_for(workspace)
    async with contextlib.AsyncExitStack() as stack:
        campaigns = await stack.enter_async_context(client_for("campaigns", token))
        compliance = await stack.enter_async_context(client_for("compliance", token))
        await stack.enter_async_context(running_worker("campaigns"))
        await stack.enter_async_context(running_worker("compliance"))
        campaign = (await campaigns.post("/v1/campaigns", json=s1_plan())).json()
        germany_only = {"markets": [{"country": "DE", "languages": ["de"]}], "personas": [],
                        "guidelines": {"banned_terms": ["klimaneutral"]}}
        changed = await campaigns.patch(f"/v1/campaigns/{campaign['id']}", headers={"If-Match": '"1"'},
                                        json=germany_only)
        assert changed.status_code == 200

        async def checked() -> httpx.Response | None:
            response = await compliance.post("/v1/checks", json={
                "text": "Anzeige: meine neue Jacke von Maison Verte, klimaneutral! #MaisonVerte",
                "platform": "instagram", "campaign_id": campaign["id"]})
            markets = [m["market"] for m in response.json().get("markets", [])]
            return response if markets == ["DE"] else None

        check = await eventually(checked, timeout=40)
    codes = {f["code"] for f in check.json()["findings"]}
    assert "banned_term_present" in codes and "required_hashtag_missing" not in codes
