"""The guide's launches planned end to end over HTTP and events, against the real database, broker
and discovery service: S1 (sustainable fashion: persona → match brief → ranked creators; the
"+20 % mentions in three months" goal followed from tracking's KPIs) and S4 (food delivery: 10,000
USD, one month, five local food bloggers; budget, contracts within it, launch)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx
from plan_helpers import campaigns_session, dsn, outbox, s1_plan

from services.campaigns.budget import ledger
from shared.events.catalog.tracking import CampaignKpisUpdated
from shared.events.envelope import wrap
from shared.money import Money
from shared.testing import eventually, publish, publish_envelopes

CSV_HEADER = ("platform,handle,followers,avg_likes,avg_comments,display_name,bio,topics,languages,country,"
              "values,audience_countries,audience_age,rate_card,rate_currency,observed_at\n")


def creator(handle: str, followers: int, topics: str, language: str, country: str, values: str,
            audience: str, rate_card: str = "", currency: str = "") -> str:
    return (f"instagram,{handle},{followers},{followers // 25},60,{handle.title()},,{topics},{language},"
            f"{country},{values},{audience},25-34:0.45|35-44:0.25,{rate_card},{currency},"
            "2026-11-20T00:00:00Z\n")


async def _import(discovery: httpx.AsyncClient, *rows: str) -> None:
    report = (await discovery.post("/v1/influencers:import", content=(CSV_HEADER + "".join(rows)).encode(),
                                   headers={"content-type": "text/csv"})).json()
    assert report["imported"] == len(rows), report


async def _matched(campaigns: httpx.AsyncClient, discovery: httpx.AsyncClient, campaign_id: str,
                   **query: str) -> list[dict[str, Any]]:
    """GET the campaign's brief, POST it to discovery as it is: two calls from plan to creators."""
    brief = await campaigns.get(f"/v1/campaigns/{campaign_id}/brief", params=query)
    assert brief.status_code == 200, brief.text
    matched = await discovery.post("/v1/match", json=brief.json())
    assert matched.status_code == 200, matched.text
    items: list[dict[str, Any]] = matched.json()["items"]
    return items


def _kpis(campaign_id: str, day: int, mentions_per_day: float, **fields: Any) -> CampaignKpisUpdated:
    start = date(2027, 3, 1)
    daily = [{"day": start + timedelta(days=i), "values": {"mentions": mentions_per_day * (i + 1)}}
             for i in range(day)]
    return CampaignKpisUpdated.model_validate({
        "campaign_id": campaign_id, "computed_at": datetime(2027, 3, 1, tzinfo=UTC) + timedelta(days=day),
        "values": {"mentions": mentions_per_day * day}, "daily": daily, **fields})


async def test_s1_sustainable_fashion_launch_is_planned_matched_and_its_goal_followed(
    client_for: Callable[..., Any], running_worker: Callable[..., Any], make_settings: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID, clean_db: str,
) -> None:
    token = token_for(workspace)
    async with contextlib.AsyncExitStack() as stack:
        campaigns = await stack.enter_async_context(client_for("campaigns", token))
        discovery = await stack.enter_async_context(client_for("discovery", token))
        worker = await stack.enter_async_context(running_worker("campaigns"))
        await _import(
            discovery,
            creator("vera.slowfashion", 45_000, "fashion|lifestyle", "de", "DE", "sustainability",
                    "DE:0.6|AT:0.2", "reel:300000", "EUR"),
            creator("june.ethical", 120_000, "fashion", "en", "US", "sustainability|fair_trade",
                    "US:0.7|CA:0.1"),
            creator("lea.upcycled", 30_000, "lifestyle|fashion", "fr", "FR", "sustainability", "FR:0.8"),
            creator("max.plays", 300_000, "gaming", "en", "US", "", "US:0.8"),
            creator("fast.fashion.haul", 80_000, "fashion", "en", "GB", "", "GB:0.7"),
        )
        created = await campaigns.post("/v1/campaigns", json=s1_plan())
        assert created.status_code == 201, created.text
        campaign = created.json()

        # Persona and markets become a brief; discovery ranks eco-minded fashion creators only.
        ranked = [item["handle"] for item in await _matched(campaigns, discovery, campaign["id"])]
        assert set(ranked) == {"vera.slowfashion", "june.ethical", "lea.upcycled"}
        assert [i["handle"] for i in await _matched(campaigns, discovery, campaign["id"], market="FR")] == [
            "lea.upcycled"]

        # Tracking's KPIs: slow at first (at risk), then strong (on track), then the target.
        slow, strong, done = (_kpis(campaign["id"], 20, 40), _kpis(campaign["id"], 45, 70),
                              _kpis(campaign["id"], 80, 80))
        stray = _kpis(str(uuid.uuid4()), 21, 10)  # a campaign this workspace does not have
        settings = make_settings("campaigns")
        first = wrap(slow, workspace)
        await publish_envelopes(settings, first, first)  # delivered twice
        await publish(settings, workspace, stray, strong)

        async def goal() -> dict[str, Any]:
            (item,) = (await campaigns.get(f"/v1/campaigns/{campaign['id']}/goals")).json()["items"]
            return item  # type: ignore[no-any-return]

        await eventually(lambda: _status_is(goal, "on_track"), timeout=40)
        progress = (await goal())["progress"]
        assert (progress["current_value"], progress["progress_percent"]) == (3150.0, 52.5)
        assert round(progress["projected_value"]) == 3150 + 70 * 47
        await publish(settings, workspace, slow, done)  # an older one again, then the newest
        await eventually(lambda: _status_is(goal, "achieved"), timeout=40)
        await eventually(worker.consumers[0].caught_up)
    alerts = [(h["ce_type"].split(".")[-2], d["current_value"]) for h, d in await outbox(clean_db)
              if h["ce_type"].split(".")[-2] in ("goal_at_risk", "goal_achieved")]
    assert alerts == [("goal_at_risk", 800.0), ("goal_achieved", 6400.0)]


