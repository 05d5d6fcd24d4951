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


def terms(model: str, fixed_fee_minor: int, deliverables: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    pieces = [{"platform": platform, "format": format_} for platform, format_ in deliverables]
    if model == "gifting":
        return {"compensation_model": "gifting", "currency": "USD", "gifted_value_minor": 4_500,
                "deliverables": pieces}
    return {"compensation_model": "flat_fee", "currency": "USD", "fee_minor": fixed_fee_minor,
            "deliverables": pieces}


async def sign_contract(
    api: httpx.AsyncClient, campaign: dict[str, Any], name: str, *, model: str = "flat_fee",
    fixed_fee_minor: int = 150_000, deliverables: tuple[tuple[str, str], ...] = (("instagram", "reel"),),
    payment_schedule: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A creator added by hand, offered the terms, accepted and signed through the contracts API:
    the collaboration is contracted, the contract's deliverables are rows drafts name."""
    created = await api.post(f"/v1/campaigns/{campaign['id']}/collaborations", json={
        "influencer_id": str(uuid.uuid4()), "display_name": name, "platform": "instagram",
        "handle": name.lower().replace(" ", "."), "followers": 40_000, "country": "US"})
    assert created.status_code == 201, created.text
    collaboration: dict[str, Any] = created.json()
    offered = await api.post(f"/v1/collaborations/{collaboration['id']}/offers", json={
        "made_by": "brand", "terms": terms(model, fixed_fee_minor, deliverables)
        | ({"payment_schedule": payment_schedule} if payment_schedule else {})})
    assert offered.status_code == 201, offered.text
    accepted = await api.post(f"/v1/offers/{offered.json()['id']}/accept")
    assert accepted.status_code == 201, accepted.text
    signed = await api.post(f"/v1/contracts/{accepted.json()['id']}/sign", json={})
    assert signed.status_code == 200, signed.text
    contract = signed.json()
    return {**collaboration, "contract_id": contract["id"],
            "deliverables": [d["id"] for d in contract["deliverables"]]}


async def submit(api: httpx.AsyncClient, deliverable_id: str, text: str,
                 headers: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    response = await api.post(f"/v1/deliverables/{deliverable_id}/drafts",
                              json={"text": text, **fields}, headers=headers)
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
