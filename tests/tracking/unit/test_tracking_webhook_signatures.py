"""Webhook signatures with real HMAC-SHA256, and shop payloads read into orders."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from services.tracking.domain.orders import OrderError, minor_units, shopify_order, shopify_refund
from services.tracking.domain.signatures import (
    generic_problem,
    shopify_problem,
    shopify_signature,
    signature_header,
)

SECRET = "whsec_test-secret-of-some-length"
BODY = b'{"type":"order.created","data":{"order_id":"1"}}'


def test_a_generic_signature_verifies_within_the_tolerance_only() -> None:
    header = signature_header(SECRET, 1_700_000_000, BODY)
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert generic_problem(SECRET, header, BODY, 1_700_000_100, 300) is None
    assert "away from now" in (generic_problem(SECRET, header, BODY, 1_700_000_301, 300) or "")
    assert "does not match" in (generic_problem(SECRET, header, BODY + b" ", 1_700_000_000, 300) or "")
    assert "does not match" in (generic_problem("another-secret-entirely", header, BODY, 1_700_000_000, 300)
                                or "")
    assert generic_problem(SECRET, None, BODY, 0, 300) is not None
    assert generic_problem(SECRET, "v1=abc", BODY, 0, 300) is not None


def test_any_of_several_signatures_may_verify_while_a_secret_is_rotated() -> None:
    old = signature_header("the-old-secret-0123456", 1_700_000_000, BODY)
    new = signature_header(SECRET, 1_700_000_000, BODY).split(",")[1]
    assert generic_problem(SECRET, f"{old},{new}", BODY, 1_700_000_000, 300) is None


def test_a_shopify_signature_is_the_base64_hmac_of_the_raw_body() -> None:
    expected = base64.b64encode(hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()).decode()
    assert shopify_signature(SECRET, BODY) == expected
    assert shopify_problem(SECRET, expected, BODY) is None
    assert shopify_problem(SECRET, expected, BODY[:-1]) is not None
    assert shopify_problem(SECRET, None, BODY) is not None


def test_a_shopify_order_gives_its_revenue_code_and_click_id() -> None:
    order = shopify_order({
        "id": 820982911946154508, "currency": "JPY", "subtotal_price": "5990",
        "created_at": "2026-05-20T21:00:00+09:00", "landing_site": "/serum?utm_source=ig&icp_click_id=abc",
        "discount_codes": [{"code": "ana15", "amount": "900.00", "type": "percentage"}],
    })
    assert (order.order_id, order.amount_minor, order.currency) == ("820982911946154508", 5990, "JPY")
    assert order.ordered_at.isoformat() == "2026-05-20T12:00:00+00:00"
    assert (order.click_id, order.promo_codes) == ("abc", ("ana15",))
    refund = shopify_refund({"id": 9, "order_id": 820982911946154508, "created_at": "2026-05-21T10:00:00Z",
                             "refund_line_items": [{"subtotal": 1000}, {"subtotal": "990"}]}, "JPY")
    assert (refund.order_id, refund.refund_id, refund.amount_minor) == ("820982911946154508", "9", 1990)


@pytest.mark.parametrize(("payload", "kind", "field"), [
    ({"id": 1, "currency": "XYZ", "subtotal_price": "1.00", "created_at": "2026-05-20T12:00:00Z"},
     "unknown-currency", "currency"),
    ({"id": 1, "currency": "EUR", "subtotal_price": "-1.00", "created_at": "2026-05-20T12:00:00Z"},
     "negative-amount", "subtotal_price"),
    ({"id": 1, "currency": "EUR", "subtotal_price": "1.001", "created_at": "2026-05-20T12:00:00Z"},
     "malformed-order", "subtotal_price"),
    ({"id": 1, "currency": "EUR", "subtotal_price": "NaN", "created_at": "2026-05-20T12:00:00Z"},
     "malformed-order", "subtotal_price"),
    ({"id": 1, "currency": "EUR", "subtotal_price": "1.00", "created_at": "2026-05-20 12:00"},
     "malformed-order", "created_at"),
    ({"currency": "EUR", "subtotal_price": "1.00", "created_at": "2026-05-20T12:00:00Z"},
     "malformed-order", "id"),
])
def test_a_malformed_shopify_order_names_its_field(payload: dict[str, object], kind: str, field: str) -> None:
    with pytest.raises(OrderError) as raised:
        shopify_order(payload)
    assert (raised.value.kind, raised.value.field) == (kind, field)


def test_amounts_follow_the_currencys_minor_unit() -> None:
    amounts = [("49.90", "EUR"), ("1.500", "KWD"), (500, "JPY")]
    assert [minor_units(amount, currency, "x") for amount, currency in amounts] == [4990, 1500, 500]
