from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from services.tracking.models import WebhookEndpoint
from shared.db.repository import RepositoryBase


@dataclass(frozen=True, slots=True)
class Receiving:
    """What a delivery needs of its active endpoint."""

    workspace_id: uuid.UUID
    kind: str
    secret: str


_RECEIVING = "SELECT workspace_id, kind, secret FROM tracking.webhook_endpoints WHERE id = $1 AND active"


class WebhookEndpointRepository(RepositoryBase):
    async def add(self, endpoint: WebhookEndpoint) -> None:
        self.session.add(endpoint)
        await self.session.flush()

    async def get(self, workspace_id: uuid.UUID, endpoint_id: uuid.UUID) -> WebhookEndpoint | None:
        return await self.session.scalar(select(WebhookEndpoint).where(
            WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.id == endpoint_id))

    # cross-tenant: a webhook has no token; its URL's endpoint id tells the workspace
    async def receiving(self, endpoint_id: uuid.UUID) -> Receiving | None:
        """Plain SQL on asyncpg's own connection, outside a transaction: every delivery reads it."""
        row = await (await self.driver(begin=False)).fetchrow(_RECEIVING, endpoint_id)
        return Receiving(*row) if row is not None else None

    async def list(self, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
                   ) -> Sequence[WebhookEndpoint]:
        query = select(WebhookEndpoint).where(WebhookEndpoint.workspace_id == workspace_id)
        if after is not None:
            query = query.where(WebhookEndpoint.id > after)
        return (await self.session.scalars(query.order_by(WebhookEndpoint.id).limit(limit))).all()
