"""Webhook endpoints of a workspace (where its shop sends orders, with the secret that signs
them) and what a verified delivery does: attribute an order, or reverse it on a refund or a
cancellation. A delivery whose signature does not verify stores nothing."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from services.tracking.conversions import service as conversions
from services.tracking.conversions.endpoints import order_of
from services.tracking.conversions.repository import PromoCodeRow
from services.tracking.conversions.schemas import ConversionRead, WebhookResult
from services.tracking.domain import orders
from services.tracking.domain.orders import OrderError, OrderFacts
from services.tracking.domain.promo_codes import code_key
from services.tracking.domain.signatures import generic_problem, shopify_problem
from services.tracking.models import Conversion, WebhookEndpoint
from services.tracking.settings import TrackingSettings
from services.tracking.webhooks.repository import Receiving, WebhookEndpointRepository
from services.tracking.webhooks.schemas import (
    GenericWebhook,
    OrderCancelled,
    OrderCreated,
    OrderRefunded,
    WebhookEndpointCreate,
)
from shared import secrets_at_rest
from shared.http.problems import FieldError, ProblemError, not_found
from shared.ids import uuid7

_GENERIC = TypeAdapter(GenericWebhook)


def _secret_problem(body: WebhookEndpointCreate) -> ProblemError | None:
    if body.kind == "shopify" and body.secret is None:
        return ProblemError(422, "Request validation failed", "a Shopify endpoint needs the app's secret",
                            "validation-error", [FieldError(field="body.secret", message="required for "
                                                            "shopify", type="missing")])
    if body.kind == "generic" and body.secret is not None:
        return ProblemError(422, "Request validation failed", "a generic endpoint's secret is drawn "
                            "by the service", "validation-error",
                            [FieldError(field="body.secret", message="leave out for generic",
                                        type="extra_forbidden")])
    return None


def draw_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _encrypted(settings: TrackingSettings, secret: str) -> bytes:
    ring = secrets_at_rest.keyring(settings.webhook_secret_keys, settings.is_production)
    if ring is None:
        raise ProblemError(409, "Webhook secret cannot be stored", "this deployment has no key to "
                           "encrypt webhook secrets with (TRACKING_WEBHOOK_SECRET_KEYS)",
                           "webhook-secret-key-missing")
    return secrets_at_rest.encrypt(ring, secret)


def _secret(settings: TrackingSettings, endpoint_id: uuid.UUID, endpoint: Receiving) -> str:
    ring = secrets_at_rest.keyring(settings.webhook_secret_keys, settings.is_production)
    secret = secrets_at_rest.decrypt(ring, endpoint.secret_encrypted, f"webhook endpoint {endpoint_id}")
    if secret is None:
        raise _unauthorized("the endpoint's secret cannot be read with this deployment's keys "
                            "(TRACKING_WEBHOOK_SECRET_KEYS): rotate it")
    return secret


async def create(session: AsyncSession, settings: TrackingSettings, workspace_id: uuid.UUID,
                 body: WebhookEndpointCreate) -> tuple[WebhookEndpoint, str]:
    """The endpoint, and its secret in the clear (the stored one is encrypted)."""
    if problem := _secret_problem(body):
        raise problem
    secret = body.secret or draw_secret()
    endpoint = WebhookEndpoint(id=uuid7(), workspace_id=workspace_id, kind=body.kind, name=body.name,
                               secret_encrypted=_encrypted(settings, secret), active=True,
                               created_at=datetime.now(UTC), rotated_at=None)
    await WebhookEndpointRepository(session).add(endpoint)
    return endpoint, secret


async def get_or_raise(session: AsyncSession, workspace_id: uuid.UUID, endpoint_id: uuid.UUID
                       ) -> WebhookEndpoint:
    endpoint = await WebhookEndpointRepository(session).get(workspace_id, endpoint_id)
    if endpoint is None:
        raise not_found(f"webhook endpoint {endpoint_id}")
    return endpoint


async def rotate(session: AsyncSession, settings: TrackingSettings, workspace_id: uuid.UUID,
                 endpoint_id: uuid.UUID, secret: str | None) -> tuple[WebhookEndpoint, str]:
    """The old secret stops verifying at once (a generic sender may send both signatures
    during the switch: any `v1=` that verifies will do). Also re-encrypts under the newest key."""
    endpoint = await get_or_raise(session, workspace_id, endpoint_id)
    body = WebhookEndpointCreate(kind=endpoint.kind, name=endpoint.name, secret=secret)
    if problem := _secret_problem(body):
        raise problem
    secret = secret or draw_secret()
    endpoint.secret_encrypted, endpoint.rotated_at = _encrypted(settings, secret), datetime.now(UTC)
    await session.flush()
    return endpoint, secret


async def deactivate(session: AsyncSession, workspace_id: uuid.UUID, endpoint_id: uuid.UUID) -> None:
    endpoint = await get_or_raise(session, workspace_id, endpoint_id)
    endpoint.active = False
    await session.flush()


async def list_page(session: AsyncSession, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
                    ) -> Sequence[WebhookEndpoint]:
    return await WebhookEndpointRepository(session).list(workspace_id, after, limit + 1)


async def _receiving(session: AsyncSession, endpoint_id: uuid.UUID, kind: str,
                     code_keys: Sequence[str] = ()) -> Receiving:
    endpoint = await WebhookEndpointRepository(session).receiving(endpoint_id, code_keys)
    if endpoint is None or endpoint.kind != kind:
        raise not_found(f"{kind} webhook endpoint {endpoint_id}")
    return endpoint


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(401, "Signature not verified", detail, "bad-signature")


async def receive_generic(session: AsyncSession, settings: TrackingSettings, endpoint_id: uuid.UUID,
                          signature: str | None, raw: bytes) -> WebhookResult:
    """An unknown endpoint is a 404, then a bad signature a 401, then a malformed body a 422.
    The body is read first all the same: an order's codes are read with the endpoint, in one
    round trip (nothing is written, nor answered, before the signature verified)."""
    delivery = _delivery(raw)
    order = order_of(delivery.data) if isinstance(delivery, OrderCreated) else None
    endpoint = await _receiving(session, endpoint_id, "generic",
                                [code_key(text) for text in order.promo_codes] if order else ())
    if problem := generic_problem(_secret(settings, endpoint_id, endpoint), signature, raw,
                                  datetime.now(UTC).timestamp(), settings.webhook_tolerance_s):
        raise _unauthorized(problem)
    if isinstance(delivery, ProblemError):
        raise delivery
    workspace_id = endpoint.workspace_id
    if isinstance(delivery, OrderCreated):
        assert order is not None
        return await _attributed(session, workspace_id, order, "webhook", endpoint.codes)
    conversion = await conversions.by_order(session, workspace_id, delivery.data.order_id)
    if conversion is None:
        return WebhookResult(result="nothing_to_reverse")
    if isinstance(delivery, OrderCancelled):
        return await _reversed(session, conversion, "cancellation", None, None, delivery.data.cancelled_at)
    refund = delivery.data
    return await _reversed(session, conversion, refund.refund_id, refund.amount_minor, refund.currency,
                           refund.refunded_at)


async def receive_shopify(session: AsyncSession, settings: TrackingSettings, endpoint_id: uuid.UUID,
                          signature: str | None, topic: str | None, raw: bytes) -> WebhookResult:
    """`orders/create`, `refunds/create` and `orders/cancelled`; other topics are acknowledged
    and ignored. An order without a creator's touch is answered 200 `not_attributed` (a shop's
    other orders and discount codes are not errors; a 4xx would only make Shopify retry)."""
    endpoint = await _receiving(session, endpoint_id, "shopify")
    if problem := shopify_problem(_secret(settings, endpoint_id, endpoint), signature, raw):
        raise _unauthorized(problem)
    payload = _json(raw)
    workspace_id = endpoint.workspace_id
    try:
        if topic == "orders/create":
            try:
                return await _attributed(session, workspace_id, orders.shopify_order(payload), "shopify")
            except conversions.NotAttributed as nothing:
                return WebhookResult(result="not_attributed", reasons=nothing.reasons)
        if topic not in ("refunds/create", "orders/cancelled"):
            return WebhookResult(result="ignored")
        order_id = payload.get("order_id" if topic == "refunds/create" else "id")
        conversion = await conversions.by_order(session, workspace_id, str(order_id))
        if conversion is None:
            return WebhookResult(result="nothing_to_reverse")
        if topic == "orders/cancelled":
            at = orders.timestamp(payload.get("cancelled_at") or payload.get("updated_at"), "cancelled_at")
            return await _reversed(session, conversion, "cancellation", None, None, at)
        refund = orders.shopify_refund(payload, conversion.currency)
        return await _reversed(session, conversion, refund.refund_id, refund.amount_minor, None,
                               refund.refunded_at)
    except OrderError as bad:
        raise ProblemError(422, "Malformed order", bad.message, bad.kind,
                           [FieldError(field=f"body.{bad.field}", message=bad.message, type=bad.kind)]
                           ) from bad


def _json(raw: bytes) -> dict[str, Any]:
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ProblemError(422, "Malformed order", "the body is not JSON", "malformed-order") from exc
    if not isinstance(payload, dict):
        raise ProblemError(422, "Malformed order", "the body is not a JSON object", "malformed-order")
    return payload


def _delivery(raw: bytes) -> OrderCreated | OrderRefunded | OrderCancelled | ProblemError:
    """The generic webhook's delivery, or the problem to answer once the signature verified."""
    try:
        return _GENERIC.validate_json(raw)
    except ValidationError as exc:
        return _malformed(exc)


