"""CloudEvents 1.0, Kafka protocol binding, binary mode: attributes in `ce_*` headers, data as value.

A plain Kafka client reads every event: the value is the event's JSON and the key
the id its consumers need the events ordered by (`Event.key_field`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from pydantic import ValidationError

from shared.events.base import Event
from shared.events.registry import EventRegistry
from shared.ids import uuid7

E = TypeVar("E", bound=Event)
Headers = Sequence[tuple[str, bytes]]

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"


@dataclass(frozen=True)
class Envelope(Generic[E]):
    id: uuid.UUID
    type: str
    source: str
    subject: str
    time: datetime
    workspace_id: uuid.UUID | None
    data: E
    traceparent: str | None = None


@dataclass(frozen=True)
class KafkaMessage:
    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


class PoisonMessage(Exception):
    """A record no retry can fix. `reason` is the documented DLQ `failure_reason`."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def new_event_id() -> uuid.UUID:
    return uuid7()


def wrap(event: E, workspace_id: uuid.UUID | None, traceparent: str | None = None) -> Envelope[E]:
    return Envelope(
        id=new_event_id(),
        type=event.ce_type(),
        source=event.source(),
        subject=event.key(),
        time=datetime.now(UTC),
        workspace_id=workspace_id,
        data=event,
        traceparent=traceparent,
    )


def to_headers(envelope: Envelope[Event]) -> list[tuple[str, bytes]]:
    return [(name, value.encode()) for name, value in header_items(envelope)]


def header_items(envelope: Envelope[Event]) -> list[tuple[str, str]]:
    """The `ce_*` headers as text, as the outbox stores them."""
    headers = [
        ("ce_specversion", SPEC_VERSION),
        ("ce_id", str(envelope.id)),
        ("ce_source", envelope.source),
        ("ce_type", envelope.type),
        ("ce_subject", envelope.subject),
        ("ce_time", envelope.time.isoformat()),
        ("content-type", CONTENT_TYPE),
    ]
    if envelope.workspace_id is not None:
        headers.append(("ce_workspaceid", str(envelope.workspace_id)))
    if envelope.traceparent:
        headers.append(("ce_traceparent", envelope.traceparent))
    return headers


def encode_data(event: Event) -> bytes:
    return event.__pydantic_serializer__.to_json(event)


def decode(headers: Headers, value: bytes | None, registry: EventRegistry) -> Envelope[Event]:
    attrs = _header_map(headers)
    ce_type = attrs.get("ce_type")
    if not ce_type or "ce_id" not in attrs:
        raise PoisonMessage("deserialization", "missing CloudEvents ce_id/ce_type headers")
    event_cls = registry.get(ce_type)
    if event_cls is None:
        raise PoisonMessage("unknown_type", f"unknown event type {ce_type!r}")
    try:
        # Parsed and validated in one pass, without a dict in between: the consumer's hot path.
        data = event_cls.model_validate_json(value or b"")
        event_id = uuid.UUID(attrs["ce_id"])
        when = datetime.fromisoformat(attrs.get("ce_time") or datetime.now(UTC).isoformat())
        workspace = attrs.get("ce_workspaceid")
        workspace_id = uuid.UUID(workspace) if workspace else None
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise PoisonMessage("deserialization", f"value is not JSON: {_short(str(exc))}") from exc
        raise PoisonMessage("validation", _short(str(exc))) from exc
    except ValueError as exc:
        raise PoisonMessage("validation", _short(str(exc))) from exc
    return Envelope(
        id=event_id, type=ce_type, source=attrs.get("ce_source", ""),
        subject=attrs.get("ce_subject", ""), time=when, workspace_id=workspace_id,
        data=data, traceparent=attrs.get("ce_traceparent"),
    )


def _header_map(headers: Headers) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers:
        try:
            out[name] = value.decode() if value is not None else ""
        except UnicodeDecodeError as exc:
            raise PoisonMessage("deserialization", f"header {name} is not UTF-8") from exc
    return out


def _short(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