async def _status_is(goal: Callable[[], Any], status: str) -> bool:
    return bool((await goal())["progress"]["status"] == status)


S4_PLAN = {
    "name": "Rapido Eats — Lisbon launch", "brand": "Rapido Eats",
    "brief": "Entregas em 20 minutos: mostrem o vosso restaurante favorito do bairro.",
    "objectives": ["launch", "conversions"],
    "markets": [{"country": "PT", "languages": ["pt"]}],
    "personas": [{"name": "Lisbon food lovers", "countries": ["PT"], "age": ["25-34", "35-44"],
                  "interests": ["food_drink"]}],
    "creators": {"count": 5, "topics": ["food_drink"], "platforms": ["instagram"],
                 "formats": ["post", "story"]},
    "timeline": {"starts_at": "2027-03-01T00:00:00Z", "ends_at": "2027-04-01T00:00:00Z",
                 "milestones": [{"name": "Posts live", "due_at": "2027-03-08T00:00:00Z"}]},
    "guidelines": {"required_hashtags": ["#RapidoLisboa"], "required_mentions": ["@rapidoeats"]},
    "budget": {"total_minor": 1_000_000, "currency": "USD", "contingency_percent": "10", "allocations": [
        {"dimension": "platform", "key": "instagram", "amount_minor": 900_000},
        {"dimension": "market", "key": "PT", "amount_minor": 900_000}]},
    "goals": [{"metric": "conversions", "target_value": 1500, "within": "P1M",
               "description": "1,500 first orders in Lisbon in the launch month"}],
}


