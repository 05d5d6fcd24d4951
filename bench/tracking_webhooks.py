"""Signed order webhooks per second, with attribution (called by bench/tracking_links.py, against
the API process it started).

The shop's side is prepared before the clock starts: promo codes for 20 collaborations of one
campaign (USD; the campaign and its contracts, tracking's read models of campaigns' events, are
written straight into the database as the consumer would), one generic webhook endpoint, and
`orders` `order.created` bodies (a code each, half in EUR, converted through the seeded reference
rates). They are then signed with the endpoint's secret and posted over `connections` keep-alive
connections for at most `seconds`; one in 20 deliveries is a replay of an order already sent,
which must answer `already_attributed` and store nothing. `conversions_per_s` counts attributed
orders per second of the run; `conversions_stored` (read back from the database afterwards)
must equal `conversions_attributed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import orjson

from services.tracking.domain.signatures import SIGNATURE_HEADER, signature_header

COLLABORATIONS = 20
REPLAY_EVERY = 20


async def _seed_read_models(database_url: str, workspace: uuid.UUID, campaign: uuid.UUID,
                            collaborations: list[uuid.UUID]) -> None:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        now = datetime.now(UTC)
        await conn.execute(
            "INSERT INTO tracking.campaigns (workspace_id, id, name, brand, state, currency, markets, "
            "goal_metrics, updated_at) VALUES ($1, $2, 'GlowSkin serum launch', 'GlowSkin', 'active', "
            "'USD', '{US,DE}', '{conversions,revenue}', $3)", workspace, campaign, now)
        terms = json.dumps({"compensation_model": "hybrid", "currency": "USD", "fixed_fee_minor": 50_000,
                            "performance_rates": [{"basis": "revenue", "percent": "10"}]})
        await conn.executemany(
            "INSERT INTO tracking.contracts (id, workspace_id, collaboration_id, campaign_id, influencer_id, "
            "relationship, compensation_model, currency, terms, signed_at) "
            "VALUES ($1, $2, $3, $4, $5, 'paid', 'hybrid', 'USD', $6::jsonb, $7)",
            [(uuid.uuid4(), workspace, c, campaign, uuid.uuid4(), terms, now) for c in collaborations])
    finally:
        await conn.close()


def _prepare(api: str, token: str, campaign: uuid.UUID, collaborations: list[uuid.UUID]
             ) -> tuple[str, str, list[str]]:
    headers = {"Authorization": f"Bearer {token}"}
    codes = []
    with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        for i, collaboration in enumerate(collaborations):
            code = f"GLOW{campaign.hex[:6]}{i:03d}"  # unique per run: the bench may run twice
            client.post("/v1/promo-codes", json={"campaign_id": str(campaign), "code": code,
                                                 "collaboration_id": str(collaboration)}).raise_for_status()
            codes.append(code)
        endpoint = client.post("/v1/webhook-endpoints", json={"kind": "generic", "name": "bench shop"})
        endpoint.raise_for_status()
        return endpoint.json()["path"], endpoint.json()["secret"], codes


def _bodies(codes: list[str], orders: int, run: str) -> list[bytes]:
    """Every delivery's body in sending order, replays included."""
    bodies = []
    for i in range(orders):
        bodies.append(orjson.dumps({"type": "order.created", "data": {
            "order_id": f"BENCH-{run}-{i}", "amount_minor": 1000 + i % 9000,
            "currency": "EUR" if i % 2 else "USD", "ordered_at": datetime.now(UTC).isoformat(),
            "promo_code": codes[i % len(codes)].lower()}}))
    deliveries = []
    for i, body in enumerate(bodies):
        deliveries.append(body)
        if i % REPLAY_EVERY == REPLAY_EVERY - 1:
            deliveries.append(bodies[i // 2])  # a replay of an order sent before
    return deliveries


async def _send(host: str, port: int, path: str, secret: str, queue: list[bytes], deadline: float,
                results: Counter[str]) -> None:
    """Signs each delivery as it sends it (as a shop does; HMAC costs microseconds)."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while queue and time.monotonic() < deadline:
            body = queue.pop()
            writer.write(f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                         f"{SIGNATURE_HEADER}: {signature_header(secret, int(time.time()), body)}\r\n"
                         f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            answer = await reader.readexactly(length) if length else b""
            status = int(head[9:12])
            results[orjson.loads(answer)["result"] if status == 200 else str(status)] += 1
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def _stored(database_url: str, workspace: uuid.UUID) -> int:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM tracking.conversions WHERE workspace_id = $1",
                                       workspace))
    finally:
        await conn.close()


def measure_webhooks(api: str, token: str, database_url: str, orders: int, workspace: uuid.UUID,
                     connections: int = 32, seconds: float = 60.0) -> dict[str, Any]:
    """Sends up to `orders` orders (and their replays), for at most `seconds`."""
    campaign = uuid.uuid4()
    collaborations = [uuid.uuid4() for _ in range(COLLABORATIONS)]
    asyncio.run(_seed_read_models(database_url, workspace, campaign, collaborations))
    path, secret, codes = _prepare(api, token, campaign, collaborations)
    parts = urlsplit(api)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    queue = _bodies(codes, orders, campaign.hex[:8])
    queue.reverse()  # popped from the end: first order first
    results: Counter[str] = Counter()

    async def run() -> float:
        started = time.monotonic()
        await asyncio.gather(*(_send(host, port, path, secret, queue, started + seconds, results)
                               for _ in range(connections)))
        return time.monotonic() - started

    elapsed = asyncio.run(run())
    stored = asyncio.run(_stored(database_url, workspace))
    sent = results["attributed"] + results["already_attributed"]
    return {
        "conversions_per_s": round(results["attributed"] / elapsed, 1),
        "webhook_deliveries": sum(results.values()),
        "webhook_results": dict(results),
        "conversions_attributed": results["attributed"],
        "conversions_stored": stored,
        "replays_answered_idempotently": results["already_attributed"],
        "webhook_seconds": round(elapsed, 3),
        "all_accepted": sent == sum(results.values()),
    }
