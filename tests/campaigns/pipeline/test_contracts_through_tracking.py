"""S4 through the real broker with both services' workers: the food-delivery launch's five
contracts, a seeded meal and a payment, recorded in campaigns, arrive in tracking as the cost of
the campaign (issue 14 'Done when': contracts; tracking's cost terms)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from pipeline_helpers import REEL, AddCreator, contract_for, flat, offer, sign

from shared.testing import eventually


async def test_s4_contracts_seeding_and_payments_become_tracking_costs(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator,
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
    running_worker: Callable[..., Any],
) -> None:
    maya, leo, ana, sam, kim = [await blogger(n) for n in
                                ("Maya Chen", "Leo Park", "Ana Ruiz", "Sam Okafor", "Kim Lee")]
    await offer(api, maya, flat(120_000))
    countered = await contract_for(api, maya, flat(150_000))  # the creator's counter, accepted
    contracts = [countered,
                 await contract_for(api, leo, {"compensation_model": "gifting", "currency": "USD",
                                               "gifted_value_minor": 4_500}),
                 await contract_for(api, ana, {
                     "compensation_model": "cpa", "currency": "USD",
                     "performance_rates": [{"basis": "conversions", "amount_minor": 800}],
                     "deliverables": [REEL]}),
                 await contract_for(api, sam, {
                     "compensation_model": "per_deliverable", "currency": "USD",
                     "deliverables": [{"platform": "instagram", "format": "story", "count": 3,
                                       "fee_minor": 30_000}]}),
                 await contract_for(api, kim, {
                     "compensation_model": "hybrid", "currency": "USD", "fee_minor": 200_000,
                     "performance_rates": [{"basis": "clicks", "amount_minor": 50}],
                     "performance_cap_minor": 100_000, "deliverables": [REEL]})]
    for contract in contracts:
        assert (await sign(api, contract)).status_code == 200
    meal = await api.post(f"/v1/collaborations/{leo['id']}/seedings", json={
        "item": "Chef's tasting box for two", "value_minor": 5_200, "currency": "USD",
        "status": "delivered"})
    assert meal.status_code == 201
    paid = await api.post(f"/v1/contracts/{countered['id']}/payments", json={
        "amount_minor": 75_000, "currency": "USD", "status": "paid", "method": "bank_transfer"})
    assert paid.status_code == 201

    async with contextlib.AsyncExitStack() as stack:
        tracking = await stack.enter_async_context(client_for("tracking", token_for(workspace)))
        await stack.enter_async_context(running_worker("campaigns"))
        await stack.enter_async_context(running_worker("tracking"))

        async def costs() -> dict[str, Any] | None:
            report = await tracking.get(f"/v1/campaigns/{launch['id']}/kpis")
            if report.status_code != 200:
                return None
            cost: dict[str, Any] = report.json()["cost"]
            return cost if cost["paid_minor"] and len(cost["lines"]) == 4 else None

        cost = await eventually(costs, timeout=90, every=0.5)
    assert cost["currency"] == "USD"
    # the seeded meal stands in for the gifted value promised; the CPA has accrued nothing yet
    assert cost["total_minor"] == 150_000 + 5_200 + 90_000 + 200_000
    assert sorted((line["kind"], line["amount_minor"]) for line in cost["lines"]) == [
        ("fixed_fee", 90_000), ("fixed_fee", 150_000), ("fixed_fee", 200_000), ("gifted", 5_200)]
    performance = {(fee["contract_id"], fee["accrued_minor"]) for fee in cost["accrued_fees"]}
    assert performance == {(contracts[2]["id"], 0), (contracts[4]["id"], 0)}
    assert cost["paid_minor"] == 75_000
