from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from services.tracking.conversions.repository import PromoCodeRow, code_row, codes_query
from services.tracking.models import WebhookEndpoint
from shared.db.repository import RepositoryBase


@dataclass(frozen=True, slots=True)
class Receiving:
    """What a delivery needs of its active endpoint, and the order's codes that are the
    endpoint's workspace's (by key), read with it in one round trip."""

    workspace_id: uuid.UUID
    kind: str
    secret_encrypted: bytes
    codes: dict[str, PromoCodeRow]


_RECEIVING = (f"SELECT e.workspace_id, e.kind, e.secret_encrypted, o.* FROM tracking.webhook_endpoints e"
              f" LEFT JOIN LATERAL ({codes_query('e.workspace_id', '$2')}) o ON true"
              " WHERE e.id = $1 AND e.active")


class WebhookEndpointRepository(RepositoryBase):
    async def add(self, endpoint: WebhookEndpoint) -> None:
        self.session.add(endpoint)
        await self.session.flush()

    async def get(self, workspace_id: uuid.UUID, endpoint_id: uuid.UUID) -> WebhookEndpoint | None:
        return await self.session.scalar(select(WebhookEndpoint).where(
            WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.id == endpoint_id))

    # cross-tenant: a webhook has no token; its URL's endpoint id tells the workspace
    async def receiving(self, endpoint_id: uuid.UUID, code_keys: Sequence[str]) -> Receiving | None:
        """Plain SQL on asyncpg's own connection, outside a transaction: every delivery reads it."""
        rows = await (await self.driver(begin=False)).fetch(_RECEIVING, endpoint_id, list(code_keys))
        if not rows:
            return None
        codes = {row["code_key"]: code_row(row[3:]) for row in rows if row["code_key"] is not None}
        workspace_id, kind, secret_encrypted = rows[0][:3]
        return Receiving(workspace_id, kind, secret_encrypted, codes)

    async def list(self, workspace_id: uuid.UUID, after: uuid.UUID | None, limit: int
                   ) -> Sequence[WebhookEndpoint]:
        query = select(WebhookEndpoint).where(WebhookEndpoint.workspace_id == workspace_id)
        if after is not None:
            query = query.where(WebhookEndpoint.id > after)
        return (await self.session.scalars(query.order_by(WebhookEndpoint.id).limit(limit))).all()
