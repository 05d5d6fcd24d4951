"""S7, the skincare brand's campaign, as tracking's tests build it: GlowSkin (campaign currency
USD, markets US and DE) works with Ana, paid a fixed fee plus a 10 % commission on the revenue
she brings; she posts a reel, shares a tracked link and the discount code ANA15. Orders reach
the shop's signed generic webhook. Tests extend it (comments on `post_id`, more orders).

The workspace's own rates are loaded (1 USD = 0.80 EUR) so that converted figures are known.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import orjson
from conftest import Apply
from tracking_events import campaign_event, contract_event, post_body
from tracking_links_fixtures import create_link

from services.tracking.domain.signatures import SIGNATURE_HEADER, signature_header
from shared.events.catalog.campaigns import (
    ContractTerms,
    FxRate,
    FxRatesUpdated,
    InfluencerFigures,
    PerformanceRate,
)

FIXED_FEE_MINOR = 50_000  # USD
COMMISSION_PERCENT = Decimal(10)
USD_PER_EUR = 1 / Decimal("0.80")
PROMO_CODE = "ANA15"


@dataclass
class Skincare:
    api: httpx.AsyncClient
    campaign_id: uuid.UUID
    collaboration_id: uuid.UUID
    influencer_id: uuid.UUID
    post_id: str
    link: dict[str, Any]
    promo_code: dict[str, Any]
    webhook_path: str
    webhook_secret: str

    async def send(self, kind: str, data: dict[str, Any], *, secret: str | None = None,
                   at: float | None = None, body: bytes | None = None) -> httpx.Response:
        """One signed delivery of the generic webhook (`secret`/`at` to sign it otherwise)."""
        raw = body or orjson.dumps({"type": kind, "data": data})
        header = signature_header(secret or self.webhook_secret, int(at or time.time()), raw)
        return await self.api.post(self.webhook_path, content=raw, headers={
            SIGNATURE_HEADER: header, "Content-Type": "application/json"})

    async def order(self, order_id: str, amount_minor: int, currency: str, *,
                    ordered_at: datetime | None = None, click_id: str | None = None,
                    promo_code: str | None = None) -> httpx.Response:
        data: dict[str, Any] = {"order_id": order_id, "amount_minor": amount_minor, "currency": currency,
                                "ordered_at": (ordered_at or datetime.now(UTC)).isoformat()}
        data |= {"click_id": click_id} if click_id else {}
        data |= {"promo_code": promo_code} if promo_code else {}
        return await self.send("order.created", data)

    async def comments(self, texts: list[str]) -> dict[str, Any]:
        """Comments on Ana's reel, written over the last hour, imported as NDJSON."""
        now = datetime.now(UTC)
        rows = [{"post_id": self.post_id, "comment_id": f"ig-{i}", "text": text, "author": f"fan{i}",
                 "commented_at": (now - timedelta(minutes=60 - i)).isoformat()}
                for i, text in enumerate(texts)]
        body = b"".join(orjson.dumps(row) + b"\n" for row in rows)
        response = await self.api.post("/v1/comments:import", content=body,
                                       headers={"Content-Type": "application/x-ndjson"})
        assert response.status_code == 200, response.text
        report: dict[str, Any] = response.json()
        return report

    async def kpis(self, **params: Any) -> dict[str, Any]:
        response = await self.api.get(f"/v1/campaigns/{self.campaign_id}/kpis", params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


async def skincare(api: httpx.AsyncClient, apply: Apply) -> Skincare:
    campaign = campaign_event(name="GlowSkin serum launch", brand="GlowSkin", currency="USD",
                              markets=["US", "DE"], starts_at=datetime.now(UTC) - timedelta(days=60),
                              ends_at=datetime.now(UTC) + timedelta(days=60),
                              goal_metrics=["clicks", "conversions", "revenue", "sentiment"])
    contract = contract_event(
        campaign.campaign_id, influencer=InfluencerFigures(platform="instagram", handle="ana.glow",
                                                           followers=48_200),
        terms=ContractTerms(compensation_model="hybrid", currency="USD", fixed_fee_minor=FIXED_FEE_MINOR,
                            performance_rates=[PerformanceRate(basis="revenue", percent=COMMISSION_PERCENT)]),
        signed_at=datetime.now(UTC) - timedelta(days=30))
    rates = FxRatesUpdated(base_currency="USD", rates_source="treasury", updated_at=datetime.now(UTC),
                           rates=[FxRate(currency="EUR", rate=Decimal("0.80"), rate_date=date(2020, 1, 1))])
    await apply(campaign, contract, rates)
    post = await api.post("/v1/posts", json=post_body(
        campaign.campaign_id, collaboration_id=str(contract.collaboration_id),
        influencer_id=str(contract.influencer_id),
        published_at=(datetime.now(UTC) - timedelta(days=2)).isoformat(),
        text="My evening routine with the GlowSkin serum #ad — code ANA15 for 15 % off"))
    assert post.status_code == 201, post.text
    link = await create_link(api, campaign_id=str(campaign.campaign_id),
                             collaboration_id=str(contract.collaboration_id),
                             influencer_id=str(contract.influencer_id), utm_source="instagram")
    code = await api.post("/v1/promo-codes", json={
        "campaign_id": str(campaign.campaign_id), "collaboration_id": str(contract.collaboration_id),
        "influencer_id": str(contract.influencer_id), "code": PROMO_CODE})
    assert code.status_code == 201, code.text
    endpoint = await api.post("/v1/webhook-endpoints", json={"kind": "generic", "name": "GlowSkin shop"})
    assert endpoint.status_code == 201, endpoint.text
    return Skincare(api, campaign.campaign_id, contract.collaboration_id, contract.influencer_id,
                    post.json()["id"], link, code.json(), endpoint.json()["path"], endpoint.json()["secret"])


async def stored(database_url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


def usd_minor(eur_minor: int) -> int:
    """EUR → USD at the scenario's rate, rounded half to even as every conversion is."""
    return int((eur_minor * USD_PER_EUR).to_integral_value())
