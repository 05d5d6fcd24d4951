"""Writing events to the outbox in the caller's transaction: state change and event commit together.

Rows are staged on the session and inserted just before it commits, all in one statement: a
consumer batch that records hundreds of changes pays one outbox round trip, not one per event.
They commit with the transaction or not at all, in the order they were added (the publish order).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, event, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from shared.events.base import Event
from shared.events.envelope import Envelope, encode_data, to_headers, wrap

_STAGED = "icp_outbox_staged"


class Outbox:
    def __init__(self, table: Table) -> None:
        self.table = table

    def add(
        self,
        session: AsyncSession,
        event: Event,
        workspace_id: uuid.UUID | None,
        traceparent: str | None = None,
    ) -> Envelope[Event]:
        (envelope,) = self.add_all(session, [event], workspace_id, traceparent)
        return envelope

    def add_all(
        self,
        session: AsyncSession,
        events: Sequence[Event],
        workspace_id: uuid.UUID | None,
        traceparent: str | None = None,
    ) -> list[Envelope[Event]]:
        envelopes: list[Envelope[Event]] = [wrap(e, workspace_id, traceparent) for e in events]
        staged: dict[Table, list[dict[str, Any]]] = session.sync_session.info.setdefault(_STAGED, {})
        staged.setdefault(self.table, []).extend(
            {
                "event_id": envelope.id,
                "topic": envelope.data.topic(),
                "key": envelope.data.key(),
                "headers": [[k, v.decode()] for k, v in to_headers(envelope)],
                "payload": encode_data(envelope.data),
            }
            for envelope in envelopes
        )
        return envelopes


def outbox_channel(table: Table) -> str:
    """The NOTIFY channel that wakes the relay of `table`'s schema when rows commit."""
    return f"{table.schema}_outbox"


@event.listens_for(Session, "before_commit")
def _insert_staged(session: Session) -> None:
    for table, rows in session.info.pop(_STAGED, {}).items():
        session.execute(insert(table), rows)
        # Delivered at commit, so the relay publishes at once instead of at its next poll.
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": outbox_channel(table)})


@event.listens_for(Session, "after_rollback")
def _drop_staged(session: Session) -> None:
    session.info.pop(_STAGED, None)
