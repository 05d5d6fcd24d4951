"""Request rate limits: per caller IP on public routes, per token on the API; 429 + Retry-After.

Counted in this process (GCRA: a steady rate plus a burst), so with N replicas behind a load
balancer a caller gets up to N times the limit: that bounds abuse without a shared store
(Redis) in the request path. Limits are set per service (settings `rate_limit_*`).

Public routes take `Depends(public_rate_limit)` (webhooks), or call `over_public_limit` when
served as plain ASGI (the tracking redirect); every route behind `shared.http.security.require`
is limited per token already.
"""

from __future__ import annotations

import json
import math
import time
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request
from starlette.types import Scope

from shared.http.problems import PROBLEM_BASE, PROBLEM_JSON, ProblemError

# Keys remembered per limiter; the least recently seen are forgotten first (bounded memory).
MAX_TRACKED_KEYS = 100_000


class RateLimiter:
    """Generic cell rate algorithm: `per_minute` steady, up to `burst` at once. 0 disables it."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = MAX_TRACKED_KEYS) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.tolerance = self.interval * max(burst, 1)
        self._clock = clock
        self._max_keys = max_keys
        # key → theoretical arrival time of its next request
        self._next: OrderedDict[str, float] = OrderedDict()

    def retry_after(self, key: str) -> float | None:
        """Count one request of `key`: None when allowed, else the seconds until one would be."""
        if not self.interval:
            return None
        now = self._clock()
        after = max(self._next.get(key, now), now) + self.interval
        if after - now > self.tolerance:
            return after - now - self.tolerance
        self._next[key] = after
        self._next.move_to_end(key)
        if len(self._next) > self._max_keys:
            self._next.popitem(last=False)
        return None


def too_many_requests(wait_s: float, what: str) -> ProblemError:
    seconds = max(1, math.ceil(wait_s))
    return ProblemError(429, "Too many requests", f"{what}: retry in {seconds} s", "too-many-requests",
                        headers={"Retry-After": str(seconds)})


def client_address(request: Request) -> str:
    """The caller's IP. Behind an ingress, uvicorn puts X-Forwarded-For here when the proxy
    is trusted (setting FORWARDED_ALLOW_IPS); otherwise every caller would share the proxy's."""
    return request.client.host if request.client else "unknown"


class RateLimits:
    """One service's limiters, on `app.state.rate_limits`."""

    def __init__(self, per_token_per_minute: int, per_token_burst: int,
                 public_per_minute: int, public_burst: int) -> None:
        self.per_token = RateLimiter(per_token_per_minute, per_token_burst)
        self.public = RateLimiter(public_per_minute, public_burst)

    def check_token(self, key: str) -> None:
        if (wait := self.per_token.retry_after(key)) is not None:
            raise too_many_requests(wait, "this token's request rate is over its limit")


def over_public_limit(scope: Scope, address: str) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
    """For public routes served as plain ASGI apps (the tracking redirect): None when `address`
    is within its limit, else the 429 problem's headers and body."""
    limits: RateLimits = scope["app"].state.rate_limits
    if (wait := limits.public.retry_after(address)) is None:
        return None
    error = too_many_requests(wait, "this address's request rate is over its limit")
    body = json.dumps({"type": PROBLEM_BASE + error.slug, "title": error.title, "status": error.status,
                       "detail": error.detail}).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()),
               *((k.lower().encode(), v.encode()) for k, v in (error.headers or {}).items())]
    return headers, body


async def public_rate_limit(request: Request) -> None:
    """Dependency for unauthenticated public routes: limits each caller IP."""
    limits: RateLimits = request.app.state.rate_limits
    if (wait := limits.public.retry_after(client_address(request))) is not None:
        raise too_many_requests(wait, "this address's request rate is over its limit")
