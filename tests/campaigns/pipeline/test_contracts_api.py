"""S4, the food-delivery launch: negotiation and contracts over HTTP against the real database —
offers and a counter-offer, five contracts of different models signed against the 10,000 USD
budget, an over-budget contract refused then signed with a reason, payments, seeded meals."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
from pipeline_helpers import REEL, AddCreator, Events, contract_for, flat, offer, sign

from services.tracking.contract import service as tracking_contracts
from services.tracking.events.handlers import HANDLERS
from shared.cli.registry import service
from shared.events.catalog.campaigns import ContractSigned
from shared.events.envelope import wrap
from shared.settings import BaseServiceSettings


async def test_s4_five_contracts_from_offers_one_countered_one_gifted_one_cpa(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator, outbox_events: Events,
) -> None:
    maya, leo, ana, sam, kim = [await blogger(n) for n in
                                ("Maya Chen", "Leo Park", "Ana Ruiz", "Sam Okafor", "Kim Lee")]
    first = await offer(api, maya, flat(120_000))
    assert first.status_code == 201, first.text
    assert first.json()["version"] == 1
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "negotiating"
    counter = await offer(api, maya, flat(150_000), made_by="creator")
    assert (counter.json()["version"], counter.json()["made_by"]) == (2, "creator")
    versions = (await api.get(f"/v1/collaborations/{maya['id']}/offers")).json()["items"]
    assert [(o["version"], o["status"], o["terms"]["fee_minor"]) for o in versions] == [
        (1, "superseded", 120_000), (2, "open", 150_000)]
    stale = await api.post(f"/v1/offers/{first.json()['id']}/accept")
    assert stale.status_code == 409
    assert stale.json()["type"].endswith("/offer-not-open")
    accepted = await api.post(f"/v1/offers/{counter.json()['id']}/accept")
    assert accepted.status_code == 201, accepted.text
    maya_contract = accepted.json()
    assert (maya_contract["status"], maya_contract["fixed_fee_minor"]) == ("draft", 150_000)

    contracts = [maya_contract,
                 await contract_for(api, leo, {"compensation_model": "gifting", "currency": "USD",
                                               "gifted_value_minor": 4_500, "deliverables": [
                                                   {"platform": "instagram", "format": "story"}]}),
                 await contract_for(api, ana, {
                     "compensation_model": "cpa", "currency": "USD",
                     "performance_rates": [{"basis": "conversions", "amount_minor": 800}],
                     "performance_cap_minor": 200_000,
                     "deliverables": [{"platform": "tiktok", "format": "video"}]}),
                 await contract_for(api, sam, {
                     "compensation_model": "per_deliverable", "currency": "USD",
                     "deliverables": [{"platform": "instagram", "format": "story", "count": 3,
                                       "fee_minor": 30_000, "due_dates": ["2027-05-03"]}]}),
                 await contract_for(api, kim, {
                     "compensation_model": "hybrid", "currency": "USD", "fee_minor": 200_000,
                     "performance_rates": [{"basis": "clicks", "amount_minor": 50}],
                     "performance_cap_minor": 100_000, "deliverables": [REEL],
                     "usage_rights": {"channels": ["paid_social"], "territories": ["US"],
                                      "duration_days": 90},
                     "exclusivity": {"category": "food delivery", "window_days": 60}})]
    signed = []
    for contract in contracts:
        response = await sign(api, contract)
        assert response.status_code == 200, response.text
        signed.append(response.json())
    assert [c["relationship"] for c in signed] == ["paid", "gifted", "affiliate", "paid", "paid"]
    assert [c["fixed_fee_minor"] for c in signed] == [150_000, 0, 0, 90_000, 200_000]
    assert len(signed[3]["deliverables"]) == 3
    assert [d["due_at"] for d in signed[3]["deliverables"]] == ["2027-05-03T23:59:59Z", None, None]
    for collaboration in (maya, leo, ana, sam, kim):
        now = (await api.get(f"/v1/collaborations/{collaboration['id']}")).json()
        assert now["stage"] == "contracted"
    assert (await api.get(f"/v1/collaborations/{leo['id']}")).json()["relationship"] == "gifted"

    budget = (await api.get(f"/v1/campaigns/{launch['id']}/budget")).json()
    assert budget["committed_minor"] == 150_000 + 4_500 + 90_000 + 200_000
    events = [e for _, e in await outbox_events("collaboration.contract_signed")]
    assert len(events) == 5
    by_model = {e["terms"]["compensation_model"]: e for e in events}
    assert by_model["gifting"]["relationship"] == "gifted"
    assert by_model["gifting"]["terms"]["gifted_value_minor"] == 4_500
    assert by_model["cpa"]["terms"]["performance_rates"] == [
        {"basis": "conversions", "amount_minor": 800, "percent": None}]
    assert by_model["cpa"]["terms"]["performance_cap_minor"] == 200_000
    assert by_model["hybrid"]["terms"]["fixed_fee_minor"] == 200_000
    per_piece = by_model["per_deliverable"]["terms"]["deliverables"]
    assert [(d["count"], d["fee_minor"]) for d in per_piece] == [(1, 30_000)] * 3
    assert {d["deliverable_id"] for d in per_piece} == {d["id"] for d in signed[3]["deliverables"]}
    assert by_model["flat_fee"]["influencer"] == {"platform": "instagram", "handle": "maya.chen",
                                                  "followers": 40_000}
    moves = [(e["collaboration_id"], e["stage"]) for _, e in
             await outbox_events("collaboration.stage_changed")]
    assert sum(stage == "contracted" for _, stage in moves) == 5


async def test_s4_over_budget_is_refused_then_signed_with_a_reason(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator, outbox_events: Events,
) -> None:
    big = await contract_for(api, await blogger("Maya Chen"), flat(900_000))
    assert (await sign(api, big)).status_code == 200
    late = await contract_for(api, await blogger("Leo Park"), flat(100_001))
    refused = await sign(api, late)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["type"].endswith("/over-budget")
    assert (problem["required_minor"], problem["remaining_minor"], problem["currency"]) == (
        100_001, 100_000, "USD")
    assert (await api.get(f"/v1/contracts/{late['id']}")).json()["status"] == "draft"
    assert len(await outbox_events("collaboration.contract_signed")) == 1

    reason = "CFO approved the launch-city overspend"
    signed = await sign(api, late, override_reason=reason)
    assert signed.status_code == 200, signed.text
    assert signed.json()["budget_override_reason"] == reason
    _, event = (await outbox_events("collaboration.contract_signed"))[-1]
    assert event["budget_override_reason"] == reason
    budget = (await api.get(f"/v1/campaigns/{launch['id']}/budget")).json()
    assert budget["remaining_minor"] == -1


async def test_a_counter_offer_on_a_signed_contract_is_refused(
    api: httpx.AsyncClient, blogger: AddCreator,
) -> None:
    maya = await blogger("Maya Chen")
    contract = await contract_for(api, maya, flat(120_000))
    assert (await sign(api, contract)).status_code == 200
    again = await sign(api, contract)
    assert again.status_code == 409
    assert again.json()["type"].endswith("/contract-not-draft")
    counter = await offer(api, maya, flat(180_000), made_by="creator")
    assert counter.status_code == 409
    assert counter.headers["content-type"] == "application/problem+json"
    assert counter.json()["type"].endswith("/contract-signed")
    assert counter.json()["contract_id"] == contract["id"]


async def test_a_newer_offer_supersedes_an_unsigned_draft(
    api: httpx.AsyncClient, blogger: AddCreator,
) -> None:
    maya = await blogger("Maya Chen")
    draft = await contract_for(api, maya, flat(120_000))
    newer = await contract_for(api, maya, flat(110_000))
    assert (await api.get(f"/v1/contracts/{draft['id']}")).json()["status"] == "superseded"
    assert (await sign(api, draft)).status_code == 409
    assert (await sign(api, newer)).status_code == 200
    listed = (await api.get(f"/v1/collaborations/{maya['id']}/contracts")).json()["items"]
    assert [(c["id"], c["status"]) for c in listed] == [(draft["id"], "superseded"),
                                                         (newer["id"], "signed")]


async def test_an_offer_left_open_is_not_accepted_once_the_collaboration_ended(
    api: httpx.AsyncClient, blogger: AddCreator,
) -> None:
    maya = await blogger("Maya Chen")
    made = await offer(api, maya, flat(120_000))
    await api.post(f"/v1/collaborations/{maya['id']}/transitions",
                   json={"to": "declined", "reason": "fully booked"})
    accepted = await api.post(f"/v1/offers/{made.json()['id']}/accept")
    assert accepted.status_code == 409
    assert accepted.json()["type"].endswith("/collaboration-ended")
    assert (await offer(api, maya, flat(130_000))).status_code == 409


async def test_payments_never_exceed_what_is_owed(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator, outbox_events: Events,
) -> None:
    contract = await contract_for(api, await blogger("Maya Chen"), flat(150_000))
    early = await api.post(f"/v1/contracts/{contract['id']}/payments",
                           json={"amount_minor": 75_000, "currency": "USD", "status": "paid"})
    assert early.status_code == 409
    assert early.json()["type"].endswith("/contract-not-signed")
    await sign(api, contract)
    url = f"/v1/contracts/{contract['id']}/payments"
    half = await api.post(url, json={"amount_minor": 75_000, "currency": "USD", "status": "paid",
                                     "method": "bank_transfer"})
    assert half.status_code == 201, half.text
    rest = await api.post(url, json={"amount_minor": 75_000, "currency": "USD",
                                     "status": "scheduled", "due_on": "2027-05-25"})
    assert rest.status_code == 201
    above = await api.post(url, json={"amount_minor": 1, "currency": "USD", "status": "pending"})
    assert above.status_code == 409
    assert above.json()["type"].endswith("/payment-exceeds-owed")
    assert (above.json()["owed_minor"], above.json()["recorded_minor"]) == (150_000, 150_000)
    wrong = await api.post(url, json={"amount_minor": 1, "currency": "EUR", "status": "pending"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "body.currency"

    paid = await api.patch(f"/v1/payments/{rest.json()['id']}", json={"status": "paid"})
    assert paid.status_code == 200
    assert paid.json()["paid_at"] is not None
    back = await api.patch(f"/v1/payments/{rest.json()['id']}", json={"status": "pending"})
    assert back.status_code == 409
    assert back.json()["allowed"] == []
    recorded = [e for _, e in await outbox_events("collaboration.payment_recorded")]
    assert [(e["amount_minor"], e["status"]) for e in recorded] == [
        (75_000, "paid"), (75_000, "scheduled"), (75_000, "paid")]
    budget = (await api.get(f"/v1/campaigns/{launch['id']}/budget")).json()
    assert budget["paid_minor"] == 150_000
    pieces = (await api.get(f"/v1/contracts/{contract['id']}")).json()["deliverables"]
    assert all(p["paid_at"] for p in pieces)


async def test_nothing_is_owed_under_gifting_and_seeded_meals_replace_its_gifted_value(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator, outbox_events: Events,
) -> None:
    leo = await blogger("Leo Park")
    contract = await contract_for(api, leo, {"compensation_model": "gifting", "currency": "USD",
                                             "gifted_value_minor": 4_500})
    await sign(api, contract)
    paying = await api.post(f"/v1/contracts/{contract['id']}/payments",
                            json={"amount_minor": 100, "currency": "USD", "status": "paid"})
    assert paying.status_code == 409
    meal = await api.post(f"/v1/collaborations/{leo['id']}/seedings", json={
        "item": "Chef's tasting box for two", "value_minor": 5_200, "currency": "USD",
        "status": "shipped", "carrier": "UPS", "tracking_number": "1Z999AA10123456784"})
    assert meal.status_code == 201, meal.text
    budget = (await api.get(f"/v1/campaigns/{launch['id']}/budget")).json()
    assert budget["committed_minor"] == 5_200
    assert budget["committed_by_kind"]["seeding"] == 5_200
    returned = await api.patch(f"/v1/seedings/{meal.json()['id']}", json={"status": "returned"})
    assert returned.json()["status"] == "returned"
    budget = (await api.get(f"/v1/campaigns/{launch['id']}/budget")).json()
    assert budget["committed_minor"] == 4_500  # the contract's promised value stands in again
    seeded = [e for _, e in await outbox_events("collaboration.product_seeded")]
    assert [(e["status"], e["value_minor"], e["carrier"]) for e in seeded] == [
        ("shipped", 5_200, "UPS"), ("returned", 5_200, "UPS")]
    assert seeded[0]["influencer_id"] == leo["influencer_id"]


async def test_terms_that_do_not_fit_their_model_and_unknown_ids_are_problems(
    api: httpx.AsyncClient, blogger: AddCreator,
) -> None:
    maya = await blogger("Maya Chen")
    no_fee = await offer(api, maya, {"compensation_model": "flat_fee", "currency": "USD"})
    assert no_fee.status_code == 422
    assert "fee_minor" in no_fee.text
    cpa_without_rate = await offer(api, maya, {"compensation_model": "cpa", "currency": "USD",
                                               "fee_minor": 100})
    assert cpa_without_rate.status_code == 422
    assert (await api.get(f"/v1/collaborations/{maya['id']}")).json()["stage"] == "shortlisted"
    missing = str(uuid.uuid4())
    for response in (
        await api.post(f"/v1/collaborations/{missing}/offers",
                       json={"made_by": "brand", "terms": flat(100)}),
        await api.post(f"/v1/offers/{missing}/accept"),
        await api.post(f"/v1/contracts/{missing}/sign", json={}),
        await api.get(f"/v1/contracts/{missing}"),
        await api.post(f"/v1/contracts/{missing}/payments",
                       json={"amount_minor": 1, "currency": "USD", "status": "paid"}),
        await api.patch(f"/v1/payments/{missing}", json={"status": "paid"}),
        await api.post(f"/v1/collaborations/{missing}/seedings",
                       json={"item": "box", "value_minor": 1, "currency": "USD"}),
        await api.patch(f"/v1/seedings/{missing}", json={"status": "lost"}),
    ):
        assert response.status_code == 404, response.text
        assert response.headers["content-type"] == "application/problem+json"


async def test_a_retried_offer_with_its_idempotency_key_is_made_once(
    api: httpx.AsyncClient, blogger: AddCreator,
) -> None:
    maya = await blogger("Maya Chen")
    first = await offer(api, maya, flat(120_000), **{"Idempotency-Key": "offer-maya-1"})
    again = await offer(api, maya, flat(120_000), **{"Idempotency-Key": "offer-maya-1"})
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert len((await api.get(f"/v1/collaborations/{maya['id']}/offers")).json()["items"]) == 1


async def test_tracking_keeps_the_signed_contract_as_its_cost_terms(
    api: httpx.AsyncClient, blogger: AddCreator, outbox_events: Events, workspace: uuid.UUID,
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    ana = await blogger("Ana Ruiz")
    contract = await contract_for(api, ana, {
        "compensation_model": "cpa", "currency": "USD",
        "performance_rates": [{"basis": "conversions", "amount_minor": 800}],
        "performance_cap_minor": 200_000, "deliverables": [REEL]})
    await sign(api, contract)
    (_, data), = await outbox_events("collaboration.contract_signed")
    event = ContractSigned.model_validate(data)
    runtime = service("tracking").runtime(make_settings("tracking"))
    try:
        async with runtime.sessions() as session, session.begin():
            await HANDLERS[ContractSigned](session, wrap(event, workspace))
        async with runtime.sessions() as session:
            kept = await tracking_contracts.in_force(session, workspace, uuid.UUID(ana["id"]))
    finally:
        await runtime.close()
    assert kept is not None
    assert (kept.id, kept.relationship, kept.compensation_model) == (
        uuid.UUID(contract["id"]), "affiliate", "cpa")
    assert kept.terms["performance_cap_minor"] == 200_000
    assert kept.followers == 40_000


async def test_a_contract_in_another_currency_is_weighed_in_the_budget_currency(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator,
) -> None:
    """9,900 EUR is more than the 10,000 USD budget at any euro rate above 1.0102 (every ECB
    rate of the years the package ships)."""
    euros = await contract_for(api, await blogger("Maya Chen"), flat(990_000) | {"currency": "EUR"})
    refused = await sign(api, euros)
    assert refused.status_code == 409
    assert refused.json()["currency"] == "USD"
    assert refused.json()["required_minor"] > 1_000_000
    dollars = await contract_for(api, await blogger("Leo Park"), flat(990_000))
    assert (await sign(api, dollars)).status_code == 200


async def test_a_retried_signing_with_its_idempotency_key_signs_once(
    api: httpx.AsyncClient, blogger: AddCreator, outbox_events: Events,
) -> None:
    contract = await contract_for(api, await blogger("Maya Chen"), flat(120_000))
    url = f"/v1/contracts/{contract['id']}/sign"
    first = await api.post(url, json={}, headers={"Idempotency-Key": "sign-maya"})
    again = await api.post(url, json={}, headers={"Idempotency-Key": "sign-maya"})
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["signed_at"] == first.json()["signed_at"]
    assert len(await outbox_events("collaboration.contract_signed")) == 1


async def test_the_payment_schedule_is_booked_at_signing_and_paid_installment_by_installment(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator, outbox_events: Events,
) -> None:
    schedule = [{"trigger": "on_signing", "percent": "50"}, {"trigger": "on_publish", "percent": "50"}]
    contract = await contract_for(api, await blogger("Maya Chen"),
                                  flat(150_001, payment_schedule=schedule))
    signed = (await sign(api, contract)).json()
    url = f"/v1/contracts/{contract['id']}/payments"
    booked = (await api.get(url)).json()["items"]
    assert [(p["amount_minor"], p["status"], p["due_on"]) for p in booked] == [
        (75_000, "scheduled", signed["signed_at"][:10]), (75_001, "scheduled", None)]
    extra = await api.post(url, json={"amount_minor": 1, "currency": "USD", "status": "paid"})
    assert extra.status_code == 409
    paid = await api.patch(f"/v1/payments/{booked[0]['id']}",
                           json={"status": "paid", "method": "bank_transfer"})
    assert paid.status_code == 200
    events = [e for _, e in await outbox_events("collaboration.payment_recorded")]
    assert [(e["amount_minor"], e["status"]) for e in events] == [
        (75_000, "scheduled"), (75_001, "scheduled"), (75_000, "paid")]
    assert (await api.get(f"/v1/campaigns/{launch['id']}/budget")).json()["paid_minor"] == 75_000


async def test_an_installment_is_rescheduled_until_it_is_paid(
    api: httpx.AsyncClient, launch: dict[str, Any], blogger: AddCreator, outbox_events: Events,
) -> None:
    """The creator agrees to be paid the second half on a date, not with the post."""
    schedule = [{"trigger": "on_signing", "percent": "50"}, {"trigger": "on_publish", "percent": "50"}]
    contract = await contract_for(api, await blogger("Maya Chen"),
                                  flat(150_000, payment_schedule=schedule))
    await sign(api, contract)
    first, second = (await api.get(f"/v1/contracts/{contract['id']}/payments")).json()["items"]

    moved = await api.patch(f"/v1/payments/{second['id']}",
                            json={"status": "scheduled", "due_on": "2027-06-15"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["due_on"], moved.json()["status"]) == ("2027-06-15", "scheduled")
    budget = (await api.get(f"/v1/campaigns/{launch['id']}/budget/payments")).json()["items"]
    assert {p["payment_id"]: p["due_on"] for p in budget}[second["id"]] == "2027-06-15"
    events = [e for _, e in await outbox_events("collaboration.payment_recorded")]
    assert (events[-1]["payment_id"], events[-1]["due_on"]) == (second["id"], "2027-06-15")

    paid = await api.patch(f"/v1/payments/{first['id']}", json={"status": "paid"})
    assert paid.status_code == 200, paid.text
    settled = await api.patch(f"/v1/payments/{first['id']}", json={"status": "paid", "due_on": "2027-07-01"})
    assert (settled.status_code, settled.json()["type"].rsplit("/", 1)[1]) == (409, "payment-settled")
    kept = (await api.get(f"/v1/contracts/{contract['id']}/payments")).json()["items"][0]
    assert kept["due_on"] == first["due_on"]
