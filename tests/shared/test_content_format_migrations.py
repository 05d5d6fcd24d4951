"""Stored content formats move to the one vocabulary: discovery's `live` and compliance's `blog`
written before are read back as `livestream` and `article`, the rest untouched."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from shared.db.migrate import upgrade

RATE_CARD = [
    {"platform": "tiktok", "format": "live", "price": {"amount_minor": 9000, "currency": "EUR"}},
    {"platform": "tiktok", "format": "video", "price": {"amount_minor": 45000, "currency": "EUR"}},
]


@pytest.fixture
async def scratch_database() -> AsyncIterator[str]:
    """An empty database of its own: these tests migrate it step by step."""
    base = os.environ["ICP_TEST_DATABASE_URL"]
    name = f"icp_formats_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(base.replace("postgresql+asyncpg://", "postgresql://"))
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def _connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))


async def test_discovery_rate_cards_written_with_live_read_livestream(scratch_database: str) -> None:
    upgrade("discovery", scratch_database, "0010_search_folded_text")
    conn = await _connect(scratch_database)
    try:
        influencer, account, workspace = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        await conn.execute(
            "INSERT INTO discovery.influencers (id, workspace_id, display_name, profile) "
            "VALUES ($1, $2, 'Ana', $3::jsonb)",
            influencer, workspace, json.dumps({"display_name": "Ana", "rate_card": RATE_CARD}))
        await conn.execute(
            "INSERT INTO discovery.influencer_accounts (id, workspace_id, influencer_id, platform, "
            "handle, followers) VALUES ($1, $2, $3, 'tiktok', 'ana', 100)", account, workspace, influencer)
        await conn.execute(
            "INSERT INTO discovery.account_search (account_id, influencer_id, workspace_id, platform, "
            "handle, display_name, search_text, followers, tier, has_contact, topics, languages, "
            "causes, flags, brands, audience, prices) VALUES ($1, $2, $3, 'tiktok', 'ana', 'Ana', "
            "'ana', 100, 'nano', false, '{}', '{}', '{}', '{}', '{}', '{}', $4::jsonb)",
            account, influencer, workspace,
            json.dumps([{"format": "live", "amount_minor": 9000, "currency": "EUR"},
                        {"format": "video", "amount_minor": 45000, "currency": "EUR"}]))
        upgrade("discovery", scratch_database)
        profile = json.loads(await conn.fetchval("SELECT profile FROM discovery.influencers"))
        prices = json.loads(await conn.fetchval("SELECT prices FROM discovery.account_search"))
    finally:
        await conn.close()
    assert [e["format"] for e in profile["rate_card"]] == ["livestream", "video"]
    assert profile["rate_card"][0]["price"] == RATE_CARD[0]["price"]
    assert [p["format"] for p in prices] == ["livestream", "video"]


async def test_compliance_checks_of_blogs_read_article(scratch_database: str) -> None:
    upgrade("compliance", scratch_database, "0002_checks")
    conn = await _connect(scratch_database)
    try:
        for content_format in ("blog", "reel"):
            await conn.execute(
                "INSERT INTO compliance.checks (id, workspace_id, subject_type, markets, verdict, "
                "rule_set_version, request, result, checked_at) VALUES ($1, $2, 'text', '{US}', "
                "'compliant', 'v1', $3::jsonb, '{}', now())",
                uuid.uuid4(), uuid.uuid4(), json.dumps({"text": "hi", "format": content_format}))
        upgrade("compliance", scratch_database)
        formats = await conn.fetch("SELECT request->>'format' AS f FROM compliance.checks ORDER BY 1")
    finally:
        await conn.close()
    assert [row["f"] for row in formats] == ["article", "reel"]
