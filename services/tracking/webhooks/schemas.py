"""HTTP models of webhook endpoints (where a shop sends orders) and of the generic webhook."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from services.tracking.conversions.schemas import OrderCreate
from shared.codes import CurrencyCode
from shared.http.pagination import Page
from shared.money import MinorUnits

WebhookKind = Literal["generic", "shopify"]
_READ: dict[str, Any] = {
    "id": "0195a0c4-5d00-7000-8000-0000000000ee", "kind": "generic", "name": "GlowSkin shop",
    "path": "/v1/webhooks/orders/0195a0c4-5d00-7000-8000-0000000000ee", "active": True,
    "created_at": "2025-03-01T09:00:00Z", "rotated_at": None,
}


class WebhookEndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"kind": "generic", "name": "GlowSkin shop"},
        {"kind": "shopify", "name": "glowskin.myshopify.com", "secret": "shpss_0123456789abcdef"}]})

    kind: WebhookKind
    name: str = Field(min_length=1, max_length=200)
    secret: str | None = Field(default=None, min_length=16, max_length=500, description="Shopify: "
                               "the app's client secret (Shopify signs with it). Generic: leave "
                               "out, a secret is drawn and shown once")


class WebhookSecretRotate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{}]})

    secret: str | None = Field(default=None, min_length=16, max_length=500,
                               description="Shopify: the app's new secret. Generic: leave out")


class WebhookEndpointRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_READ]})

    id: uuid.UUID
    kind: WebhookKind
    name: str
    path: str = Field(description="Where the shop posts (no token: the signature authenticates)")
    active: bool
    created_at: datetime
    rotated_at: datetime | None


class WebhookEndpointCreated(WebhookEndpointRead):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {**_READ, "secret": "whsec_3q2+7w..."}]})

    secret: str | None = Field(description="Generic: the signing secret, shown this once")


WebhookEndpointPage = Page[WebhookEndpointRead]


class RefundData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: str = Field(min_length=1, max_length=200)
    refund_id: str = Field(min_length=1, max_length=200, description="Each refund is applied once")
    amount_minor: MinorUnits
    currency: CurrencyCode
    refunded_at: AwareDatetime


class CancellationData(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order_id: str = Field(min_length=1, max_length=200)
    cancelled_at: AwareDatetime


class OrderCreated(BaseModel):
    type: Literal["order.created"]
    data: OrderCreate


class OrderRefunded(BaseModel):
    type: Literal["order.refunded"]
    data: RefundData


class OrderCancelled(BaseModel):
    type: Literal["order.cancelled"]
    data: CancellationData


GenericWebhook = Annotated[OrderCreated | OrderRefunded | OrderCancelled, Field(discriminator="type")]
