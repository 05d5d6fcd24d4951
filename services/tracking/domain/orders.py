"""Orders and refunds as shops send them, read into plain facts (pure). A payload that is not
what the shop documents raises `OrderError` naming the field."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qs, urlsplit

from services.tracking.domain.destinations import CLICK_ID_PARAM
from shared.codes import ISO_4217
from shared.money import MAX_MINOR, minor_unit_exponent


class OrderError(ValueError):
    def __init__(self, field: str, message: str, kind: str = "malformed-order") -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.kind = field, message, kind


@dataclass(frozen=True)
class OrderFacts:
    order_id: str
    amount_minor: int
    currency: str
    ordered_at: datetime
    click_id: str | None
    promo_codes: tuple[str, ...]


@dataclass(frozen=True)
class RefundFacts:
    order_id: str
    refund_id: str
    amount_minor: int
    refunded_at: datetime


def currency_of(value: Any, field: str) -> str:
    code = value.strip().upper() if isinstance(value, str) else None
    if code not in ISO_4217:
        raise OrderError(field, f"{value!r} is not an ISO 4217 currency code", "unknown-currency")
    return code


def minor_units(value: Any, currency: str, field: str) -> int:
    """A decimal amount ("199.90", as shops send it) in minor units of `currency`."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise OrderError(field, f"{value!r} is not an amount") from exc
    if not amount.is_finite():
        raise OrderError(field, f"{value!r} is not an amount")
    if amount < 0:
        raise OrderError(field, f"{value} is negative", "negative-amount")
    minor = amount.scaleb(minor_unit_exponent(currency))
    if minor != minor.to_integral_value():
        raise OrderError(field, f"{value} has more decimals than {currency} has")
    if minor > MAX_MINOR:
        raise OrderError(field, f"{value} is too large")
    return int(minor)


def timestamp(value: Any, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise OrderError(field, f"{value!r} is not an ISO 8601 time") from exc
    if parsed.tzinfo is None:
        raise OrderError(field, "the time has no UTC offset")
    return parsed.astimezone(UTC)


def click_id_in(url: str | None) -> str | None:
    """`icp_click_id` of the URL (a landing page, absolute or a path), if any."""
    if not url:
        return None
    values = parse_qs(urlsplit(url).query).get(CLICK_ID_PARAM)
    return values[-1] if values else None


def parse_click_id(value: str | None) -> uuid.UUID | None:
    """A click id the redirect drew, or None for anything else (an order id from elsewhere)."""
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def shopify_order(payload: Any) -> OrderFacts:
    """Shopify's `orders/create`: revenue is `subtotal_price` (after discounts, before shipping
    and taxes) in the shop's `currency`; the click id comes from a note attribute
    `icp_click_id` (set by the storefront) or the `landing_site` URL; the codes from
    `discount_codes`."""
    if not isinstance(payload, dict):
        raise OrderError("body", "an order is a JSON object")
    if not isinstance(payload.get("id"), int | str) or str(payload.get("id")) == "":
        raise OrderError("id", "the order id is missing")
    currency = currency_of(payload.get("currency"), "currency")
    amount = minor_units(payload.get("subtotal_price"), currency, "subtotal_price")
    ordered_at = timestamp(payload.get("created_at"), "created_at")
    click = None
    for attribute in payload.get("note_attributes") or []:
        if isinstance(attribute, dict) and attribute.get("name") == "icp_click_id":
            click = str(attribute.get("value") or "") or None
    landing = payload.get("landing_site")
    click = click or click_id_in(landing if isinstance(landing, str) else None)
    codes = tuple(str(d["code"]) for d in payload.get("discount_codes") or []
                  if isinstance(d, dict) and d.get("code"))
    return OrderFacts(str(payload["id"]), amount, currency, ordered_at, click, codes)


def shopify_refund(payload: Any, currency: str) -> RefundFacts:
    """Shopify's `refunds/create`: the amount is the refunded line items' subtotal (what
    `subtotal_price` counted), in the shop's currency."""
    if not isinstance(payload, dict):
        raise OrderError("body", "a refund is a JSON object")
    for field in ("id", "order_id"):
        if not isinstance(payload.get(field), int | str) or str(payload.get(field)) == "":
            raise OrderError(field, "missing")
    lines = payload.get("refund_line_items") or []
    if not isinstance(lines, list):
        raise OrderError("refund_line_items", "a list")
    amount = sum(minor_units(line.get("subtotal", 0) if isinstance(line, dict) else None, currency,
                             f"refund_line_items[{i}].subtotal") for i, line in enumerate(lines))
    return RefundFacts(str(payload["order_id"]), str(payload["id"]), amount,
                       timestamp(payload.get("created_at"), "created_at"))
