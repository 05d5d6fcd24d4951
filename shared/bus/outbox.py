"""Writing events to the outbox in the caller's transaction: state change and event commit together."""

from __future__ import annotations

import uuid

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.events.base import Event
from shared.events.envelope import Envelope, encode_data, to_headers, wrap


class Outbox:
    def __init__(self, table: Table) -> None:
        self.table = table

    async def add(
        self,
        session: AsyncSession,
        event: Event,
        workspace_id: uuid.UUID | None,
        traceparent: str | None = None,
    ) -> Envelope[Event]:
        envelope: Envelope[Event] = wrap(event, workspace_id, traceparent)
        await session.execute(
            insert(self.table).values(
                event_id=envelope.id,
                topic=event.topic(),
                key=event.key(),
                headers=[[k, v.decode()] for k, v in to_headers(envelope)],
                payload=encode_data(event),
            )
        )
        return envelope
