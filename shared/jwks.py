"""The issuer's signing keys, read from its JWKS URL and cached; an unknown `kid` refreshes them.

Key rotation at an identity provider: it publishes the new key beside the old one, starts
signing with the new `kid`, and later drops the old key. A token carrying a `kid` the cache
has not seen makes it re-read the set (at most once per `min_refresh_interval_s`, so tokens
with made-up kids cannot make every request hit the issuer); the set is also re-read when
older than `ttl_s`, so a removed key stops being accepted.
"""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import jwt

log = logging.getLogger(__name__)


class KeySourceUnavailable(Exception):
    """The JWKS could not be read and no earlier copy is cached: no token can be verified."""


class JwksCache:
    def __init__(self, url: str, *, ttl_s: float = 600.0, min_refresh_interval_s: float = 30.0,
                 timeout_s: float = 5.0) -> None:
        self.url = url
        self.ttl_s = ttl_s
        self.min_refresh_interval_s = min_refresh_interval_s
        self._timeout_s = timeout_s
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()
        self._client: httpx.AsyncClient | None = None
        self.fetches = 0

    async def key(self, kid: str) -> jwt.PyJWK | None:
        """The key with this id, or None when the issuer does not publish it."""
        if self._fetched_at is None or time.monotonic() - self._fetched_at > self.ttl_s:
            await self._refresh(self._fetched_at)
        if kid not in self._keys and self._may_refresh():
            await self._refresh(self._fetched_at)
        return self._keys.get(kid)

    def _may_refresh(self) -> bool:
        return self._fetched_at is None or (
            time.monotonic() - self._fetched_at >= self.min_refresh_interval_s)

    async def _refresh(self, seen: float | None) -> None:
        async with self._lock:
            if self._fetched_at != seen:  # another request refreshed while this one waited
                return
            try:
                self._keys = await self._fetch()
            except (httpx.HTTPError, ValueError, jwt.PyJWKSetError) as exc:
                log.warning("jwks: cannot read %s: %s", self.url, exc)
                if not self._keys:
                    raise KeySourceUnavailable(f"the token issuer's keys are unavailable: {exc}") from exc
                # The previous keys stay in use; the read is retried after the interval.
            self._fetched_at = time.monotonic()

    async def _fetch(self) -> dict[str, jwt.PyJWK]:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout_s)
        self.fetches += 1
        response = await self._client.get(self.url, headers={"Accept": "application/json"})
        response.raise_for_status()
        keys = jwt.PyJWKSet.from_dict(response.json()).keys
        return {k.key_id: k for k in keys if k.key_id and k.public_key_use in (None, "sig")}

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
