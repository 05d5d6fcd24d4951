from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

import orjson

from shared.logs import JsonFormatter, request_id_var


def test_log_lines_are_json_with_the_request_id_and_extras() -> None:
    token = request_id_var.set("req-42")
    try:
        record = logging.makeLogRecord({"name": "icp", "levelno": 30, "levelname": "WARNING",
                                        "msg": "relay waiting %s", "args": ("5s",),
                                        "topic": "campaigns.campaign"})
        line = orjson.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["msg"] == "relay waiting 5s"
    assert line["request_id"] == "req-42"
    assert line["topic"] == "campaigns.campaign"
    assert line["level"] == "warning"


async def test_responses_echo_the_callers_request_id_or_a_new_one(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as client:
        echoed = await client.get("/v1/campaigns", headers={"X-Request-ID": "abc-123"})
        fresh = await client.get("/v1/campaigns")
    assert echoed.headers["x-request-id"] == "abc-123"
    assert len(fresh.headers["x-request-id"]) == 32


async def test_metrics_count_requests_by_route_and_status(
    client_for: Callable[..., Any], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with client_for("campaigns", token_for(workspace)) as client:
        await client.get("/v1/campaigns")
        body = (await client.get("/metrics")).text
    assert 'http_requests_total{method="GET",route="/v1/campaigns",service="campaigns",status="200"}' in body
