"""Rate limits: per token on the API, per caller address on public routes; 429 + Retry-After."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
from fastapi import APIRouter, Depends

from shared.auth import mint_token
from shared.cli.registry import service
from shared.http.app import build_app
from shared.http.rate_limit import RateLimiter, public_rate_limit
from shared.settings import BaseServiceSettings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_steady_rate_and_each_key_counts_alone() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)  # one a second, three at once
    assert [limiter.retry_after("a") for _ in range(3)] == [None, None, None]
    wait = limiter.retry_after("a")
    assert wait is not None and 0.99 < wait <= 1.0
    assert limiter.retry_after("b") is None  # another caller is not held back
    clock.now += 1.0
    assert limiter.retry_after("a") is None
    assert limiter.retry_after("a") is not None
    clock.now += 60
    assert [limiter.retry_after("a") for _ in range(3)] == [None, None, None]  # the burst refills


def test_a_refused_request_does_not_push_the_next_allowed_one_further() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=1, clock=clock)
    assert limiter.retry_after("a") is None
    for _ in range(50):  # a client hammering while refused
        assert limiter.retry_after("a") is not None
    clock.now += 1.0
    assert limiter.retry_after("a") is None


def test_memory_is_bounded_by_forgetting_the_least_recent_callers() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, clock=Clock(), max_keys=100)
    for i in range(1000):
        limiter.retry_after(f"ip-{i}")
    assert limiter.retry_after("ip-999") is not None and limiter.retry_after("ip-0") is None


def test_zero_disables_a_limit() -> None:
    limiter = RateLimiter(per_minute=0, burst=0)
    assert all(limiter.retry_after("a") is None for _ in range(1000))


async def test_the_api_answers_429_with_retry_after_per_token(
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    settings = make_settings("campaigns", rate_limit_per_token_per_minute=6, rate_limit_per_token_burst=2)
    app = service("campaigns").create_app(settings)
    workspace = uuid.uuid4()
    busy, other = (mint_token(settings, workspace, ["*"], subject=s) for s in ("busy", "other"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        statuses = [(await client.get("/v1/campaigns", headers={"Authorization": f"Bearer {busy}"}))
                    for _ in range(3)]
        calm = await client.get("/v1/campaigns", headers={"Authorization": f"Bearer {other}"})
    await app.state.runtime.close()
    assert [r.status_code for r in statuses] == [200, 200, 429]
    refused = statuses[-1]
    assert refused.headers["content-type"] == "application/problem+json"
    assert 1 <= int(refused.headers["retry-after"]) <= 10
    assert refused.json()["status"] == 429
    assert calm.status_code == 200


async def test_a_public_route_is_limited_per_caller_address(
    make_settings: Callable[..., BaseServiceSettings],
) -> None:
    entry = service("tracking")
    settings = make_settings("tracking", rate_limit_public_per_minute=60, rate_limit_public_burst=2)
    router = APIRouter()

    @router.get("/r/{code}", dependencies=[Depends(public_rate_limit)])
    async def redirect(code: str) -> dict[str, Any]:
        return {"code": code}

    app = build_app(entry.runtime(settings), "t", "t", [router])

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 5000))
        return httpx.AsyncClient(transport=transport, base_url="http://t")

    async with client("198.51.100.1") as first, client("198.51.100.2") as second:
        hits = [(await first.get("/r/abc")).status_code for _ in range(3)]
        neighbour = (await second.get("/r/abc")).status_code
        refused = await first.get("/r/abc")
    await app.state.runtime.close()
    assert hits == [200, 200, 429] and neighbour == 200
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
