"""Writing events to the outbox in the caller's transaction: state change and event commit together."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

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
        (envelope,) = await self.add_all(session, [event], workspace_id, traceparent)
        return envelope

    async def add_all(
        self,
        session: AsyncSession,
        events: Sequence[Event],
        workspace_id: uuid.UUID | None,
        traceparent: str | None = None,
    ) -> list[Envelope[Event]]:
        """Several events of one change in one statement; their order is their publish order."""
        envelopes: list[Envelope[Event]] = [wrap(e, workspace_id, traceparent) for e in events]
        await session.execute(insert(self.table), [
            {
                "event_id": envelope.id,
                "topic": envelope.data.topic(),
                "key": envelope.data.key(),
                "headers": [[k, v.decode()] for k, v in to_headers(envelope)],
                "payload": encode_data(envelope.data),
            }
            for envelope in envelopes
        ])
        return envelopes
