"""Orders through the API and the signed webhooks (generic and Shopify): a bad signature stores
nothing, bad input is a clear problem, a replay changes nothing, the campaign's rule decides
between a link and a code, refunds reverse (S7)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
from conftest import Apply
from skincare_scenario import Skincare, skincare, stored

from services.tracking.domain.signatures import (
    SHOPIFY_HMAC_HEADER,
    SIGNATURE_HEADER,
    shopify_signature,
    signature_header,
)
from shared.events.catalog.tracking import LinkClicked


async def _click(s: Skincare, apply: Apply, days_ago: float = 1, is_bot: bool = False) -> str:
    click_id = str(uuid.uuid4())
    await apply(LinkClicked(click_id=click_id, link_id=uuid.UUID(s.link["id"]),
                            collaboration_id=s.collaboration_id, campaign_id=s.campaign_id,
                            clicked_at=datetime.now(UTC) - timedelta(days=days_ago),
                            user_agent_class="bot" if is_bot else "browser", is_bot=is_bot,
                            visitor_hash="0" * 64))
    return click_id


async def _conversions(database_url: str) -> int:
    return int((await stored(database_url, "SELECT count(*) AS n FROM tracking.conversions"))[0]["n"])


async def test_a_bad_or_stale_signature_is_a_401_and_stores_nothing(
    api: httpx.AsyncClient, apply: Apply, clean_db: str,
) -> None:
    s = await skincare(api, apply)
    order = {"order_id": "GS-1", "amount_minor": 100, "currency": "USD", "promo_code": "ANA15",
             "ordered_at": datetime.now(UTC).isoformat()}
    forged = await s.send("order.created", order, secret="not-the-endpoints-secret")
    stale = await s.send("order.created", order, at=time.time() - 301)
    # The body is read before the signature is checked (for the order's codes): still a 401.
    forged_garbage = await s.send("order.created", order, body=b"{not json", secret="not-the-secret")
    raw = orjson.dumps({"type": "order.created", "data": order})
    unsigned = await api.post(s.webhook_path, content=raw)
    tampered = await api.post(s.webhook_path, content=raw.replace(b"100", b"999"), headers={
        SIGNATURE_HEADER: (await _header(s, raw))})
    for response in (forged, stale, unsigned, tampered, forged_garbage):
        assert response.status_code == 401, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert "away from now" in stale.json()["detail"]
    assert await _conversions(clean_db) == 0
    assert (await s.send("order.created", order)).json()["result"] == "attributed"


async def _header(s: Skincare, raw: bytes) -> str:
    return signature_header(s.webhook_secret, int(time.time()), raw)


async def test_bad_orders_are_clear_problems_and_store_nothing(
    api: httpx.AsyncClient, apply: Apply, clean_db: str,
) -> None:
    s = await skincare(api, apply)
    now = datetime.now(UTC).isoformat()
    good: dict[str, Any] = {"order_id": "GS-2", "amount_minor": 100, "currency": "USD", "ordered_at": now,
                            "promo_code": "ANA15"}
    cases = {
        "body.data.currency": {**good, "currency": "XYZ"},
        "body.data.amount_minor": {**good, "amount_minor": -100},
        "body.data.ordered_at": {**good, "ordered_at": "yesterday"},
        "body.data.order_id": {k: v for k, v in good.items() if k != "order_id"},
    }
    for field, order in cases.items():
        response = await s.send("order.created", order)
        assert response.status_code == 422, (field, response.text)
        assert field in [e["field"] for e in response.json()["errors"]], response.text
    not_json = await s.send("order.created", {}, body=b"{not json")
    assert not_json.status_code == 422 and not_json.json()["type"].endswith("/malformed-order")
    unknown = await s.send("order.created", {**good, "promo_code": "NOBODY20"})
    assert unknown.status_code == 422 and unknown.json()["type"].endswith("/unknown-promo-code")
    assert "NOBODY20" in unknown.json()["detail"]
    bare = await api.post("/v1/conversions", json={k: v for k, v in good.items() if k != "promo_code"})
    assert bare.status_code == 422 and bare.json()["type"].endswith("/not-attributed")
    assert await _conversions(clean_db) == 0


async def test_the_api_records_an_order_once_and_the_campaigns_rule_decides(
    api: httpx.AsyncClient, apply: Apply, clean_db: str,
) -> None:
    s = await skincare(api, apply)
    now = datetime.now(UTC).isoformat()
    fresh, old = await _click(s, apply), await _click(s, apply, days_ago=31)
    bot = await _click(s, apply, is_bot=True)

    async def order(order_id: str, **fields: Any) -> httpx.Response:
        return await api.post("/v1/conversions", json={
            "order_id": order_id, "amount_minor": 5000, "currency": "USD", "ordered_at": now, **fields})

    first = await order("A-1", click_id=fresh, promo_code="ana15")
    again = await order("A-1", click_id=fresh)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json() and first.json()["attributed_by"] == "promo_code"
    too_old, by_bot = await order("A-2", click_id=old), await order("A-3", click_id=bot)
    assert too_old.status_code == 422 and "30 days" in too_old.json()["detail"]
    assert by_bot.status_code == 422 and "bot" in by_bot.json()["detail"]
    rule = await api.put(f"/v1/campaigns/{s.campaign_id}/attribution-rule",
                         json={"window_days": 45, "precedence": "click"})
    assert rule.status_code == 200 and rule.json()["default"] is False
    for order_id, click_id in (("A-4", old), ("A-5", fresh)):
        response = await order(order_id, click_id=click_id, promo_code="ANA15")
        assert response.status_code == 201 and response.json()["attributed_by"] == "click", response.text
    assert await _conversions(clean_db) == 3


async def test_a_promo_code_at_its_cap_attributes_no_more_orders(
    api: httpx.AsyncClient, apply: Apply,
) -> None:
    s = await skincare(api, apply)
    capped = await api.post("/v1/promo-codes", json={
        "campaign_id": str(s.campaign_id), "collaboration_id": str(s.collaboration_id), "code": "FIRST1",
        "max_uses": 1})
    orders = [await s.order(f"C-{i}", 1000, "USD", promo_code="first1") for i in range(2)]
    assert [o.status_code for o in orders] == [200, 422]
    assert "usage cap" in orders[1].json()["detail"]
    assert (await api.get(f"/v1/promo-codes/{capped.json()['id']}")).json()["status"] == "exhausted"


async def test_partial_refunds_then_a_cancellation_reverse_the_order_once_each(
    api: httpx.AsyncClient, apply: Apply,
) -> None:
    s = await skincare(api, apply)
    order = (await s.order("R-1", 4990, "EUR", promo_code="ANA15")).json()["conversion"]
    at = datetime.now(UTC).isoformat()
    part = {"order_id": "R-1", "refund_id": "rf-1", "amount_minor": 1000, "currency": "EUR",
            "refunded_at": at}
    results = [await s.send("order.refunded", part), await s.send("order.refunded", part),
               await s.send("order.refunded", {**part, "currency": "USD", "refund_id": "rf-2"}),
               await s.send("order.cancelled", {"order_id": "R-1", "cancelled_at": at}),
               await s.send("order.cancelled", {"order_id": "R-1", "cancelled_at": at}),
               await s.send("order.refunded", {**part, "order_id": "never-attributed"})]
    assert [r.status_code for r in results] == [200, 200, 422, 200, 200, 200]
    assert [r.json().get("result") for r in results] == [
        "reversed", "already_reversed", None, "reversed", "already_reversed", "nothing_to_reverse"]
    assert results[2].json()["type"].endswith("/currency-mismatch")
    final = (await api.get(f"/v1/conversions/{order['id']}")).json()
    assert (final["status"], final["reversed_minor"]) == ("reversed", 4990)
    kpis = await s.kpis()
    assert (kpis["campaign"]["counts"]["conversions"], kpis["campaign"]["counts"]["revenue_minor"]) == (0, 0)


async def test_shopify_orders_and_refunds_are_verified_as_shopify_signs_them(
    api: httpx.AsyncClient, apply: Apply, clean_db: str,
) -> None:
    s = await skincare(api, apply)
    shop_secret = "shpss_" + uuid.uuid4().hex
    endpoint = (await api.post("/v1/webhook-endpoints", json={
        "kind": "shopify", "name": "glowskin.myshopify.com", "secret": shop_secret})).json()
    assert endpoint["secret"] is None  # the brand's own secret is never echoed

    async def deliver(topic: str, payload: dict[str, Any], secret: str = shop_secret) -> httpx.Response:
        raw = orjson.dumps(payload)
        return await api.post(endpoint["path"], content=raw, headers={
            SHOPIFY_HMAC_HEADER: shopify_signature(secret, raw), "X-Shopify-Topic": topic,
            "Content-Type": "application/json"})

    click_id = await _click(s, apply)
    order = {"id": 450789469, "currency": "EUR", "subtotal_price": "59.80", "total_price": "71.16",
             "created_at": datetime.now(UTC).isoformat(), "landing_site": f"/serum?icp_click_id={click_id}",
             "discount_codes": [{"code": "SUMMER", "amount": "5.00"}, {"code": "ana15", "amount": "9.00"}]}
    forged = await deliver("orders/create", order, secret="shpss_someone-else")
    assert forged.status_code == 401 and await _conversions(clean_db) == 0
    created, replayed = await deliver("orders/create", order), await deliver("orders/create", order)
    assert [created.json()["result"], replayed.json()["result"]] == ["attributed", "already_attributed"]
    conversion = created.json()["conversion"]
    assert (conversion["order_id"], conversion["amount_minor"], conversion["promo_code"]) == (
        "450789469", 5980, "ANA15")
    other = await deliver("orders/create", {**order, "id": 1, "discount_codes": [], "landing_site": "/"})
    assert other.status_code == 200 and other.json()["result"] == "not_attributed"
    refund = {"id": 509562969, "order_id": 450789469, "created_at": datetime.now(UTC).isoformat(),
              "refund_line_items": [{"subtotal": "29.90"}]}
    assert (await deliver("refunds/create", refund)).json()["result"] == "reversed"
    assert (await deliver("refunds/create", refund)).json()["result"] == "already_reversed"
    bad = await deliver("orders/create", {**order, "id": 2, "subtotal_price": "-1.00"})
    assert bad.status_code == 422 and bad.json()["type"].endswith("/negative-amount")
    stored_one = (await api.get(f"/v1/conversions/{conversion['id']}")).json()
    assert (stored_one["status"], stored_one["reversed_minor"]) == ("partially_reversed", 2990)
    assert await _conversions(clean_db) == 1


async def test_webhook_endpoints_belong_to_their_workspace_and_can_be_rotated_or_stopped(
    api: httpx.AsyncClient, apply: Apply, client_for: Any, token_for: Any,
) -> None:
    s = await skincare(api, apply)
    (endpoint,) = [e for e in (await api.get("/v1/webhook-endpoints")).json()["items"]]
    assert "secret" not in endpoint
    rotated = await api.post(f"/v1/webhook-endpoints/{endpoint['id']}/rotate", json={})
    assert rotated.json()["secret"] != s.webhook_secret
    order = {"order_id": "W-1", "amount_minor": 100, "currency": "USD", "promo_code": "ANA15",
             "ordered_at": datetime.now(UTC).isoformat()}
    assert (await s.send("order.created", order)).status_code == 401  # the old secret
    assert (await s.send("order.created", order, secret=rotated.json()["secret"])).status_code == 200
    async with client_for("tracking", token_for(uuid.uuid4())) as other:
        assert (await other.get(f"/v1/webhook-endpoints/{endpoint['id']}")).status_code == 404
        assert (await other.delete(f"/v1/webhook-endpoints/{endpoint['id']}")).status_code == 404
    assert (await api.delete(f"/v1/webhook-endpoints/{endpoint['id']}")).status_code == 204
    assert (await s.send("order.created", order, secret=rotated.json()["secret"])).status_code == 404
