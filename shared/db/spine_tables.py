"""Tables every service schema has: the outbox, processed events and idempotency records.

They are plain `Table`s bound to the service's own metadata, so each service keeps them in its
own schema and the shared code never reaches across schemas.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import UserDefinedType


class Xid8(UserDefinedType[int]):
    """PostgreSQL's 64-bit transaction id (`pg_current_xact_id()`)."""

    cache_ok = True

    def get_col_spec(self, **kw: object) -> str:
        return "xid8"



@dataclass(frozen=True)
class SpineTables:
    outbox: Table
    processed_events: Table
    idempotency_keys: Table


def define_spine_tables(metadata: MetaData) -> SpineTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", BigInteger, Identity(always=True), primary_key=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("sent_at", DateTime(timezone=True)),
        # The inserting transaction: the relay publishes a row only once every older transaction
        # has settled, so one that inserted first and commits last is not overtaken. Null only on
        # rows sent before the column existed.
        Column("xid", Xid8(), server_default=text("pg_current_xact_id()")),
        Index(None, "seq", postgresql_where=text("sent_at IS NULL")),
        Index(None, "sent_at"),
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("consumer", String(200), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        # What pruning past the topics' retention finds its rows by (`shared.bus.retention`).
        Index(None, "processed_at"),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("workspace_id", Uuid, primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("request_fingerprint", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response_body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
    return SpineTables(outbox=outbox, processed_events=processed, idempotency_keys=idempotency)
