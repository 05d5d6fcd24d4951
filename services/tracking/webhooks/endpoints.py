"""Webhook endpoints (authenticated: `/v1/webhook-endpoints`) and the webhooks shops call
(public: `/v1/webhooks/...`, no token — the signature authenticates; listed among the public
routes of the HTTP contract, and rate-limited per caller address)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import TypeAdapter

from services.tracking.access import ReadAccess, WriteAccess
from services.tracking.conversions.schemas import WebhookResult
from services.tracking.domain.signatures import SHOPIFY_HMAC_HEADER, SIGNATURE_HEADER
from services.tracking.models import WebhookEndpoint
from services.tracking.settings import TrackingSettings
from services.tracking.webhooks import service
from services.tracking.webhooks.schemas import (
    GenericWebhook,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointPage,
    WebhookEndpointRead,
    WebhookSecretRotate,
)
from shared.http.app import SessionDep
from shared.http.pagination import PageParams, make_page, page_params, uuid_after
from shared.http.problems import PROBLEM_JSON, PROBLEM_RESPONSES, Problem
from shared.http.rate_limit import public_rate_limit
from shared.http.responses import model_response

router = APIRouter(prefix="/v1/webhook-endpoints", tags=["webhooks"], responses=PROBLEM_RESPONSES)
public_router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"],
                          dependencies=[Depends(public_rate_limit)])
GENERIC_PATH = "/v1/webhooks/orders/{endpoint_id}"
SHOPIFY_PATH = "/v1/webhooks/shopify/{endpoint_id}"
_PATHS = {"generic": GENERIC_PATH, "shopify": SHOPIFY_PATH}


def _read(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {"id": endpoint.id, "kind": endpoint.kind, "name": endpoint.name,
            "path": _PATHS[endpoint.kind].format(endpoint_id=endpoint.id), "active": endpoint.active,
            "created_at": endpoint.created_at, "rotated_at": endpoint.rotated_at}


def _settings(request: Request) -> TrackingSettings:
    settings: TrackingSettings = request.app.state.settings
    return settings


def _created(stored: tuple[WebhookEndpoint, str]) -> WebhookEndpointCreated:
    endpoint, secret = stored
    return WebhookEndpointCreated.model_validate(
        {**_read(endpoint), "secret": secret if endpoint.kind == "generic" else None})


@router.post("", status_code=201, response_model=WebhookEndpointCreated, summary="Add a webhook endpoint")
async def create_webhook_endpoint(body: WebhookEndpointCreate, request: Request, session: SessionDep,
                                  principal: WriteAccess) -> WebhookEndpointCreated:
    """Where the workspace's shop sends its orders. `generic`: the service draws the signing
    secret and shows it this once. `shopify`: give the app's secret; point the shop's
    `orders/create`, `refunds/create` and `orders/cancelled` webhooks at `path`. The secret is
    stored encrypted; a production deployment without `TRACKING_WEBHOOK_SECRET_KEYS` answers 409
    `webhook-secret-key-missing`."""
    return _created(await service.create(session, _settings(request), principal.workspace_id, body))


@router.get("", response_model=WebhookEndpointPage, summary="List webhook endpoints")
async def list_webhook_endpoints(session: SessionDep, principal: ReadAccess,
                                 page: Annotated[PageParams, Depends(page_params)]) -> WebhookEndpointPage:
    rows = await service.list_page(session, principal.workspace_id, uuid_after(page), page.limit)
    return make_page([WebhookEndpointRead.model_validate(_read(r)) for r in rows], page.limit,
                     lambda e: [e.id])


@router.get("/{endpoint_id}", response_model=WebhookEndpointRead, summary="Get a webhook endpoint")
async def get_webhook_endpoint(endpoint_id: uuid.UUID, session: SessionDep, principal: ReadAccess
                               ) -> WebhookEndpointRead:
    return WebhookEndpointRead.model_validate(_read(await service.get_or_raise(
        session, principal.workspace_id, endpoint_id)))


@router.post("/{endpoint_id}/rotate", response_model=WebhookEndpointCreated, summary="Rotate the secret")
async def rotate_webhook_secret(endpoint_id: uuid.UUID, body: WebhookSecretRotate, request: Request,
                                session: SessionDep, principal: WriteAccess) -> WebhookEndpointCreated:
    """Generic: a new secret is drawn and shown this once. Shopify: give the app's new secret."""
    return _created(await service.rotate(session, _settings(request), principal.workspace_id, endpoint_id,
                                         body.secret))


