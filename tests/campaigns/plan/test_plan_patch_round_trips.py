"""What a PATCH of a campaign costs the database, counted (not timed): every round trip to
PostgreSQL adds its latency to the request under load, so their number must not creep back."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from plan_helpers import s1_plan

from shared.cli.registry import service
from shared.settings import BaseServiceSettings

# BEGIN, the campaign with its budget and goals (locked), the outbox INSERT (its NOTIFY returned
# by it), the flush (UPDATE of the campaign, INSERT of its history row), COMMIT; no pool ping.
PATCH_ROUND_TRIPS = 6


class RoundTrips:
    """A TCP relay in front of PostgreSQL counting round trips: a client message that follows
    an answer of the server (or opens the connection) starts one."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.count = 0
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()

    async def _relay(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        server_in, server_out = await asyncio.open_connection(*self.upstream)
        answered = [True]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter, from_client: bool) -> None:
            try:
                while chunk := await source.read(65536):
                    if from_client and answered[0]:
                        self.count += 1
                    answered[0] = not from_client
                    sink.write(chunk)
                    await sink.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(client_in, server_out, True), pipe(server_in, client_out, False))


@asynccontextmanager
async def counted_client(
    make_settings: Callable[..., BaseServiceSettings], token: str
) -> AsyncIterator[tuple[httpx.AsyncClient, RoundTrips]]:
    settings = make_settings("campaigns")
    url = urlsplit(settings.database_url)
    counter = RoundTrips(url.hostname or "127.0.0.1", url.port or 5432)
    port = await counter.start()
    netloc = url.netloc.rsplit("@", 1)
    proxied = f"{netloc[0]}@127.0.0.1:{port}" if len(netloc) == 2 else f"127.0.0.1:{port}"
    app = service("campaigns").create_app(settings.model_copy(
        update={"database_url": urlunsplit(url._replace(netloc=proxied))}))
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test",
                                     headers={"Authorization": f"Bearer {token}"}) as client:
            yield client, counter
    finally:
        await app.state.runtime.close()
        await counter.stop()


async def test_a_patch_of_the_plan_makes_a_fixed_number_of_round_trips(
    make_settings: Callable[..., BaseServiceSettings], token_for: Callable[..., str], workspace: uuid.UUID,
) -> None:
    async with counted_client(make_settings, token_for(workspace)) as (client, counter):
        ids = []
        for _ in range(3):
            created = await client.post("/v1/campaigns", json=s1_plan())
            assert created.status_code == 201, created.text
            ids.append(created.json()["id"])
        counts: list[Any] = []
        for n, campaign in enumerate(ids):  # the first warms the statement caches
            before = counter.count
            patched = await client.patch(f"/v1/campaigns/{campaign}", headers={"If-Match": '"1"'}, json={
                "brief": f"Brief, take {n}", "guidelines": {"required_hashtags": ["#MaisonVerte", f"#T{n}"]}})
            assert patched.status_code == 200, patched.text
            assert patched.headers["etag"] == '"2"' and patched.json()["brief"] == f"Brief, take {n}"
            counts.append(counter.count - before)
        history = await client.get(f"/v1/campaigns/{ids[-1]}/history")
        assert [c["action"] for c in history.json()["items"]] == ["updated", "created"]
    assert counts[1:] == [PATCH_ROUND_TRIPS] * 2, counts
