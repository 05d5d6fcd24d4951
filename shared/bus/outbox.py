"""Writing events to the outbox in the caller's transaction: state change and event commit together.

Rows are staged on the session (`shared.db.staged`) and inserted just before it commits, all in
one statement, in the order they were added (the publish order). A hot path that writes its
change in one statement of its own inserts the event's row in that statement instead (`row`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.engine import json_text
from shared.db.staged import stage
from shared.events.base import Event
from shared.events.envelope import Envelope, encode_data, header_items, wrap
from shared.tracing import current_traceparent


class Outbox:
    def __init__(self, table: Table) -> None:
        self.table = table
        # The staged rows, one array per column, inserted in the order staged (the publish order,
        # which `seq` keeps). The NOTIFY is delivered at commit, so the relay publishes at once
        # instead of at its next poll; returned by the insert, it costs no round trip more.
        self._insert = text(
            f"INSERT INTO {table.fullname} (event_id, topic, key, headers, payload)"
            " SELECT event_id, topic, key, CAST(headers AS jsonb), payload FROM unnest("
            "CAST(:event_id AS uuid[]), CAST(:topic AS text[]), CAST(:key AS text[]),"
            " CAST(:headers AS text[]), CAST(:payload AS bytea[])) WITH ORDINALITY"
            " AS staged(event_id, topic, key, headers, payload, n) ORDER BY n"
            f" RETURNING pg_notify('{outbox_channel(table)}', '')")

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
        if not events:
            return []  # staging no rows would insert one empty row at commit
        # The request's or handler's trace travels on with the events it causes.
        traceparent = traceparent or current_traceparent()
        envelopes: list[Envelope[Event]] = [wrap(e, workspace_id, traceparent) for e in events]
        stage(session, self.table, outbox_rows(envelopes), columnar=self._insert)
        return envelopes

    def row(self, event: Event, workspace_id: uuid.UUID | None, traceparent: str | None = None
            ) -> dict[str, Any]:
        """One event's outbox row (headers as JSON text), for a statement that inserts it together
        with the change it announces, on asyncpg's own connection: one round trip, and atomic
        without a transaction of its own. That statement must also `pg_notify` the table's
        channel (`outbox_channel`), as the staged rows' insert does."""
        (values,) = outbox_rows([wrap(event, workspace_id, traceparent or current_traceparent())])
        return values


def outbox_rows(envelopes: Sequence[Envelope[Event]]) -> list[dict[str, Any]]:
    """The outbox rows of these envelopes, in the order given (the publish order); the headers as
    JSON text."""
    return [
        {
            "event_id": envelope.id,
            "topic": envelope.data.topic(),
            "key": envelope.data.key(),
            "headers": json_text(header_items(envelope)),
            "payload": encode_data(envelope.data),
        }
        for envelope in envelopes
    ]


def outbox_channel(table: Table) -> str:
    """The NOTIFY channel that wakes the relay of `table`'s schema when rows commit."""
    return f"{table.schema}_outbox"

