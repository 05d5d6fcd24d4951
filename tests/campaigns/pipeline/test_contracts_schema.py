"""The contract tables as other parts of the pipeline read them: a collaboration holds at most one
live contract (draft or signed), each deliverable is a row of its own that drafts and posts name."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest
from pipeline_helpers import AddCreator


async def _offer_and_contract(conn: asyncpg.Connection, collaboration: dict[str, Any],
                              version: int, status: str) -> uuid.UUID:
    ids = (collaboration["id"], collaboration["campaign_id"])
    workspace = await conn.fetchval("SELECT workspace_id FROM campaigns.collaborations WHERE id = $1",
                                    uuid.UUID(ids[0]))
    offer, contract = uuid.uuid4(), uuid.uuid4()
    await conn.execute(
        "INSERT INTO campaigns.offers (id, workspace_id, collaboration_id, campaign_id, version, "
        "made_by, status, terms) VALUES ($1, $2, $3, $4, $5, 'brand', 'accepted', '{}')",
        offer, workspace, uuid.UUID(ids[0]), uuid.UUID(ids[1]), version)
    await conn.execute(
        "INSERT INTO campaigns.contracts (id, workspace_id, collaboration_id, campaign_id, "
        "influencer_id, offer_id, status, compensation_model, relationship, currency, "
        "fixed_fee_minor, gifted_value_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, 'flat_fee', "
        "'paid', 'USD', 50000, 0)",
        contract, workspace, uuid.UUID(ids[0]), uuid.UUID(ids[1]),
        uuid.UUID(collaboration["influencer_id"]), offer, status)
    return contract


async def test_a_collaboration_holds_one_live_contract_and_deliverables_of_its_own(
    add_creator: AddCreator, clean_db: str,
) -> None:
    maya = await add_creator()
    conn = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        first = await _offer_and_contract(conn, maya, 1, "draft")
        with pytest.raises(asyncpg.UniqueViolationError):
            await _offer_and_contract(conn, maya, 2, "signed")
        await conn.execute("UPDATE campaigns.contracts SET status = 'superseded' WHERE id = $1", first)
        second = await _offer_and_contract(conn, maya, 3, "signed")
        await conn.execute(
            "INSERT INTO campaigns.deliverables (id, workspace_id, contract_id, collaboration_id, "
            "campaign_id, position, platform, format, due_at) SELECT $1, workspace_id, id, "
            "collaboration_id, campaign_id, 1, 'instagram', 'reel', now() FROM campaigns.contracts "
            "WHERE id = $2", uuid.uuid4(), second)
        row = await conn.fetchrow("SELECT * FROM campaigns.deliverables WHERE contract_id = $1", second)
        assert row["collaboration_id"] == uuid.UUID(maya["id"])
        assert (row["published_at"], row["paid_at"], row["fee_minor"]) == (None, None, 0)
    finally:
        await conn.close()
