"""CloudEvents binary-mode envelopes: what a plain Kafka client sees, and how poison is named."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import orjson
import pytest

from shared.events.catalog import REGISTRY
from shared.events.catalog.discovery import InfluencerShortlisted, InfluencerSnapshot
from shared.events.envelope import PoisonMessage, decode, encode_data, to_headers, wrap


def _event() -> InfluencerShortlisted:
    return InfluencerShortlisted(
        shortlist_id=uuid.uuid4(), campaign_id=uuid.uuid4(), influencer_id=uuid.uuid4(),
        snapshot=InfluencerSnapshot(display_name="Ana", followers=1200),
        shortlisted_at=datetime(2026, 11, 1, tzinfo=UTC))


def test_binary_mode_puts_attributes_in_ce_headers_and_plain_json_in_the_value() -> None:
    workspace = uuid.uuid4()
    envelope = wrap(_event(), workspace)
    headers = dict(to_headers(envelope))
    assert headers["ce_specversion"] == b"1.0"
    assert headers["ce_type"] == b"org.icp.discovery.shortlist.influencer_added.v1"
    assert headers["ce_source"] == b"/discovery"
    assert headers["ce_subject"] == str(envelope.data.campaign_id).encode()
    assert headers["ce_workspaceid"] == str(workspace).encode()
    assert headers["content-type"] == b"application/json"
    assert uuid.UUID(headers["ce_id"].decode()).version == 7
    value = orjson.loads(encode_data(envelope.data))
    assert "specversion" not in value and value["snapshot"]["followers"] == 1200


def test_decoding_round_trips_and_ignores_fields_added_by_newer_producers() -> None:
    envelope = wrap(_event(), uuid.uuid4())
    value = orjson.loads(encode_data(envelope.data)) | {"added_later": "optional field"}
    decoded = decode(to_headers(envelope), orjson.dumps(value), REGISTRY)
    assert decoded.id == envelope.id
    assert decoded.data == envelope.data
    assert decoded.workspace_id == envelope.workspace_id


@pytest.mark.parametrize(("mutate", "reason"), [
    (lambda h, v: (h, b"\xff not json"), "deserialization"),
    (lambda h, v: ([x for x in h if x[0] != "ce_type"], v), "deserialization"),
    (lambda h, v: ([(k, b"org.icp.nope.v1" if k == "ce_type" else x) for k, x in h], v),
     "unknown_type"),
    (lambda h, v: (h, b'{"shortlist_id": 5}'), "validation"),
    (lambda h, v: ([(k, b"yesterday" if k == "ce_time" else x) for k, x in h], v), "validation"),
])
def test_undecodable_records_are_poison_with_the_documented_reason(mutate, reason) -> None:  # type: ignore[no-untyped-def]
    envelope = wrap(_event(), uuid.uuid4())
    headers, value = mutate(to_headers(envelope), encode_data(envelope.data))
    with pytest.raises(PoisonMessage) as caught:
        decode(headers, value, REGISTRY)
    assert caught.value.reason == reason


def test_every_catalog_event_has_a_unique_type_topic_and_key_field() -> None:
    events = REGISTRY.all()
    assert len({e.ce_type() for e in events}) == len(events)
    for event in events:
        assert event.topic() == f"{event.service}.{event.aggregate}"
        assert event.key_field in event.model_fields
        assert event.ce_type().endswith(f".v{event.version}")