async def test_s4_food_delivery_launch_is_budgeted_matched_contracted_within_budget_and_launched(
    client_for: Callable[..., Any], running_worker: Callable[..., Any], make_settings: Callable[..., Any],
    token_for: Callable[..., str], workspace: uuid.UUID, clean_db: str,
) -> None:
    token = token_for(workspace)
    async with contextlib.AsyncExitStack() as stack:
        campaigns = await stack.enter_async_context(client_for("campaigns", token))
        discovery = await stack.enter_async_context(client_for("discovery", token))
        worker = await stack.enter_async_context(running_worker("campaigns"))
        bloggers = [creator(f"{name}.come.lisboa", followers, "food_drink", "pt", "PT", "", "PT:0.8",
                            "post:90000|story:40000", "USD")
                    for name, followers in (("ana", 12_000), ("rui", 25_000), ("ines", 8_000),
                                            ("tiago", 40_000), ("marta", 18_000), ("joao", 15_000))]
        too_dear = creator("chef.estrela", 60_000, "food_drink", "pt", "PT", "", "PT:0.7", "post:900000",
                           "USD")
        elsewhere = creator("nyc.bites", 50_000, "food_drink", "en", "US", "", "US:0.9", "post:50000", "USD")
        await _import(discovery, *bloggers, too_dear, elsewhere)
        campaign = (await campaigns.post("/v1/campaigns", json=S4_PLAN)).json()
        brief = (await campaigns.get(f"/v1/campaigns/{campaign['id']}/brief")).json()
        assert brief["budget_per_influencer"] == {"amount_minor": 180_000, "currency": "USD"}  # 9,000 / 5
        assert brief["formats"] == ["post", "story"]
        matched = await _matched(campaigns, discovery, campaign["id"], limit="5")
        handles = [item["handle"] for item in matched]
        assert len(handles) == 5 and all(h.endswith(".come.lisboa") for h in handles)

        # Five collaborations contracted (the pipeline's signing commits each through the ledger):
        # four flat fees and a gifted meal valued in euros.
        collaborations = []
        for item in matched:
            added = await campaigns.post(f"/v1/campaigns/{campaign['id']}/collaborations", json={
                "influencer_id": item["influencer_id"], "display_name": item["display_name"],
                "platform": "instagram", "handle": item["handle"], "followers": item["followers"]})
            assert added.status_code == 201, added.text
            collaborations.append(added.json()["id"])
        launch = await campaigns.post(f"/v1/campaigns/{campaign['id']}/transitions", json={"to": "planned"})
        assert launch.status_code == 200
        refused = await campaigns.post(f"/v1/campaigns/{campaign['id']}/transitions", json={"to": "active"})
        assert refused.status_code == 409
        assert refused.json()["missing"] == ["one collaboration contracted or further along"]

        contracts = [uuid.uuid4() for _ in range(4)]
        at = datetime(2026, 11, 2, tzinfo=UTC)
        async with campaigns_session(make_settings) as session:
            for contract in contracts:
                remaining = await ledger.remaining(session, workspace, uuid.UUID(campaign["id"]))
                assert remaining is not None and remaining.amount_minor >= 180_000
                await ledger.commit(session, workspace, uuid.UUID(campaign["id"]), kind="contract",
                                    source_id=contract, amount=Money(amount_minor=180_000, currency="USD"),
                                    at=at, platform="instagram", market="PT", tier="micro")
            await ledger.commit(session, workspace, uuid.UUID(campaign["id"]), kind="seeding",
                                source_id=uuid.uuid4(), amount=Money(amount_minor=6_000, currency="EUR"),
                                at=at, platform="instagram", market="PT", tier="nano")
            left = await ledger.remaining(session, workspace, uuid.UUID(campaign["id"]))
        assert left == Money(amount_minor=1_000_000 - 720_000 - 6_703, currency="USD")  # 60 EUR at 1.1172
        # A sixth contract of 2,800 USD is beyond what is left: the pipeline refuses it (409).
        assert left.amount_minor < 280_000
        connection = await asyncpg.connect(dsn(clean_db))
        try:
            # Stands in for the pipeline's contract signing, which moves them to contracted.
            await connection.execute(
                "UPDATE campaigns.collaborations SET stage = 'contracted' WHERE id = ANY($1)",
                [uuid.UUID(c) for c in collaborations])
        finally:
            await connection.close()
        live = await campaigns.post(f"/v1/campaigns/{campaign['id']}/transitions", json={"to": "active"})
        assert live.status_code == 200 and live.json()["state"] == "active"

        # Tracking reports a CPA contract's accrued fees: committed on that contract's lines.
        await publish(make_settings("campaigns"), workspace, CampaignKpisUpdated.model_validate({
            "campaign_id": campaign["id"], "computed_at": "2027-03-10T00:00:00Z", "currency": "USD",
            "values": {"conversions": 420}, "accrued_fees": [
                {"contract_id": str(contracts[0]), "collaboration_id": collaborations[0],
                 "accrued_minor": 84_000}]}))

        async def fees() -> int:
            summary = (await campaigns.get(f"/v1/campaigns/{campaign['id']}/budget")).json()
            return int(summary["committed_by_kind"]["performance_fee"])

        await eventually(fees, timeout=40)
        await eventually(worker.consumers[0].caught_up)
        summary = (await campaigns.get(f"/v1/campaigns/{campaign['id']}/budget")).json()
    assert summary["committed_minor"] == 720_000 + 6_703 + 84_000
    market, = [d for d in summary["dimensions"] if d["dimension"] == "market"]
    assert market["lines"] == [{"key": "PT", "allocated_minor": 900_000, "committed_minor": 810_703,
                                "paid_minor": 0, "remaining_minor": 89_297}]
    alerts = [d["threshold_percent"] for _, d in await outbox(clean_db, "budget_threshold_reached")]
    assert alerts == [80]
    states = [(d["previous_state"], d["state"]) for _, d in await outbox(clean_db, "state_changed")]
    assert states == [(None, "draft"), ("draft", "planned"), ("planned", "active")]
