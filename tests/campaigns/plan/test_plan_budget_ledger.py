"""The budget ledger the pipeline commits through, and the budget summary (S4: 10,000 USD)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from plan_helpers import campaigns_session, outbox

from services.campaigns.budget import ledger
from shared.money import Money
from shared.settings import BaseServiceSettings

AT = datetime(2026, 11, 2, 10, tzinfo=UTC)  # ECB rates of Friday 30 October 2026 apply
S4 = {"name": "Food delivery: Lisbon launch", "brand": "Rapido Eats",
      "markets": [{"country": "PT", "languages": ["pt"]}],
      "timeline": {"starts_at": "2026-11-01T00:00:00Z", "ends_at": "2026-12-01T00:00:00Z"},
      "budget": {"total_minor": 1_000_000, "currency": "USD", "contingency_percent": "10", "allocations": [
          {"dimension": "platform", "key": "instagram", "amount_minor": 600_000},
          {"dimension": "platform", "key": "tiktok", "amount_minor": 300_000},
          {"dimension": "tier", "key": "micro", "amount_minor": 900_000}]}}


@pytest.fixture
async def api(client_for: Callable[..., Any], token_for: Callable[..., str],
              workspace: uuid.UUID) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("campaigns", token_for(workspace)) as client:
        yield client


async def _campaign(api: httpx.AsyncClient, **changes: Any) -> str:
    created = await api.post("/v1/campaigns", json=S4 | changes)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _usd(amount: int) -> Money:
    return Money(amount_minor=amount, currency="USD")


async def test_s4_a_budget_exactly_filled_is_accepted_and_one_cent_more_refused(
    api: httpx.AsyncClient,
) -> None:
    full = {**S4["budget"],
            "allocations": [{"dimension": "platform", "key": "instagram", "amount_minor": 900_000}]}
    assert (await api.post("/v1/campaigns", json=S4 | {"budget": full})).status_code == 201
    over = {**full, "allocations": [{"dimension": "platform", "key": "instagram", "amount_minor": 900_001}]}
    refused = await api.post("/v1/campaigns", json=S4 | {"budget": over})
    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["field"] == "body.budget.allocations"
    assert error["message"] == ("the platform allocations (9,000.01 USD) and the contingency (1,000.00 USD) "
                                "exceed the total (10,000.00 USD)")
    no_contingency = {**over, "contingency_percent": "0"}
    assert (await api.post("/v1/campaigns", json=S4 | {"budget": no_contingency})).status_code == 201


async def test_commitments_are_idempotent_per_source_converted_on_their_date_and_summed_per_line(
    api: httpx.AsyncClient, make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
) -> None:
    campaign = uuid.UUID(await _campaign(api))
    contract, seeding = uuid.uuid4(), uuid.uuid4()
    async with campaigns_session(make_settings) as session:
        await ledger.commit(session, workspace, campaign, kind="contract", source_id=contract,
                            amount=_usd(150_000), at=AT, platform="instagram", tier="micro")
        await ledger.commit(session, workspace, campaign, kind="contract", source_id=contract,
                            amount=_usd(200_000), at=AT, platform="instagram", tier="micro")  # amended
        await ledger.commit(session, workspace, campaign, kind="seeding", source_id=seeding,
                            amount=Money(amount_minor=4_500, currency="EUR"), at=AT, platform="tiktok")
        await ledger.commit(session, workspace, campaign, kind="performance_fee", source_id=contract,
                            amount=_usd(10_000), at=AT)
        left = await ledger.remaining(session, workspace, campaign)
        assert left == _usd(1_000_000 - 200_000 - 5_027 - 10_000)
    summary = (await api.get(f"/v1/campaigns/{campaign}/budget")).json()
    assert summary["committed_by_kind"] == {"contract": 200_000, "seeding": 5_027, "performance_fee": 10_000}
    assert summary["rates_used"] == [{"from_currency": "EUR", "rate": "1.1172", "rate_date": "2026-10-30"}]
    platforms, tiers = summary["dimensions"]
    lines = [(line["key"], line["committed_minor"], line["remaining_minor"]) for line in platforms["lines"]]
    # The fee falls on its contract's lines.
    assert lines == [("instagram", 210_000, 390_000), ("tiktok", 5_027, 294_973)]
    assert tiers["lines"][0]["committed_minor"] == 210_000 and tiers["unallocated_committed_minor"] == 5_027
    commitments = (await api.get(f"/v1/campaigns/{campaign}/budget/commitments")).json()["items"]
    gift = next(c for c in commitments if c["kind"] == "seeding")
    assert (gift["amount_minor"], gift["currency"], gift["converted_minor"]) == (4_500, "EUR", 5_027)
    assert (gift["fx_rate"], gift["fx_rate_date"]) == ("1.1172", "2026-10-30")


async def test_budget_thresholds_are_announced_once_at_80_and_once_at_100_percent(
    api: httpx.AsyncClient, make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
    clean_db: str,
) -> None:
    campaign = uuid.UUID(await _campaign(api))
    sources = [uuid.uuid4() for _ in range(4)]
    async with campaigns_session(make_settings) as session:
        for source, amount in zip(sources, (500_000, 300_000, 100_000, 200_000), strict=True):
            await ledger.commit(session, workspace, campaign, kind="contract", source_id=source,
                                amount=_usd(amount), at=AT)
        await ledger.commit(session, workspace, campaign, kind="contract", source_id=sources[0],
                            amount=_usd(500_001), at=AT)
        assert await ledger.remaining(session, workspace, campaign) == _usd(0)
    alerts = [(data["threshold_percent"], data["committed_minor"], headers["ce_workspaceid"])
              for headers, data in await outbox(clean_db, "budget_threshold_reached")]
    assert alerts == [(80, 800_000, str(workspace)), (100, 1_100_000, str(workspace))]
    summary = (await api.get(f"/v1/campaigns/{campaign}/budget")).json()
    assert [t["percent"] for t in summary["thresholds_reached"]] == [80, 100]
    assert summary["remaining_minor"] == -100_001


async def test_a_raised_budget_rearms_its_alerts_and_a_new_currency_converts_everything_again(
    api: httpx.AsyncClient, make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
    clean_db: str,
) -> None:
    campaign = await _campaign(api)
    async with campaigns_session(make_settings) as session:
        await ledger.commit(session, workspace, uuid.UUID(campaign), kind="contract", source_id=uuid.uuid4(),
                            amount=_usd(850_000), at=AT)
    raised = {"budget": {"total_minor": 2_000_000, "currency": "EUR"}}
    patched = await api.patch(f"/v1/campaigns/{campaign}", json=raised, headers={"If-Match": '"1"'})
    assert patched.status_code == 200
    summary = (await api.get(f"/v1/campaigns/{campaign}/budget")).json()
    assert summary["currency"] == "EUR" and summary["committed_minor"] == 760_831  # 8,500 USD at 1.1172
    assert summary["thresholds_reached"] == []
    async with campaigns_session(make_settings) as session:
        await ledger.commit(session, workspace, uuid.UUID(campaign), kind="contract", source_id=uuid.uuid4(),
                            amount=Money(amount_minor=1_000_000, currency="EUR"), at=AT)
    alerts = [(d["threshold_percent"], d["currency"])
              for _, d in await outbox(clean_db, "budget_threshold_reached")]
    assert alerts == [(80, "USD"), (80, "EUR")]


async def test_payments_count_once_when_paid_and_fall_on_their_contracts_lines(
    api: httpx.AsyncClient, make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
) -> None:
    campaign = uuid.UUID(await _campaign(api))
    contract, payment = uuid.uuid4(), uuid.uuid4()
    async with campaigns_session(make_settings) as session:
        await ledger.commit(session, workspace, campaign, kind="contract", source_id=contract,
                            amount=_usd(300_000), at=AT, platform="tiktok")
        await ledger.record_payment(session, workspace, campaign, payment_id=payment, amount=_usd(100_000),
                                    status="scheduled", at=AT, source_id=contract)
    assert (await api.get(f"/v1/campaigns/{campaign}/budget")).json()["paid_minor"] == 0
    async with campaigns_session(make_settings) as session:
        for _ in range(2):
            await ledger.record_payment(session, workspace, campaign, payment_id=payment,
                                        amount=_usd(100_000), status="paid", at=AT, source_id=contract)
    summary = (await api.get(f"/v1/campaigns/{campaign}/budget")).json()
    assert summary["paid_minor"] == 100_000
    tiktok = next(line for line in summary["dimensions"][0]["lines"] if line["key"] == "tiktok")
    assert tiktok["paid_minor"] == 100_000
    (listed,) = (await api.get(f"/v1/campaigns/{campaign}/budget/payments")).json()["items"]
    assert listed["status"] == "paid"


async def test_without_a_budget_commitments_wait_unconverted_and_remaining_is_none(
    api: httpx.AsyncClient, make_settings: Callable[..., BaseServiceSettings], workspace: uuid.UUID,
) -> None:
    campaign = uuid.UUID(await _campaign(api, budget=None))
    async with campaigns_session(make_settings) as session:
        await ledger.commit(session, workspace, campaign, kind="seeding", source_id=uuid.uuid4(),
                            amount=Money(amount_minor=10_000, currency="GBP"), at=AT)
        assert await ledger.remaining(session, workspace, campaign) is None
    assert (await api.get(f"/v1/campaigns/{campaign}/budget")).status_code == 404
    (waiting,) = (await api.get(f"/v1/campaigns/{campaign}/budget/commitments")).json()["items"]
    assert waiting["converted_minor"] is None
    budget = {"budget": {"total_minor": 1_000_000, "currency": "USD"}}
    patched = await api.patch(f"/v1/campaigns/{campaign}", json=budget, headers={"If-Match": '"1"'})
    assert patched.status_code == 200
    (converted,) = (await api.get(f"/v1/campaigns/{campaign}/budget/commitments")).json()["items"]
    assert converted["converted_minor"] > 10_000 and converted["fx_rate_date"] == "2026-10-30"
    gone = await api.patch(f"/v1/campaigns/{campaign}", json={"budget": None}, headers={"If-Match": '"2"'})
    assert gone.status_code == 409


async def test_another_workspaces_campaign_is_not_found_by_the_ledger(
    api: httpx.AsyncClient, make_settings: Callable[..., BaseServiceSettings],
) -> None:
    campaign = uuid.UUID(await _campaign(api))
    async with campaigns_session(make_settings) as session:
        with pytest.raises(Exception, match="campaign was not found"):
            await ledger.commit(session, uuid.uuid4(), campaign, kind="contract", source_id=uuid.uuid4(),
                                amount=_usd(1), at=AT)
