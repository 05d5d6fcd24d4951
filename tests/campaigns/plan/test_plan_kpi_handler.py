"""CampaignKpisUpdated applied by its handler (called directly): newest wins, unknown campaigns are
skipped, and a goal changed later is judged again on the KPIs already applied."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
from plan_helpers import campaigns_session, dsn, outbox, s1_plan

from services.campaigns.events.handlers import on_campaign_kpis_updated, preload
from shared.events.catalog.tracking import CampaignKpisUpdated
from shared.events.envelope import wrap


def _kpis(campaign_id: str, day: int, per_day: float) -> CampaignKpisUpdated:
    daily = [{"day": date(2027, 3, 1) + timedelta(days=i), "values": {"mentions": per_day * (i + 1)}}
             for i in range(day)]
    return CampaignKpisUpdated.model_validate({
        "campaign_id": campaign_id, "computed_at": datetime(2027, 3, 1, tzinfo=UTC) + timedelta(days=day),
        "values": {"mentions": per_day * day}, "daily": daily})


async def test_the_newest_kpis_win_and_a_changed_goal_is_judged_again_on_them(
    client_for: Callable[..., Any], make_settings: Callable[..., Any], token_for: Callable[..., str],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as api:
        campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
        async with campaigns_session(make_settings) as session:
            for event, tenant in ((_kpis(campaign["id"], 45, 70), workspace),
                                  (_kpis(campaign["id"], 30, 10), workspace),  # older: skipped
                                  (_kpis(campaign["id"], 60, 1), uuid.uuid4()),  # another tenant's
                                  (_kpis(str(uuid.uuid4()), 60, 1), workspace)):  # unknown campaign
                await on_campaign_kpis_updated(session, wrap(event, tenant))
        (goal,) = (await api.get(f"/v1/campaigns/{campaign['id']}/goals")).json()["items"]
        assert goal["progress"]["current_value"] == 3150 and goal["progress"]["status"] == "on_track"
        assert goal["progress"]["as_of"] == "2027-04-15T00:00:00Z"
        assert await outbox(clean_db, "goal_at_risk") == []

        harder = [{**s1_plan()["goals"][0], "id": goal["id"], "target_change_percent": 50}]
        patched = await api.patch(f"/v1/campaigns/{campaign['id']}", json={"goals": harder},
                                  headers={"If-Match": '"1"'})
        assert patched.status_code == 200, patched.text
        (goal,) = (await api.get(f"/v1/campaigns/{campaign['id']}/goals")).json()["items"]
    assert (goal["target_value"], goal["progress"]["status"]) == (7500.0, "at_risk")
    ((_, alert),) = await outbox(clean_db, "goal_at_risk")
    assert (alert["goal_id"], alert["target_value"], alert["current_value"]) == (goal["id"], 7500.0, 3150.0)
    assert round(alert["projected_value"]) == 3150 + 70 * 47


async def test_a_batch_stores_only_the_newest_kpis_yet_announces_each_change_of_status(
    client_for: Callable[..., Any], make_settings: Callable[..., Any], token_for: Callable[..., str],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as api:
        campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
        # Day 10's few mentions put the goal at risk, day 45's back on track, day 30's come late.
        batch = [wrap(_kpis(campaign["id"], day, per_day), workspace)
                 for day, per_day in ((10, 1), (45, 70), (30, 10))]
        async with campaigns_session(make_settings) as session:
            await preload(session, batch)
            for envelope in batch:
                await on_campaign_kpis_updated(session, envelope)
        (goal,) = (await api.get(f"/v1/campaigns/{campaign['id']}/goals")).json()["items"]
    assert (goal["progress"]["current_value"], goal["progress"]["status"]) == (3150, "on_track")
    assert goal["progress"]["as_of"] == "2027-04-15T00:00:00Z"
    ((_, alert),) = await outbox(clean_db, "goal_at_risk")
    assert alert["current_value"] == 10
    connection = await asyncpg.connect(dsn(clean_db))
    try:
        stored = await connection.fetchval("SELECT kpis->>'computed_at' FROM campaigns.campaign_kpis")
    finally:
        await connection.close()
    assert stored.startswith("2027-04-15")


async def test_a_batch_commits_a_performance_fee_only_when_its_amount_changed(
    client_for: Callable[..., Any], make_settings: Callable[..., Any], token_for: Callable[..., str],
    workspace: uuid.UUID, clean_db: str,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as api:
        campaign = (await api.post("/v1/campaigns", json=s1_plan())).json()
    contract = uuid.uuid4()

    def with_fee(day: int, accrued_minor: int) -> CampaignKpisUpdated:
        return CampaignKpisUpdated.model_validate(_kpis(campaign["id"], day, 10).model_dump() | {
            "currency": "EUR", "accrued_fees": [{"contract_id": contract, "collaboration_id": uuid.uuid4(),
                                                 "accrued_minor": accrued_minor}]})

    # Only a batch's newest KPIs commit their fees; a later batch carrying the amount already
    # committed changes nothing (its commitment keeps the day it was committed).
    for days in (((10, 1_000), (20, 3_000)), ((30, 3_000), (25, 3_000))):
        batch = [wrap(with_fee(day, fee), workspace) for day, fee in days]
        async with campaigns_session(make_settings) as session:
            await preload(session, batch)
            for envelope in batch:
                await on_campaign_kpis_updated(session, envelope)
    connection = await asyncpg.connect(dsn(clean_db))
    try:
        fees = await connection.fetch("SELECT amount_minor, at FROM campaigns.budget_commitments "
                                      "WHERE kind = 'performance_fee'")
    finally:
        await connection.close()
    assert [(f["amount_minor"], f["at"]) for f in fees] == [(3_000, datetime(2027, 3, 21, tzinfo=UTC))]
