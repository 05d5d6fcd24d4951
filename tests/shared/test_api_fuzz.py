"""Every API fuzzed from its own OpenAPI document (schemathesis): no input a client can send gets
a 5xx, and every error is an RFC 9457 problem (application/problem+json).

Each service runs in uvicorn on a thread of its own (real HTTP, the real database and broker);
hypothesis draws a bounded number of examples per operation (FUZZ_EXAMPLES), so the run stays
within seconds per service. Rate limits are off: one token sends everything.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from shared.auth import mint_token
from shared.cli.registry import service
from shared.devstack.processes import free_port
from shared.settings import BaseServiceSettings

FUZZ_EXAMPLES = int(os.environ.get("ICP_FUZZ_EXAMPLES", "4"))
# Operational routes answer 503 by design when a dependency is down; the redirect's errors are
# HTML pages for people (both documented).
NOT_FUZZED = r"^/(healthz|readyz|metrics|r/)"


def _schema(name: str) -> Any:
    document = service(name).create_app(service(name).settings_cls()).openapi()
    return schemathesis.openapi.from_dict(document).exclude(path_regex=NOT_FUZZED)


DISCOVERY, CAMPAIGNS, TRACKING, COMPLIANCE = (_schema(n) for n in ("discovery", "campaigns", "tracking",
                                                                    "compliance"))


@schemathesis.serializer("text/csv", "application/x-ndjson")
def _text_body(ctx: Any, value: Any) -> bytes:
    """The import's bodies are files, declared as strings: sent as their UTF-8 bytes."""
    return value.encode() if isinstance(value, str) else str(value).encode()


@schemathesis.check
def errors_are_problems(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code >= 400:
        kind = response.headers.get("content-type", [""])
        kind = kind[0] if isinstance(kind, list) else kind
        assert kind.startswith("application/problem+json"), (
            f"{response.status_code} answered as {kind!r}, not application/problem+json")
        problem = response.json()
        assert problem.get("status") == response.status_code and problem.get("title"), problem
    return None


class _Served:
    """The service's app on a loopback port, on a thread with its own event loop."""

    def __init__(self, name: str, settings: BaseServiceSettings) -> None:
        self.app = service(name).create_app(settings)
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_config=None, access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def _served(name: str, database_url: str, bootstrap_servers: str) -> Iterator[dict[str, Any]]:
    settings = service(name).settings_cls(
        database_url=database_url, kafka_bootstrap_servers=bootstrap_servers,
        kafka_topic_prefix=f"fuzz{uuid.uuid4().hex[:8]}.", db_pool_size=8,
        rate_limit_per_token_per_minute=0, rate_limit_public_per_minute=0)
    token = mint_token(settings, uuid.uuid4(), ["*"])
    with _Served(name, settings) as url:
        yield {"base_url": url, "headers": {"Authorization": f"Bearer {token}"}}


@pytest.fixture(scope="module")
def discovery_api(database_url: str, bootstrap_servers: str) -> Iterator[dict[str, Any]]:
    yield from _served("discovery", database_url, bootstrap_servers)


@pytest.fixture(scope="module")
def campaigns_api(database_url: str, bootstrap_servers: str) -> Iterator[dict[str, Any]]:
    yield from _served("campaigns", database_url, bootstrap_servers)


@pytest.fixture(scope="module")
def tracking_api(database_url: str, bootstrap_servers: str) -> Iterator[dict[str, Any]]:
    yield from _served("tracking", database_url, bootstrap_servers)


@pytest.fixture(scope="module")
def compliance_api(database_url: str, bootstrap_servers: str) -> Iterator[dict[str, Any]]:
    yield from _served("compliance", database_url, bootstrap_servers)


FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
CHECKS = [not_a_server_error, errors_are_problems]


@DISCOVERY.parametrize()
@FUZZ
def test_discovery_answers_any_input_without_a_5xx_and_with_problems(case: Any, discovery_api: Any) -> None:
    case.call_and_validate(checks=CHECKS, **discovery_api)


@CAMPAIGNS.parametrize()
@FUZZ
def test_campaigns_answers_any_input_without_a_5xx_and_with_problems(case: Any, campaigns_api: Any) -> None:
    case.call_and_validate(checks=CHECKS, **campaigns_api)


@TRACKING.parametrize()
@FUZZ
def test_tracking_answers_any_input_without_a_5xx_and_with_problems(case: Any, tracking_api: Any) -> None:
    case.call_and_validate(checks=CHECKS, **tracking_api)


@COMPLIANCE.parametrize()
@FUZZ
def test_compliance_answers_any_input_without_a_5xx_and_with_problems(case: Any, compliance_api: Any) -> None:
    case.call_and_validate(checks=CHECKS, **compliance_api)
