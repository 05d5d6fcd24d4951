"""KPIs over HTTP match figures computed by hand on a small campaign: two creators, one paid in
USD with a capped performance fee, one in EUR with a seeded product (workspace rate 1 USD =
0.80 EUR), two days of snapshots."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
import pytest
from conftest import Apply
from tracking_events import NOW, campaign_event, contract_event, post_body

from services.tracking.kpis.publisher import KpiPublisher
from shared.events.catalog.campaigns import (
    ContractTerms,
    FxRate,
    FxRatesUpdated,
    InfluencerFigures,
    PerformanceRate,
    ProductSeeded,
)
from shared.runtime import ServiceRuntime

SNAPSHOTS = {  # post → day of May → figures
    "a": {
        5: {
            "impressions": 10_000,
            "reach": 8_000,
            "likes": 400,
            "comments": 50,
            "shares": 20,
            "saves": 30,
            "clicks": 100,
        },
        6: {
            "impressions": 20_000,
            "reach": 15_000,
            "likes": 700,
            "comments": 80,
            "shares": 40,
            "saves": 80,
            "clicks": 150,
        },
    },
    "b": {
        5: {"views": 30_000, "likes": 2_000, "comments": 100, "shares": 300},
        6: {"views": 60_000, "likes": 3_500, "comments": 200, "shares": 600, "saves": 100, "reach": 40_000},
    },
}


@pytest.fixture
async def campaign(api: httpx.AsyncClient, apply: Apply) -> dict[str, Any]:
    campaign = campaign_event(currency="USD", markets=["US"], goal_metrics=["engagements", "clicks"])
    paid_in_usd = contract_event(
        campaign.campaign_id,
        influencer=InfluencerFigures(platform="instagram", followers=10_000),
        terms=ContractTerms(
            compensation_model="hybrid",
            currency="USD",
            fixed_fee_minor=100_000,
            performance_rates=[PerformanceRate(basis="engagements", amount_minor=10)],
            performance_cap_minor=5_000,
        ),
    )
    paid_in_eur = contract_event(
        campaign.campaign_id,
        influencer=InfluencerFigures(platform="tiktok", followers=50_000),
        terms=ContractTerms(
            compensation_model="flat_fee", currency="EUR", fixed_fee_minor=50_000, gifted_value_minor=99_999
        ),
    )  # stands in only until a product is recorded
    seeded = ProductSeeded(
        seeding_id=uuid.uuid4(),
        collaboration_id=paid_in_eur.collaboration_id,
        campaign_id=campaign.campaign_id,
        influencer_id=paid_in_eur.influencer_id,
        item="Glow serum set",
        value_minor=8_000,
        currency="EUR",
        status="delivered",
        recorded_at=NOW + timedelta(days=1),
    )
    rates = FxRatesUpdated(
        base_currency="USD",
        rates_source="treasury",
        updated_at=NOW,
        rates=[FxRate(currency="EUR", rate=Decimal("0.80"), rate_date=date(2026, 4, 1))],
    )
    await apply(campaign, paid_in_usd, paid_in_eur, seeded, rates)
    posts = {}
    for name, contract, platform, fmt in (
        ("a", paid_in_usd, "instagram", "reel"),
        ("b", paid_in_eur, "tiktok", "video"),
    ):
        body = post_body(
            campaign.campaign_id,
            collaboration_id=str(contract.collaboration_id),
            influencer_id=str(contract.influencer_id),
            platform=platform,
            format=fmt,
        )
        posts[name] = (await api.post("/v1/posts", json=body)).json()["id"]
        for day, figures in SNAPSHOTS[name].items():
            response = await api.post(
                "/v1/metrics",
                json={"post_id": posts[name], "captured_at": f"2026-05-{day:02d}T20:00:00Z", **figures},
            )
            assert response.status_code == 201, response.text
    return {"id": str(campaign.campaign_id), "posts": posts, "a": paid_in_usd, "b": paid_in_eur}


async def test_campaign_kpis_match_the_hand_computed_figures(
    api: httpx.AsyncClient,
    campaign: dict[str, Any],
) -> None:
    report = (await api.get(f"/v1/campaigns/{campaign['id']}/kpis")).json()
    whole = report["campaign"]
    assert report["currency"] == "USD" and report["clicks_source"] == "platform"
    assert {
        k: whole["counts"][k] for k in ("engagements", "reach", "impressions", "views", "clicks", "mentions")
    } == {
        "engagements": 5_300,
        "reach": 55_000,
        "impressions": 20_000,
        "views": 60_000,
        "clicks": 150,
        "mentions": 2,
    }
    # cost: 1,000.00 USD fee + 50.00 USD CPE capped (900 × 0.10 = 90.00) + 500.00 EUR + 80.00 EUR product
    cost = report["cost"]
    assert cost["total_minor"] == whole["cost_minor"] == 100_000 + 5_000 + 62_500 + 10_000
    eur = sorted(
        (line["kind"], line["original_minor"], line["amount_minor"], line["rate"], line["rate_date"])
        for line in cost["lines"]
        if line["original_currency"] == "EUR"
    )
    assert eur == [
        ("fixed_fee", 50_000, 62_500, "1.25", "2026-04-01"),
        ("gifted", 8_000, 10_000, "1.25", "2026-04-01"),
    ]
    assert cost["accrued_fees"] == [
        {
            "contract_id": str(campaign["a"].contract_id),
            "collaboration_id": str(campaign["a"].collaboration_id),
            "accrued_minor": 5_000,
            "capped": True,
            "parts": {"engagements": 9_000},
        }
    ]
    rates = {name: figure["value"] for name, figure in whole["rates"].items()}
    assert rates["cpe"] == pytest.approx(177_500 / 5_300)
    assert rates["cpc"] == pytest.approx(177_500 / 150)
    assert rates["cpm"] == pytest.approx(177_500 / 80_000 * 1000)  # TikTok's views stand in for impressions
    assert rates["engagement_rate_by_reach"] == pytest.approx(5_300 / 55_000)
    assert rates["engagement_rate_by_followers"] == pytest.approx(5_300 / 60_000)
    assert rates["engagement_rate_by_views"] == pytest.approx(4_400 / 60_000)
    assert rates["cpa"] is None and rates["roi"] is None  # conversions unknown, not zero
    assert whole["rates"]["engagement_rate_by_reach"]["denominator"] == "reach"
    # EMV, default table: Instagram 20,000 × 0.003 + 700 × 0.15 + 150 × 3; TikTok 60,000 × 0.03 +
    # 3,500 × 0.05 + 600 × 0.05
    assert (whole["emv"]["value_minor"], whole["emv"]["table_version"]) == (61_500 + 200_500, "default")
    assert [
        (d["day"], d["counts"].get("engagements"), d["counts"]["ugc_pieces"]) for d in whole["daily"]
    ] == [
        ("2026-05-04", None, 2),  # published
        ("2026-05-05", 2_900, 2),
        ("2026-05-06", 5_300, 2),
    ]
    assert report["values"]["engagement_rate"] == pytest.approx(5_300 / 55_000)


async def test_kpis_per_platform_share_each_collaborations_cost_and_hide_from_other_workspaces(
    api: httpx.AsyncClient,
    campaign: dict[str, Any],
    client_for: Any,
    token_for: Any,
) -> None:
    report = (await api.get(f"/v1/campaigns/{campaign['id']}/kpis", params={"by": "platform"})).json()
    groups = {g["key"]["platform"]: g for g in report["groups"]}
    assert (groups["instagram"]["cost_minor"], groups["tiktok"]["cost_minor"]) == (105_000, 72_500)
    assert groups["tiktok"]["rates"]["cpe"]["value"] == pytest.approx(72_500 / 4_400)
    async with client_for("tracking", token_for(uuid.uuid4())) as intruder:
        assert (await intruder.get(f"/v1/campaigns/{campaign['id']}/kpis")).status_code == 404


async def test_campaign_kpis_are_announced_once_per_change_and_interval(
    campaign: dict[str, Any],
    tracking_runtime: ServiceRuntime,
    api: httpx.AsyncClient,
    clean_db: str,
) -> None:
    publisher = KpiPublisher(tracking_runtime.sessions, interval_s=3600, poll_s=1)
    assert await publisher.publish_due() == 1
    assert await publisher.publish_due() == 0
    await api.post(
        "/v1/metrics",
        json={"post_id": campaign["posts"]["a"], "captured_at": "2026-05-07T20:00:00Z", "likes": 800},
    )
    assert await publisher.publish_due() == 0  # changed, but announced less than an interval ago
    assert await KpiPublisher(tracking_runtime.sessions, interval_s=0, poll_s=1).publish_due() == 1
    conn = await asyncpg.connect(clean_db.replace("+asyncpg", ""))
    try:
        payloads = [
            json.loads(r["payload"])
            for r in await conn.fetch(
                "SELECT payload FROM tracking.outbox WHERE topic = 'tracking.campaign' ORDER BY seq"
            )
        ]
    finally:
        await conn.close()
    assert [p["values"]["engagements"] for p in payloads] == [5_300, 5_400]
    latest = payloads[-1]
    assert latest["cost_minor"] == 177_500 and latest["currency"] == "USD"
    assert latest["accrued_fees"][0]["capped"] is True
    assert {(s["platform"], s["market"]) for s in latest["slices"]} == {("instagram", "US"), ("tiktok", "US")}
    assert sum(s["values"]["engagements"] for s in latest["slices"]) == latest["values"]["engagements"]
    assert latest["daily"][-1] == {"day": "2026-05-07", "values": latest["daily"][-1]["values"]}
