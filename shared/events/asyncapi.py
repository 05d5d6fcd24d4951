"""The AsyncAPI 3.0 document and per-event JSON Schemas, generated from the catalog.

`icp asyncapi` writes them under docs/; a test fails when the committed copies are stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import yaml

from shared.events.base import Event

_HEADERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time",
                 "content-type"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string", "format": "uuid", "description": "Event id (dedupe key)"},
        "ce_source": {"type": "string", "examples": ["/discovery"]},
        "ce_type": {"type": "string"},
        "ce_subject": {"type": "string", "description": "The id the event is keyed by; also the message key"},
        "ce_time": {"type": "string", "format": "date-time"},
        "content-type": {"type": "string", "const": "application/json"},
        "ce_workspaceid": {"type": "string", "format": "uuid", "description": "Tenant"},
        "ce_traceparent": {"type": "string", "description": "W3C trace context"},
    },
}


def event_schema(event: type[Event]) -> dict[str, Any]:
    schema = event.model_json_schema(mode="serialization")
    schema["$id"] = f"urn:icp:event:{event.ce_type()}"
    return schema


def asyncapi_document(events: Iterable[type[Event]]) -> dict[str, Any]:
    events = sorted(events, key=lambda e: e.ce_type())
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event in events:
        name = event.__name__
        channel = event.topic().replace(".", "_")
        channels.setdefault(channel, {
            "address": event.topic(), "messages": {}, "description": _channel_description(
                event, [e for e in events if e.topic() == event.topic()]),
        })["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        messages[name] = _message(event)
        operations[f"publish{name}"] = {
            "action": "send", "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Influencer campaign platform events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 over the Kafka protocol binding, binary mode: "
                           "attributes in ce_* headers, the event data as the JSON value, "
                           "the id its consumers need them ordered by as the key (each "
                           "channel names its key field). Dead letters go to "
                           "dlq.<consumer-service>.<source-topic> with x-dlq-* headers.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def _channel_description(event: type[Event], on_channel: list[type[Event]]) -> str:
    """Names the key field(s): consumers get the events of one key in order, and no others."""
    fields: dict[str, list[str]] = {}
    for each in on_channel:
        fields.setdefault(each.key_field, []).append(each.__name__)
    keyed_by = (f"`{event.key_field}`" if len(fields) == 1 else
                ", ".join(f"`{field}` ({', '.join(names)})" for field, names in fields.items()))
    return (f"Every event of the `{event.aggregate}` aggregate of {event.service}, keyed by "
            f"{keyed_by}: the events of one key arrive in order.")


def _message(event: type[Event]) -> dict[str, Any]:
    headers = orjson.loads(orjson.dumps(_HEADERS_SCHEMA))
    headers["properties"]["ce_type"]["const"] = event.ce_type()
    headers["properties"]["ce_source"]["const"] = event.source()
    return {
        "name": event.ce_type(),
        "title": event.__name__,
        "summary": event.summary,
        "contentType": "application/json",
        "headers": headers,
        "payload": event_schema(event),
        "bindings": {"kafka": {"key": {"type": "string",
                                       "description": f"the event's `{event.key_field}`"}}},
    }


def render(events: Iterable[type[Event]]) -> dict[Path, str]:
    """Files (relative to the repository root) and their exact contents."""
    events = list(events)
    files = {Path("docs/asyncapi.yaml"): yaml.safe_dump(
        asyncapi_document(events), sort_keys=False, allow_unicode=True, width=100)}
    for event in events:
        files[Path(f"docs/events/{event.ce_type()}.schema.json")] = orjson.dumps(
            event_schema(event), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
        ).decode() + "\n"
    return files
