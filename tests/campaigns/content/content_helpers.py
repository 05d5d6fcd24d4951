"""What the content-approval tests share: a signed contract, drafts, check results, the outbox."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from shared.cli.registry import service
from shared.events.catalog.compliance import DisclosureCheckCompleted, FindingSummary
from shared.settings import BaseServiceSettings

Contracted = Callable[..., Awaitable[dict[str, Any]]]
FAILS = "Dinner from @dasheats in 20 minutes, my new Friday ritual #DashEatsAustin"
PASSES = "#ad Dinner from @dasheats in 20 minutes, my new Friday ritual #DashEatsAustin"


def dsn(database_url: str) -> str:
    return database_url.replace("postgresql+asyncpg://", "postgresql://")


async def sql(database_url: str, statement: str, *args: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(dsn(database_url))
    try:
        return await connection.fetch(statement, *args)
    finally:
        await connection.close()


async def sign_contract(
    api: httpx.AsyncClient, database_url: str, campaign: dict[str, Any], name: str, *,
    relationship: str = "paid", model: str = "flat_fee", fixed_fee_minor: int = 150_000,
    deliverables: tuple[tuple[str, str], ...] = (("instagram", "reel"),),
) -> dict[str, Any]:
    """A creator added by hand, negotiated with, and under a signed contract whose deliverables
    are rows of their own. The contract is written as the contracts API stores it (signing is
    that API's step); the collaboration reaches negotiating by its own transitions."""
    created = await api.post(f"/v1/campaigns/{campaign['id']}/collaborations", json={
        "influencer_id": str(uuid.uuid4()), "display_name": name, "platform": "instagram",
        "handle": name.lower().replace(" ", "."), "followers": 40_000, "country": "US"})
    assert created.status_code == 201, created.text
    collaboration = created.json()
    for stage in ("contacted", "negotiating"):
        moved = await api.post(f"/v1/collaborations/{collaboration['id']}/transitions",
                               json={"to": stage})
        assert moved.status_code == 200, moved.text
    ws = (await sql(database_url, "SELECT workspace_id FROM campaigns.collaborations WHERE id = $1",
                    uuid.UUID(collaboration["id"])))[0]["workspace_id"]
    offer_id, contract_id = uuid.uuid4(), uuid.uuid4()
    collab_id, campaign_id = uuid.UUID(collaboration["id"]), uuid.UUID(campaign["id"])
    await sql(database_url, """
        INSERT INTO campaigns.offers (id, workspace_id, collaboration_id, campaign_id, version,
            made_by, status, terms) VALUES ($1, $2, $3, $4, 1, 'brand', 'accepted', '{}')""",
              offer_id, ws, collab_id, campaign_id)
    await sql(database_url, """
        INSERT INTO campaigns.contracts (id, workspace_id, collaboration_id, campaign_id,
            influencer_id, offer_id, status, compensation_model, relationship, currency,
            fixed_fee_minor, gifted_value_minor, signed_at)
        VALUES ($1, $2, $3, $4, $5, $6, 'signed', $7, $8, 'USD', $9, 0, now())""",
              contract_id, ws, collab_id, campaign_id, uuid.UUID(collaboration["influencer_id"]),
              offer_id, model, relationship, fixed_fee_minor)
    ids = []
    for position, (platform, format_) in enumerate(deliverables):
        deliverable_id = uuid.uuid4()
        ids.append(str(deliverable_id))
        await sql(database_url, """
            INSERT INTO campaigns.deliverables (id, workspace_id, collaboration_id, campaign_id,
                contract_id, position, platform, format, fee_minor)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
                  deliverable_id, ws, collab_id, campaign_id, contract_id, position, platform,
                  format_, fixed_fee_minor // len(deliverables))
    await sql(database_url, "UPDATE campaigns.collaborations SET stage = 'contracted', "
              "relationship = $2 WHERE id = $1", collab_id, relationship)
    return {**collaboration, "contract_id": str(contract_id), "deliverables": ids}


async def submit(api: httpx.AsyncClient, deliverable_id: str, text: str,
                 **fields: Any) -> dict[str, Any]:
    response = await api.post(f"/v1/deliverables/{deliverable_id}/drafts",
                              json={"text": text, **fields})
    assert response.status_code == 201, response.text
    draft: dict[str, Any] = response.json()
    return draft


async def stage_of(api: httpx.AsyncClient, collaboration: dict[str, Any]) -> str:
    stage: str = (await api.get(f"/v1/collaborations/{collaboration['id']}")).json()["stage"]
    return stage


def check_result(draft: dict[str, Any], verdict: str, checked_at: datetime, *,
                 check_id: uuid.UUID | None = None,
                 findings: list[FindingSummary] | None = None) -> DisclosureCheckCompleted:
    return DisclosureCheckCompleted(
        check_id=check_id or uuid.uuid4(), subject_type="draft",
        subject_id=uuid.UUID(draft["id"]), campaign_id=uuid.UUID(draft["campaign_id"]),
        influencer_id=uuid.UUID(draft["influencer_id"]), markets=["US"], verdict=verdict,
        rule_set_version="US@1", findings=findings or [], checked_at=checked_at)


MISSING_AD = FindingSummary(code="missing_disclosure", jurisdiction="US", severity="error",
                            message="no disclosure of the commercial relationship that US accepts",
                            suggestion="put '#ad' at the start of the text")
T0 = datetime(2027, 5, 3, 9, tzinfo=UTC)


@asynccontextmanager
async def campaigns_session(
    make_settings: Callable[..., BaseServiceSettings],
) -> AsyncIterator[AsyncSession]:
    """A session of the campaigns service, committed at the end of the block."""
    runtime = service("campaigns").runtime(make_settings("campaigns"))
    try:
        async with runtime.sessions() as session, session.begin():
            yield session
    finally:
        await runtime.close()


async def outbox(database_url: str, action: str) -> list[dict[str, Any]]:
    """The data of the campaigns outbox rows of one action (`content_submitted` …), oldest first."""
    rows = await sql(database_url, "SELECT headers, payload FROM campaigns.outbox ORDER BY seq")
    found = []
    for row in rows:
        raw = row["headers"]
        headers = dict(orjson.loads(raw) if isinstance(raw, str | bytes) else raw)
        if headers["ce_type"].split(".")[-2] == action:
            found.append(orjson.loads(row["payload"]))
    return found
