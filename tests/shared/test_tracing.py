"""One request followed across services by its W3C trace id: request → outbox → broker →
another service's consumer, whose log lines carry the same trace id (real database and broker)."""

from __future__ import annotations

import io
import logging
import secrets
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from shared.events.catalog.campaigns import CampaignGuidelinesUpdated
from shared.logs import JsonFormatter
from shared.settings import BaseServiceSettings
from shared.testing import events_on, eventually


@contextmanager
def _json_logs(name: str) -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The log lines `name` writes meanwhile, as `icp` writes them (JSON, DEBUG and up)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(name)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield lambda: [orjson.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_a_requests_trace_id_travels_in_its_event_to_the_consuming_services_logs(
    make_settings: Callable[..., BaseServiceSettings], client_for: Callable[..., Any],
    token_for: Callable[..., str], running_worker: Callable[..., Any], workspace: uuid.UUID,
) -> None:
    trace_id = secrets.token_hex(16)
    traceparent = f"00-{trace_id}-{secrets.token_hex(8)}-01"
    settings = make_settings("campaigns")
    with _json_logs("shared.bus.consumer") as lines:
        async with events_on(settings, CampaignGuidelinesUpdated) as published:
            async with client_for("campaigns", token_for(workspace)) as api:
                created = await api.post("/v1/campaigns", json={"name": "C", "brand": "B"},
                                         headers={"traceparent": traceparent})
                assert created.status_code == 201, created.text
            async with running_worker("campaigns"), running_worker("compliance"):
                await published.wait_for(CampaignGuidelinesUpdated, 1, timeout=60)

                def applied() -> list[dict[str, Any]]:
                    return [line for line in lines() if line["msg"] == "event applied"
                            and line["type"] == CampaignGuidelinesUpdated.ce_type()]

                (line,) = await eventually(applied, timeout=60)
    (event,) = [e for e in published.received if isinstance(e.data, CampaignGuidelinesUpdated)]
    assert event.traceparent is not None
    assert event.traceparent.split("-")[1] == trace_id
    assert event.traceparent != traceparent  # the request's own span, a child of the caller's
    assert line["trace_id"] == trace_id
    assert line["event"] == str(event.id)


def test_a_log_line_outside_any_request_or_event_has_no_trace_id() -> None:
    record = logging.makeLogRecord({"name": "icp", "levelno": 20, "levelname": "INFO", "msg": "idle"})
    assert "trace_id" not in orjson.loads(JsonFormatter().format(record))


async def test_without_an_exporter_a_request_gets_a_trace_of_its_own_and_records_no_spans(
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    """No SDK provider unless spans are exported: FastAPI records spans of its own under one, which
    doubled the cost of a plain request. The request still has a trace id its events carry."""
    import httpx
    from opentelemetry import trace

    from shared.cli.registry import service
    from shared.tracing import current_traceparent

    seen: list[str | None] = []
    app = service("campaigns").create_app(make_settings("campaigns"))

    @app.get("/trace-probe", include_in_schema=False)
    async def probe() -> dict[str, str]:
        seen.append(current_traceparent())
        return {}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        await http.get("/trace-probe")
        await http.get("/trace-probe")
    assert type(trace.get_tracer_provider()).__name__ == "ProxyTracerProvider"
    first, second = seen
    assert first and second and first.split("-")[1] != second.split("-")[1]  # a new trace each
