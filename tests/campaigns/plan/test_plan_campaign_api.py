"""The campaign as a plan over HTTP: fields, ETag/If-Match, history, bad input (S1, S11)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from plan_helpers import END, START, s1_plan

from shared.auth import mint_token
from shared.settings import BaseServiceSettings


@pytest.fixture
async def api(client_for: Callable[..., Any], token_for: Callable[..., str],
              workspace: uuid.UUID) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("campaigns", token_for(workspace)) as client:
        yield client


async def test_s1_plan_is_created_whole_and_read_back_with_its_etag(api: httpx.AsyncClient) -> None:
    created = await api.post("/v1/campaigns", json=s1_plan())
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["etag"] == '"1"' and body["version"] == 1 and body["state"] == "draft"
    assert [m["country"] for m in body["markets"]] == ["DE", "FR", "GB", "US", "CA"]
    assert body["personas"][0]["age"] == {"25-34": 1.0, "35-44": 1.0}
    assert body["brief"].startswith("Lancement de notre ligne")
    (goal,) = body["goals"]
    assert (goal["target_value"], goal["deadline"], goal["within"]) == (6000.0, END, "P3M")
    assert body["budget"]["contingency_percent"] == "10"
    read = await api.get(f"/v1/campaigns/{body['id']}")
    assert read.json() == body and read.headers["etag"] == '"1"'


async def test_s11_each_market_may_word_the_brief_and_guidelines_its_own_way(
    api: httpx.AsyncClient,
) -> None:
    markets = [{"country": "JP", "languages": ["ja"]}, {"country": "SG", "languages": ["en", "zh"]}]
    plan = s1_plan(markets=markets, personas=[], budget=None, goals=[], market_variants=[
        {"market": "JP", "brief": "季節の果実を、涼やかに。", "dos": ["家族や季節の行事を描く"]},
        {"market": "SG", "donts": ["Show drinking while driving"]}])
    created = await api.post("/v1/campaigns", json=plan)
    assert created.status_code == 201, created.text
    variants = created.json()["market_variants"]
    assert variants[0]["brief"] == "季節の果実を、涼やかに。" and variants[1]["donts"]
    stray = await api.post("/v1/campaigns", json=plan | {"market_variants": [{"market": "TH", "brief": "x"}]})
    assert stray.status_code == 422
    assert stray.json()["errors"][0]["field"] == "body.market_variants.0.market"


async def test_a_patch_needs_the_current_etag(api: httpx.AsyncClient) -> None:
    campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
    url = f"/v1/campaigns/{campaign['id']}"
    missing = await api.patch(url, json={"brief": "x"})
    assert missing.status_code == 428
    changed = await api.patch(url, json={"brief": "Neu"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200 and changed.headers["etag"] == '"2"'
    stale = await api.patch(url, json={"brief": "Stale"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412 and stale.headers["etag"] == '"2"'
    assert (await api.get(url)).json()["brief"] == "Neu"
    unchanged = await api.patch(url, json={"brief": "Neu"}, headers={"If-Match": '"2"'})
    assert unchanged.headers["etag"] == '"2"'  # nothing changed: no new version


async def test_of_two_concurrent_patches_one_wins_and_the_other_gets_412(api: httpx.AsyncClient) -> None:
    campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
    url = f"/v1/campaigns/{campaign['id']}"
    first, second = await asyncio.gather(
        api.patch(url, json={"name": "Version A"}, headers={"If-Match": '"1"'}),
        api.patch(url, json={"name": "Version B"}, headers={"If-Match": '"1"'}))
    assert sorted([first.status_code, second.status_code]) == [200, 412]
    winner = first if first.status_code == 200 else second
    final = (await api.get(url)).json()
    assert final["name"] == winner.json()["name"] and final["version"] == 2


async def test_every_change_is_kept_with_who_made_it_when_and_what_changed(
    client_for: Callable[..., Any], workspace: uuid.UUID,
) -> None:
    settings = BaseServiceSettings()
    marta = mint_token(settings, workspace, ["*"], subject="user:marta")
    jon = mint_token(settings, workspace, ["*"], subject="user:jon")
    async with client_for("campaigns", marta) as as_marta, client_for("campaigns", jon) as as_jon:
        campaign = (await as_marta.post("/v1/campaigns", json=s1_plan())).json()
        url = f"/v1/campaigns/{campaign['id']}"
        await as_jon.patch(url, json={"objectives": ["awareness"], "guidelines": None},
                           headers={"If-Match": '"1"'})
        await as_marta.post(f"{url}/transitions", json={"to": "planned", "reason": "Plan signed off"})
        history = (await as_jon.get(f"{url}/history", params={"limit": 2})).json()
        rest = (await as_jon.get(f"{url}/history", params={"cursor": history["next_cursor"]})).json()
    moved, edited = history["items"]
    (created,) = rest["items"]
    assert (moved["actor"], moved["action"], moved["version"]) == ("user:marta", "transitioned", 3)
    assert moved["changes"]["state"] == {"from": "draft", "to": "planned"}
    assert moved["changes"]["reason"]["to"] == "Plan signed off"
    assert (edited["actor"], edited["version"]) == ("user:jon", 2)
    assert edited["changes"]["objectives"] == {"from": ["awareness", "launch"], "to": ["awareness"]}
    assert edited["changes"]["guidelines"]["to"]["required_hashtags"] == []
    assert set(edited["changes"]) == {"objectives", "guidelines"}
    assert created["actor"] == "user:marta" and created["changes"]["name"]["to"] == "Sustainable line launch"
    assert moved["changed_at"] > edited["changed_at"] > created["changed_at"]


BAD_PLANS: list[tuple[dict[str, Any], str]] = [
    ({"timeline": {"starts_at": END, "ends_at": START}}, "body.timeline.ends_at"),
    ({"timeline": {"starts_at": START, "ends_at": END, "milestones": [
        {"name": "Wrap", "due_at": "2027-07-01T00:00:00Z"}]}}, "body.timeline.milestones.0.due_at"),
    ({"timeline": {"starts_at": "2027-03-01T00:00:00", "ends_at": END}}, "body.timeline.starts_at"),
    ({"markets": [{"country": "XX", "languages": ["de"]}]}, "body.markets.0.country"),
    ({"markets": [{"country": "DE", "languages": ["xx"]}]}, "body.markets.0.languages.0"),
    ({"markets": [{"country": "DE", "languages": []}]}, "body.markets.0.languages"),
    ({"markets": [{"country": "DE", "languages": ["de"]}, {"country": "de", "languages": ["de"]}]},
     "body.markets.1.country"),
    ({"budget": {"total_minor": 100, "currency": "XYZ"}}, "body.budget.currency"),
    ({"budget": {"total_minor": -5, "currency": "USD"}}, "body.budget.total_minor"),
    ({"budget": {"total_minor": 100, "currency": "USD", "contingency_percent": "NaN"}},
     "body.budget.contingency_percent"),
    ({"budget": {"total_minor": 100, "currency": "USD", "allocations": [
        {"dimension": "platform", "key": "instagram", "amount_minor": -1}]}},
     "body.budget.allocations.0.amount_minor"),
    ({"budget": {"total_minor": 100, "currency": "USD", "allocations": [
        {"dimension": "platform", "key": "myspace", "amount_minor": 1}]}}, "body.budget.allocations.0"),
    ({"budget": {"total_minor": 1000, "currency": "USD", "contingency_percent": "10", "allocations": [
        {"dimension": "platform", "key": "instagram", "amount_minor": 901}]}}, "body.budget.allocations"),
    ({"goals": [{"metric": "reach", "target_value": float("inf"), "within": "P1M"}]},
     "body.goals.0.target_value"),
    ({"goals": [{"id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a20", "metric": "reach", "target_value": 10,
                 "within": "P1M"},
                {"id": "0193a0b4-9f5e-7c9a-8d41-5b2f0c1e7a20", "metric": "views", "target_value": 10,
                 "within": "P1M"}]}, "body.goals.1.id"),
    ({"goals": [{"metric": "reach", "target_value": 10, "within": "P1M", "scope": {"markets": ["JP"]}}]},
     "body.goals.0.scope.markets"),
    ({"name": "x" * 201}, "body.name"),
    ({"brief": "x" * 20_001}, "body.brief"),
    ({"guidelines": {"required_hashtags": ["two words"]}}, "body.guidelines.required_hashtags.0"),
    ({"objectives": ["fame"]}, "body.objectives.0"),
    ({"personas": [{"age": ["25-40"]}]}, "body.personas.0.age.25-40.[key]"),
]


@pytest.mark.parametrize(("change", "field"), BAD_PLANS)
async def test_a_bad_plan_is_a_422_naming_the_field_and_nothing_is_stored(
    api: httpx.AsyncClient, change: dict[str, Any], field: str,
) -> None:
    # Sent as Python's json writes it: a non-finite number as Infinity, which JSON parsers read.
    refused = await api.post("/v1/campaigns", content=json.dumps(s1_plan(**change)),
                             headers={"content-type": "application/json"})
    assert refused.status_code == 422, refused.text
    assert field in [e["field"] for e in refused.json()["errors"]], refused.json()
    assert (await api.get("/v1/campaigns")).json()["items"] == []
    campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
    patched = await api.patch(f"/v1/campaigns/{campaign['id']}", content=json.dumps(change),
                              headers={"If-Match": '"1"', "content-type": "application/json"})
    assert patched.status_code == 422, patched.text
    assert (await api.get(f"/v1/campaigns/{campaign['id']}")).json() == campaign


async def test_a_vague_goal_is_refused_naming_the_smart_letters_it_fails(api: httpx.AsyncClient) -> None:
    refused = await api.post("/v1/campaigns", json=s1_plan(goals=[{"description": "Raise awareness"}]))
    assert refused.status_code == 422
    errors = {e["field"]: (e["type"], e["message"]) for e in refused.json()["errors"]}
    assert errors["body.goals.0.metric"][0] == "smart_specific"
    assert errors["body.goals.0.target_value"] == (
        "smart_measurable", "not measurable (M): no target value (give target_value, or "
        "target_change_percent with the baseline it is relative to)")
    assert errors["body.goals.0.deadline"][1].startswith("not time-bound (T): no deadline")


async def test_moving_the_window_moves_relative_deadlines_and_refuses_those_left_outside(
    api: httpx.AsyncClient,
) -> None:
    plan = s1_plan(goals=[*s1_plan()["goals"], {"metric": "reach", "target_value": 10**6,
                                                "deadline": "2027-05-15T00:00:00Z"}])
    campaign = (await api.post("/v1/campaigns", json=plan)).json()
    url = f"/v1/campaigns/{campaign['id']}"
    shorter = await api.patch(url, json={"timeline": {"starts_at": START, "ends_at": "2027-05-01T00:00:00Z"}},
                              headers={"If-Match": '"1"'})
    assert shorter.status_code == 422
    assert {e["field"] for e in shorter.json()["errors"]} == {"body.goals.0.within", "body.goals.1.deadline"}
    moved = {"timeline": {"starts_at": "2027-03-02T00:00:00Z", "ends_at": "2027-06-02T00:00:00Z"}}
    later = await api.patch(url, json=moved, headers={"If-Match": '"1"'})
    assert later.status_code == 200, later.text
    assert later.json()["goals"][0]["deadline"] == "2027-06-02T00:00:00Z"
    assert later.json()["goals"][0]["id"] == campaign["goals"][0]["id"]


async def test_campaigns_list_by_state_in_pages(api: httpx.AsyncClient) -> None:
    ids = [(await api.post("/v1/campaigns", json={"name": f"c{i}", "brand": "b"})).json()["id"]
           for i in range(3)]
    await api.post(f"/v1/campaigns/{ids[1]}/transitions", json={"to": "planned"})
    planned = (await api.get("/v1/campaigns", params={"state": "planned"})).json()["items"]
    assert [c["id"] for c in planned] == [ids[1]]
    first = (await api.get("/v1/campaigns", params={"limit": 2})).json()
    second = (await api.get("/v1/campaigns", params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [c["id"] for c in first["items"] + second["items"]] == ids and second["next_cursor"] is None


async def test_the_brief_unites_the_personas_and_refuses_a_market_or_persona_the_plan_lacks(
    api: httpx.AsyncClient,
) -> None:
    plan = s1_plan(
        personas=[{"name": "Urban", "countries": ["DE"], "age": ["25-34"], "values": ["sustainability"]},
                  {"name": "Coastal", "countries": {"DE": 0.5, "US": 1}, "genders": ["female"],
                   "interests": ["travel"]}],
        creators={"count": 4, "values": ["fair_trade"]},
        budget={"total_minor": 8_000_000, "currency": "EUR", "contingency_percent": "10",
                "allocations": [{"dimension": "platform", "key": "tiktok", "amount_minor": 1_000_000}]})
    campaign = (await api.post("/v1/campaigns", json=plan)).json()
    url = f"/v1/campaigns/{campaign['id']}/brief"
    brief = (await api.get(url)).json()
    assert brief["persona"]["countries"] == {"DE": 1.0, "US": 1.0}
    assert brief["persona"]["languages"] == {"de": 1.0, "fr": 1.0, "en": 1.0}  # from the markets
    assert (brief["topics"], brief["required_values"]) == (["travel"], ["fair_trade", "sustainability"])
    assert brief["platforms"] == ["tiktok"] and brief["limit"] == 20
    assert brief["budget_per_influencer"] == {"amount_minor": 1_800_000, "currency": "EUR"}
    coastal = (await api.get(url, params={"persona": "Coastal", "market": "us"})).json()
    assert coastal["persona"]["countries"] == {"US": 1.0} and coastal["persona"]["genders"] == {"female": 1.0}
    assert coastal["required_values"] == ["fair_trade"]
    for query, field in (({"market": "JP"}, "query.market"), ({"persona": "Rural"}, "query.persona"),
                         ({"market": "XX"}, "query.market"), ({"limit": 0}, "query.limit")):
        refused = await api.get(url, params=query)
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field
