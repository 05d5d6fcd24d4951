"""Webhook signing secrets are stored encrypted (as campaigns keeps SMTP passwords): the stored
column is not the secret, deliveries signed with it still verify, a rotation stores the new one
encrypted, and the migration encrypts the secrets stored before it."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from conftest import Apply
from skincare_scenario import skincare, stored

from services.tracking.settings import TrackingSettings
from shared import secrets_at_rest
from shared.db.migrate import upgrade


def _opened(token: bytes) -> str | None:
    settings = TrackingSettings()
    ring = secrets_at_rest.keyring(settings.webhook_secret_keys, settings.is_production)
    return secrets_at_rest.decrypt(ring, token, "test")


async def _stored_secret(database_url: str, endpoint_id: str) -> bytes:
    (row,) = await stored(database_url, "SELECT secret_encrypted FROM tracking.webhook_endpoints "
                          "WHERE id = $1", uuid.UUID(endpoint_id))
    return bytes(row["secret_encrypted"])


async def test_the_stored_secret_is_encrypted_and_deliveries_signed_with_it_verify(
    api: httpx.AsyncClient, apply: Apply, clean_db: str,
) -> None:
    s = await skincare(api, apply)
    (endpoint,) = (await api.get("/v1/webhook-endpoints")).json()["items"]
    token = await _stored_secret(clean_db, endpoint["id"])
    assert s.webhook_secret.encode() not in token
    assert _opened(token) == s.webhook_secret
    order = {"order_id": "E-1", "amount_minor": 100, "currency": "USD", "promo_code": "ANA15",
             "ordered_at": datetime.now(UTC).isoformat()}
    assert (await s.send("order.created", order)).json()["result"] == "attributed"

    rotated = (await api.post(f"/v1/webhook-endpoints/{endpoint['id']}/rotate", json={})).json()["secret"]
    token = await _stored_secret(clean_db, endpoint["id"])
    assert rotated.encode() not in token and _opened(token) == rotated
    assert (await s.send("order.created", {**order, "order_id": "E-2"}, secret=rotated)).status_code == 200

    shop_secret = "shpss_" + uuid.uuid4().hex
    shop = (await api.post("/v1/webhook-endpoints", json={
        "kind": "shopify", "name": "glowskin.myshopify.com", "secret": shop_secret})).json()
    token = await _stored_secret(clean_db, shop["id"])
    assert shop_secret.encode() not in token and _opened(token) == shop_secret


@pytest.fixture
async def scratch_database() -> AsyncIterator[str]:
    """An empty database of its own: the test migrates it step by step."""
    base = os.environ["ICP_TEST_DATABASE_URL"]
    name = f"icp_secrets_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(base.replace("postgresql+asyncpg://", "postgresql://"))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def test_the_migration_encrypts_the_secrets_stored_before_it(scratch_database: str) -> None:
    upgrade("tracking", scratch_database, "0010_campaign_daily")
    endpoints = {uuid.uuid4(): "whsec_plain-one", uuid.uuid4(): "shpss_plain-two"}
    conn = await asyncpg.connect(scratch_database.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.executemany(
            "INSERT INTO tracking.webhook_endpoints (id, workspace_id, kind, name, secret, active) "
            "VALUES ($1, $2, 'generic', 'shop', $3, true)",
            [(endpoint_id, uuid.uuid4(), secret) for endpoint_id, secret in endpoints.items()])
        upgrade("tracking", scratch_database)
        rows = await conn.fetch("SELECT id, secret_encrypted FROM tracking.webhook_endpoints")
        columns = await conn.fetch("SELECT column_name FROM information_schema.columns "
                                   "WHERE table_schema = 'tracking' AND table_name = 'webhook_endpoints'")
    finally:
        await conn.close()
    assert "secret" not in {c["column_name"] for c in columns}
    assert {r["id"]: _opened(bytes(r["secret_encrypted"])) for r in rows} == endpoints
    assert all(endpoints[r["id"]].encode() not in bytes(r["secret_encrypted"]) for r in rows)