_KINDS = frozenset(("order.created", "order.refunded", "order.cancelled"))


def _malformed(exc: ValidationError) -> ProblemError:
    """Field errors as the body names them (pydantic puts the matched `type` first)."""
    errors = [FieldError(field=".".join(["body", *(str(p) for p in e["loc"] if p not in _KINDS)]),
                         message=e["msg"], type=e["type"]) for e in exc.errors()]
    return ProblemError(422, "Malformed order", f"{len(errors)} field(s) invalid", "malformed-order", errors)


async def _attributed(session: AsyncSession, workspace_id: uuid.UUID, order: OrderFacts, source: str,
                      codes: Mapping[str, PromoCodeRow] | None = None) -> WebhookResult:
    recorded = await conversions.attribute(session, workspace_id, order, source, codes)
    return WebhookResult(result="attributed" if recorded.created else "already_attributed",
                         conversion=ConversionRead.model_validate(recorded.conversion))


async def _reversed(session: AsyncSession, conversion: Conversion, key: str, amount_minor: int | None,
                    currency: str | None, at: datetime) -> WebhookResult:
    reason = "cancellation" if key == "cancellation" and amount_minor is None else "refund"
    done = await conversions.reverse(session, conversion.workspace_id, conversion, reason, key,
                                     amount_minor, currency, at)
    return WebhookResult(result=done.what, conversion=ConversionRead.model_validate(done.conversion))