@router.delete("/{endpoint_id}", status_code=204, summary="Stop a webhook endpoint")
async def delete_webhook_endpoint(endpoint_id: uuid.UUID, session: SessionDep, principal: WriteAccess
                                  ) -> Response:
    """Deliveries to it are answered 404 from now on."""
    await service.deactivate(session, principal.workspace_id, endpoint_id)
    return Response(status_code=204)


_GENERIC_SIGNATURE = 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">'
_SHOPIFY_SIGNATURE = "base64 HMAC-SHA256 of the raw body, keyed by the app's secret"
_PUBLIC_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": text}
    for status, text in {
        401: "The signature does not verify (or the signed time is outside the tolerance): nothing stored",
        404: "No active endpoint of this kind has this id",
        409: "The campaign's currency is not known yet: send again later",
        422: "Malformed order, unknown currency, negative amount, unknown promo code, nothing to "
             "attribute (the problem's `reasons`)",
        429: "Too many requests from this address",
    }.items()
}


@public_router.post(
    "/orders/{endpoint_id}", response_model=WebhookResult, responses=_PUBLIC_RESPONSES,
    summary="Generic order webhook (public, signed)",
    openapi_extra={"security": [], "requestBody": {"required": True, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/GenericWebhook"}}}}},
)
async def receive_order_webhook(
    endpoint_id: uuid.UUID, request: Request, session: SessionDep,
    signature: Annotated[str | None, Header(alias=SIGNATURE_HEADER, description=_GENERIC_SIGNATURE)] = None,
) -> Response:
    """`order.created`, `order.refunded`, `order.cancelled`, signed with the endpoint's secret
    (docs/tracking.md has an example). A replay of a delivery answers what the first did and
    changes nothing; a timestamp more than the tolerance (5 minutes) from now is refused."""
    result = await service.receive_generic(session, _settings(request), endpoint_id, signature,
                                           await request.body())
    return _answer(result)


@public_router.post(
    "/shopify/{endpoint_id}", response_model=WebhookResult, responses=_PUBLIC_RESPONSES,
    summary="Shopify order webhooks (public, signed by Shopify)",
    openapi_extra={"security": [], "requestBody": {"required": True, "content": {"application/json": {
        "schema": {"type": "object", "description": "Shopify's order or refund payload"}}}}},
)
async def receive_shopify_webhook(
    endpoint_id: uuid.UUID, request: Request, session: SessionDep,
    signature: Annotated[str | None,
                         Header(alias=SHOPIFY_HMAC_HEADER, description=_SHOPIFY_SIGNATURE)] = None,
    topic: Annotated[str | None, Header(alias="X-Shopify-Topic", description="orders/create, refunds/create "
                                        "or orders/cancelled")] = None,
) -> Response:
    """Verified as Shopify signs (`X-Shopify-Hmac-Sha256`). An order is attributed by the
    `icp_click_id` note attribute or landing-site parameter, or by a discount code that is one of
    the workspace's promo codes; a refund reverses its line items' subtotal; a cancellation the
    rest. Orders and refunds are applied once however often Shopify retries."""
    result = await service.receive_shopify(session, _settings(request), endpoint_id, signature, topic,
                                           await request.body())
    return _answer(result)


def _answer(result: WebhookResult) -> Response:
    return model_response(result)


def document(app: Any) -> None:
    """Adds the generic webhook's body schema to the OpenAPI components (the route reads the raw
    body, which the signature covers)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            found = TypeAdapter(GenericWebhook).json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(found.pop("$defs", {}))
            components["GenericWebhook"] = found
        return app.openapi_schema

    app.openapi = openapi
